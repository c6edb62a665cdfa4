//! `entgen migrate diff` end to end: the directory is written from the schema, replayed on a
//! dev database to find the next change, applied to a live database, and a second diff against
//! that database finds nothing. Renames keep their rows.

mod common;

use common::{entgen, text};

use std::path::{Path, PathBuf};
use std::process::Output;

use entgen_runtime::testing::TestDb;

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!("entgen-diff-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(path.join("schema")).unwrap();
        TempDir(path)
    }
    fn schema(&self, text: &str) {
        std::fs::write(self.0.join("schema/app.schema"), text).unwrap();
    }
    fn path(&self, sub: &str) -> String {
        self.0.join(sub).to_str().unwrap().to_string()
    }
    fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.0.join("migrations"))
            .map(|d| {
                d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const V1: &str = "entity User {\n    nick string\n    edge pets to Pet[]\n}\n\nentity Pet {\n    name string\n    edge owner from User.pets?\n}\n";
const V2: &str = "entity User {\n    nickname string @renamed_from(\"nick\")\n    age      int?\n    edge pets to Pet[]\n}\n\nentity Pet {\n    name string\n    edge owner from User.pets?\n}\n";

/// The URL entgen takes for a test database (`TestDb` spells SQLite files `file:/path`).
fn url(db: &TestDb) -> String {
    match db.url().strip_prefix("file:") {
        Some(path) => format!("sqlite://{path}"),
        None => db.url().to_string(),
    }
}

fn diff(dir: &TempDir, name: &str, current: &[&str]) -> Output {
    let (schema, migrations) = (dir.path("schema"), dir.path("migrations"));
    let mut args = vec![
        "migrate",
        "diff",
        name,
        "--schema",
        &schema,
        "--dir",
        &migrations,
    ];
    args.extend_from_slice(current);
    entgen(&args)
}

fn scenario(dev: &TestDb, live: &TestDb, name: &str) {
    let dir = TempDir::new(name);
    dir.schema(V1);
    let out = diff(&dir, "init", &["--dev-url", &url(dev)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(
        dir.files().len(),
        2,
        "one migration and atlas.sum: {:?}",
        dir.files()
    );

    // In sync: nothing is written.
    let out = diff(&dir, "again", &["--dev-url", &url(dev)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("no changes"));
    assert_eq!(dir.files().len(), 2);

    // Apply v1 to the live database and put a row in it.
    let migrations = dir.path("migrations");
    let out = entgen(&[
        "migrate",
        "apply",
        "--dir",
        &migrations,
        "--url",
        &url(live),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));

    // v2 renames a column and adds one: the next file, computed against the live database.
    dir.schema(V2);
    let out = diff(&dir, "rename_nick", &["--url", &url(live)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let files = dir.files();
    assert_eq!(files.len(), 3, "{files:?}");
    let second = std::fs::read_to_string(Path::new(&migrations).join(&files[1])).unwrap();
    assert!(
        second.contains("RENAME COLUMN"),
        "a rename, not drop + add:\n{second}"
    );
    assert!(!second.contains("DROP COLUMN"), "{second}");
    assert_eq!(
        entgen(&["migrate", "validate", "--dir", &migrations])
            .status
            .code(),
        Some(0)
    );

    // The replayed directory and the live database agree once the new file is applied.
    let out = entgen(&[
        "migrate",
        "apply",
        "--dir",
        &migrations,
        "--url",
        &url(live),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = diff(&dir, "none", &["--url", &url(live)]);
    assert!(text(&out).contains("no changes"), "{}", text(&out));
    let out = diff(&dir, "none", &["--dev-url", &url(dev)]);
    assert!(text(&out).contains("no changes"), "{}", text(&out));
}

#[test]
fn diff_replays_applies_and_renames_on_postgres() {
    scenario(&TestDb::postgres(), &TestDb::postgres(), "pg");
}

#[test]
fn diff_replays_applies_and_renames_on_sqlite() {
    scenario(&TestDb::sqlite_file(), &TestDb::sqlite_file(), "sqlite");
}

#[test]
fn rows_survive_the_rename() {
    let live = TestDb::postgres();
    let dev = TestDb::postgres();
    let dir = TempDir::new("rows");
    dir.schema(V1);
    assert_eq!(
        diff(&dir, "init", &["--dev-url", &url(&dev)]).status.code(),
        Some(0)
    );
    let migrations = dir.path("migrations");
    assert_eq!(
        entgen(&[
            "migrate",
            "apply",
            "--dir",
            &migrations,
            "--url",
            &url(&live)
        ])
        .status
        .code(),
        Some(0)
    );
    let mut live = live;
    live.execute("INSERT INTO users (nick) VALUES ('ada')")
        .unwrap();
    dir.schema(V2);
    assert_eq!(
        diff(&dir, "rename", &["--url", &url(&live)]).status.code(),
        Some(0)
    );
    assert_eq!(
        entgen(&[
            "migrate",
            "apply",
            "--dir",
            &migrations,
            "--url",
            &url(&live)
        ])
        .status
        .code(),
        Some(0)
    );
    assert_eq!(
        live.query_i64("SELECT count(*) FROM users WHERE nickname = 'ada'")
            .unwrap(),
        1
    );
}

#[test]
fn a_dev_database_that_is_not_clean_is_refused() {
    let mut dev = TestDb::postgres();
    dev.execute("CREATE TABLE leftover (id int)").unwrap();
    let dir = TempDir::new("dirty");
    dir.schema(V1);
    let out = diff(&dir, "init", &["--dev-url", &url(&dev)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("not clean") && text(&out).contains("leftover"),
        "{}",
        text(&out)
    );
    assert!(
        dir.files().iter().all(|f| f == "atlas.sum"),
        "nothing written: {:?}",
        dir.files()
    );
}

#[test]
fn golang_migrate_format_gets_up_and_down_files() {
    let dev = TestDb::sqlite_file();
    let dir = TempDir::new("golang");
    dir.schema(V1);
    let out = diff(
        &dir,
        "init",
        &["--dev-url", &url(&dev), "--format", "golang-migrate"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let files = dir.files();
    assert!(
        files.iter().any(|f| f.ends_with("_init.up.sql")),
        "{files:?}"
    );
    let down = files
        .iter()
        .find(|f| f.ends_with("_init.down.sql"))
        .expect("down file");
    let down = std::fs::read_to_string(Path::new(&dir.path("migrations")).join(down)).unwrap();
    assert!(down.contains("DROP TABLE"), "{down}");
}

/// The tables a `.schema` text maps to.
fn tables(schema: &str, dialect: entgen::graph::Dialect) -> entgen_runtime::schema::Schema {
    let mut diagnostics = entgen::diagnostics::Diagnostics::new();
    let parsed = entgen::schema_dir::parse_sources(
        vec![("s.schema".into(), schema.into())],
        &mut diagnostics,
    );
    entgen::sql::tables(
        &entgen::graph::build(&parsed.files, &mut diagnostics).unwrap(),
        dialect,
    )
}

/// Whether the live database holds exactly `schema`'s tables.
fn holds(db: &mut TestDb, schema: &str, dialect: entgen::graph::Dialect) -> bool {
    let inspected = db.inspect().unwrap();
    let options =
        entgen_runtime::diff::DiffOptions::new(entgen::sql::sql_dialect(dialect).unwrap());
    entgen_runtime::diff::diff(&inspected, &tables(schema, dialect), &options)
        .unwrap()
        .is_empty()
}

/// Down migrations: golang-migrate files for v1 and v2, applied up, down, up again, checking the
/// schema after each step.
fn up_down_up(dev: TestDb, mut live: TestDb, dialect: entgen::graph::Dialect) {
    let dir = TempDir::new(&format!("updown-{}", dialect.key()));
    let format = ["--format", "golang-migrate"];
    dir.schema(V1);
    let out = diff(
        &dir,
        "init",
        &["--dev-url", &url(&dev), format[0], format[1]],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    // Distinct versions: golang-migrate names files by the second.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    dir.schema(V2);
    let out = diff(&dir, "v2", &["--dev-url", &url(&dev), format[0], format[1]]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let read = |suffix: &str| -> Vec<String> {
        let mut contents: Vec<(String, String)> = dir
            .files()
            .into_iter()
            .filter(|f| f.ends_with(suffix))
            .map(|f| {
                (
                    f.clone(),
                    std::fs::read_to_string(Path::new(&dir.path("migrations")).join(f)).unwrap(),
                )
            })
            .collect();
        contents.sort();
        contents.into_iter().map(|(_, c)| c).collect()
    };
    let (ups, downs) = (read(".up.sql"), read(".down.sql"));
    assert_eq!((ups.len(), downs.len()), (2, 2), "{:?}", dir.files());
    let run = |db: &mut TestDb, sql: &str| {
        db.execute(sql)
            .unwrap_or_else(|e| panic!("{dialect:?}: {e}"))
    };

    run(&mut live, &ups[0]);
    assert!(holds(&mut live, V1, dialect), "after up 1");
    live.execute("INSERT INTO users (nick) VALUES ('ada')")
        .unwrap();
    run(&mut live, &ups[1]);
    assert!(holds(&mut live, V2, dialect), "after up 2");
    run(&mut live, &downs[1]);
    assert!(holds(&mut live, V1, dialect), "after down 2");
    assert_eq!(
        live.query_i64("SELECT count(*) FROM users WHERE nick = 'ada'")
            .unwrap(),
        1,
        "the rename is reversed with its rows"
    );
    run(&mut live, &ups[1]);
    assert!(holds(&mut live, V2, dialect), "after up 2 again");
    run(&mut live, &downs[1]);
    run(&mut live, &downs[0]);
    assert!(
        live.inspect().unwrap().tables.is_empty(),
        "down 1 empties the database"
    );
}

#[test]
fn down_migrations_reverse_up_migrations_on_postgres() {
    up_down_up(
        TestDb::postgres(),
        TestDb::postgres(),
        entgen::graph::Dialect::Postgres,
    );
}

#[test]
fn down_migrations_reverse_up_migrations_on_sqlite() {
    up_down_up(
        TestDb::sqlite_file(),
        TestDb::sqlite_file(),
        entgen::graph::Dialect::Sqlite,
    );
}

/// Encore's flow: sequential names, bare statements, no atlas.sum.
#[test]
fn template_format_with_no_sum_writes_sequential_bare_files() {
    let dev = TestDb::sqlite_file();
    let dir = TempDir::new("encore");
    let format = ["--format", "template:{{seq}}_{{name}}.up.sql", "--no-sum"];
    dir.schema(V1);
    let dev_url = url(&dev);
    let mut args = vec!["--dev-url", dev_url.as_str()];
    args.extend_from_slice(&format);
    let out = diff(&dir, "init", &args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    dir.schema(V2);
    let out = diff(&dir, "rename_nick", &args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(dir.files(), ["1_init.up.sql", "2_rename_nick.up.sql"]);
    let first =
        std::fs::read_to_string(Path::new(&dir.path("migrations")).join("1_init.up.sql")).unwrap();
    assert!(
        first.starts_with("CREATE TABLE"),
        "bare statements, no comments:\n{first}"
    );
}

/// `@@renamed_from` renames a table (and a column in it) without losing rows.
#[test]
fn table_renames_keep_their_rows() {
    let dev = TestDb::postgres();
    let mut live = TestDb::postgres();
    let dir = TempDir::new("table-rename");
    dir.schema(V1);
    assert_eq!(
        diff(&dir, "init", &["--dev-url", &url(&dev)]).status.code(),
        Some(0)
    );
    let migrations = dir.path("migrations");
    let apply = |live: &TestDb| {
        entgen(&[
            "migrate",
            "apply",
            "--dir",
            &migrations,
            "--url",
            &url(live),
        ])
    };
    assert_eq!(apply(&live).status.code(), Some(0));
    live.execute("INSERT INTO users (nick) VALUES ('ada')")
        .unwrap();
    dir.schema(
        &V2.replace(
            "entity User {\n",
            "entity Member {\n    @@renamed_from(\"users\")\n",
        )
        .replace("User.pets", "Member.pets"),
    );
    let out = diff(&dir, "members", &["--url", &url(&live)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(apply(&live).status.code(), Some(0));
    assert_eq!(
        live.query_i64("SELECT count(*) FROM members WHERE nickname = 'ada'")
            .unwrap(),
        1
    );
    let out = diff(&dir, "none", &["--url", &url(&live)]);
    assert!(text(&out).contains("no changes"), "{}", text(&out));
}

/// The expressions in a `.schema`: checks with `AND`, `IN`, `BETWEEN`, `LIKE`, `<>` and a
/// function call, a partial index and an SQL default.
const EXPRESSIONS: &str = "entity Invoice {\n    amount int32\n    status string @default(\"active\")\n    code   string @default_sql(\"lower('ABC')\")\n\n    index (status) @where(\"status = 'active'\")\n\n    @@check(c1, \"amount >= 0 AND amount <= 5\")\n    @@check(c2, \"status IN ('active', 'gone') AND amount BETWEEN 0 AND 9\")\n    @@check(c3, \"status LIKE 'a%' OR length(status) <> 3\")\n}\n";

/// [`EXPRESSIONS`] for MySQL/MariaDB, which have no partial index, plus the check MariaDB prints
/// as `` `lo` <= `hi` and `hi` < 1000 `` and a default it prints as `lcase('ABC')`.
const MYSQL_EXPRESSIONS: &str = "entity Invoice {\n    amount int32\n    lo     int32\n    hi     int32\n    status string @default(\"active\")\n    code   string @default_sql(\"lower('ABC')\")\n\n    @@check(c1, \"amount >= 0 AND amount <= 5\")\n    @@check(c2, \"status IN ('active', 'gone') AND amount BETWEEN 0 AND 9\")\n    @@check(c3, \"status LIKE 'a%' OR length(status) <> 3\")\n    @@check(lo_hi, \"(lo <= hi) AND (hi < 1000)\")\n}\n";

/// After `apply`, `migrate diff` with `--url` and with `--dev-url` says "no changes".
fn expressions_do_not_drift(dev: TestDb, live: TestDb, name: &str, schema: &str) {
    let dir = TempDir::new(name);
    dir.schema(schema);
    let out = diff(&dir, "init", &["--dev-url", &url(&dev)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let migrations = dir.path("migrations");
    let out = entgen(&[
        "migrate",
        "apply",
        "--dir",
        &migrations,
        "--url",
        &url(&live),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    for current in [["--url", &url(&live)], ["--dev-url", &url(&dev)]] {
        let out = diff(&dir, "drift", &current);
        let written: Vec<String> = dir
            .files()
            .iter()
            .map(|f| std::fs::read_to_string(Path::new(&migrations).join(f)).unwrap())
            .collect();
        assert!(
            text(&out).contains("no changes"),
            "{current:?}: {}\n{written:#?}",
            text(&out)
        );
    }
    assert_eq!(dir.files().len(), 2, "{:?}", dir.files());
}

#[test]
fn expressions_do_not_drift_on_postgres() {
    expressions_do_not_drift(
        TestDb::postgres(),
        TestDb::postgres(),
        "expr-pg",
        EXPRESSIONS,
    );
}

#[test]
fn expressions_do_not_drift_on_sqlite() {
    expressions_do_not_drift(
        TestDb::sqlite_file(),
        TestDb::sqlite_file(),
        "expr-sqlite",
        EXPRESSIONS,
    );
}

#[test]
fn expressions_do_not_drift_on_mysql() {
    expressions_do_not_drift(
        TestDb::mysql(),
        TestDb::mysql(),
        "expr-mysql",
        MYSQL_EXPRESSIONS,
    );
}

/// `string` → `int`: the file gets a `USING` cast and a lint warning, and applies on
/// PostgreSQL to a table whose rows convert; a row that does not convert stops the file with
/// PostgreSQL's reason, and the file is rolled back.
#[test]
fn string_to_int_applies_on_postgres_with_a_using_cast() {
    let (dev, live, stuck) = (TestDb::postgres(), TestDb::postgres(), TestDb::postgres());
    let dir = TempDir::new("using");
    let migrations = dir.path("migrations");
    let apply =
        |db: &TestDb| entgen(&["migrate", "apply", "--dir", &migrations, "--url", &url(db)]);
    dir.schema("entity User {\n    age string\n}\n");
    let out = diff(&dir, "init", &["--dev-url", &url(&dev)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    for (db, age) in [(&live, "42"), (&stuck, "forty-two")] {
        assert_eq!(apply(db).status.code(), Some(0));
        let mut c = postgres::Client::connect(db.url(), postgres::NoTls).unwrap();
        c.execute("INSERT INTO users (age) VALUES ($1)", &[&age])
            .unwrap();
    }

    dir.schema("entity User {\n    age int\n}\n");
    let out = diff(&dir, "age_int", &["--dev-url", &url(&dev)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let files = dir.files();
    let second = std::fs::read_to_string(Path::new(&migrations).join(&files[1])).unwrap();
    assert!(second.contains("USING \"age\"::bigint"), "{second}");

    let out = entgen(&["migrate", "lint", "--dir", &migrations, "--latest", "1"]);
    assert_eq!(out.status.code(), Some(0), "a warning: {}", text(&out));
    assert!(
        text(&out).contains("EG101") && text(&out).contains("does not convert"),
        "{}",
        text(&out)
    );

    let out = apply(&live);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let mut c = postgres::Client::connect(live.url(), postgres::NoTls).unwrap();
    let age: i64 = c.query_one("SELECT age FROM users", &[]).unwrap().get(0);
    assert_eq!(age, 42);
    let out = diff(&dir, "none", &["--url", &url(&live)]);
    assert!(text(&out).contains("no changes"), "{}", text(&out));

    let out = apply(&stuck);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("invalid input syntax") && text(&out).contains(&files[1]),
        "{}",
        text(&out)
    );
}

/// The newest migration file's text.
fn newest(dir: &TempDir) -> String {
    let last = dir
        .files()
        .into_iter()
        .rfind(|f| f.ends_with(".sql"))
        .expect("a migration file");
    std::fs::read_to_string(Path::new(&dir.path("migrations")).join(last)).unwrap()
}

fn copy_migrations(from: &TempDir, to: &TempDir) {
    std::fs::create_dir_all(to.path("migrations")).unwrap();
    for f in from.files() {
        let src = Path::new(&from.path("migrations")).join(&f);
        std::fs::copy(src, Path::new(&to.path("migrations")).join(&f)).unwrap();
    }
}

/// With neither --url nor --dev-url the directory is replayed offline: the same next file as
/// with --dev-url, rename included; a statement the replay cannot model is refused naming file
/// and line and pointing at --dev-url.
fn offline_matches_dev_url(dev: &TestDb, dialect: &str) {
    let offline = TempDir::new(&format!("offline-{dialect}"));
    offline.schema(V1);
    let out = diff(&offline, "init", &["--dialect", dialect]);
    assert!(out.status.success(), "{}", text(&out));
    let with_dev = TempDir::new(&format!("offline-dev-{dialect}"));
    copy_migrations(&offline, &with_dev);
    offline.schema(V2);
    with_dev.schema(V2);
    let out = diff(&offline, "next", &["--dialect", dialect]);
    assert!(out.status.success(), "{}", text(&out));
    let out = diff(&with_dev, "next", &["--dev-url", &url(dev)]);
    assert!(out.status.success(), "{}", text(&out));
    let next = newest(&offline);
    assert!(next.contains("RENAME COLUMN"), "{next}");
    assert_eq!(next, newest(&with_dev));
    // In sync: nothing to write.
    let out = diff(&offline, "again", &["--dialect", dialect]);
    assert!(
        out.status.success() && text(&out).contains("no changes"),
        "{}",
        text(&out)
    );

    // A hand-written view is not modelled: refused, never guessed.
    let view = Path::new(&offline.path("migrations")).join("99999999999999_view.sql");
    std::fs::write(&view, "-- a view\n\nCREATE VIEW v AS SELECT 1;\n").unwrap();
    let out = entgen(&["migrate", "hash", "--dir", &offline.path("migrations")]);
    assert!(out.status.success(), "{}", text(&out));
    let out = diff(&offline, "later", &["--dialect", dialect]);
    let msg = text(&out);
    assert_eq!(out.status.code(), Some(1), "{msg}");
    assert!(
        msg.contains("99999999999999_view.sql:3:")
            && msg.contains("CREATE VIEW")
            && msg.contains("--dev-url"),
        "{msg}"
    );
}

#[test]
fn offline_diff_writes_what_dev_url_writes_on_postgres() {
    offline_matches_dev_url(&TestDb::postgres(), "postgres");
}

#[test]
fn offline_diff_writes_what_dev_url_writes_on_sqlite() {
    offline_matches_dev_url(&TestDb::sqlite_file(), "sqlite");
}

#[test]
fn offline_diff_writes_what_dev_url_writes_on_mysql() {
    offline_matches_dev_url(&TestDb::mysql(), "mysql");
}

/// A database another tool migrates holds that tool's bookkeeping table (dbmate's
/// `schema_migrations`, Liquibase's `databasechangelog` and its lock): `migrate diff --url` in
/// that tool's format leaves it alone instead of writing a `DROP TABLE` for it.
fn tool_tables_are_not_dropped(new_db: fn() -> TestDb, tag: &str) {
    let cases = [
        (
            "dbmate",
            "CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY)",
        ),
        (
            "liquibase",
            "CREATE TABLE databasechangelog (id varchar(255) NOT NULL, author varchar(255)); \
             CREATE TABLE databasechangeloglock (id integer PRIMARY KEY, locked boolean)",
        ),
    ];
    for (format, tool_ddl) in cases {
        let mut live = new_db();
        let dir = TempDir::new(&format!("tool-tables-{tag}-{format}"));
        dir.schema(V1);
        let init = diff(&dir, "init", &["--url", &url(&live), "--format", format]);
        assert_eq!(init.status.code(), Some(0), "{}", text(&init));
        let migrations = dir.path("migrations");
        let apply = entgen(&[
            "migrate",
            "apply",
            "--dir",
            &migrations,
            "--url",
            &url(&live),
        ]);
        assert_eq!(apply.status.code(), Some(0), "{}", text(&apply));
        for statement in tool_ddl.split("; ") {
            live.execute(statement).unwrap();
        }
        let before = dir.files();
        let out = diff(&dir, "none", &["--url", &url(&live), "--format", format]);
        assert!(
            text(&out).contains("no changes"),
            "{format}: {}",
            text(&out)
        );
        assert_eq!(dir.files(), before, "{format}: a file was written");
    }
}

#[test]
fn tool_tables_are_not_dropped_on_postgres() {
    tool_tables_are_not_dropped(TestDb::postgres, "pg");
}

#[test]
fn tool_tables_are_not_dropped_on_sqlite() {
    tool_tables_are_not_dropped(TestDb::sqlite_file, "sqlite");
}
