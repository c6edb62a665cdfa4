//! The format cache: chunks whose rendered source did not change are not formatted again.
//!
//! Formatting is most of what `entgen generate` costs (syn + prettyplease, then rustfmt: about
//! 1 CPU-second per 2 MB of code), and a chunk's formatted text is a function of its rendered
//! source alone. So the cache keeps, per generated file, the SHA-256 of the text written and,
//! per chunk, the SHA-256 of the source it was formatted from with its byte range in the file.
//! A chunk is reused from the file on disk when the file is still the one written (nobody edited
//! it) and the chunk's source is one that file was formatted from. Anything else (a missing,
//! corrupt or foreign cache, an edited file, another entgen, formatting code or rustfmt) is a
//! miss, and a miss only costs formatting, never a wrong file.
//!
//! The cache lives in `.entgen-cache/` inside the target directory, with a `.gitignore` that
//! ignores the directory itself (as ruff's and pytest's caches do), so it is never checked in.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The cache's directory, inside the target directory.
pub const CACHE_DIR: &str = ".entgen-cache";
const HEADER: &str = "entgen format cache 2";
const GITIGNORE: &str = "# Created by entgen generate: a cache, not source.\n*\n";

/// A SHA-256, in hex.
pub type Hash = String;

/// What formatted a file: entgen's version and formatting code, and rustfmt's version if it
/// ran. Cached entries made by anything else are ignored.
pub fn fingerprint(rustfmt_version: Option<&str>) -> Hash {
    let mut hasher = Sha256::new();
    hasher.update(env!("CARGO_PKG_VERSION"));
    // The formatting code itself: a change to it (in a build that keeps the version number)
    // must not reuse chunks it would now format differently.
    hasher.update(include_str!("layout.rs"));
    hasher.update(include_str!("formatting.rs"));
    hasher.update(include_str!("doc_lines.rs"));
    hasher.update(rustfmt_version.unwrap_or("no rustfmt"));
    hex(&hasher.finalize())
}

/// The hash a chunk's source is recorded under.
pub fn source_hash(source: &str) -> Hash {
    sha256(source.as_bytes())
}

/// The hash a generated file's contents are recorded under.
pub fn output_hash(contents: &str) -> Hash {
    sha256(contents.as_bytes())
}

/// What was recorded for one generated file.
#[derive(Debug, Clone, PartialEq)]
struct Entry {
    output: Hash,
    /// Per chunk: the hash of its source and its byte range in the file.
    chunks: Vec<(Hash, Range<usize>)>,
}

/// The cache of one target directory.
#[derive(Debug)]
pub struct FormatCache {
    target: PathBuf,
    /// The index's file name in [`CACHE_DIR`].
    index: String,
    fingerprint: Hash,
    entries: HashMap<PathBuf, Entry>,
}

impl FormatCache {
    /// The cache of `target` kept in the index file `index`; empty when there is none or it
    /// was made by another formatter.
    pub fn load(target: &Path, index: &str, fingerprint: Hash) -> FormatCache {
        let entries = std::fs::read_to_string(target.join(CACHE_DIR).join(index))
            .ok()
            .and_then(|text| parse_index(&text, &fingerprint))
            .unwrap_or_default();
        FormatCache {
            target: target.to_path_buf(),
            index: index.to_owned(),
            fingerprint,
            entries,
        }
    }

    /// The formatted chunks of the file at `path` (relative to the target) by the hash of their
    /// source; empty unless the file on disk is the one recorded.
    pub fn reusable(&self, path: &Path) -> HashMap<Hash, String> {
        let Some(entry) = self.entries.get(path) else {
            return HashMap::new();
        };
        let Ok(on_disk) = std::fs::read_to_string(self.target.join(path)) else {
            return HashMap::new();
        };
        if entry.output != sha256(on_disk.as_bytes()) {
            return HashMap::new();
        }
        entry
            .chunks
            .iter()
            .filter_map(|(hash, range)| {
                Some((hash.clone(), on_disk.get(range.clone())?.to_owned()))
            })
            .collect()
    }

    /// Records the file at `path`: the [`output_hash`] of its contents, and for each chunk the
    /// hash of its source and its byte range in the contents.
    pub fn record(&mut self, path: &Path, output: Hash, chunks: Vec<(Hash, Range<usize>)>) {
        self.entries
            .insert(path.to_path_buf(), Entry { output, chunks });
    }

