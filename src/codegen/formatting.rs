//! Unformatted files ▶ formatted files: syn + prettyplease, optionally rustfmt, banner first.
//!
//! Each chunk of a file (see [`Unformatted`]) is parsed with syn and printed with prettyplease
//! on all the machine's threads (a 1000-entity client is thousands of chunks), largest first so
//! that one big chunk does not leave the other threads idle at the end. rustfmt, when it runs,
//! formats each chunk again as a file of its own. Then [`assemble`] puts the banner first and
//! joins the chunks with the blank line rustfmt would keep between two items, so a file formatted
//! in chunks is byte for byte the file formatted whole. Source that does not parse is a generator
//! bug; the error names the module and the line.

use std::ops::Range;
use std::path::PathBuf;

use super::doc_lines::DocLines;
use super::format_cache::{FormatCache, Hash, output_hash, source_hash};
use super::layout::{BANNER, GeneratedFile, Unformatted};
use super::parallel;

/// A chunk: the index of its file and its index in the file.
#[derive(Debug, Clone, Copy, PartialEq)]
struct ChunkRef {
    pub file: usize,
    pub chunk: usize,
}

/// Why formatting failed: generated code that does not parse, or rustfmt refusing it (or not
/// running); both are generator or installation problems, never the user's schema.
#[derive(Debug)]
pub(crate) enum FormatError {
    Parse(syn::Error),
    Rustfmt(std::io::Error),
}

/// The files formatted: each chunk the cache holds is taken from it, the others are formatted
/// with prettyplease and then `rustfmt`; the cache records the new files. Also returns in how
/// many files a chunk was formatted.
pub(crate) fn format_cached(
    files: &[Unformatted],
    rustfmt: Option<&Rustfmt>,
    mut cache: Option<&mut FormatCache>,
) -> Result<(Vec<GeneratedFile>, usize), FormatError> {
    // Each chunk's source is hashed once: to look it up now and to record it below.
    let hashes: Vec<Vec<Hash>> = parallel::map(files, |file| {
        file.chunks
            .iter()
            .map(|source| source_hash(source))
            .collect()
    });
    let mut chunks = cached_chunks(files, &hashes, cache.as_deref());
    let misses: Vec<ChunkRef> = chunks
        .iter()
        .enumerate()
        .flat_map(|(file, slots)| {
            let missing = slots.iter().enumerate().filter(|(_, slot)| slot.is_none());
            missing.map(move |(chunk, _)| ChunkRef { file, chunk })
        })
        .collect();
    let mut formatted = format_chunks(files, &misses).map_err(FormatError::Parse)?;
    if let Some(rustfmt) = rustfmt {
        formatted = rustfmt_chunks(rustfmt, formatted).map_err(FormatError::Rustfmt)?;
    }
    let mut formatted_files: Vec<usize> = misses.iter().map(|at| at.file).collect();
    formatted_files.dedup();
    for (at, text) in misses.iter().zip(formatted) {
        chunks[at.file][at.chunk] = Some(text);
    }
    let with_cache = cache.is_some();
    let assembled = parallel::map(&chunks, |chunks| {
        let chunks: Vec<&str> = chunks.iter().flatten().map(String::as_str).collect();
        let (contents, ranges) = assemble(&chunks);
        let hash = with_cache.then(|| output_hash(&contents));
        (contents, ranges, hash)
    });
    let mut out = Vec::with_capacity(files.len());
    for ((file, (contents, ranges, hash)), hashes) in files.iter().zip(assembled).zip(hashes) {
        if let (Some(cache), Some(hash)) = (cache.as_deref_mut(), hash) {
            cache.record(&file.path, hash, hashes.into_iter().zip(ranges).collect());
        }
        out.push(GeneratedFile {
            path: file.path.clone(),
            contents,
        });
    }
    if let Some(cache) = cache {
        cache.retain(out.iter().map(|f| f.path.as_path()));
    }
    Ok((out, formatted_files.len()))
}

/// Per file, each chunk's formatted text when the cache holds it (`hashes`: of each chunk's
/// source).
fn cached_chunks(
    files: &[Unformatted],
    hashes: &[Vec<Hash>],
    cache: Option<&FormatCache>,
) -> Vec<Vec<Option<String>>> {
    files
        .iter()
        .zip(hashes)
        .map(|(file, hashes)| {
            let mut reusable = cache
                .map(|cache| cache.reusable(&file.path))
                .unwrap_or_default();
            hashes.iter().map(|hash| reusable.remove(hash)).collect()
        })
        .collect()
}

