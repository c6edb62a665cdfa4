//! The client build.rs generated: its `migrate::schema` is exactly the tables entgen computes
//! (for this crate's schema and for the blog example, in both dialects), and the client
//! creates its tables and round-trips rows on real PostgreSQL and SQLite.

use std::path::Path;

use build_example::blog_migrate;
use build_example::ent::{self, book};
use entgen::graph::{Dialect as GraphDialect, Graph};
use entgen_runtime::automigrate::Options;
use entgen_runtime::dialect::Dialect;
use entgen_runtime::testing::TestDb;

fn graph(dir: &str) -> Graph {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut diagnostics = entgen::diagnostics::Diagnostics::new();
    let parsed = entgen::schema_dir::read_schema_dir(&dir, &mut diagnostics);
    entgen::graph::build(&parsed.files, &mut diagnostics).expect("a valid schema")
}

const DIALECTS: [(Dialect, GraphDialect); 2] = [
    (Dialect::Postgres, GraphDialect::Postgres),
    (Dialect::Sqlite, GraphDialect::Sqlite),
];

#[test]
fn generated_migrate_module_rebuilds_the_computed_tables() {
    let library = graph("schema");
    let blog = graph("../schemas/blog");
    for (dialect, graph_dialect) in DIALECTS {
        assert_eq!(
            ent::migrate::schema(dialect),
            entgen::sql::tables(&library, graph_dialect),
            "{dialect:?}"
        );
        assert_eq!(
            blog_migrate::schema(dialect),
            entgen::sql::tables(&blog, graph_dialect),
            "blog, {dialect:?}"
        );
    }
}

fn creates_tables_and_round_trips(db: TestDb) {
    let client = ent::Client::open(db.url()).expect("open the database");
    let report = client
        .schema()
        .create(&mut Options::new())
        .expect("create the tables");
    assert!(!report.is_empty(), "an empty database gets every table");
    let again = client
        .schema()
        .create(&mut Options::new())
        .expect("second run");
    assert!(
        again.is_empty(),
        "nothing left to do: {:#?}",
        again.statements
    );

    let author = client
        .author()
        .create()
        .set_name("Ursula")
        .set_email("ursula@example.com")
        .save()
        .expect("create an author");
    for title in ["The Dispossessed", "The Lathe of Heaven"] {
        client
            .book()
            .create()
            .set_title(title)
            .set_author(author.id)
            .save()
            .expect("create a book");
    }
    let found = client
        .book()
        .query()
        .filter(book::TITLE.eq("The Dispossessed"))
        .only()
        .expect("one book by that title");
    assert_eq!(found.pages, 0, "the schema's default");
    let authors = client
        .author()
        .query()
        .with_books(|q| q)
        .all()
        .expect("authors with their books");
    assert_eq!(authors.len(), 1);
    assert_eq!(authors[0].books().expect("loaded").len(), 2);
}

#[test]
fn postgres_round_trip() {
    creates_tables_and_round_trips(TestDb::postgres());
}

#[test]
fn sqlite_round_trip() {
    creates_tables_and_round_trips(TestDb::sqlite_file());
}
