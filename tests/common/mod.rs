//! Helpers shared by the integration tests: building graphs from schema text or from the
//! bundled example. (Each test crate uses a subset; the tests that run the binary are in
//! `cli/tests/`.)
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use entgen::diagnostics::{ColorChoice, Diagnostics, SourceMap, render};
use entgen::graph::Graph;
use entgen::schema_dir::{ParsedSchema, parse_sources, read_schema_dir};

/// The graph of one schema file; panics with the rendered diagnostics when it is invalid.
pub fn graph(schema: &str) -> Graph {
    let mut diagnostics = Diagnostics::new();
    let parsed = parse_sources(
        vec![(PathBuf::from("test.schema"), schema.into())],
        &mut diagnostics,
    );
    valid_graph(parsed, diagnostics)
}

/// The rendered diagnostics of one schema file; panics when it is valid.
pub fn errors(schema: &str) -> String {
    let mut diagnostics = Diagnostics::new();
    let parsed = parse_sources(
        vec![(PathBuf::from("test.schema"), schema.into())],
        &mut diagnostics,
    );
    let graph = entgen::graph::build(&parsed.files, &mut diagnostics);
    assert!(graph.is_none(), "the schema should be invalid");
    rendered(diagnostics, &parsed.sources)
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
