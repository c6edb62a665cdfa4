//! Inspection of databases entgen did not create: odd catalog contents are read (or skipped)
//! without errors, the number of catalog queries does not grow with the number of tables, and
//! table filters and schemas are honoured.

use entgen_runtime::dialect::Dialect;
use entgen_runtime::diff::{DiffOptions, diff};
use entgen_runtime::inspect::{self, InspectOptions};
use entgen_runtime::planner::plan;
use entgen_runtime::schema::{ColumnType, DefaultValue, IndexKey, IntWidth, Literal, Schema};
use entgen_runtime::testing::TestDb;

#[test]
fn postgres_query_count_does_not_grow_with_tables() {
    let mut db = TestDb::postgres();
    db.execute("CREATE TABLE t0 (id int PRIMARY KEY, a text, CHECK (id > 0))")
        .unwrap();
    let (one, n1) = db
        .with_driver(|d| inspect::postgres::inspect_counted(d, &InspectOptions::default()))
        .unwrap();
    assert_eq!(one.tables.len(), 1);
    let mut sql = String::new();
    for i in 1..60 {
        sql.push_str(&format!(
            "CREATE TABLE t{i} (id int PRIMARY KEY, p int REFERENCES t{} (id), a text, CHECK (id > 0)); \
             CREATE INDEX t{i}_a ON t{i} (a);",
            i - 1
        ));
    }
    db.execute(&sql).unwrap();
    let (many, n60) = db
        .with_driver(|d| inspect::postgres::inspect_counted(d, &InspectOptions::default()))
        .unwrap();
    assert_eq!(many.tables.len(), 60);
    assert_eq!(n1, n60);
    assert_eq!(
        n1,
        inspect::postgres::queries::QUERY_COUNT + 1,
        "current_schema() + the catalog queries"
    );
    let given = InspectOptions::default().schema("public");
    let (_, n) = db
        .with_driver(|d| inspect::postgres::inspect_counted(d, &given))
        .unwrap();
    assert_eq!(n, inspect::postgres::queries::QUERY_COUNT);
}

#[test]
fn table_filters() {
    for mut db in [TestDb::postgres(), TestDb::sqlite_memory()] {
        db.execute("CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int PRIMARY KEY)")
            .unwrap();
        let s = db
            .inspect_with(&InspectOptions::default().tables(["b", "missing"]))
            .unwrap();
        let names: Vec<&str> = s.tables.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["b"], "{}", db.dialect());
    }
}

#[test]
fn postgres_odd_catalog_contents() {
    let mut db = TestDb::postgres();
    db.execute(
        "CREATE TYPE mood AS ENUM ('ok', 'meh');
         CREATE TABLE odd (
            id serial PRIMARY KEY,
            arr integer[] NOT NULL DEFAULT '{}',
            code text UNIQUE,
            g int GENERATED ALWAYS AS (id * 2) STORED,
            ts timestamp(3) DEFAULT now(),
            c char(3),
            m mood DEFAULT 'ok',
            rng int4range,
            EXCLUDE USING gist (rng WITH &&)
         );
         CREATE INDEX odd_expr ON odd ((lower(code)), id DESC NULLS LAST) INCLUDE (ts);
         CREATE VIEW v AS SELECT 1 AS one;
         CREATE TABLE parted (id int, k int) PARTITION BY RANGE (k);
         CREATE TABLE parted_1 PARTITION OF parted FOR VALUES FROM (0) TO (10);
         CREATE SCHEMA other;
         CREATE TABLE other.ext (id int PRIMARY KEY);
         CREATE TABLE refs (x int REFERENCES other.ext (id));
         CREATE TABLE nopk (a int);
         CREATE TABLE \"Mixed Case\" (\"Col\" int CHECK (\"Col\" > 0));",
    )
    .unwrap();
    let s = db.inspect().unwrap();
    let names: Vec<&str> = s.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Mixed Case", "nopk", "odd", "parted", "refs"]);
    let odd = s.get("odd").unwrap();
    let col = |n: &str| odd.get_column(n).unwrap();
    assert_eq!(col("id").ty, ColumnType::int(IntWidth::W32));
    assert_eq!(
        col("id").default,
        Some(DefaultValue::expr("nextval('odd_id_seq'::regclass)"))
    );
    assert_eq!(col("arr").ty, ColumnType::Raw("integer[]".into()));
    assert_eq!(
        col("arr").default,
        Some(DefaultValue::Literal(Literal::String("{}".into())))
    );
    assert_eq!(col("ts").ty, ColumnType::Raw("timestamp(3)".into()));
    assert_eq!(col("c").ty, ColumnType::Raw("character(3)".into()));
    assert_eq!(col("m").ty, ColumnType::Raw("mood".into()));
    assert_eq!(
        col("m").default,
        Some(DefaultValue::Literal(Literal::String("ok".into())))
    );
    assert_eq!(odd.primary_key, ["id"]);
    let code_key = odd
        .get_index("odd_code_key")
        .expect("unique constraint read as unique index");
    assert!(code_key.unique);
    let expr = odd.get_index("odd_expr").unwrap();
    assert_eq!(expr.parts[0].key, IndexKey::Expr("lower(code)".into()));
    assert!(expr.parts[1].desc);
    assert_eq!(expr.parts.len(), 2, "INCLUDE columns are not key parts");
    assert!(
        odd.indexes.iter().all(|i| !i.name.contains("rng")),
        "exclusion constraints are skipped"
    );
    let refs = s.get("refs").unwrap();
    assert_eq!(refs.foreign_keys[0].ref_table, "ext");
    let mixed = s.get("Mixed Case").unwrap();
    assert_eq!(mixed.checks[0].expr, "\"Col\" > 0");
    assert!(mixed.primary_key.is_empty());

    // The inspected schema is a fixed point, and dropping everything plans and applies.
    assert_eq!(
        diff(&s, &s, &DiffOptions::new(Dialect::Postgres)).unwrap(),
        vec![]
    );
    let p = plan(
        &diff(&s, &Schema::new(), &DiffOptions::new(Dialect::Postgres)).unwrap(),
        Dialect::Postgres,
    )
    .unwrap();
    db.apply(&p).unwrap();
    assert_eq!(db.inspect().unwrap(), Schema::new());
}

