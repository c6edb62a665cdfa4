//! Versions are unique, every file has one, and files run in order (issue 13, point 1): each
//! command refuses a directory that breaks this, naming the files, on PostgreSQL and SQLite.

mod common;

use common::{entgen, text};

use std::fs;
use std::path::PathBuf;
use std::process::Output;

use entgen_runtime::testing::TestDb;

/// A project folder (`migrations/`, `schema/`) in the temporary directory, removed on drop.
struct Project(PathBuf);

impl Project {
    fn new(tag: &str) -> Project {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "entgen-versions-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(path.join("migrations")).unwrap();
        fs::create_dir_all(path.join("schema")).unwrap();
        fs::write(
            path.join("schema/app.schema"),
            "entity User {\n    name string\n}\n",
        )
        .unwrap();
        Project(path)
    }
    fn dir(&self) -> String {
        self.0.join("migrations").to_str().unwrap().to_string()
    }
    fn write(&self, name: &str, content: &str) {
        fs::write(self.0.join("migrations").join(name), content).unwrap();
    }
    fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.0.join("migrations"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
    fn migrate(&self, command: &str, extra: &[&str]) -> Output {
        let dir = self.dir();
        let mut args = vec!["migrate", command, "--dir", dir.as_str()];
        args.extend_from_slice(extra);
        entgen(&args)
    }
    fn hash(&self) {
        let out = self.migrate("hash", &[]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    }
    fn diff(&self, url: &str) -> Output {
        let schema = self.0.join("schema");
        let dir = self.dir();
        entgen(&[
            "migrate",
            "diff",
            "next",
            "--schema",
            schema.to_str().unwrap(),
            "--dir",
            &dir,
            "--dev-url",
            url,
        ])
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// The URL entgen takes for a test database (`TestDb` spells SQLite files `file:/path`).
fn url(db: &TestDb) -> String {
    match db.url().strip_prefix("file:") {
        Some(path) => format!("sqlite://{path}"),
        None => db.url().to_string(),
    }
}

fn tables_named(db: &mut TestDb, name: &str) -> i64 {
    let sql = match db.url().starts_with("file:") {
        true => format!("SELECT count(*) FROM sqlite_master WHERE name = '{name}'"),
        false => format!("SELECT count(*) FROM pg_tables WHERE tablename = '{name}'"),
    };
    db.query_i64(&sql).unwrap()
}

fn exit(out: &Output) -> Option<i32> {
    out.status.code()
}

/// `migrate new` three times in one second, then `apply`: three versions, three revisions.
fn new_files_get_increasing_versions(mut db: TestDb) {
    let p = Project::new("new");
    for name in ["a", "b", "c"] {
        let out = p.migrate("new", &[name]);
        assert_eq!(exit(&out), Some(0), "{}", text(&out));
    }
    let files: Vec<String> = p.files().into_iter().filter(|f| f != "atlas.sum").collect();
    let versions: Vec<&str> = files.iter().map(|f| f.split('_').next().unwrap()).collect();
    assert_eq!(versions.len(), 3, "{files:?}");
    assert!(
        versions.windows(2).all(|w| w[0] < w[1]),
        "versions must increase: {files:?}"
    );
    p.write(&files[0], "CREATE TABLE a (id int);\n");
    p.write(&files[1], "CREATE TABLE b (id int);\n");
    p.hash();
    let out = p.migrate("apply", &["--url", &url(&db)]);
    assert_eq!(exit(&out), Some(0), "{}", text(&out));
    let out = p.migrate("apply", &["--url", &url(&db)]);
    assert_eq!(
        exit(&out),
        Some(0),
        "a second apply must find nothing to do: {}",
        text(&out)
    );
    assert!(text(&out).contains("no pending"), "{}", text(&out));
    let revisions = match db.url().starts_with("file:") {
        true => "SELECT count(*) FROM atlas_schema_revisions",
        false => "SELECT count(*) FROM atlas_schema_revisions.atlas_schema_revisions",
    };
    assert_eq!(db.query_i64(revisions).unwrap(), 3);
}

#[test]
fn postgres_new_files_get_increasing_versions() {
    new_files_get_increasing_versions(TestDb::postgres());
}

#[test]
fn sqlite_new_files_get_increasing_versions() {
    new_files_get_increasing_versions(TestDb::sqlite_file());
}

/// Every command that reads the directory refuses two files with one version, naming both.
fn duplicate_versions_are_refused(mut db: TestDb) {
    let p = Project::new("dup");
    p.write("20240101000000_a.sql", "CREATE TABLE a (id int);\n");
    p.write("20240101000000_b.sql", "CREATE TABLE b (id int);\n");
    p.hash();
    let u = url(&db);
    let runs = [
        ("validate", p.migrate("validate", &[])),
        ("lint", p.migrate("lint", &[])),
        ("new", p.migrate("new", &["c"])),
        ("apply", p.migrate("apply", &["--url", &u])),
        ("status", p.migrate("status", &["--url", &u])),
        ("diff", p.diff(&u)),
    ];
    for (command, out) in runs {
        let t = text(&out);
        assert_eq!(exit(&out), Some(1), "{command}: {t}");
        assert!(
            t.contains("20240101000000_a.sql")
                && t.contains("20240101000000_b.sql")
                && t.contains("same version"),
            "{command}: {t}"
        );
    }
    assert_eq!(tables_named(&mut db, "a"), 0, "nothing may be applied");
    assert_eq!(tables_named(&mut db, "atlas_schema_revisions"), 0);
    assert_eq!(p.files().len(), 3, "no file may be written");
}

#[test]
fn postgres_duplicate_versions_are_refused() {
    duplicate_versions_are_refused(TestDb::postgres());
}

#[test]
fn sqlite_duplicate_versions_are_refused() {
    duplicate_versions_are_refused(TestDb::sqlite_file());
}

/// A file named without a version is refused by name.
fn a_file_without_version_is_refused(mut db: TestDb) {
    let p = Project::new("nover");
    p.write("20240101000000_a.sql", "CREATE TABLE a (id int);\n");
    p.write("init.sql", "CREATE TABLE b (id int);\n");
    p.hash();
    let u = url(&db);
    for (command, out) in [
        ("validate", p.migrate("validate", &[])),
        ("apply", p.migrate("apply", &["--url", &u])),
        ("status", p.migrate("status", &["--url", &u])),
    ] {
        let t = text(&out);
        assert_eq!(exit(&out), Some(1), "{command}: {t}");
        assert!(t.contains("init.sql has no version"), "{command}: {t}");
    }
    assert_eq!(tables_named(&mut db, "a"), 0, "nothing may be applied");
}

#[test]
fn postgres_a_file_without_version_is_refused() {
    a_file_without_version_is_refused(TestDb::postgres());
}

#[test]
fn sqlite_a_file_without_version_is_refused() {
    a_file_without_version_is_refused(TestDb::sqlite_file());
}

/// A file added before the last applied one is named as out of order (not as an edited file);
/// `--exec-order` decides what happens to it, as in Atlas.
fn out_of_order_files_follow_exec_order(mut db: TestDb) {
    let p = Project::new("order");
    let u = url(&db);
    p.write("20240101000000_a.sql", "CREATE TABLE a (id int);\n");
    p.write("20240103000000_c.sql", "CREATE TABLE c (id int);\n");
    p.hash();
    let out = p.migrate("apply", &["--url", &u]);
    assert_eq!(exit(&out), Some(0), "{}", text(&out));
    // A branch merged later brings an older file.
    p.write("20240102000000_b.sql", "CREATE TABLE b (id int);\n");
    p.hash();

    let out = p.migrate("apply", &["--url", &u]);
    let t = text(&out);
    assert_eq!(exit(&out), Some(1), "{t}");
    assert!(
        t.contains("20240102000000_b.sql are out of order") && !t.contains("edited"),
        "{t}"
    );
    assert_eq!(tables_named(&mut db, "b"), 0);

    let out = p.migrate("status", &["--url", &u]);
    let t = text(&out);
    assert_eq!(exit(&out), Some(1), "{t}");
    let line = t
        .lines()
        .find(|l| l.contains("20240102000000_b.sql") && !l.starts_with("error"))
        .unwrap_or_else(|| panic!("{t}"));
    assert!(
        line.starts_with("pending"),
        "b is pending, never applied: {t}"
    );
    assert!(line.contains("out of order"), "{t}");

    let out = p.migrate("apply", &["--url", &u, "--exec-order", "linear-skip"]);
    assert_eq!(exit(&out), Some(0), "{}", text(&out));
    assert_eq!(tables_named(&mut db, "b"), 0, "linear-skip leaves b out");

    let out = p.migrate("apply", &["--url", &u, "--exec-order", "non-linear"]);
    assert_eq!(exit(&out), Some(0), "{}", text(&out));
    assert_eq!(tables_named(&mut db, "b"), 1, "non-linear runs b");

    // From then on the history is consistent: nothing pending, no false "edited" file.
    p.write("20240104000000_d.sql", "CREATE TABLE d (id int);\n");
    p.hash();
    let out = p.migrate("apply", &["--url", &u]);
    assert_eq!(exit(&out), Some(0), "{}", text(&out));
    assert_eq!(tables_named(&mut db, "d"), 1);
    let out = p.migrate("status", &["--url", &u]);
    assert_eq!(exit(&out), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("Migration status: OK"),
        "{}",
        text(&out)
    );
}

#[test]
fn postgres_out_of_order_files_follow_exec_order() {
    out_of_order_files_follow_exec_order(TestDb::postgres());
}

#[test]
fn sqlite_out_of_order_files_follow_exec_order() {
    out_of_order_files_follow_exec_order(TestDb::sqlite_file());
}
