//! `versioned::diff` (ent's `Schema.NamedDiff`) on real databases: a hand-built desired schema
//! is written into a migration directory from a live connection, in replay mode (the connection
//! is a clean dev database) and in inspect mode (the connection's tables are the baseline).

use std::path::{Path, PathBuf};

use entgen_runtime::dialect::Dialect;
use entgen_runtime::dir::{Format, MigrationDir, SumCheck};
use entgen_runtime::driver::Driver;
use entgen_runtime::schema::{Column, ColumnType, ForeignKey, ReferenceAction, Schema, Table};
use entgen_runtime::testing::TestDb;
use entgen_runtime::versioned::{self, DiffError, DiffOptions, DiffOutcome, Mode};

/// A migration directory under the system's temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let path = std::env::temp_dir().join(format!(
            "entgen-versioned-{tag}-{}-{nanos}",
            std::process::id()
        ));
        TempDir(path.join("migrations"))
    }

    fn path(&self) -> &Path {
        &self.0
    }

    /// File names in the directory, sorted.
    fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.0)
            .map(|d| {
                d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.0.join(name)).unwrap()
    }

    /// The migration files' contents in directory order (atlas.sum left out).
    fn migrations(&self) -> Vec<String> {
        self.files()
            .iter()
            .filter(|f| f.ends_with(".sql"))
            .map(|f| self.read(f))
            .collect()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if let Some(parent) = self.0.parent() {
            let _ = std::fs::remove_dir_all(parent);
        }
    }
}

fn id() -> Column {
    Column::new("id", ColumnType::int64()).identity()
}

/// Users and their pets.
fn v1() -> Schema {
    Schema::new()
        .table(
            Table::new("users")
                .column(id())
                .column(Column::new("nick", ColumnType::string()))
                .primary_key(["id"]),
        )
        .table(
            Table::new("pets")
                .column(id())
                .column(Column::new("name", ColumnType::string()))
                .column(Column::new("owner_id", ColumnType::int64()).nullable())
                .primary_key(["id"])
                .foreign_key(
                    ForeignKey::new("pets_users_pets", "owner_id", "users", "id")
                        .on_delete(ReferenceAction::SetNull),
                ),
        )
}

/// v1 with `users.nick` renamed to `nickname` and a new nullable `users.age`.
fn v2() -> Schema {
    let mut s = v1();
    let users = &mut s.tables[0];
    users.columns[1].name = "nickname".into();
    users
        .columns
        .push(Column::new("age", ColumnType::int64()).nullable());
    s
}

fn open(db: &TestDb) -> Driver {
    Driver::open(db.url()).unwrap_or_else(|e| panic!("{}: {e}", db.url()))
}

fn written(outcome: Result<DiffOutcome, DiffError>) -> Vec<PathBuf> {
    match outcome {
        Ok(DiffOutcome::Written(paths)) => paths,
        other => panic!("expected files to be written, got {other:?}"),
    }
}

/// Whether `db` holds exactly `schema` once `sql` (the directory's files) ran on it.
fn replays_to(sql: &[String], schema: &Schema, dialect: Dialect) -> bool {
    let mut db = match dialect {
        Dialect::Sqlite => TestDb::sqlite_file(),
        _ => TestDb::postgres(),
    };
    for file in sql {
        db.execute(file).unwrap();
    }
    let inspected = db.inspect().unwrap();
    entgen_runtime::diff::diff(
        &inspected,
        schema,
        &entgen_runtime::diff::DiffOptions::new(dialect),
    )
    .unwrap()
    .is_empty()
}

