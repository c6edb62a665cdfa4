//! The project file `entgen.toml` and format detection (issue 13, point 5): commands take the
//! directory, format and URLs from the file, flags override it, and a directory opened in a
//! format its files do not have is refused before anything reads, hashes or runs it.

mod common;

use common::text;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use entgen_runtime::testing::TestDb;

/// A project folder in the temporary directory, removed on drop.
struct Project(PathBuf);

impl Project {
    fn new(tag: &str) -> Project {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "entgen-project-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).unwrap();
        Project(path)
    }
    fn write(&self, name: &str, content: &str) {
        let p = self.0.join(name);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, content).unwrap();
    }
    fn files(&self, dir: &str) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.0.join(dir))
            .map(|d| {
                d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }
    /// Runs entgen in the project folder (or `sub` below it) with `env` set.
    fn entgen_in(&self, sub: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut c = Command::new(env!("CARGO_BIN_EXE_entgen"));
        c.args(args)
            .current_dir(self.0.join(sub))
            .env("NO_COLOR", "1");
        for (k, v) in env {
            c.env(k, v);
        }
        c.output().expect("run entgen")
    }
    fn entgen(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        self.entgen_in("", args, env)
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

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

const TOML: &str = "schema = \"ent/schema\"\n\n[migrations]\ndir = \"db/migrations\"\nformat = \"golang-migrate\"\n\n[database]\nurl_env = \"ENTGEN_TEST_URL\"\n";

/// With only `entgen.toml`, `new`, `hash`, `apply` and `status` need no flag, also from a
/// subdirectory; flags override the file.
fn the_project_file_is_read_by_every_command(mut db: TestDb) {
    let p = Project::new("toml");
    p.write("entgen.toml", TOML);
    p.write(
        "ent/schema/app.schema",
        "entity User {\n    name string\n}\n",
    );
    let u = url(&db);
    let env = [("ENTGEN_TEST_URL", u.as_str())];

    let out = p.entgen(&["migrate", "new", "users"], &env);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let files = p.files("db/migrations");
    assert_eq!(
        files.len(),
        3,
        "golang-migrate up and down, atlas.sum: {files:?}"
    );
    let up = files.iter().find(|f| f.ends_with(".up.sql")).unwrap();
    let down = files.iter().find(|f| f.ends_with(".down.sql")).unwrap();
    p.write(
        &format!("db/migrations/{up}"),
        "CREATE TABLE users (id int);\n",
    );
    p.write(&format!("db/migrations/{down}"), "DROP TABLE users;\n");

    let out = p.entgen_in("ent", &["migrate", "hash"], &env);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = p.entgen_in("ent/schema", &["migrate", "apply"], &env);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(tables_named(&mut db, "users"), 1, "the up file ran");
    let out = p.entgen(&["migrate", "status"], &env);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("Migration status: OK"),
        "{}",
        text(&out)
    );
    let out = p.entgen(&["describe"], &env);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("User"), "{}", text(&out));

    // A flag wins over the file: another directory.
    let out = p.entgen(&["migrate", "new", "other", "--dir", "elsewhere"], &env);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(
        p.files("elsewhere").len(),
        3,
        "golang-migrate from the file"
    );
    assert_eq!(p.files("db/migrations").len(), 3);

    // The variable the file names must be set.
    let out = p.entgen(&["migrate", "apply"], &[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("ENTGEN_TEST_URL"), "{}", text(&out));
}

#[test]
fn postgres_the_project_file_is_read_by_every_command() {
    the_project_file_is_read_by_every_command(TestDb::postgres());
}

#[test]
fn sqlite_the_project_file_is_read_by_every_command() {
    the_project_file_is_read_by_every_command(TestDb::sqlite_file());
}

#[test]
fn a_broken_project_file_is_named_with_its_line() {
    let p = Project::new("broken");
    p.write("entgen.toml", "[migrations]\ndir = \"db\"\nformat = \n");
    let out = p.entgen(&["migrate", "validate"], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("entgen.toml:3:"), "{}", text(&out));
    p.write(
        "entgen.toml",
        "[database]\nurl = \"postgres://u:hunter2@h/db\"\n",
    );
    let out = p.entgen(&["migrate", "validate"], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("url_env") && !text(&out).contains("hunter2"),
        "{}",
        text(&out)
    );
}

/// A golang-migrate directory opened as Atlas's is refused by every command before anything
/// is hashed or run; without `--format` its format is read off its files.
fn a_directory_in_another_format_is_refused(mut db: TestDb) {
    let p = Project::new("mismatch");
    p.write("m/1_users.up.sql", "CREATE TABLE users (id int);\n");
    p.write("m/1_users.down.sql", "DROP TABLE users;\n");
    let dir = p.0.join("m");
    let dir = dir.to_str().unwrap();
    let out = p.entgen(
        &[
            "migrate",
            "hash",
            "--dir",
            dir,
            "--format",
            "golang-migrate",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let sum = fs::read(Path::new(dir).join("atlas.sum")).unwrap();
    let u = url(&db);
    for command in ["hash", "validate", "lint", "new", "apply", "status"] {
        let mut args = vec!["migrate", command, "--dir", dir, "--format", "atlas"];
        if command == "new" {
            args.push("x");
        }
        if command == "apply" || command == "status" {
            args.extend(["--url", &u]);
        }
        let out = p.entgen(&args, &[]);
        let t = text(&out);
        assert_eq!(out.status.code(), Some(1), "{command}: {t}");
        assert!(
            t.contains("holds golang-migrate migrations (1_users.down.sql), not atlas"),
            "{command}: {t}"
        );
    }
    assert_eq!(
        fs::read(Path::new(dir).join("atlas.sum")).unwrap(),
        sum,
        "not re-hashed"
    );
    assert_eq!(p.files("m").len(), 3, "nothing written");
    assert_eq!(tables_named(&mut db, "users"), 0, "nothing applied");

    // Without --format the files say golang-migrate: only the up file runs.
    let out = p.entgen(&["migrate", "apply", "--dir", dir, "--url", &u], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("1_users.up.sql"), "{}", text(&out));
    assert_eq!(tables_named(&mut db, "users"), 1);
}

#[test]
fn postgres_a_directory_in_another_format_is_refused() {
    a_directory_in_another_format_is_refused(TestDb::postgres());
}

#[test]
fn sqlite_a_directory_in_another_format_is_refused() {
    a_directory_in_another_format_is_refused(TestDb::sqlite_file());
}
