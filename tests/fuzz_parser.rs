//! Mutation fuzzing of the whole front end: random text and random edits of valid schemas go
//! through parse → graph → rendering of every diagnostic → fmt, which must never panic; and
//! whenever a mutant parses, formatting it must be idempotent and keep it parseable. Every
//! mutant also goes through the hand-written fast parser alone: whenever it accepts one, the
//! pest grammar must accept it too and build the same tree, spans included.
//!
//! CI runs a few seconds' worth; `ENTGEN_FUZZ_SECS=600 cargo test --release --test fuzz_parser`
//! runs ten minutes. A failing input is written to `target/fuzz-failure.schema`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use entgen::diagnostics::{ColorChoice, Diagnostics, render};
use entgen::schema_dir::parse_sources;

/// xorshift64*: deterministic, so a failure reproduces from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Pieces of the language, so that mutants stay close to real schemas.
const TOKENS: &[&str] = &[
    "entity ",
    "mixin ",
    "edge ",
    "index ",
    "use ",
    " to ",
    " from ",
    "{",
    "}",
    "(",
    ")",
    "[]",
    "?",
    ".",
    ",",
    "@unique",
    "@default(",
    "@field(",
    "@edges(",
    "@@table(\"t\")",
    "@@check(c, \"x > 0\")",
    "\"",
    "\"\\d\"",
    "r#\"",
    "\"#",
    "/*",
    "*/",
    "//",
    "///",
    "\n",
    "\r\n",
    "\t",
    " ",
    "int",
    "string",
    "enum(a, \"b-c\")",
    "User",
    "Post",
    "posts",
    "id",
    "-1",
    "1.5",
    "true",
    "é",
    "😀",
    "\u{0}",
    "@",
    "@@",
    ":",
    "/* c */",
    "/*\n*/",
    "// c",
    "/// d\n",
    "r\"x\"",
    "\"a\\n\"",
    "1e5",
    "-0.5e-3",
    "\n}\n",
];

fn corpus() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts: Vec<String> = std::fs::read_dir(root.join("schemas/blog"))
        .expect("schemas/blog")
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    texts.sort();
    texts.push(String::new());
    texts.push(entgen::synthetic::schema(2));
    texts
}

fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..=rng.below(4) {
        let at = rng.below(chars.len() + 1);
        match rng.below(5) {
            0 if !chars.is_empty() => {
                let end = (at + rng.below(8) + 1).min(chars.len());
                chars.drain(at.min(end)..end);
            }
            1 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                chars.splice(at..at, token.chars());
            }
            2 if !chars.is_empty() => {
                // Duplicate a slice elsewhere: repeated members, nested braces.
                let start = rng.below(chars.len());
                let end = (start + rng.below(40) + 1).min(chars.len());
                let piece: Vec<char> = chars[start..end].to_vec();
                chars.splice(at..at, piece);
            }
            3 => chars.insert(at, char::from_u32(rng.below(0x250) as u32).unwrap_or('x')),
            _ if !chars.is_empty() => {
                let i = rng.below(chars.len());
                chars[i] = ['{', '}', '@', '"', '\n', ' ', 'a', '(', ')', '?'][rng.below(10)];
            }
            _ => {}
        }
    }
    chars.into_iter().collect()
}

/// Cutting a file into pieces parsed on separate threads must change nothing: same tree, same
/// diagnostics, wherever the cuts fall (small pieces force cuts into these small inputs).
fn check_chunked_parse_agrees(text: &str) -> Result<(), String> {
    let file = entgen::diagnostics::FileId(0);
    let mut whole_diagnostics = Diagnostics::new();
    let whole =
        entgen::syntax::parse_file_in_chunks(file, text, &mut whole_diagnostics, usize::MAX);
    let mut chunked_diagnostics = Diagnostics::new();
    let chunked = entgen::syntax::parse_file_in_chunks(file, text, &mut chunked_diagnostics, 16);
    if whole != chunked {
        return Err("parsing in chunks gives another tree".into());
    }
    if whole_diagnostics.into_sorted() != chunked_diagnostics.into_sorted() {
        return Err("parsing in chunks gives other diagnostics".into());
    }
    Ok(())
}

