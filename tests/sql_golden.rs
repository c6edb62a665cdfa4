//! Golden DDL for every row of ent's relation table (reference/ent.md §1.4), in PostgreSQL and
//! SQLite, and the proof that it works: each script applies to an empty real database and
//! inspecting the result gives back exactly the tables the graph maps to (no drift).
//!
//! `UPDATE_EXPECT=1 cargo test --test sql_golden` rewrites `tests/sql_golden/*.sql`.

mod common;

use common::graph;

use std::path::{Path, PathBuf};

use entgen::graph::Dialect;
use entgen_runtime::diff::{DiffOptions, diff};
use entgen_runtime::testing::TestDb;

/// (case name, schema) — one per row of ent's table, plus edge fields and edge schemas.
const CASES: &[(&str, &str)] = &[
    (
        "o2o_two_types",
        "entity User {\n edge card to Card?\n}\nentity Card {\n edge owner from User.card\n}\n",
    ),
    (
        "o2m_two_types",
        "entity User {\n edge pets to Pet[]\n}\nentity Pet {\n edge owner from User.pets?\n}\n",
    ),
    (
        "m2o_two_types",
        "entity Pet {\n edge owner to User?\n}\nentity User {\n edge pets from Pet.owner[]\n}\n",
    ),
    (
        "m2m_two_types",
        "entity Group {\n edge users to User[]\n}\nentity User {\n edge groups from Group.users[]\n}\n",
    ),
    (
        "m2o_no_inverse_required",
        "entity Group {\n edge info to GroupInfo\n}\nentity GroupInfo {\n desc string\n}\n",
    ),
    (
        "o2m_no_inverse",
        "entity User {\n edge cars to Car[]\n}\nentity Car {\n model string\n}\n",
    ),
    (
        "o2o_same_type_bidi",
        "entity User {\n edge spouse to User?\n}\n",
    ),
    (
        "m2m_same_type_bidi",
        "entity User {\n edge friends to User[]\n}\n",
    ),
    (
        "m2m_same_type_directional",
        "entity User {\n edge following to User[]\n edge followers from User.following[]\n}\n",
    ),
    (
        "o2o_same_type_directional",
        "entity Node {\n value int\n edge next to Node?\n edge prev from Node.next?\n}\n",
    ),
    (
        "o2m_same_type_tree",
        "entity Doc {\n edge children to Doc[]\n edge parent from Doc.children?\n}\n",
    ),
    (
        "m2o_edge_field_cascade",
        "entity Pet {\n owner_id int\n edge owner to User @field(owner_id) @on_delete(cascade)\n}\nentity User {\n name string @unique\n}\n",
    ),
    (
        "m2m_edge_schema",
        "entity User {\n edge liked to Tweet[] @through(likes, Like)\n}\nentity Tweet {\n text string\n edge liked_by from User.liked[]\n}\nentity Like {\n liked_at time @default(now)\n user_id int\n tweet_id int\n edge user to User @field(user_id)\n edge tweet to Tweet @field(tweet_id)\n index (user_id, tweet_id) @unique\n}\n",
    ),
];

fn golden_path(case: &str, dialect: Dialect) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("tests/sql_golden/{case}.{}.sql", dialect.key()))
}

#[test]
fn ddl_matches_the_golden_files() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut stale = Vec::new();
    for (case, schema) in CASES {
        for dialect in [Dialect::Postgres, Dialect::Sqlite] {
            let plan = entgen::sql::create_statements(&graph(schema), dialect).expect("ddl");
            let actual = entgen::sql::render_script(&plan);
            let path = golden_path(case, dialect);
            if update {
                std::fs::write(&path, &actual).unwrap();
            } else if std::fs::read_to_string(&path).ok().as_deref() != Some(actual.as_str()) {
                stale.push(format!("{}:\n{actual}", path.display()));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "DDL differs (UPDATE_EXPECT=1 to accept):\n{}",
        stale.join("\n")
    );
}

fn applies_without_drift(mut db: TestDb, dialect: Dialect) {
    for (case, schema) in CASES {
        let graph = graph(schema);
        let plan = entgen::sql::create_statements(&graph, dialect).expect("ddl");
        db.apply(&plan)
            .unwrap_or_else(|e| panic!("{case} on {dialect:?}: {e}"));
        let desired = entgen::sql::tables(&graph, dialect);
        let inspected = db.inspect().expect("inspect");
        let sql_dialect = entgen::sql::sql_dialect(dialect).unwrap();
        let changes = diff(&inspected, &desired, &DiffOptions::new(sql_dialect)).expect("diff");
        assert!(
            changes.is_empty(),
            "{case} on {dialect:?} drifts: {changes:#?}"
        );
        // Empty the database for the next case: the reverse of the creation plan.
        let down = plan.reversed().expect("creation is reversible");
        db.apply(&down)
            .unwrap_or_else(|e| panic!("{case} down on {dialect:?}: {e}"));
    }
}

#[test]
fn every_relation_kind_applies_on_postgres_without_drift() {
    applies_without_drift(TestDb::postgres(), Dialect::Postgres);
}

#[test]
fn every_relation_kind_applies_on_sqlite_without_drift() {
    applies_without_drift(TestDb::sqlite_memory(), Dialect::Sqlite);
}
