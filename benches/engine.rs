//! Issue goal: inspect + diff + plan of a 1000-table schema against a live PostgreSQL that holds
//! the previous version of it (a handful of changes) in ≤ 0.5 s, reporting the number of catalog
//! queries. `cargo bench --bench engine` (needs PostgreSQL on 127.0.0.1:5432).
//!
//! The schema: `synthetic::schema(500)` — 500 entity tables and 500 M2M join tables, with
//! indexes and foreign keys; the new version adds a column to two tables, drops an index and a
//! column, and adds a table.

use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use entgen::diagnostics::Diagnostics;
use entgen::graph::{Dialect, Graph};
use entgen::schema_dir::parse_sources;
use entgen_runtime::dialect::Dialect as SqlDialect;
use entgen_runtime::diff::{DiffOptions, diff};
use entgen_runtime::inspect::{InspectOptions, postgres::inspect_counted};
use entgen_runtime::planner::plan;
use entgen_runtime::testing::TestDb;

fn graph(text: String) -> Graph {
    let mut diagnostics = Diagnostics::new();
    let parsed = parse_sources(vec![(PathBuf::from("s.schema"), text)], &mut diagnostics);
    entgen::graph::build(&parsed.files, &mut diagnostics).expect("valid")
}

/// The previous version with a handful of changes.
fn next_version(previous: &str) -> String {
    previous
        .replacen("entity E10 {\n", "entity E10 {\n    extra string?\n", 1)
        .replacen(
            "entity E20 {\n",
            "entity E20 {\n    flag bool @default(false)\n",
            1,
        )
        .replacen(
            "index (name, count)\n}\n\n/// Entity number 31.",
            "}\n\n/// Entity number 31.",
            1,
        )
        .replacen(
            "    note       text?   // free text\n\n    edge items to E41[]",
            "\n    edge items to E41[]",
            1,
        )
        + "entity Extra {\n    name string\n}\n"
}

fn inspect_diff_plan(c: &mut Criterion) {
    // `cargo test --all-targets` runs benches once as a smoke test: keep that run small.
    let measuring = std::env::args().any(|a| a == "--bench");
    let previous = entgen::synthetic::schema(if measuring { 500 } else { 50 });
    let desired_graph = graph(next_version(&previous));
    let mut db = TestDb::postgres();
    let create = entgen::sql::create_statements(&graph(previous), Dialect::Postgres).expect("ddl");
    db.apply(&create).expect("create the previous version");
    let desired = entgen::sql::tables(&desired_graph, Dialect::Postgres);
    let opts = DiffOptions::new(SqlDialect::Postgres);

    let (current, queries) = db
        .with_driver(|d| inspect_counted(d, &InspectOptions::default()))
        .expect("inspect");
    let changes = diff(&current, &desired, &opts).expect("diff");
    let statements = plan(&changes, SqlDialect::Postgres)
        .expect("plan")
        .statements
        .len();
    eprintln!(
        "{} tables inspected with {queries} catalog queries; {} changes, {statements} statements",
        current.tables.len(),
        changes.len()
    );

    let mut group = c.benchmark_group("engine_1000_tables");
    group.sample_size(10);
    group.bench_function("inspect_diff_plan", |b| {
        b.iter(|| {
            let (current, _) = db
                .with_driver(|d| inspect_counted(d, &InspectOptions::default()))
                .expect("inspect");
            let changes = diff(&current, &desired, &opts).expect("diff");
            plan(&changes, SqlDialect::Postgres).expect("plan")
        })
    });
    group.bench_function("inspect_only", |b| {
        b.iter(|| {
            db.with_driver(|d| inspect_counted(d, &InspectOptions::default()))
                .expect("inspect")
        })
    });
    group.finish();
}

criterion_group!(benches, inspect_diff_plan);
criterion_main!(benches);