/// Empty dir → first file and atlas.sum; again → no changes; v2 → a second file; the files
/// rebuild v2 from nothing, and the dev database is left empty every time.
fn replay_writes_one_file_per_change(mut dev: TestDb) {
    let dialect = dev.dialect();
    let dir = TempDir::new(&format!("replay-{}", dialect.name()));
    let mut driver = open(&dev);
    let options = DiffOptions::default();

    let paths = written(versioned::diff(
        &mut driver,
        &v1(),
        "v1",
        dir.path(),
        &options,
    ));
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert!(paths[0].to_string_lossy().ends_with("_v1.sql"), "{paths:?}");
    assert!(paths[1].ends_with("atlas.sum"), "{paths:?}");
    let md = MigrationDir::open(dir.path(), Format::Atlas).unwrap();
    assert_eq!(md.check_sum().unwrap(), SumCheck::Valid);
    assert!(dev.inspect().unwrap().tables.is_empty(), "dev db cleaned");

    let again = versioned::diff(&mut driver, &v1(), "again", dir.path(), &options).unwrap();
    assert_eq!(again, DiffOutcome::NoChanges);
    assert_eq!(dir.files().len(), 2, "{:?}", dir.files());

    // Hints that refer to names already gone are ignored, so they can stay.
    let options = options.rename_column("users", "nick", "nickname");
    let paths = written(versioned::diff(
        &mut driver,
        &v2(),
        "v2",
        dir.path(),
        &options,
    ));
    assert_eq!(paths.len(), 2, "the new file and atlas.sum: {paths:?}");
    assert_eq!(dir.files().len(), 3, "{:?}", dir.files());
    let second = dir.read(&dir.files()[1]);
    assert!(second.contains("RENAME COLUMN"), "a rename:\n{second}");
    assert_eq!(md.check_sum().unwrap(), SumCheck::Valid);
    assert!(dev.inspect().unwrap().tables.is_empty(), "dev db cleaned");
    assert!(
        replays_to(&dir.migrations(), &v2(), dialect),
        "{:?}",
        dir.migrations()
    );

    let stale = versioned::diff(&mut driver, &v2(), "v3", dir.path(), &options).unwrap();
    assert_eq!(stale, DiffOutcome::NoChanges);
}

#[test]
fn replay_writes_one_file_per_change_on_postgres() {
    replay_writes_one_file_per_change(TestDb::postgres());
}

#[test]
fn replay_writes_one_file_per_change_on_sqlite() {
    replay_writes_one_file_per_change(TestDb::sqlite_file());
}

