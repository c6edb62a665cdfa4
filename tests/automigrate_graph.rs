//! Auto-migration of schemas written in `.schema` text: the graph's tables
//! (`entgen::sql::tables`) and its `@renamed_from` hints (`entgen::sql::column_renames`) go
//! through `entgen_runtime::automigrate::run` on real databases.

mod common;

use common::{blog, graph};

use entgen::graph::Dialect;
use entgen_runtime::automigrate::{MigrateError, Options, Report, run};
use entgen_runtime::schema::Schema;
use entgen_runtime::testing::TestDb;

fn dialect(db: &TestDb) -> Dialect {
    match db.dialect() {
        entgen_runtime::dialect::Dialect::Postgres => Dialect::Postgres,
        _ => Dialect::Sqlite,
    }
}

fn migrate(
    db: &mut TestDb,
    desired: &Schema,
    opts: &mut Options<'_>,
) -> Result<Report, MigrateError> {
    db.with_driver(|d| run(d, desired, opts))
}

fn blog_creates_and_then_has_nothing_to_do(mut db: TestDb) {
    let g = blog();
    let desired = entgen::sql::tables(&g, dialect(&db));
    let report = migrate(&mut db, &desired, &mut Options::new()).expect("create");
    assert!(!report.is_empty());
    assert_eq!(
        report.statements.len(),
        entgen::sql::create_statements(&g, dialect(&db))
            .unwrap()
            .statements
            .len(),
        "the same statements as `entgen schema`"
    );
    let again = migrate(&mut db, &desired, &mut Options::new()).expect("second run");
    assert!(again.is_empty(), "{:#?}", again.statements);
    assert!(again.changes.is_empty(), "{:#?}", again.changes);
}

#[test]
fn blog_postgres() {
    blog_creates_and_then_has_nothing_to_do(TestDb::postgres());
}

#[test]
fn blog_sqlite() {
    blog_creates_and_then_has_nothing_to_do(TestDb::sqlite_memory());
}

fn renamed_from_keeps_the_data(mut db: TestDb) {
    let d = dialect(&db);
    let v1 = graph("entity User {\n name string\n nick string?\n}\n");
    migrate(&mut db, &entgen::sql::tables(&v1, d), &mut Options::new()).unwrap();
    db.execute("INSERT INTO users (name, nick) VALUES ('a', 'ace')")
        .unwrap();

    let v2 = graph(
        "entity User {\n name string\n nickname string? @renamed_from(\"nick\")\n age int @default(0)\n}\n",
    );
    let desired = entgen::sql::tables(&v2, d);
    let mut opts = Options::new().column_renames(entgen::sql::column_renames(&v2));
    let report = migrate(&mut db, &desired, &mut opts).unwrap();
    assert!(
        report
            .statements
            .iter()
            .any(|s| s.comment == "rename a column from \"nick\" to \"nickname\""),
        "{:#?}",
        report.statements
    );
    assert_eq!(
        db.query_i64("SELECT count(*) FROM users WHERE nickname = 'ace' AND age = 0")
            .unwrap(),
        1
    );
    // `@renamed_from` stays in the schema; the next run has nothing to do.
    assert!(migrate(&mut db, &desired, &mut opts).unwrap().is_empty());
}

#[test]
fn renamed_from_postgres() {
    renamed_from_keeps_the_data(TestDb::postgres());
}

#[test]
fn renamed_from_sqlite() {
    renamed_from_keeps_the_data(TestDb::sqlite_file());
}

#[test]
fn global_unique_ids_on_graph_tables() {
    let mut db = TestDb::postgres();
    let g = graph(
        "entity User {\n name string\n edge pets to Pet[]\n}\nentity Pet {\n name string\n edge owner from User.pets?\n}\n",
    );
    let desired = entgen::sql::tables(&g, Dialect::Postgres);
    let mut opts = Options::new().global_unique_ids(true);
    let report = db.with_driver(|d| run(d, &desired, &mut opts)).unwrap();
    assert_eq!(report.new_types.len(), 2);
    assert!(
        db.with_driver(|d| run(d, &desired, &mut opts))
            .unwrap()
            .is_empty()
    );
    db.execute("INSERT INTO users (name) VALUES ('a'); INSERT INTO pets (name) VALUES ('b')")
        .unwrap();
    let ids = [
        db.query_i64("SELECT id FROM users").unwrap(),
        db.query_i64("SELECT id FROM pets").unwrap(),
    ];
    let ranges: Vec<i64> = ids.iter().map(|id| id >> 32).collect();
    assert_ne!(ranges[0], ranges[1], "{ids:?}");
}