/// Every chunk of every file formatted with prettyplease (no rustfmt, no cache), assembled.
pub(crate) fn format_files(files: &[Unformatted]) -> Result<Vec<GeneratedFile>, syn::Error> {
    let refs: Vec<ChunkRef> = files
        .iter()
        .enumerate()
        .flat_map(|(file, f)| (0..f.chunks.len()).map(move |chunk| ChunkRef { file, chunk }))
        .collect();
    let mut texts = format_chunks(files, &refs)?.into_iter();
    Ok(files
        .iter()
        .map(|file| {
            let chunks: Vec<String> = texts.by_ref().take(file.chunks.len()).collect();
            GeneratedFile {
                path: file.path.clone(),
                contents: assemble(&chunks).0,
            }
        })
        .collect())
}

/// Parses and formats Rust source with prettyplease, with a blank line between top-level items.
/// Doc comments are set aside while syn parses (see [`DocLines`]); the output is the same.
pub fn format_source(source: &str) -> Result<String, syn::Error> {
    match format_with_docs_aside(source) {
        Some(formatted) => Ok(formatted),
        None => format_source_as_is(source),
    }
}

/// [`format_source`] with the doc comments set aside; `None` when `source` has none, does not
/// parse, or a doc comment could not be put back.
fn format_with_docs_aside(source: &str) -> Option<String> {
    let (marked, docs) = DocLines::mark(source)?;
    let file = syn::parse_file(&marked).ok()?;
    let restored = docs.restore(&prettyplease::unparse(&file))?;
    Some(space_items(&restored))
}

/// [`format_source`] with the doc comments parsed as syn parses them.
fn format_source_as_is(source: &str) -> Result<String, syn::Error> {
    let file = syn::parse_file(source)?;
    Ok(space_items(&prettyplease::unparse(&file)))
}

