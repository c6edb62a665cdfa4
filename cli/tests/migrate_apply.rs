//! `entgen migrate apply` and `status` against real databases: every test makes its own
//! PostgreSQL database (`TestDb`) or SQLite file and drops it.

mod common;

use common::{entgen, text};

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use entgen_runtime::testing::TestDb;

/// A migration directory in a temporary folder, removed on drop.
struct Dir(PathBuf);

impl Dir {
    fn new(tag: &str, files: &[(&str, &str)]) -> Dir {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "entgen-migrate-apply-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).unwrap();
        let d = Dir(path);
        for (n, c) in files {
            d.write(n, c);
        }
        d.hash();
        d
    }
    fn s(&self) -> &str {
        self.0.to_str().unwrap()
    }
    fn write(&self, name: &str, content: &str) {
        fs::write(self.0.join(name), content).unwrap();
    }
    fn hash(&self) {
        let out = entgen(&["migrate", "hash", "--dir", self.s()]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    }
    fn apply(&self, url: &str, extra: &[&str]) -> Output {
        let mut args = vec!["migrate", "apply", "--dir", self.s(), "--url", url];
        // MySQL's apply lock is server-wide, as Atlas takes it: the other MySQL tests of this
        // file (eight processes on 31 files among them) hold it on the same server, so wait
        // for them longer than the default 10 s on a loaded machine.
        if url.starts_with("mysql") && !extra.contains(&"--lock-timeout") {
            args.extend_from_slice(&["--lock-timeout", "120s"]);
        }
        args.extend_from_slice(extra);
        entgen(&args)
    }
    fn status(&self, url: &str) -> Output {
        entgen(&["migrate", "status", "--dir", self.s(), "--url", url])
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// An SQLite file path, removed on drop.
struct SqliteFile(PathBuf);

impl SqliteFile {
    fn new(tag: &str) -> SqliteFile {
        let p =
            std::env::temp_dir().join(format!("entgen-migrate-{tag}-{}.db", std::process::id()));
        let _ = fs::remove_file(&p);
        SqliteFile(p)
    }
    fn url(&self) -> String {
        format!("sqlite://{}", self.0.display())
    }
    fn query(&self, sql: &str) -> i64 {
        let c = rusqlite_conn(&self.0);
        c.query_row(sql, [], |r| r.get(0)).unwrap()
    }
}

fn rusqlite_conn(p: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(p).unwrap()
}

impl Drop for SqliteFile {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

const FILES: &[(&str, &str)] = &[
    (
        "20240101000000_users.sql",
        "-- create \"users\" table\nCREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL);\nINSERT INTO users (id, name) VALUES (1, 'a');\n",
    ),
    (
        "20240102000000_pets.sql",
        "CREATE TABLE pets (id integer PRIMARY KEY, owner_id integer REFERENCES users (id));\n",
    ),
];

const FAILING: (&str, &str) = (
    "20240103000000_broken.sql",
    "CREATE TABLE toys (id integer);\nINSERT INTO toys (id) VALUES (1);\nINSERT INTO missing_table (id)\n  VALUES (1);\n",
);

const FIXED: &str = "CREATE TABLE toys (id integer);\nINSERT INTO toys (id) VALUES (1);\n";

fn pg_count(db: &mut TestDb, sql: &str) -> i64 {
    db.query_i64(sql).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn postgres_apply_is_exactly_once_and_records_revisions() {
    let mut db = TestDb::postgres();
    let dir = Dir::new("pg-once", FILES);
    let out = dir.apply(db.url(), &["--dry-run"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("CREATE TABLE pets"), "{}", text(&out));
    assert_eq!(
        pg_count(
            &mut db,
            "SELECT count(*) FROM pg_tables WHERE tablename = 'users'"
        ),
        0
    );

    let out = dir.apply(db.url(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let t = text(&out);
    assert!(
        t.contains("applied 20240101000000_users.sql (2 statement(s)) in "),
        "{t}"
    );
    assert!(
        t.contains("applied 20240102000000_pets.sql (1 statement(s)) in "),
        "{t}"
    );
    let out = dir.apply(db.url(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("no pending"), "{}", text(&out));
    assert_eq!(pg_count(&mut db, "SELECT count(*) FROM users"), 1);
    assert_eq!(
        pg_count(
            &mut db,
            "SELECT count(*) FROM atlas_schema_revisions.atlas_schema_revisions WHERE type = 2 AND applied = total AND error IS NULL AND partial_hashes IS NULL AND operator_version LIKE 'entgen v%' AND execution_time > 0"
        ),
        2
    );
    assert_eq!(
        pg_count(
            &mut db,
            "SELECT total FROM atlas_schema_revisions.atlas_schema_revisions WHERE version = '20240101000000' AND description = 'users'"
        ),
        2
    );
    // The hash column holds the atlas.sum entry.
    let sum = fs::read_to_string(dir.0.join("atlas.sum")).unwrap();
    let line = sum
        .lines()
        .find(|l| l.starts_with("20240102000000_pets.sql"))
        .unwrap();
    let hash = line.split(" h1:").nth(1).unwrap();
    assert_eq!(
        pg_count(
            &mut db,
            &format!(
                "SELECT count(*) FROM atlas_schema_revisions.atlas_schema_revisions WHERE hash = '{hash}'"
            )
        ),
        1
    );
}

#[test]
fn postgres_failure_records_the_error_and_a_fixed_file_continues() {
    let mut db = TestDb::postgres();
    let mut files = FILES.to_vec();
    files.push(FAILING);
    let dir = Dir::new("pg-fail", &files);
    let out = dir.apply(db.url(), &[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let t = text(&out);
    assert!(t.contains("20240103000000_broken.sql:3"), "{t}");
    assert!(t.contains("missing_table"), "{t}");
    // Files before the failure stay applied; the failing file was rolled back.
    assert_eq!(pg_count(&mut db, "SELECT count(*) FROM users"), 1);
    assert_eq!(
        pg_count(
            &mut db,
            "SELECT count(*) FROM pg_tables WHERE tablename = 'toys'"
        ),
        0
    );
    assert_eq!(
        pg_count(
            &mut db,
            "SELECT count(*) FROM atlas_schema_revisions.atlas_schema_revisions WHERE version = '20240103000000' AND error LIKE '%missing_table%' AND error_stmt LIKE 'INSERT INTO missing_table%' AND applied = 0 AND total = 3"
        ),
        1
    );
    let st = dir.status(db.url());
    assert_eq!(st.status.code(), Some(0), "{}", text(&st));
    let t = text(&st);
    assert!(t.contains("Migration status: FAILED"), "{t}");
    assert!(t.contains("failed   20240103000000_broken.sql"), "{t}");
    assert!(t.contains("missing_table"), "{t}");
    assert!(t.contains("applied  20240101000000_users.sql"), "{t}");

    dir.write(FAILING.0, FIXED);
    dir.hash();
    let out = dir.apply(db.url(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("applied 20240103000000_broken.sql (2 statement(s))"),
        "{}",
        text(&out)
    );
    assert_eq!(pg_count(&mut db, "SELECT count(*) FROM toys"), 1);
    assert_eq!(
        pg_count(
            &mut db,
            "SELECT count(*) FROM atlas_schema_revisions.atlas_schema_revisions WHERE error IS NULL AND applied = total"
        ),
        3
    );
    let st = dir.status(db.url());
    assert!(text(&st).contains("Migration status: OK"), "{}", text(&st));
}

#[test]
fn postgres_refuses_an_edited_applied_file() {
    let db = TestDb::postgres();
    let dir = Dir::new("pg-edit", FILES);
    assert_eq!(dir.apply(db.url(), &[]).status.code(), Some(0));
    dir.write(FILES[0].0, "CREATE TABLE users (id bigint PRIMARY KEY);\n");
    dir.write("20240104000000_more.sql", "CREATE TABLE more (id int);\n");
    // Without rehashing, the directory itself is refused.
    let out = dir.apply(db.url(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("20240101000000_users.sql was edited"),
        "{}",
        text(&out)
    );
    // Rehashed: the history check names the edited file.
    dir.hash();
    let out = dir.apply(db.url(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let t = text(&out);
    assert!(
        t.contains("20240101000000_users.sql was edited after it was applied"),
        "{t}"
    );
    assert!(!t.contains("applied 20240104000000_more.sql"), "{t}");
    let st = dir.status(db.url());
    assert_eq!(st.status.code(), Some(1), "{}", text(&st));
}

#[test]
fn postgres_dirty_database_needs_baseline_or_allow_dirty() {
    let mut db = TestDb::postgres();
    db.execute("CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL)")
        .unwrap();
    let dir = Dir::new("pg-dirty", FILES);
    let out = dir.apply(db.url(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let t = text(&out);
    assert!(t.contains("not clean") && t.contains("public.users"), "{t}");
    assert!(t.contains("--baseline"), "{t}");
    let out = dir.apply(db.url(), &["--baseline", "20240101000000"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("20240101000000_users.sql (version 20240101000000) as baseline"),
        "{}",
        text(&out)
    );
    assert_eq!(pg_count(&mut db, "SELECT count(*) FROM pets"), 0);
    assert_eq!(
        pg_count(
            &mut db,
            "SELECT count(*) FROM atlas_schema_revisions.atlas_schema_revisions WHERE type = 1 AND version = '20240101000000'"
        ),
        1
    );

    let db2 = TestDb::postgres();
    let mut db2 = db2;
    db2.execute("CREATE TABLE unrelated (id int)").unwrap();
    let out = dir.apply(db2.url(), &["--allow-dirty", "1"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(pg_count(&mut db2, "SELECT count(*) FROM users"), 1);
    assert_eq!(
        pg_count(
            &mut db2,
            "SELECT count(*) FROM pg_tables WHERE tablename = 'pets'"
        ),
        0
    );
    let out = dir.apply(db2.url(), &["--baseline", "x", "--allow-dirty"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}

#[test]
fn postgres_search_path_and_tx_modes() {
    let mut db = TestDb::postgres();
    db.execute("CREATE SCHEMA app").unwrap();
    let url = format!("{}?search_path=app", db.url());
    let dir = Dir::new(
        "pg-sp",
        &[
            ("1_a.sql", "CREATE TABLE a (id int);\n"),
            (
                "2_b.sql",
                "-- atlas:txmode none\n\nCREATE TABLE b (id int);\nCREATE INDEX CONCURRENTLY b_id ON b (id);\n",
            ),
        ],
    );
    let out = dir.apply(&url, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(
        pg_count(
            &mut db,
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'app' AND tablename IN ('a', 'b')"
        ),
        2
    );
    assert_eq!(
        pg_count(&mut db, "SELECT count(*) FROM app.atlas_schema_revisions"),
        2
    );
    assert_eq!(
        pg_count(
            &mut db,
            "SELECT count(*) FROM pg_namespace WHERE nspname = 'atlas_schema_revisions'"
        ),
        0
    );

    // tx-mode none: a failure keeps the applied statements and resumes after them.
    dir.write(
        "3_c.sql",
        "CREATE TABLE c (id int);\nINSERT INTO nope VALUES (1);\n",
    );
    dir.hash();
    let out = dir.apply(&url, &["--tx-mode", "none"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("1 of 2 statement(s) of 3_c.sql stay applied"),
        "{}",
        text(&out)
    );
    assert_eq!(
        pg_count(
            &mut db,
            "SELECT applied FROM app.atlas_schema_revisions WHERE version = '3'"
        ),
        1
    );
    dir.write(
        "3_c.sql",
        "CREATE TABLE c (id int);\nCREATE TABLE nope (id int);\n",
    );
    dir.hash();
    let out = dir.apply(&url, &["--tx-mode", "none"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("applied 3_c.sql (1 statement(s))"),
        "{}",
        text(&out)
    );

    // tx-mode all: one failure rolls back every file of the run.
    dir.write("4_d.sql", "CREATE TABLE d (id int);\n");
    dir.write("5_e.sql", "SELECT * FROM nowhere;\n");
    dir.hash();
    let out = dir.apply(&url, &["--tx-mode", "all"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert_eq!(
        pg_count(
            &mut db,
            "SELECT count(*) FROM pg_tables WHERE tablename = 'd'"
        ),
        0
    );
    assert_eq!(
        pg_count(&mut db, "SELECT count(*) FROM app.atlas_schema_revisions"),
        3
    );
}

#[test]
fn postgres_password_is_never_printed() {
    let dir = Dir::new("pg-pass", FILES);
    let out = dir.apply(
        "postgres://postgres:s3cret-pw@127.0.0.1:1/nope",
        &["--lock-timeout", "1s"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let t = text(&out);
    assert!(!t.contains("s3cret-pw"), "{t}");
    assert!(
        t.contains("postgres://postgres:xxxxx@127.0.0.1:1/nope"),
        "{t}"
    );
}

#[test]
fn eight_processes_apply_each_file_exactly_once() {
    let mut db = TestDb::postgres();
    eight_processes(
        &mut db,
        "pg-eight",
        "atlas_schema_revisions.atlas_schema_revisions",
    );
}

/// MySQL: `GET_LOCK` with Atlas's name; each file's statements commit one by one, so a second
/// run of a file would fail at its CREATE TABLE or double its log row.
#[test]
fn mysql_eight_processes_apply_each_file_exactly_once() {
    let mut db = TestDb::mysql();
    eight_processes(&mut db, "my-eight", "atlas_schema_revisions");
}

/// Eight `migrate apply` processes at once on 31 files, each logging itself once.
fn eight_processes(db: &mut TestDb, tag: &str, revisions: &str) {
    let mut files: Vec<(String, String)> = vec![(
        "0000_log.sql".into(),
        "CREATE TABLE log (file int NOT NULL);\n".into(),
    )];
    for k in 1..=30 {
        files.push((
            format!("{k:04}_t{k}.sql"),
            format!("CREATE TABLE t{k} (id int);\nINSERT INTO log (file) VALUES ({k});\n"),
        ));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let dir = Dir::new(tag, &refs);
    let children: Vec<std::process::Child> = (0..8)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_entgen"))
                .args([
                    "migrate",
                    "apply",
                    "--dir",
                    dir.s(),
                    "--url",
                    db.url(),
                    "--lock-timeout",
                    "60s",
                ])
                .env("NO_COLOR", "1")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut applied_lines = 0;
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        applied_lines += String::from_utf8_lossy(&out.stdout)
            .matches("applied ")
            .count();
    }
    assert_eq!(
        applied_lines, 31,
        "every file is reported applied exactly once across processes"
    );
    assert_eq!(pg_count(db, "SELECT count(*) FROM log"), 30);
    assert_eq!(pg_count(db, "SELECT count(DISTINCT file) FROM log"), 30);
    assert_eq!(
        pg_count(
            db,
            &format!("SELECT count(*) FROM {revisions} WHERE applied = total")
        ),
        31
    );
}

#[test]
fn sqlite_apply_failure_resume_and_edit() {
    let db = SqliteFile::new("lite");
    let mut files = FILES.to_vec();
    files.push(FAILING);
    let dir = Dir::new("lite", &files);
    let url = db.url();
    let out = dir.apply(&url, &["--dry-run"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(!db.0.exists(), "a dry run creates nothing");
    let out = dir.apply(&url, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let t = text(&out);
    assert!(
        t.contains("20240103000000_broken.sql:3") && t.contains("missing_table"),
        "{t}"
    );
    assert_eq!(db.query("SELECT count(*) FROM users"), 1);
    assert_eq!(
        db.query("SELECT count(*) FROM sqlite_master WHERE name = 'toys'"),
        0
    );
    assert_eq!(
        db.query("SELECT count(*) FROM atlas_schema_revisions WHERE error LIKE '%missing_table%' AND error_stmt LIKE 'INSERT INTO missing_table%'"),
        1
    );
    let st = dir.status(&url);
    let t = text(&st);
    assert!(
        t.contains("FAILED") && t.contains("missing_table") && t.contains("(line 3)"),
        "{t}"
    );

    dir.write(FAILING.0, FIXED);
    dir.hash();
    let out = dir.apply(&url, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(db.query("SELECT count(*) FROM toys"), 1);
    let out = dir.apply(&url, &[]);
    assert!(text(&out).contains("no pending"), "{}", text(&out));
    assert_eq!(db.query("SELECT count(*) FROM users"), 1);
    assert_eq!(
        db.query(
            "SELECT count(*) FROM atlas_schema_revisions WHERE applied = total AND error IS NULL"
        ),
        3
    );

    dir.write(FILES[1].0, "CREATE TABLE pets (id integer);\n");
    dir.write("20240105000000_next.sql", "CREATE TABLE next (id int);\n");
    dir.hash();
    let out = dir.apply(&url, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("20240102000000_pets.sql was edited after it was applied"),
        "{}",
        text(&out)
    );
    assert_eq!(
        db.query("SELECT count(*) FROM sqlite_master WHERE name = 'next'"),
        0
    );
}

#[test]
fn sqlite_memory_and_status_of_a_fresh_database() {
    let dir = Dir::new("mem", FILES);
    let out = dir.apply("sqlite::memory:", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("disappears"), "{}", text(&out));
    let db = SqliteFile::new("fresh");
    let st = dir.status(&db.url());
    assert_eq!(st.status.code(), Some(0), "{}", text(&st));
    let t = text(&st);
    assert!(
        t.contains("PENDING") && t.contains("pending  20240101000000_users.sql"),
        "{t}"
    );
    assert!(!db.0.exists());
    let out = dir.apply(&db.url(), &["1"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let t = text(&dir.status(&db.url()));
    assert!(
        t.contains("current version: 20240101000000")
            && t.contains("next version:    20240102000000"),
        "{t}"
    );
    let out = entgen(&[
        "migrate",
        "apply",
        "--dir",
        dir.s(),
        "--url",
        "mysql://u:pw@h/db",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!text(&out).contains(":pw@"), "{}", text(&out));
}

/// A case directory of the repository (`testdata/atlas-sum`, with its README).
fn case(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../testdata/atlas-sum")
        .join(name)
}

#[test]
fn postgres_applies_an_ent_style_directory() {
    let mut db = TestDb::postgres();
    let dir = case("library");
    let d = dir.to_str().unwrap();
    let out = entgen(&["migrate", "apply", "--dir", d, "--url", db.url()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 5);
    let st = entgen(&["migrate", "status", "--dir", d, "--url", db.url()]);
    assert!(text(&st).contains("Migration status: OK"), "{}", text(&st));
    assert_eq!(
        pg_count(
            &mut db,
            "SELECT count(*) FROM atlas_schema_revisions.atlas_schema_revisions WHERE error IS NULL"
        ),
        5
    );
    assert_eq!(pg_count(&mut db, "SELECT count(*) FROM shelves"), 2);
    // A file the server refuses fails at the line where its statement starts.
    let db = TestDb::postgres();
    let dir = case("library_broken");
    let out = entgen(&[
        "migrate",
        "apply",
        "--dir",
        dir.to_str().unwrap(),
        "--url",
        db.url(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("20250301090200_tags.sql:4: statement failed"),
        "{}",
        text(&out)
    );
}

#[test]
fn sqlite_golang_migrate_directory_runs_up_files_only() {
    let db = SqliteFile::new("gm");
    let dir =
        Dir(std::env::temp_dir().join(format!("entgen-migrate-apply-gm-{}", std::process::id())));
    let _ = fs::remove_dir_all(&dir.0);
    fs::create_dir_all(&dir.0).unwrap();
    dir.write("1_a.up.sql", "CREATE TABLE a (id int);\n");
    dir.write("1_a.down.sql", "DROP TABLE a;\n");
    dir.write("2_b.up.sql", "CREATE TABLE b (id int);\n");
    dir.write("2_b.down.sql", "DROP TABLE b;\n");
    let gm = ["--format", "golang-migrate"];
    let out = entgen(&["migrate", "hash", "--dir", dir.s(), gm[0], gm[1]]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = dir.apply(&db.url(), &gm);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("applied 2_b.up.sql"), "{}", text(&out));
    assert_eq!(
        db.query("SELECT count(*) FROM sqlite_master WHERE name IN ('a', 'b')"),
        2
    );
    assert_eq!(
        db.query("SELECT count(*) FROM atlas_schema_revisions WHERE description IN ('a', 'b')"),
        2
    );
}

#[test]
fn postgres_failure_names_the_culprit_line_and_keeps_the_server_detail() {
    // The server's position points into a multi-line statement that opens the file (run in
    // one round trip with BEGIN): the report names the culprit's line, not the statement's.
    let db = TestDb::postgres();
    let dir = Dir::new(
        "pos",
        &[(
            "20240101000000_t.sql",
            "CREATE TABLE t (\n  id int,\n  x no_such_type\n);\n",
        )],
    );
    let out = dir.apply(db.url(), &[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let t = text(&out);
    assert!(
        t.contains("20240101000000_t.sql:3: statement failed") && t.contains("SQLSTATE 42704"),
        "{t}"
    );

    // A constraint violation keeps the server's SQLSTATE and detail line.
    let db = TestDb::postgres();
    let dir = Dir::new(
        "detail",
        &[(
            "20240101000000_t.sql",
            "CREATE TABLE t (a int);\nINSERT INTO t VALUES (1), (1);\nCREATE UNIQUE INDEX t_a\n  ON t (a);\n",
        )],
    );
    let out = dir.apply(db.url(), &[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let t = text(&out);
    assert!(
        t.contains("20240101000000_t.sql:3: statement failed")
            && t.contains("SQLSTATE 23505")
            && t.contains("detail: Key (a)=(1) is duplicated."),
        "{t}"
    );
}

#[test]
fn sqlite_apply_keeps_the_file_s_journal_and_foreign_keys_off_unless_asked() {
    // Without `_fk=1` SQLite's default holds: a file may insert rows ahead of their parents
    // (or rebuild a referenced table); apply leaves the journal mode as it found it.
    let db = SqliteFile::new("fk-off");
    let dir = Dir::new(
        "fk-off",
        &[(
            "20240101000000_t.sql",
            "CREATE TABLE p (id integer PRIMARY KEY);\nCREATE TABLE c (id integer, p integer REFERENCES p (id));\nINSERT INTO c VALUES (1, 42);\n",
        )],
    );
    let out = dir.apply(&db.url(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let mode: String = rusqlite_conn(&db.0)
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete");

    // With `_fk=1` the same file is refused.
    let db = SqliteFile::new("fk-on");
    let out = dir.apply(&format!("{}?_fk=1", db.url()), &[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("FOREIGN KEY constraint failed"),
        "{}",
        text(&out)
    );
}

#[test]
fn sqlite_failure_names_the_culprit_line() {
    // SQLite points at the token of a syntax error; the report names that token's line.
    let db = SqliteFile::new("pos");
    let dir = Dir::new(
        "sqlite-pos",
        &[(
            "20240101000000_t.sql",
            "CREATE TABLE t (id integer);\nINSERT INTO t (id)\n  VALUES (1)\n  WHERE oops;\n",
        )],
    );
    let out = dir.apply(&db.url(), &[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let t = text(&out);
    assert!(
        t.contains("20240101000000_t.sql:4: statement failed") && t.contains("syntax error"),
        "{t}"
    );
}

/// MySQL/MariaDB: every DDL statement commits on its own, so a file cannot be rolled back.
const MY_FAILING: (&str, &str) = (
    "20240103000000_broken.sql",
    "CREATE TABLE toys (id integer);\nINSERT INTO missing_table (id)\n  VALUES (1);\nINSERT INTO toys (id) VALUES (2);\n",
);

/// The failed file fixed: its applied first statement unchanged, the second one corrected.
const MY_FIXED: &str = "CREATE TABLE toys (id integer);\nINSERT INTO toys (id) VALUES (1);\nINSERT INTO toys (id) VALUES (2);\n";

#[test]
fn mysql_apply_records_revisions_in_the_url_s_database_and_status_is_ok() {
    let mut db = TestDb::mysql();
    let dir = Dir::new("my-once", FILES);
    let out = dir.apply(db.url(), &["--dry-run"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("CREATE TABLE pets"), "{}", text(&out));
    let st = dir.status(db.url());
    assert!(
        text(&st).contains("Migration status: PENDING"),
        "{}",
        text(&st)
    );

    let out = dir.apply(db.url(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let t = text(&out);
    assert!(
        t.contains("applied 20240101000000_users.sql (2 statement(s)) in ")
            && t.contains("applied 20240102000000_pets.sql (1 statement(s)) in "),
        "{t}"
    );
    assert_eq!(pg_count(&mut db, "SELECT count(*) FROM users"), 1);
    // Atlas's table, in the URL's database, every file complete.
    assert_eq!(
        pg_count(
            &mut db,
            "SELECT count(*) FROM atlas_schema_revisions WHERE type = 2 AND applied = total \
             AND error IS NULL AND partial_hashes IS NULL AND hash <> '' \
             AND executed_at > NOW() - INTERVAL 1 HOUR"
        ),
        2
    );
    let st = dir.status(db.url());
    assert_eq!(st.status.code(), Some(0), "{}", text(&st));
    let t = text(&st);
    assert!(t.contains("Migration status: OK"), "{t}");
    assert!(
        t.contains("applied  20240101000000_users.sql") && t.contains("2 statement(s) in"),
        "{t}"
    );
    let out = dir.apply(db.url(), &[]);
    assert!(text(&out).contains("no pending"), "{}", text(&out));
    assert_eq!(pg_count(&mut db, "SELECT count(*) FROM users"), 1);

    // A shared transaction cannot be kept on MySQL: refused before anything runs.
    dir.write("20240105000000_next.sql", "CREATE TABLE next (id int);\n");
    dir.hash();
    let out = dir.apply(db.url(), &["--tx-mode", "all"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("--tx-mode all cannot be honoured on"),
        "{}",
        text(&out)
    );
    assert_eq!(
        pg_count(
            &mut db,
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'next'"
        ),
        0
    );
}

#[test]
fn mysql_a_failed_file_stays_partial_and_a_fixed_file_resumes_after_the_applied_statements() {
    let mut db = TestDb::mysql();
    let mut files = FILES.to_vec();
    files.push(MY_FAILING);
    let dir = Dir::new("my-partial", &files);
    let out = dir.apply(db.url(), &[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let t = text(&out);
    // The culprit's file and line, the server's words, what stays applied.
    assert!(t.contains("20240103000000_broken.sql:2"), "{t}");
    assert!(t.contains("missing_table") && t.contains("1146"), "{t}");
    assert!(
        t.contains("1 of 3 statement(s) of 20240103000000_broken.sql stay applied"),
        "{t}"
    );
    // The first statement committed (DDL), and the revision says so.
    assert_eq!(pg_count(&mut db, "SELECT count(*) FROM toys"), 0);
    assert_eq!(
        pg_count(
            &mut db,
            "SELECT count(*) FROM atlas_schema_revisions WHERE version = '20240103000000' \
             AND applied = 1 AND total = 3 AND error LIKE '%missing_table%' \
             AND error_stmt LIKE 'INSERT INTO missing_table%' \
             AND JSON_LENGTH(partial_hashes) = 1"
        ),
        1
    );
    let st = dir.status(db.url());
    assert_eq!(st.status.code(), Some(0), "{}", text(&st));
    let t = text(&st);
    assert!(t.contains("Migration status: FAILED"), "{t}");
    assert!(
        t.contains(
            "partial  20240103000000_broken.sql  1 of 3 statement(s) applied; apply resumes at statement 2"
        ),
        "{t}"
    );
    assert!(t.contains("missing_table") && t.contains("(line 2)"), "{t}");
    assert!(t.contains("next version:    20240103000000"), "{t}");

    // Editing the statement that already ran is refused (Atlas's HistoryChanged): it would
    // not run again, so the database would not match the file.
    dir.write(
        MY_FAILING.0,
        "CREATE TABLE toys (id bigint);\nINSERT INTO toys (id) VALUES (1);\n",
    );
    dir.hash();
    let out = dir.apply(db.url(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("statement 1 at line 1 was already applied and has changed"),
        "{}",
        text(&out)
    );

    // Fixed after the applied statement (and rehashed): the rerun starts at statement 2, so
    // CREATE TABLE toys does not run twice.
    dir.write(MY_FAILING.0, MY_FIXED);
    dir.hash();
    let out = dir.apply(db.url(), &["--dry-run"]);
    assert!(
        text(&out).contains("resuming at statement 2"),
        "{}",
        text(&out)
    );
    let out = dir.apply(db.url(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("applied 20240103000000_broken.sql (2 statement(s))"),
        "{}",
        text(&out)
    );
    assert_eq!(pg_count(&mut db, "SELECT count(*) FROM toys"), 2);
    assert_eq!(
        pg_count(
            &mut db,
            "SELECT count(*) FROM atlas_schema_revisions WHERE applied = total AND total > 0 \
             AND error IS NULL AND partial_hashes IS NULL"
        ),
        3
    );
    let st = dir.status(db.url());
    assert!(text(&st).contains("Migration status: OK"), "{}", text(&st));
}

#[test]
fn mysql_dirty_database_and_a_url_without_database_are_refused() {
    let mut db = TestDb::mysql();
    // The first file's table, made before migrations were used.
    db.execute("CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL)")
        .unwrap();
    let dir = Dir::new("my-dirty", FILES);
    let out = dir.apply(db.url(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("not clean") && text(&out).contains("users"),
        "{}",
        text(&out)
    );
    let out = dir.apply(db.url(), &["--baseline", "20240101000000"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(
        pg_count(
            &mut db,
            "SELECT count(*) FROM atlas_schema_revisions WHERE version = '20240101000000' AND type = 1"
        ),
        1
    );
    assert!(
        text(&dir.status(db.url())).contains("Migration status: OK"),
        "the pets file ran after the baseline"
    );

    let server = db.url().rsplit_once('/').unwrap().0.to_owned();
    let out = dir.status(&format!("{server}/"));
    assert_ne!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("no database"), "{}", text(&out));
}

/// A failing statement with a backslash in it is recorded in SQLite's revisions table as
/// written (SQLite has no `E'…'` strings), so `status` can name the failure.
#[test]
fn sqlite_records_a_failed_statement_with_a_backslash() {
    let db = SqliteFile::new("backslash");
    let dir = Dir::new(
        "sqlite-backslash",
        &[(
            "20240101000000_t.sql",
            "CREATE TABLE t (path text);\nINSERT INTO missing (path) VALUES ('C:\\tmp');\n",
        )],
    );
    let out = dir.apply(&db.url(), &[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let t = text(&out);
    assert!(
        t.contains("no such table") && !t.contains("cannot record"),
        "{t}"
    );
    let recorded = rusqlite_conn(&db.0)
        .query_row(
            "SELECT error_stmt FROM atlas_schema_revisions WHERE version = '20240101000000'",
            [],
            |r| r.get::<_, String>(0),
        )
        .unwrap();
    assert!(recorded.contains("'C:\\tmp'"), "{recorded}");
    let status = text(&dir.status(&db.url()));
    assert!(status.contains("no such table"), "{status}");
}
