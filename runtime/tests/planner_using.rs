//! Type changes PostgreSQL does not make by itself (`varchar` → `bigint`, `integer` →
//! `boolean`, …) are planned with a `USING` cast, and the plan runs on the real server: on an
//! empty table, on rows that convert (kept, converted), and it fails cleanly on a row that does
//! not convert. Casts PostgreSQL makes by itself stay plain `TYPE` changes.

use entgen_runtime::dialect::Dialect;
use entgen_runtime::diff::{DiffOptions, diff};
use entgen_runtime::plan::Plan;
use entgen_runtime::planner::plan;
use entgen_runtime::schema::{Column, ColumnType, IntWidth, Schema, Table};
use entgen_runtime::testing::TestDb;

fn table(ty: ColumnType) -> Schema {
    table_with(Column::new("v", ty).nullable())
}

fn table_with(v: Column) -> Schema {
    Schema::new().table(
        Table::new("t")
            .column(Column::new("id", ColumnType::int64()))
            .column(v)
            .primary_key(["id"]),
    )
}

/// Creates `from`, inserts `rows` (SQL literals for `v`), plans the change to `to` and applies
/// it. Returns the plan and the outcome.
fn change(from: &Schema, to: &Schema, rows: &[&str]) -> (Plan, Result<TestDb, String>) {
    let mut db = TestDb::postgres();
    let d = Dialect::Postgres;
    let create = plan(
        &diff(&Schema::new(), from, &DiffOptions::new(d)).unwrap(),
        d,
    )
    .unwrap();
    db.apply(&create).unwrap();
    for (i, v) in rows.iter().enumerate() {
        db.execute(&format!("INSERT INTO t (id, v) VALUES ({i}, {v})"))
            .unwrap();
    }
    let current = db.inspect().unwrap();
    let up = plan(&diff(&current, to, &DiffOptions::new(d)).unwrap(), d).unwrap();
    let outcome = db.apply(&up).map(|()| db).map_err(|e| e.to_string());
    (up, outcome)
}

fn sql(p: &Plan) -> String {
    p.statements
        .iter()
        .map(|s| s.sql.as_str())
        .collect::<Vec<_>>()
        .join(";\n")
}

struct Case {
    from: ColumnType,
    to: ColumnType,
    converts: &'static [&'static str],
    /// A row that does not convert, if the pair has one.
    fails: Option<&'static str>,
    /// A query over the converted rows and the number it must give.
    check: (&'static str, i64),
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            from: ColumnType::string(),
            to: ColumnType::int64(),
            converts: &["'12'", "' 30'", "NULL"],
            fails: Some("'twelve'"),
            check: ("SELECT sum(v)::bigint FROM t", 42),
        },
        Case {
            from: ColumnType::String { size: Some(20) },
            to: ColumnType::int(IntWidth::W32),
            converts: &["'7'"],
            fails: Some("'7.5'"),
            check: ("SELECT sum(v)::bigint FROM t", 7),
        },
        Case {
            from: ColumnType::Text,
            to: ColumnType::Float64,
            converts: &["'1.5'", "'2.5'"],
            fails: Some("'x'"),
            check: ("SELECT sum(v)::bigint FROM t", 4),
        },
        Case {
            from: ColumnType::string(),
            to: ColumnType::Bool,
            converts: &["'true'", "'f'", "'yes'"],
            fails: Some("'maybe'"),
            check: ("SELECT count(*) FROM t WHERE v", 2),
        },
        Case {
            from: ColumnType::string(),
            to: ColumnType::Uuid,
            converts: &["'5f1b3c1e-0d6a-4c1e-9a57-0c1d2e3f4a5b'"],
            fails: Some("'not-a-uuid'"),
            check: ("SELECT count(*) FROM t WHERE v IS NOT NULL", 1),
        },
        Case {
            from: ColumnType::string(),
            to: ColumnType::Time,
            converts: &["'2024-05-20 18:23:36+00'"],
            fails: Some("'yesterday-ish'"),
            check: ("SELECT extract(year FROM v)::bigint FROM t", 2024),
        },
        Case {
            from: ColumnType::Text,
            to: ColumnType::Json,
            converts: &["'{\"a\": 1}'"],
            fails: Some("'{'"),
            check: ("SELECT (v->>'a')::bigint FROM t", 1),
        },
        Case {
            from: ColumnType::int64(),
            to: ColumnType::Bool,
            converts: &["0", "5", "-1"],
            fails: None,
            check: ("SELECT count(*) FROM t WHERE v", 2),
        },
        Case {
            from: ColumnType::Bool,
            to: ColumnType::int64(),
            converts: &["true", "false", "true"],
            fails: None,
            check: ("SELECT sum(v)::bigint FROM t", 2),
        },
        Case {
            from: ColumnType::Text,
            to: ColumnType::Bytes,
            converts: &["'abc'"],
            fails: None,
            check: ("SELECT length(v)::bigint FROM t", 3),
        },
    ]
}