fn tampered_directory_is_refused(dev: TestDb) {
    let dir = TempDir::new(&format!("tampered-{}", dev.dialect().name()));
    let mut driver = open(&dev);
    let options = DiffOptions::default();
    written(versioned::diff(
        &mut driver,
        &v1(),
        "v1",
        dir.path(),
        &options,
    ));
    let file = dir.files()[0].clone();
    std::fs::write(
        dir.path().join(&file),
        dir.read(&file) + "\nCREATE TABLE sneaky (id int);\n",
    )
    .unwrap();

    let err = versioned::diff(&mut driver, &v2(), "v2", dir.path(), &options).unwrap_err();
    assert!(matches!(err, DiffError::Tampered { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains(&file) && message.contains("edited"),
        "names the file: {message}"
    );
    assert_eq!(dir.files().len(), 2, "nothing written: {:?}", dir.files());
}

#[test]
fn tampered_directory_is_refused_on_postgres() {
    tampered_directory_is_refused(TestDb::postgres());
}

#[test]
fn tampered_directory_is_refused_on_sqlite() {
    tampered_directory_is_refused(TestDb::sqlite_file());
}

fn dev_database_with_tables_is_refused(mut dev: TestDb) {
    dev.execute("CREATE TABLE precious (id int)").unwrap();
    dev.execute("INSERT INTO precious VALUES (1)").unwrap();
    let dir = TempDir::new(&format!("dirty-{}", dev.dialect().name()));
    let mut driver = open(&dev);
    let err = versioned::diff(
        &mut driver,
        &v1(),
        "v1",
        dir.path(),
        &DiffOptions::default(),
    )
    .unwrap_err();
    assert!(
        matches!(&err, DiffError::NotClean { table } if table == "precious"),
        "{err:?}"
    );
    assert!(err.to_string().contains("precious"), "{err}");
    assert_eq!(
        dev.query_i64("SELECT count(*) FROM precious").unwrap(),
        1,
        "the table and its rows are kept"
    );
    assert!(dir.files().is_empty(), "nothing written: {:?}", dir.files());
}

#[test]
fn dev_database_with_tables_is_refused_on_postgres() {
    dev_database_with_tables_is_refused(TestDb::postgres());
}

#[test]
fn dev_database_with_tables_is_refused_on_sqlite() {
    dev_database_with_tables_is_refused(TestDb::sqlite_file());
}

/// Inspect mode: the live database holding v1 (with a row) is the baseline; the file renames
/// the column instead of dropping it, and applying it keeps the row.
fn inspect_mode_diffs_against_the_live_tables(mut live: TestDb) {
    let dialect = live.dialect();
    let dir = TempDir::new(&format!("inspect-{}", dialect.name()));
    let mut driver = open(&live);
    let options = DiffOptions::default()
        .mode(Mode::Inspect)
        .rename_column("users", "nick", "nickname");
    written(versioned::diff(
        &mut driver,
        &v1(),
        "v1",
        dir.path(),
        &options,
    ));
    live.execute(&dir.migrations()[0]).unwrap();
    live.execute("INSERT INTO users (nick) VALUES ('ada')")
        .unwrap();

    written(versioned::diff(
        &mut driver,
        &v2(),
        "v2",
        dir.path(),
        &options,
    ));
    let second = dir.migrations()[1].clone();
    assert!(!second.contains("DROP COLUMN"), "{second}");
    live.execute(&second).unwrap();
    assert_eq!(
        live.query_i64("SELECT count(*) FROM users WHERE nickname = 'ada'")
            .unwrap(),
        1
    );
    let none = versioned::diff(&mut driver, &v2(), "v3", dir.path(), &options).unwrap();
    assert_eq!(none, DiffOutcome::NoChanges);
}

#[test]
fn inspect_mode_diffs_against_the_live_tables_on_postgres() {
    inspect_mode_diffs_against_the_live_tables(TestDb::postgres());
}

#[test]
fn inspect_mode_diffs_against_the_live_tables_on_sqlite() {
    inspect_mode_diffs_against_the_live_tables(TestDb::sqlite_file());
}

/// A file that fails on replay is named with its line, and the dev database is emptied of what
/// the files before it created.
fn failing_replay_names_the_file_and_cleans_up(mut dev: TestDb) {
    let dir = TempDir::new(&format!("broken-{}", dev.dialect().name()));
    let mut driver = open(&dev);
    let options = DiffOptions::default();
    written(versioned::diff(
        &mut driver,
        &v1(),
        "v1",
        dir.path(),
        &options,
    ));
    std::fs::write(
        dir.path().join("99990101000000_broken.sql"),
        "-- a comment\nCREATE TABLE extra (id int);\nALTER TABLE missing ADD COLUMN x int;\n",
    )
    .unwrap();
    let md = MigrationDir::open(dir.path(), Format::Atlas).unwrap();
    md.write_sum().unwrap();

    let err = versioned::diff(&mut driver, &v2(), "v2", dir.path(), &options).unwrap_err();
    match &err {
        DiffError::Replay { file, line, .. } => {
            assert_eq!((file.as_str(), *line), ("99990101000000_broken.sql", 3));
        }
        other => panic!("expected a replay error, got {other:?}"),
    }
    assert!(err.to_string().contains("missing"), "{err}");
    assert!(
        dev.inspect().unwrap().tables.is_empty(),
        "dev db cleaned after the failure"
    );
}

#[test]
fn failing_replay_names_the_file_and_cleans_up_on_postgres() {
    failing_replay_names_the_file_and_cleans_up(TestDb::postgres());
}

#[test]
fn failing_replay_names_the_file_and_cleans_up_on_sqlite() {
    failing_replay_names_the_file_and_cleans_up(TestDb::sqlite_file());
}

/// The application's SQLite connection still enforces foreign keys after the dev database was
/// cleaned (the drops switch them off for a moment).
#[test]
fn sqlite_connection_keeps_enforcing_foreign_keys() {
    let dev = TestDb::sqlite_file();
    let dir = TempDir::new("fk");
    let mut driver = open(&dev);
    written(versioned::diff(
        &mut driver,
        &v1(),
        "v1",
        dir.path(),
        &DiffOptions::default(),
    ));
    driver
        .execute_batch("CREATE TABLE a (id integer PRIMARY KEY); CREATE TABLE b (a_id integer REFERENCES a (id))")
        .unwrap();
    let err = driver
        .execute_batch("INSERT INTO b (a_id) VALUES (42)")
        .unwrap_err();
    assert!(err.is_foreign_key_violation(), "{err}");
}

/// Encore's flow: a `{{seq}}` template, no atlas.sum.
#[test]
fn template_without_sum_writes_sequential_files_only() {
    let dev = TestDb::postgres();
    let dir = TempDir::new("template");
    let mut driver = open(&dev);
    let options = DiffOptions::default()
        .format("template:{{seq}}_{{name}}.up.sql".parse().unwrap())
        .no_sum(true)
        .rename_column("users", "nick", "nickname");
    written(versioned::diff(
        &mut driver,
        &v1(),
        "init",
        dir.path(),
        &options,
    ));
    written(versioned::diff(
        &mut driver,
        &v2(),
        "rename",
        dir.path(),
        &options,
    ));
    assert_eq!(dir.files(), ["1_init.up.sql", "2_rename.up.sql"]);
    assert!(replays_to(&dir.migrations(), &v2(), Dialect::Postgres));
}