    /// Forgets every file but `paths` (the ones generated now).
    pub fn retain<'a>(&mut self, paths: impl IntoIterator<Item = &'a Path>) {
        let keep: std::collections::HashSet<&Path> = paths.into_iter().collect();
        self.entries.retain(|path, _| keep.contains(path.as_path()));
    }

    /// Writes the cache. Failing to is not an error worth failing a generation for: the next
    /// run formats everything again, so the caller may ignore the result.
    pub fn save(&self) -> std::io::Result<()> {
        let dir = self.target.join(CACHE_DIR);
        std::fs::create_dir_all(&dir)?;
        let gitignore = dir.join(".gitignore");
        if !gitignore.exists() {
            std::fs::write(gitignore, GITIGNORE)?;
        }
        // Written aside and renamed, so that a concurrent run never reads half an index.
        let partial = dir.join(format!("{}.{}.partial", self.index, std::process::id()));
        std::fs::write(&partial, self.index_text())?;
        std::fs::rename(&partial, dir.join(&self.index))
    }

    /// `HEADER`, the fingerprint, then per file (sorted by path) a `file <output> <path>` line
    /// and a `<source> <start> <end>` line per chunk.
    fn index_text(&self) -> String {
        let mut paths: Vec<&PathBuf> = self.entries.keys().collect();
        paths.sort();
        let mut text = format!("{HEADER}\n{}\n", self.fingerprint);
        for path in paths {
            let entry = &self.entries[path];
            let _ = writeln!(text, "file {} {}", entry.output, path.display());
            for (hash, range) in &entry.chunks {
                let _ = writeln!(text, "{hash} {} {}", range.start, range.end);
            }
        }
        text
    }
}

/// The entries of an index written with `fingerprint`; `None` for any other or malformed text.
fn parse_index(text: &str, fingerprint: &str) -> Option<HashMap<PathBuf, Entry>> {
    let mut lines = text.lines();
    if lines.next()? != HEADER || lines.next()? != fingerprint {
        return None;
    }
    let mut entries = HashMap::new();
    let mut current: Option<(PathBuf, Entry)> = None;
    for line in lines {
        if let Some(rest) = line.strip_prefix("file ") {
            let (output, path) = rest.split_once(' ')?;
            let entry = Entry {
                output: output.to_owned(),
                chunks: Vec::new(),
            };
            if let Some((path, entry)) = current.replace((PathBuf::from(path), entry)) {
                entries.insert(path, entry);
            }
        } else {
            let mut parts = line.split(' ');
            let hash = parts.next()?.to_owned();
            let start = parts.next()?.parse().ok()?;
            let end = parts.next()?.parse().ok()?;
            current.as_mut()?.1.chunks.push((hash, start..end));
        }
    }
    if let Some((path, entry)) = current {
        entries.insert(path, entry);
    }
    Some(entries)
}

fn sha256(bytes: &[u8]) -> Hash {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::with_capacity(64), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("entgen-format-cache-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch dir");
        dir
    }

    /// A cache with `user.rs` recorded as `formatted`, made of two chunks formatted from
    /// `sources`, written to disk and loaded again.
    fn cached(dir: &Path, sources: [&str; 2], formatted: &str) -> FormatCache {
        std::fs::write(dir.join("user.rs"), formatted).expect("write");
        let mut cache = FormatCache::load(dir, "format", fingerprint(None));
        let middle = formatted.len() / 2;
        let chunks = vec![
            (source_hash(sources[0]), 0..middle),
            (source_hash(sources[1]), middle..formatted.len()),
        ];
        cache.record(Path::new("user.rs"), output_hash(formatted), chunks);
        cache.save().expect("save");
        FormatCache::load(dir, "format", fingerprint(None))
    }

    #[test]
    fn the_chunks_of_an_unedited_file_are_reused_by_source() {
        let dir = scratch("hit");
        let cache = cached(&dir, ["struct A;", "struct B;"], "aaaabbbb");
        let reusable = cache.reusable(Path::new("user.rs"));
        assert_eq!(
            reusable.get(&source_hash("struct A;")).map(String::as_str),
            Some("aaaa")
        );
        assert_eq!(
            reusable.get(&source_hash("struct B;")).map(String::as_str),
            Some("bbbb")
        );
        assert_eq!(reusable.len(), 2);
        let ignore = std::fs::read_to_string(dir.join(CACHE_DIR).join(".gitignore"));
        assert_eq!(ignore.expect("gitignore"), GITIGNORE);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn an_edited_file_another_path_or_another_formatter_reuses_nothing() {
        let dir = scratch("miss");
        let cache = cached(&dir, ["struct A;", "struct B;"], "aaaabbbb");
        assert!(cache.reusable(Path::new("pet.rs")).is_empty());

        std::fs::write(dir.join("user.rs"), "aaaabbbc").expect("edit");
        assert!(cache.reusable(Path::new("user.rs")).is_empty());

        std::fs::write(dir.join("user.rs"), "aaaabbbb").expect("restore");
        let with_rustfmt = FormatCache::load(&dir, "format", fingerprint(Some("rustfmt 1.8.0")));
        assert!(with_rustfmt.reusable(Path::new("user.rs")).is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_corrupt_index_is_an_empty_cache() {
        let dir = scratch("corrupt");
        cached(&dir, ["struct A;", "struct B;"], "aaaabbbb");
        let index = dir.join(CACHE_DIR).join("format");
        let text = std::fs::read_to_string(&index).expect("index");
        std::fs::write(&index, text.replace(" 0 4", " zero 4")).expect("corrupt");
        let cache = FormatCache::load(&dir, "format", fingerprint(None));
        assert!(cache.reusable(Path::new("user.rs")).is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
