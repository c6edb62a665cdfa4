//! Round trip on real databases: plan the creation of a hand-built schema, apply it, inspect it,
//! and check the inspection equals the model's canonical form and diffs empty against the model;
//! then apply the reverse plan and check the database is empty again.

use entgen_runtime::dialect::Dialect;
use entgen_runtime::diff::{DiffOptions, diff};
use entgen_runtime::planner::plan;
use entgen_runtime::schema::Schema;
use entgen_runtime::testing::{TestDb, fixtures};

fn roundtrip(mut db: TestDb, name: &str) {
    let d = db.dialect();
    let schema = fixtures::all(d)
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, s)| s)
        .expect("fixture");
    let opts = DiffOptions::new(d);
    let changes = diff(&Schema::new(), &schema, &opts).expect("diff");
    let up = plan(&changes, d).expect("plan");
    db.apply(&up).unwrap_or_else(|e| panic!("{d} {name}: {e}"));
    let got = db.inspect().expect("inspect");
    assert_eq!(
        got,
        d.canonical_schema(&schema),
        "{d} {name}: inspected schema differs from the canonical model"
    );
    let again = diff(&got, &schema, &opts).expect("diff again");
    assert!(
        again.is_empty(),
        "{d} {name}: drift after apply: {again:#?}"
    );

    let down = up.reversed().expect("reversible");
    db.apply(&down)
        .unwrap_or_else(|e| panic!("{d} {name} down: {e}"));
    let empty = db.inspect().expect("inspect after down");
    assert_eq!(
        empty,
        Schema::new(),
        "{d} {name}: down migration left tables behind"
    );
}

macro_rules! roundtrip_tests {
    ($($name:ident),* $(,)?) => {
        mod postgres {
            $(#[test] fn $name() { super::roundtrip(super::TestDb::postgres(), stringify!($name)); })*
        }
        mod sqlite_memory {
            $(#[test] fn $name() { super::roundtrip(super::TestDb::sqlite_memory(), stringify!($name)); })*
        }
        mod sqlite_file {
            $(#[test] fn $name() { super::roundtrip(super::TestDb::sqlite_file(), stringify!($name)); })*
        }
    };
}

roundtrip_tests!(
    all_types,
    identity,
    indexes,
    foreign_keys,
    cycle,
    checks,
    comments,
    hostile,
    join_table
);

#[test]
fn every_fixture_is_covered() {
    let names: Vec<&str> = fixtures::all(Dialect::Postgres)
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        names,
        [
            "all_types",
            "identity",
            "indexes",
            "foreign_keys",
            "cycle",
            "checks",
            "comments",
            "hostile",
            "join_table"
        ]
    );
}
