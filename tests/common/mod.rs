//! Helpers shared by the integration tests: running the binary, and building graphs from
//! schema text or from the bundled example. (Each test crate uses a subset.)
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use entgen::diagnostics::{ColorChoice, Diagnostics, SourceMap, render};
use entgen::graph::Graph;
use entgen::schema_dir::{ParsedSchema, parse_sources, read_schema_dir};

/// Runs the `entgen` binary without colour.
pub fn entgen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_entgen"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run entgen")
}

/// Stdout then stderr, for assertions on whatever the command said.
pub fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The graph of one schema file; panics with the rendered diagnostics when it is invalid.
pub fn graph(schema: &str) -> Graph {
    let mut diagnostics = Diagnostics::new();
    let parsed = parse_sources(
        vec![(PathBuf::from("test.schema"), schema.into())],
        &mut diagnostics,
    );
    valid_graph(parsed, diagnostics)
}

/// The graph of the bundled example, `schemas/blog`.
pub fn blog() -> Graph {
    let mut diagnostics = Diagnostics::new();
    let parsed = read_schema_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/blog"),
        &mut diagnostics,
    );
    valid_graph(parsed, diagnostics)
}

fn valid_graph(parsed: ParsedSchema, mut diagnostics: Diagnostics) -> Graph {
    let graph = entgen::graph::build(&parsed.files, &mut diagnostics);
    graph.unwrap_or_else(|| {
        panic!(
            "the schema should be valid:\n{}",
            rendered(diagnostics, &parsed.sources)
        )
    })
}

fn rendered(diagnostics: Diagnostics, sources: &SourceMap) -> String {
    diagnostics
        .into_sorted()
        .iter()
        .map(|d| render(d, sources, ColorChoice::Never))
        .collect()
}

/// A writable copy of a directory in the temporary directory, removed on drop.
pub struct DirCopy(pub PathBuf);

impl DirCopy {
    /// A copy of `src` (subdirectories included); `tag` keeps concurrent tests apart.
    pub fn of(src: &Path, tag: &str) -> DirCopy {
        let dst = DirCopy::empty(&format!(
            "{tag}-{}",
            src.file_name().unwrap().to_string_lossy()
        ));
        copy_dir(src, &dst.0);
        dst
    }

    /// A new empty directory.
    pub fn empty(tag: &str) -> DirCopy {
        let dst = std::env::temp_dir().join(format!("entgen-test-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dst);
        std::fs::create_dir_all(&dst).unwrap();
        DirCopy(dst)
    }

    /// The path as a command-line argument.
    pub fn s(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for DirCopy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for e in std::fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        let to = dst.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to);
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
}

/// `entgen migrate validate` accepts a copy of `dir` (a migration directory with the
/// `atlas.sum` Atlas wrote) and, its sum removed, `migrate hash` writes the same bytes again.
pub fn assert_validate_accepts_and_hash_reproduces(dir: &Path, format: &str) {
    let copy = DirCopy::of(dir, "hash");
    let out = entgen(&["migrate", "validate", "--dir", copy.s(), "--format", format]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}: {}",
        dir.display(),
        text(&out)
    );
    let want = std::fs::read(dir.join("atlas.sum")).unwrap();
    std::fs::remove_file(copy.0.join("atlas.sum")).unwrap();
    let out = entgen(&["migrate", "hash", "--dir", copy.s(), "--format", format]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}: {}",
        dir.display(),
        text(&out)
    );
    let got = std::fs::read(copy.0.join("atlas.sum")).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&got),
        String::from_utf8_lossy(&want),
        "{}",
        dir.display()
    );
}