#[test]
fn sqlite_odd_catalog_contents() {
    let mut db = TestDb::sqlite_memory();
    db.execute(
        "CREATE TABLE odd (
            id INTEGER PRIMARY KEY,
            [a b] TEXT UNIQUE,
            c INT CONSTRAINT c_pos CHECK (c > 0) REFERENCES odd (id),
            d VARCHAR(10) COLLATE NOCASE DEFAULT ('x' || 'y'),
            e GENERATED ALWAYS AS (c * 2),
            f
         );
         CREATE TABLE wr (k TEXT PRIMARY KEY, v) WITHOUT ROWID;
         CREATE TABLE child (
            p INTEGER REFERENCES odd,
            q TEXT,
            FOREIGN KEY (q) REFERENCES wr (k) ON DELETE CASCADE,
            CHECK (p <> 0)
         );
         CREATE INDEX odd_expr ON odd (lower([a b]) DESC, c) WHERE c IS NOT NULL;
         CREATE VIEW v AS SELECT 1;
         CREATE VIRTUAL TABLE ft USING fts5(body);",
    )
    .unwrap();
    let s = db.inspect().unwrap();
    let names: Vec<&str> = s.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["child", "odd", "wr"]);
    let odd = s.get("odd").unwrap();
    let cols: Vec<&str> = odd.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        cols,
        ["id", "a b", "c", "d", "f"],
        "generated columns are skipped"
    );
    assert_eq!(
        odd.get_column("d").unwrap().default,
        Some(DefaultValue::expr("'x' || 'y'"))
    );
    assert_eq!(
        odd.get_column("f").unwrap().ty,
        ColumnType::Raw(String::new())
    );
    assert_eq!(odd.checks[0].name, "c_pos");
    assert_eq!(odd.foreign_keys[0].ref_columns, ["id"]);
    assert!(
        odd.indexes
            .iter()
            .any(|i| i.unique && i.name.starts_with("sqlite_autoindex_odd"))
    );
    let expr = odd.get_index("odd_expr").unwrap();
    assert_eq!(expr.parts[0].key, IndexKey::Expr("lower([a b])".into()));
    assert!(expr.parts[0].desc);
    assert_eq!(expr.predicate.as_deref(), Some("c IS NOT NULL"));
    let child = s.get("child").unwrap();
    assert_eq!(child.foreign_keys.len(), 2);
    let to_odd = child
        .foreign_keys
        .iter()
        .find(|f| f.ref_table == "odd")
        .unwrap();
    assert_eq!(
        to_odd.ref_columns,
        ["id"],
        "implicit reference to the primary key"
    );
    assert_eq!(child.checks[0].expr, "p <> 0");
    assert_eq!(s.get("wr").unwrap().primary_key, ["k"]);

    assert_eq!(
        diff(&s, &s, &DiffOptions::new(Dialect::Sqlite)).unwrap(),
        vec![]
    );
    let p = plan(
        &diff(&s, &Schema::new(), &DiffOptions::new(Dialect::Sqlite)).unwrap(),
        Dialect::Sqlite,
    )
    .unwrap();
    db.apply(&p).unwrap();
    assert_eq!(db.inspect().unwrap(), Schema::new());
}

#[test]
fn postgres_unreachable_server_is_an_error_with_a_hint() {
    let err = TestDb::try_postgres_at("postgres://postgres@127.0.0.1:1/postgres", None)
        .err()
        .expect("connecting to a closed port fails");
    assert!(
        err.contains("not reachable") && err.contains("pg_ctlcluster"),
        "{err}"
    );
}