/// prettyplease puts top-level items on consecutive lines; a blank line between them (but not
/// inside a run of `use` or `mod` lines) is what a person, and rustfmt, keeps. An item starts
/// unindented, and the one before it ended on an unindented `}` or `;` line.
fn space_items(formatted: &str) -> String {
    let mut out = String::with_capacity(formatted.len() + formatted.len() / 16);
    let mut previous: Option<&str> = None;
    for line in formatted.lines() {
        if previous.is_some_and(|p| item_boundary(p, line)) {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
    out
}

fn item_boundary(previous: &str, line: &str) -> bool {
    let starts_item = !line.is_empty()
        && !line.starts_with(char::is_whitespace)
        && !line.starts_with(['}', ')', ']']);
    if !starts_item {
        return false;
    }
    if previous.starts_with("//!") {
        return !line.starts_with("//!");
    }
    let ends_item = !previous.starts_with(char::is_whitespace)
        && !previous.starts_with("//")
        && (previous.ends_with('}') || previous.ends_with(';'));
    ends_item && !(same_kind(previous, line, "use ") || same_kind(previous, line, "mod "))
}

/// Both lines are `use` (or both `mod`) declarations, `pub` or not.
fn same_kind(a: &str, b: &str, keyword: &str) -> bool {
    let is = |line: &str| line.trim_start_matches("pub ").starts_with(keyword);
    is(a) && is(b)
}

/// The chunks `refs` names, formatted with prettyplease on all threads (largest first, so that
/// no big chunk finishes alone at the end), returned in the order of `refs`.
fn format_chunks(files: &[Unformatted], refs: &[ChunkRef]) -> Result<Vec<String>, syn::Error> {
    let source = |r: &ChunkRef| files[r.file].chunks[r.chunk].as_str();
    let mut order: Vec<usize> = (0..refs.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(source(&refs[i]).len()));
    parallel::map_in_order(refs, &order, |chunk| {
        format_source(source(chunk))
            .map_err(|error| parse_error(&files[chunk.file], source(chunk), &error))
    })
    .into_iter()
    .map(|formatted| formatted.unwrap_or_else(|_| Err(formatter_panicked())))
    .collect()
}

/// syn and prettyplease only panic on a bug of theirs; the chunk is then reported as such
/// instead of aborting the generator.
fn formatter_panicked() -> syn::Error {
    syn::Error::new(
        proc_macro2::Span::call_site(),
        "entgen bug: the formatter panicked on the generated code",
    )
}

/// "generated module `user` (user.rs) does not parse in the item at line 12: expected `;`
///   | pub fn oops( {}", with the line counted in the chunk that holds it.
fn parse_error(file: &Unformatted, source: &str, error: &syn::Error) -> syn::Error {
    let module = if file.module.is_empty() {
        "the root module".to_owned()
    } else {
        format!("module `{}`", file.module)
    };
    let place = match failing_item(source) {
        Some((line, text)) => format!("in the item at line {line}: {error}\n  | {}", text.trim()),
        None => format!("(each item parses on its own): {error}"),
    };
    syn::Error::new(
        error.span(),
        format!(
            "entgen bug: the generated {module} ({}) does not parse {place}",
            file.path.display(),
        ),
    )
}

/// The first top-level item of `source` that does not parse on its own: its line (from 1) and
/// its first line. Spans carry no line numbers (proc-macro2's `span-locations` would cost every
/// parse a source map, 7 % of a cold run, for the sake of this rare error), so the failing item
/// is found by parsing the items one by one, split where [`item_boundary`] would put a blank line.
fn failing_item(source: &str) -> Option<(usize, &str)> {
    let mut items: Vec<(usize, usize)> = Vec::new(); // (first line index, byte offset)
    let mut previous: Option<&str> = None;
    let mut offset = 0;
    for (index, line) in source.split_inclusive('\n').enumerate() {
        let bare = line.trim_end_matches(['\n', '\r']);
        if items.is_empty() || previous.is_some_and(|p| item_boundary(p, bare)) {
            items.push((index, offset));
        }
        if !bare.trim().is_empty() {
            previous = Some(bare);
        }
        offset += line.len();
    }
    let ends = items
        .iter()
        .skip(1)
        .map(|&(_, at)| at)
        .chain([source.len()]);
    items
        .iter()
        .zip(ends)
        .find(|&(&(_, start), end)| syn::parse_file(&source[start..end]).is_err())
        .map(|(&(line, start), _)| (line + 1, source[start..].lines().next().unwrap_or("")))
}

/// rustfmt over formatted chunks, each as a file of its own; the order is kept.
fn rustfmt_chunks(rustfmt: &Rustfmt, chunks: Vec<String>) -> std::io::Result<Vec<String>> {
    if chunks.is_empty() {
        return Ok(chunks);
    }
    let files: Vec<GeneratedFile> = chunks
        .into_iter()
        .enumerate()
        .map(|(i, contents)| GeneratedFile {
            path: PathBuf::from(format!("chunk{i}.rs")),
            contents,
        })
        .collect();
    Ok(rustfmt_files(&rustfmt.program, files)?
        .into_iter()
        .map(|file| file.contents)
        .collect())
}

/// A file's contents: the banner, then its formatted chunks, with a blank line between two
/// chunks where one item ends and the next begins (as [`space_items`] puts one between items);
/// and each chunk's byte range in the contents.
pub(crate) fn assemble(chunks: &[impl AsRef<str>]) -> (String, Vec<Range<usize>>) {
    let length: usize = chunks.iter().map(|c| c.as_ref().len() + 1).sum();
    let mut contents = String::with_capacity(BANNER.len() + 1 + length);
    contents.push_str(BANNER);
    contents.push('\n');
    let mut ranges = Vec::with_capacity(chunks.len());
    let mut previous: Option<&str> = None;
    for chunk in chunks {
        let chunk = chunk.as_ref();
        let first = chunk.lines().next();
        if let (Some(previous), Some(first)) = (previous, first)
            && item_boundary(previous, first)
        {
            contents.push('\n');
        }
        let start = contents.len();
        contents.push_str(chunk);
        ranges.push(start..contents.len());
        previous = chunk.lines().next_back().or(previous);
    }
    (contents, ranges)
}

/// A rustfmt that runs, with what it says its version is.
#[derive(Debug, Clone, PartialEq)]
pub struct Rustfmt {
    pub program: PathBuf,
    /// `rustfmt 1.8.0-stable (…)`: part of the format cache's fingerprint, since another
    /// rustfmt may format the same source differently.
    pub version: String,
}

/// The rustfmt to run: `$RUSTFMT`, else `rustfmt` on the `PATH`; `None` when there is none.
pub fn find_rustfmt() -> Option<Rustfmt> {
    let program = std::env::var_os("RUSTFMT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("rustfmt"));
    let output = std::process::Command::new(&program)
        .arg("--version")
        .stderr(std::process::Stdio::null())
        .output()
        .ok()
        .filter(|output| output.status.success())?;
    let version = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    Some(Rustfmt { program, version })
}

/// Formats the files again with rustfmt, so that checked-in code passes `cargo fmt --check`
/// (prettyplease breaks lines at a narrower width than rustfmt, so its output is valid and
/// readable but not what rustfmt would write). The files are formatted in a scratch directory,
/// one rustfmt process per thread for a share of the files, since starting a process per file
/// would cost more than formatting it. The banner, a plain comment, stays first.
fn rustfmt_files(
    rustfmt: &std::path::Path,
    files: Vec<GeneratedFile>,
) -> std::io::Result<Vec<GeneratedFile>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let shares = balanced_shares(files, threads);
    let results: Vec<std::io::Result<Vec<(usize, GeneratedFile)>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = shares
            .iter()
            .enumerate()
            .map(|(n, share)| scope.spawn(move || rustfmt_indexed(rustfmt, n, share)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(std::io::Error::other("rustfmt thread panicked")))
            })
            .collect()
    });
    let mut formatted: Vec<(usize, GeneratedFile)> = Vec::new();
    for result in results {
        formatted.extend(result?);
    }
    formatted.sort_by_key(|(index, _)| *index);
    Ok(formatted.into_iter().map(|(_, file)| file).collect())
}