#[test]
fn casts_postgres_needs_get_using_and_apply_with_and_without_rows() {
    for c in cases() {
        let (from, to) = (table(c.from.clone()), table(c.to.clone()));
        let what = format!("{:?} -> {:?}", c.from, c.to);
        let (up, empty) = change(&from, &to, &[]);
        assert!(sql(&up).contains(" USING "), "{what}: {}", sql(&up));
        empty.unwrap_or_else(|e| panic!("{what} on an empty table: {e}\n{}", sql(&up)));

        let (_, filled) = change(&from, &to, c.converts);
        let mut db = filled.unwrap_or_else(|e| panic!("{what} with rows: {e}"));
        let drift = diff(
            &db.inspect().unwrap(),
            &to,
            &DiffOptions::new(Dialect::Postgres),
        );
        assert!(
            drift.unwrap().is_empty(),
            "{what}: the column did not change"
        );
        assert_eq!(db.query_i64(c.check.0).unwrap(), c.check.1, "{what}");
        assert_eq!(
            db.query_i64("SELECT count(*) FROM t").unwrap(),
            c.converts.len() as i64,
            "{what}: rows kept"
        );

        if let Some(bad) = c.fails {
            let (_, refused) = change(&from, &to, &[c.converts[0], bad]);
            let err = refused
                .err()
                .unwrap_or_else(|| panic!("{what}: {bad} converted"));
            assert!(err.contains("invalid input syntax"), "{what}: {err}");
        }
    }
}

#[test]
fn casts_postgres_makes_itself_stay_plain() {
    let pairs = [
        (ColumnType::int64(), ColumnType::string()),
        (ColumnType::int(IntWidth::W32), ColumnType::int64()),
        (ColumnType::int64(), ColumnType::Float64),
        (ColumnType::String { size: Some(10) }, ColumnType::Text),
        (ColumnType::Uuid, ColumnType::Text),
        (ColumnType::Json, ColumnType::string()),
    ];
    for (a, b) in pairs {
        let (up, outcome) = change(&table(a.clone()), &table(b.clone()), &["NULL"]);
        assert!(!sql(&up).contains("USING"), "{a:?} -> {b:?}: {}", sql(&up));
        outcome.unwrap_or_else(|e| panic!("{a:?} -> {b:?}: {e}"));
    }
}

#[test]
fn a_default_that_does_not_convert_is_dropped_and_set_again() {
    let from = table_with(Column::new("v", ColumnType::string()).default("5"));
    let to = table_with(Column::new("v", ColumnType::int64()).default(5i64));
    let (up, outcome) = change(&from, &to, &["'1'"]);
    let mut db = outcome.unwrap_or_else(|e| panic!("{e}\n{}", sql(&up)));
    db.execute("INSERT INTO t (id) VALUES (9)").unwrap();
    assert_eq!(db.query_i64("SELECT sum(v)::bigint FROM t").unwrap(), 6);
    // The default goes away with the type change.
    let to = table_with(Column::new("v", ColumnType::int64()).nullable());
    let (up, outcome) = change(&from, &to, &["'1'"]);
    let mut db = outcome.unwrap_or_else(|e| panic!("{e}\n{}", sql(&up)));
    db.execute("INSERT INTO t (id) VALUES (9)").unwrap();
    assert_eq!(db.query_i64("SELECT count(v) FROM t").unwrap(), 1);
}
