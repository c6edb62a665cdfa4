//! Issue goal: `entgen generate` on a 1000-entity schema in ≤ 1 s. This measures what the
//! generator itself does, without disk: render the templates, then parse and format every module
//! with syn + prettyplease (on every core). `cargo bench --bench generate`
//!
//! The optional rustfmt pass of `entgen generate` (on by default for checked-in files) is a
//! separate process and is measured with the CLI; see BENCHMARKS.md.

use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use entgen::codegen::{Features, Layout, lay_out, render};
use entgen::diagnostics::Diagnostics;
use entgen::graph::Graph;
use entgen::schema_dir::parse_sources;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn synthetic_graph(entities: usize) -> Graph {
    let mut diagnostics = Diagnostics::new();
    let parsed = parse_sources(
        vec![(
            PathBuf::from("synthetic.schema"),
            entgen::synthetic::schema(entities),
        )],
        &mut diagnostics,
    );
    entgen::graph::build(&parsed.files, &mut diagnostics).expect("valid synthetic schema")
}

fn generate(c: &mut Criterion) {
    let graph = synthetic_graph(1000);
    let features = Features {
        versioned_migration: true,
        ..Features::default()
    };
    let modules = render(&graph, &features).expect("render");
    let bytes: usize = modules.iter().map(|m| m.source.len()).sum();
    eprintln!(
        "1000 entities: {} modules, {} KB of unformatted source",
        modules.len(),
        bytes / 1024
    );

    let mut group = c.benchmark_group("generate_1000_entities");
    group.sample_size(10);
    group.bench_function("render", |b| {
        b.iter(|| render(&graph, &features).expect("render"))
    });
    group.bench_function("layout_and_format", |b| {
        b.iter(|| lay_out(&modules, &Layout::Files).expect("format"))
    });
    group.bench_function("render_layout_format", |b| {
        b.iter(|| {
            let modules = render(&graph, &features).expect("render");
            lay_out(&modules, &Layout::Files).expect("format")
        })
    });
    group.finish();
}

criterion_group!(benches, generate);
criterion_main!(benches);
