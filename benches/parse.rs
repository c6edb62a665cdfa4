//! Issue goal: parse and validate a 1000-entity schema (10 fields, 3 edges each) in ≤ 50 ms.
//! `cargo bench --bench parse`

use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use entgen::diagnostics::Diagnostics;
use entgen::schema_dir::parse_sources;

/// mimalloc: the parser and the graph allocate many small strings and vectors; it makes
/// validation about a third faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn parse_and_validate(c: &mut Criterion) {
    let text = entgen::synthetic::schema(1000);
    let mut group = c.benchmark_group("schema_1000_entities");
    group.sample_size(20);
    group.bench_function("parse", |b| {
        b.iter(|| {
            let mut diagnostics = Diagnostics::new();
            let parsed = parse_sources(
                vec![(PathBuf::from("big.schema"), text.clone())],
                &mut diagnostics,
            );
            assert!(!diagnostics.has_errors());
            parsed
        })
    });
    group.bench_function("parse_and_validate", |b| {
        b.iter(|| {
            let mut diagnostics = Diagnostics::new();
            let parsed = parse_sources(
                vec![(PathBuf::from("big.schema"), text.clone())],
                &mut diagnostics,
            );
            entgen::graph::build(&parsed.files, &mut diagnostics).expect("valid")
        })
    });
    group.finish();
}

criterion_group!(benches, parse_and_validate);
criterion_main!(benches);