/// The files, with their index, in `threads` shares of about equal size: the largest file goes
/// to the lightest share first, so that one share of many small chunks (the tables of
/// `migrate.rs`) does not leave the other rustfmt with all the big modules.
fn balanced_shares(files: Vec<GeneratedFile>, threads: usize) -> Vec<Vec<(usize, GeneratedFile)>> {
    let mut indexed: Vec<(usize, GeneratedFile)> = files.into_iter().enumerate().collect();
    indexed.sort_by_key(|(_, f)| std::cmp::Reverse(f.contents.len()));
    let mut shares: Vec<(usize, Vec<(usize, GeneratedFile)>)> =
        (0..threads.max(1)).map(|_| (0, Vec::new())).collect();
    for file in indexed {
        if let Some(lightest) = shares.iter_mut().min_by_key(|(size, _)| *size) {
            lightest.0 += file.1.contents.len();
            lightest.1.push(file);
        }
    }
    shares
        .into_iter()
        .map(|(_, share)| share)
        .filter(|share| !share.is_empty())
        .collect()
}

/// [`rustfmt_share`] over indexed files, keeping each file's index.
fn rustfmt_indexed(
    rustfmt: &std::path::Path,
    n: usize,
    share: &[(usize, GeneratedFile)],
) -> std::io::Result<Vec<(usize, GeneratedFile)>> {
    let files: Vec<GeneratedFile> = share.iter().map(|(_, f)| f.clone()).collect();
    let formatted = rustfmt_share(rustfmt, n, &files)?;
    Ok(share
        .iter()
        .map(|(index, _)| *index)
        .zip(formatted)
        .collect())
}

/// Runs one rustfmt over a share of the files, in a scratch directory of their own, under
/// numbered names. A file that declares `mod name;` goes through rustfmt's stdin instead:
/// given a path, rustfmt would look for (and format) the declared module's file.
fn rustfmt_share(
    rustfmt: &std::path::Path,
    n: usize,
    files: &[GeneratedFile],
) -> std::io::Result<Vec<GeneratedFile>> {
    let (with_mods, plain): (Vec<&GeneratedFile>, Vec<&GeneratedFile>) =
        files.iter().partition(|f| declares_modules(&f.contents));
    let mut formatted = rustfmt_in_scratch(rustfmt, n, &plain)?;
    for file in with_mods {
        formatted.push(GeneratedFile {
            path: file.path.clone(),
            contents: rustfmt_stdin(rustfmt, file)?,
        });
    }
    // Back in the order given.
    let order: std::collections::HashMap<&PathBuf, usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (&f.path, i))
        .collect();
    formatted.sort_by_key(|f| order.get(&f.path).copied().unwrap_or(usize::MAX));
    Ok(formatted)
}