/// The fast parser never accepts what pest reports, and builds pest's tree when it accepts.
/// Returns whether it accepted.
fn check_fast_parser_agrees_with_pest(text: &str) -> Result<bool, String> {
    let file = entgen::diagnostics::FileId(0);
    let Some(fast) = entgen::syntax::parse_file_fast(file, text) else {
        return Ok(false);
    };
    let mut diagnostics = Diagnostics::new();
    let pest = entgen::syntax::parse_file_with_pest(file, text, &mut diagnostics);
    if !diagnostics.is_empty() {
        return Err("the fast parser accepted text the grammar reports".into());
    }
    if fast != pest {
        return Err(format!(
            "the fast parser and the grammar build different trees:\n--- fast\n{fast:#?}\n--- pest\n{pest:#?}"
        ));
    }
    Ok(true)
}

/// Runs the front end on one input; returns what went wrong, if anything but diagnostics, and
/// whether the fast parser accepted it.
fn check(text: &str) -> Result<bool, String> {
    let accepted_by_fast_parser = check_fast_parser_agrees_with_pest(text)?;
    check_chunked_parse_agrees(text)?;
    let mut diagnostics = Diagnostics::new();
    let parsed = parse_sources(
        vec![(PathBuf::from("fuzz.schema"), text.to_string())],
        &mut diagnostics,
    );
    let syntax_ok = !diagnostics.has_errors();
    let _ = entgen::graph::build(&parsed.files, &mut diagnostics);
    for diagnostic in diagnostics.into_sorted() {
        let _ = render(&diagnostic, &parsed.sources, ColorChoice::Always);
    }
    if !syntax_ok {
        return Ok(accepted_by_fast_parser);
    }
    let (_, source) = parsed.sources.files().next().unwrap();
    let once = entgen::format::format_file(source, &parsed.files[0]);
    let mut again = Diagnostics::new();
    let reparsed = parse_sources(
        vec![(PathBuf::from("fuzz.schema"), once.clone())],
        &mut again,
    );
    if again.has_errors() {
        return Err(format!(
            "formatting produced text that does not parse:\n{once}"
        ));
    }
    let (_, source) = reparsed.sources.files().next().unwrap();
    let twice = entgen::format::format_file(source, &reparsed.files[0]);
    if twice != once {
        return Err(format!(
            "fmt is not idempotent:\n--- once\n{once}\n--- twice\n{twice}"
        ));
    }
    Ok(accepted_by_fast_parser)
}

fn report(input: &str, problem: &str) -> ! {
    // `target/` of the checkout, which a separate CARGO_TARGET_DIR leaves uncreated.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-failure.schema");
    let _ = std::fs::create_dir_all(path.parent().expect("a parent"));
    let _ = std::fs::write(&path, input);
    panic!(
        "{problem}\ninput saved to {}\ninput: {input:?}",
        path.display()
    );
}

#[test]
fn front_end_never_panics_and_fmt_is_idempotent_on_mutants() {
    let seconds = std::env::var("ENTGEN_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let corpus = corpus();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut cases = 0u64;
    let mut fast_cases = 0u64;
    while Instant::now() < deadline {
        let seed = &corpus[rng.below(corpus.len())];
        let input = if rng.below(10) == 0 {
            (0..rng.below(200))
                .map(|_| TOKENS[rng.below(TOKENS.len())])
                .collect()
        } else {
            mutate(seed, &mut rng)
        };
        match std::panic::catch_unwind(|| check(&input)) {
            Ok(Ok(accepted_by_fast_parser)) => fast_cases += u64::from(accepted_by_fast_parser),
            Ok(Err(problem)) => report(&input, &problem),
            Err(_) => report(&input, "the front end panicked"),
        }
        cases += 1;
    }
    eprintln!("fuzz: {cases} cases in {seconds}s, {fast_cases} accepted by the fast parser");
    assert!(cases > 0, "the fuzzer ran no case");
    // The seeds themselves are valid; a fast parser that gave up on everything would pass the
    // agreement check without testing anything.
    assert!(fast_cases > 0, "the fast parser accepted no case");
}