fn declares_modules(source: &str) -> bool {
    source.lines().any(|line| {
        let line = line.trim();
        (line.starts_with("mod ") || line.starts_with("pub mod ")) && line.ends_with(';')
    })
}

fn rustfmt_stdin(rustfmt: &std::path::Path, file: &GeneratedFile) -> std::io::Result<String> {
    use std::io::Write as _;
    let mut child = std::process::Command::new(rustfmt)
        .args(["--edition", "2024", "--emit", "stdout"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(file.contents.as_bytes())?;
    }
    let output = child.wait_with_output()?;
    if !output.status.success() {
        return Err(rustfmt_failed(&output.stderr));
    }
    String::from_utf8(output.stdout).map_err(std::io::Error::other)
}

fn rustfmt_failed(stderr: &[u8]) -> std::io::Error {
    std::io::Error::other(format!(
        "entgen bug: rustfmt rejected the generated code: {}",
        String::from_utf8_lossy(stderr).trim()
    ))
}

fn rustfmt_in_scratch(
    rustfmt: &std::path::Path,
    n: usize,
    files: &[&GeneratedFile],
) -> std::io::Result<Vec<GeneratedFile>> {
    if files.is_empty() {
        return Ok(Vec::new());
    }
    // Unique per process and per call: tests generate concurrently in one process.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let scratch =
        std::env::temp_dir().join(format!("entgen-rustfmt-{}-{call}-{n}", std::process::id()));
    std::fs::create_dir_all(&scratch)?;
    let result = rustfmt_in_dir(rustfmt, &scratch, files);
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

fn rustfmt_in_dir(
    rustfmt: &std::path::Path,
    scratch: &std::path::Path,
    files: &[&GeneratedFile],
) -> std::io::Result<Vec<GeneratedFile>> {
    let paths: Vec<PathBuf> = (0..files.len())
        .map(|i| scratch.join(format!("f{i}.rs")))
        .collect();
    for (path, file) in paths.iter().zip(files) {
        std::fs::write(path, &file.contents)?;
    }
    let output = std::process::Command::new(rustfmt)
        .args(["--edition", "2024"])
        .args(&paths)
        .output()?;
    if !output.status.success() {
        return Err(rustfmt_failed(&output.stderr));
    }
    paths
        .iter()
        .zip(files)
        .map(|(path, file)| {
            Ok(GeneratedFile {
                path: file.path.clone(),
                contents: std::fs::read_to_string(path)?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codegen::Module;
    use crate::codegen::layout::{CHUNK_BREAK, Layout, unformatted_files};

    /// A module whose items are cut into chunks, as `migrate` is.
    fn chunked_module() -> Module {
        let items = [
            "use std::fmt::Write; use std::path::Path; pub fn schema() -> Vec<u8> { vec![1, 2] }",
            "#[doc = \" The `users` table.\"] fn users_table(p: &Path) -> usize { p.as_os_str().len() + 1 }",
            "#[doc = \" The `pets` table.\"] fn pets_table() -> &'static str { \"pets\" }",
        ];
        Module {
            name: "migrate".into(),
            allow: Vec::new(),
            doc: "The tables.".into(),
            source: items.join(CHUNK_BREAK),
        }
    }

    #[test]
    fn a_parse_error_names_the_first_item_that_does_not_parse() {
        let source = "use std::path::Path;\nuse std::fmt::Write;\n\n/// Fine.\npub fn ok() {}\n\n\
                      /// Broken.\nimpl Pet {\n    fn oops( {}\n}\npub struct After;\n";
        assert_eq!(failing_item(source), Some((7, "/// Broken.")));
        let file = Unformatted {
            path: "pet.rs".into(),
            module: "pet".into(),
            chunks: vec![source.into()],
        };
        let error = format_chunks(
            std::slice::from_ref(&file),
            &[ChunkRef { file: 0, chunk: 0 }],
        )
        .expect_err("does not parse")
        .to_string();
        assert!(error.contains("module `pet` (pet.rs)"), "{error}");
        assert!(error.contains("in the item at line 7"), "{error}");
        assert!(error.contains("| /// Broken."), "{error}");
        assert_eq!(failing_item("pub struct Fine;\n"), None);
    }

    #[test]
    fn a_file_formatted_in_chunks_is_the_file_formatted_whole() {
        let modules = vec![
            Module {
                name: String::new(),
                allow: Vec::new(),
                doc: String::new(),
                source: String::new(),
            },
            chunked_module(),
        ];
        let files = unformatted_files(&modules, &Layout::Files);
        assert_eq!(files[1].chunks.len(), 3);
        let chunked = format_files(&files).expect("formats");
        let whole = format_source(&format!(
            "#![doc = \" The tables.\"]\n{}",
            modules[1].source.replace(CHUNK_BREAK, "\n")
        ))
        .expect("formats");
        assert_eq!(chunked[1].contents, format!("{BANNER}\n{whole}"));
        assert!(
            chunked[1]
                .contents
                .contains("}\n\n/// The `users` table.\nfn users_table"),
            "{}",
            chunked[1].contents
        );
    }

    #[test]
    fn the_blog_formatted_in_chunks_is_the_blog_formatted_whole() {
        let mut diagnostics = crate::diagnostics::Diagnostics::new();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/blog");
        let parsed = crate::schema_dir::read_schema_dir(&dir, &mut diagnostics);
        let graph = crate::graph::build(&parsed.files, &mut diagnostics).expect("valid schema");
        let modules = crate::codegen::render(&graph, &Default::default()).expect("renders");
        for layout in [Layout::Files, Layout::SingleFile("entgen.rs".into())] {
            let files = unformatted_files(&modules, &layout);
            assert!(
                files.iter().any(|f| f.chunks.len() > 2),
                "{layout:?}: chunked"
            );
            for (file, formatted) in files.iter().zip(format_files(&files).expect("formats")) {
                let whole = format_source(&file.chunks.join("\n")).expect("formats");
                assert!(
                    formatted.contents == format!("{BANNER}\n{whole}"),
                    "{layout:?}: {} differs when formatted in chunks",
                    file.path.display()
                );
            }
        }
    }

    /// The doc comments set aside while parsing (see `DocLines`) come back exactly where and
    /// as prettyplease prints them: every chunk of the blog and of a synthetic schema (every
    /// field type, modifier and kind of edge), in both layouts, formats the same either way.
    #[test]
    fn setting_doc_comments_aside_changes_no_byte() {
        let mut diagnostics = crate::diagnostics::Diagnostics::new();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/blog");
        let blog = crate::schema_dir::read_schema_dir(&dir, &mut diagnostics);
        let synthetic = crate::schema_dir::parse_sources(
            vec![("synthetic.schema".into(), crate::synthetic::schema(30))],
            &mut diagnostics,
        );
        let features = crate::codegen::Features {
            versioned_migration: true,
            serde: true,
            async_client: true,
        };
        for parsed in [blog, synthetic] {
            let graph = crate::graph::build(&parsed.files, &mut diagnostics).expect("valid");
            let modules = crate::codegen::render(&graph, &features).expect("renders");
            for layout in [Layout::Files, Layout::SingleFile("entgen.rs".into())] {
                for file in unformatted_files(&modules, &layout) {
                    for chunk in file.chunks.iter().filter(|c| c.contains("///")) {
                        assert_eq!(
                            format_with_docs_aside(chunk),
                            Some(format_source_as_is(chunk).expect("formats")),
                            "{layout:?}: {}",
                            file.path.display()
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn doc_like_lines_inside_a_string_literal_are_kept_verbatim() {
        let source = "/// S.\npub const S: &str = \"a\n    /// kept\n/// spaces kept  \nb\";\n";
        let formatted = format_source(source).expect("formats");
        assert_eq!(formatted, format_source_as_is(source).expect("formats"));
        assert!(
            formatted.contains("\"a\n    /// kept\n/// spaces kept  \nb\""),
            "{formatted}"
        );
    }

    #[test]
    fn assemble_records_where_each_chunk_is() {
        let chunks = vec![
            "use a::b;\n".to_owned(),
            "use c::d;\n".to_owned(),
            "fn f() {}\n".to_owned(),
        ];
        let (contents, ranges) = assemble(&chunks);
        assert_eq!(
            contents,
            format!("{BANNER}\nuse a::b;\nuse c::d;\n\nfn f() {{}}\n")
        );
        for (chunk, range) in chunks.iter().zip(ranges) {
            assert_eq!(&contents[range], chunk);
        }
    }
}
