//! Offline replay ([`entgen_runtime::replay`]) gives exactly the dev database's answer.
//!
//! Property: for random schema histories S1 -> S2 -> S3 (the generator of `schema_proptest`),
//! the directory holding S1 and S2 (written by `versioned::diff` on a dev database) replays
//! offline to the model that replaying it on a real PostgreSQL / SQLite and inspecting gives,
//! after each file; and the next file for S3 is byte-identical whether computed offline or with
//! the dev database. On PostgreSQL the replay refuses expression index parts (the server prints
//! them in its own spelling); those cases must be refused, never answered differently.
//!
//! Hand-written DDL cases follow: each directory replays offline to what the dev database
//! gives, and statements the replay cannot model are refused naming file and line.
//!
//! `ENTGEN_PROPTEST_CASES=n` sets the number of histories per dialect (default 60),
//! `ENTGEN_PROPTEST_SEED=s` replays one.

#[path = "common/schema_gen.rs"]
mod schema_gen;

use std::path::{Path, PathBuf};

use entgen_runtime::dialect::Dialect;
use entgen_runtime::dir::{Format, MigrationDir};
use entgen_runtime::driver::Driver;
use entgen_runtime::replay::{self, ReplayError};
use entgen_runtime::schema::Schema;
use entgen_runtime::testing::TestDb;
use entgen_runtime::versioned::{self, DiffOptions, DiffOutcome, Mode};
use schema_gen::{Case, Names, Rng, evolve, initial, restrict_to};

/// A scratch directory, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Scratch {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let path = std::env::temp_dir().join(format!(
            "entgen-replay-{tag}-{}-{nanos}",
            std::process::id()
        ));
        std::fs::create_dir_all(&path).unwrap();
        Scratch(path)
    }

    fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

fn options(case: &Case) -> DiffOptions {
    let mut o = DiffOptions::default().mode(Mode::Replay);
    for (a, b) in &case.table_renames {
        o = o.rename_table(a, b);
    }
    for (t, a, b) in &case.column_renames {
        let table = case
            .table_renames
            .iter()
            .find(|(old, _)| old == t)
            .map_or(t.clone(), |(_, new)| new.clone());
        o = o.rename_column(table, a, b);
    }
    o
}

/// The SQL files written by `outcome` (atlas.sum left out), as text.
fn new_sql(outcome: &DiffOutcome) -> Vec<String> {
    match outcome {
        DiffOutcome::NoChanges => Vec::new(),
        DiffOutcome::Written(paths) => paths
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "sql"))
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect(),
    }
}

/// What the dev database says the directory builds.
fn dev_model(driver: &mut Driver, dir: &Path) -> Schema {
    let md = MigrationDir::open(dir, Format::Atlas).unwrap();
    versioned::replay(driver, &md).unwrap_or_else(|e| panic!("dev replay: {e}"))
}

/// Whether the directory holds an expression index part PostgreSQL rewrites.
fn has_expression_index(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .unwrap()
        .any(|e| std::fs::read_to_string(e.unwrap().path()).is_ok_and(|s| s.contains("(lower(")))
}

enum Outcome {
    Compared,
    Refused,
}

/// One history; `Err` names the seed and what differs.
fn check_history(db: &TestDb, seed: u64) -> Result<Outcome, String> {
    let d = db.dialect();
    let fail = |what: String| {
        format!("seed {seed} ({d}): {what}\nreplay with ENTGEN_PROPTEST_SEED={seed}")
    };
    let mut rng = Rng(seed);
    let mut names = Names(0);
    let s1 = initial(&mut rng, &mut names);
    let mut step1 = evolve(&mut rng, &mut names, s1);
    let mut step2 = evolve(&mut rng, &mut names, step1.s2.clone());
    for s in [&mut step1.s1, &mut step1.s2, &mut step2.s2] {
        restrict_to(d, s);
    }
    let mut driver = Driver::open(db.url()).map_err(|e| fail(e.to_string()))?;
    let scratch = Scratch::new(d.name());
    let dir = scratch.join("migrations");

    // The directory: S1, then S2, written on the dev database.
    let first = DiffOptions::default().mode(Mode::Replay);
    versioned::diff(&mut driver, &step1.s1, "s1", &dir, &first)
        .map_err(|e| fail(format!("s1: {e}")))?;
    versioned::diff(&mut driver, &step1.s2, "s2", &dir, &options(&step1))
        .map_err(|e| fail(format!("s2: {e}")))?;

    // The models agree after the files so far.
    let md = MigrationDir::open(&dir, Format::Atlas).unwrap();
    let offline = match replay::replay(&md, d) {
        Ok(schema) => schema,
        Err(ReplayError::Unsupported { reason, .. })
            if d == Dialect::Postgres && has_expression_index(&dir) =>
        {
            let _ = reason;
            return Ok(Outcome::Refused);
        }
        Err(e) => return Err(fail(format!("offline replay failed: {e}"))),
    };
    let dev = dev_model(&mut driver, &dir);
    if offline != dev {
        return Err(fail(format!(
            "offline model differs from the dev database's\n{}\noffline: {offline:#?}\ndev: {dev:#?}",
            first_difference(&offline, &dev)
        )));
    }

    // The next file for S3, both ways.
    let (a, b) = (scratch.join("offline"), scratch.join("dev"));
    copy_dir(&dir, &a);
    copy_dir(&dir, &b);
    let opts = options(&step2);
    let dev_out = versioned::diff(&mut driver, &step2.s2, "s3", &b, &opts)
        .map_err(|e| fail(format!("s3 with the dev database: {e}")))?;
    let off_out =
        versioned::diff_offline(d, &step2.s2, "s3", &a, &opts.clone().mode(Mode::Offline))
            .map_err(|e| fail(format!("s3 offline: {e}")))?;
    let (dev_sql, off_sql) = (new_sql(&dev_out), new_sql(&off_out));
    if dev_sql != off_sql {
        return Err(fail(format!(
            "next files differ\noffline:\n{}\ndev:\n{}",
            off_sql.join("\n"),
            dev_sql.join("\n")
        )));
    }
    Ok(Outcome::Compared)
}

/// Where the two models' printouts first part, with some lines of context.
fn first_difference(offline: &Schema, dev: &Schema) -> String {
    let (a, b) = (format!("{offline:#?}"), format!("{dev:#?}"));
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let at = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let from = at.saturating_sub(12);
    let show = |l: &[&str]| l[from.min(l.len())..(at + 3).min(l.len())].join("\n");
    format!(
        "first difference at line {at}:\n--- offline\n{}\n--- dev\n{}",
        show(&a),
        show(&b)
    )
}

fn cases() -> usize {
    std::env::var("ENTGEN_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60)
}

fn seeds(salt: u64) -> Vec<u64> {
    if let Some(seed) = std::env::var("ENTGEN_PROPTEST_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        return vec![seed];
    }
    (0..cases() as u64)
        .map(|i| salt.wrapping_mul(7_919).wrapping_add(i))
        .collect()
}

fn run(db: &TestDb, salt: u64) {
    let (mut compared, mut refused) = (0, 0);
    for seed in seeds(salt) {
        match check_history(db, seed) {
            Ok(Outcome::Compared) => compared += 1,
            Ok(Outcome::Refused) => refused += 1,
            Err(report) => panic!("{report}"),
        }
    }
    eprintln!(
        "{compared} histories compared, {refused} refused (expression indexes on PostgreSQL)"
    );
    // Refusals are for expression indexes only; most histories must be compared.
    assert!(
        compared >= 2 * refused,
        "{compared} histories compared, {refused} refused"
    );
}

#[test]
fn random_histories_replay_offline_as_on_postgres() {
    run(&TestDb::postgres(), 11);
}

#[test]
fn random_histories_replay_offline_as_on_sqlite() {
    run(&TestDb::sqlite_file(), 13);
}

#[test]
fn random_histories_replay_offline_as_on_mysql() {
    run(&TestDb::mysql(), 17);
}

/// Writes `files` (name, SQL) as an Atlas directory with its `atlas.sum`.
fn write_dir(dir: &Path, files: &[(&str, &str)]) {
    std::fs::create_dir_all(dir).unwrap();
    for (name, sql) in files {
        std::fs::write(dir.join(name), sql).unwrap();
    }
    let md = MigrationDir::open(dir, Format::Atlas).unwrap();
    md.write_sum().unwrap();
}

/// The directory replays offline to exactly what the dev database gives.
fn same_as_dev(db: &TestDb, files: &[(&str, &str)]) {
    let d = db.dialect();
    let scratch = Scratch::new("hand");
    let dir = scratch.join("migrations");
    write_dir(&dir, files);
    let md = MigrationDir::open(&dir, Format::Atlas).unwrap();
    let offline = replay::replay(&md, d).unwrap_or_else(|e| panic!("{d}: {e}"));
    let mut driver = Driver::open(db.url()).unwrap();
    let dev = dev_model(&mut driver, &dir);
    assert_eq!(
        offline, dev,
        "{d}: offline model differs from the dev database's"
    );
}

/// The directory is refused offline, naming the file and line, and pointing at --dev-url.
fn refused(d: Dialect, files: &[(&str, &str)], file: &str, line: usize) -> String {
    let scratch = Scratch::new("refused");
    let dir = scratch.join("migrations");
    write_dir(&dir, files);
    let md = MigrationDir::open(&dir, Format::Atlas).unwrap();
    let err = replay::replay(&md, d).expect_err("refused");
    let msg = err.to_string();
    assert!(
        msg.starts_with(&format!("{file}:{line}: ")) && msg.contains("--dev-url"),
        "{msg}"
    );
    msg
}

const POSTGRES_BY_HAND: &[(&str, &str)] = &[
    (
        "1_init.sql",
        "-- hand-written
CREATE TABLE Users (
    id serial PRIMARY KEY,
    email varchar(255) NOT NULL UNIQUE,
    name text DEFAULT 'anon',
    age int CHECK (age >= 0),
    score numeric(10, 2) DEFAULT 0,
    active bool NOT NULL DEFAULT true,
    created_at timestamp with time zone DEFAULT now(),
    uid uuid DEFAULT gen_random_uuid(),
    big int8 GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 5)
);
CREATE TABLE posts (
    id bigint GENERATED BY DEFAULT AS IDENTITY,
    author_id integer REFERENCES users ON DELETE CASCADE,
    title character varying(100) NOT NULL,
    body text,
    published boolean DEFAULT false,
    PRIMARY KEY (id),
    CONSTRAINT title_nonempty CHECK (length(title) > 0)
);
",
    ),
    (
        "2_more.sql",
        "INSERT INTO users (email) VALUES ('a@b.c');
UPDATE users SET name = 'x';
CREATE UNIQUE INDEX posts_title ON posts (title DESC) WHERE published;
CREATE INDEX posts_author ON posts USING hash (author_id);
ALTER TABLE posts ADD COLUMN views int NOT NULL DEFAULT -1, ALTER COLUMN body SET NOT NULL;
ALTER TABLE posts RENAME COLUMN body TO content;
ALTER TABLE users RENAME TO members;
COMMENT ON TABLE members IS 'people';
COMMENT ON COLUMN members.email IS 'login';
ALTER INDEX posts_author RENAME TO posts_by_author;
CREATE TABLE tmp (id int);
DROP TABLE tmp;
ALTER TABLE members ALTER COLUMN name SET DEFAULT 'nobody', ALTER COLUMN score TYPE numeric(12,3);
ALTER TABLE posts ADD CONSTRAINT views_ok CHECK (views >= 0), ADD UNIQUE (title, author_id);
ALTER TABLE members DROP COLUMN age;
",
    ),
];

#[test]
fn hand_written_postgres_ddl_replays_as_on_the_server() {
    // `length(title) > 0` is an expression PostgreSQL respells: refused.
    let msg = refused(Dialect::Postgres, POSTGRES_BY_HAND, "1_init.sql", 13);
    assert!(msg.contains("length(title) > 0"), "{msg}");
    let mut files = POSTGRES_BY_HAND.to_vec();
    let fixed = files[0].1.replace(
        "CONSTRAINT title_nonempty CHECK (length(title) > 0)",
        "CONSTRAINT title_nonempty CHECK (id > 0)",
    );
    files[0].1 = &fixed;
    same_as_dev(&TestDb::postgres(), &files);
}

const SQLITE_BY_HAND: &[(&str, &str)] = &[
    (
        "1_init.sql",
        "CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE,
    name text DEFAULT 'anon' CHECK (length(name)  <  100),
    age integer constraint age_ok check (age >= 0),
    created_at datetime DEFAULT CURRENT_TIMESTAMP,
    Settings JSON DEFAULT '{}'
);
CREATE TABLE tags (name text PRIMARY KEY, color text, UNIQUE (color, name));
CREATE TABLE posts (
    id integer NOT NULL,
    author_id integer REFERENCES users (id) ON DELETE SET NULL,
    tag text,
    title varchar(100) NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT posts_tag FOREIGN KEY (tag) REFERENCES tags ON UPDATE CASCADE
);
",
    ),
    (
        "2_more.sql",
        "PRAGMA foreign_keys = off;
INSERT INTO users (email) VALUES ('a@b.c');
CREATE INDEX posts_title ON posts (lower(title) DESC, author_id) WHERE title <> '';
CREATE UNIQUE INDEX IF NOT EXISTS users_email ON users (EMAIL);
ALTER TABLE posts ADD COLUMN body text NOT NULL DEFAULT '' CHECK (length(body) < 10000);
ALTER TABLE posts RENAME COLUMN tag TO label;
ALTER TABLE users RENAME TO members;
CREATE TABLE new_posts (id integer PRIMARY KEY, author_id integer REFERENCES members);
INSERT INTO new_posts SELECT id, author_id FROM posts;
DROP TABLE posts;
ALTER TABLE new_posts RENAME TO posts;
DROP INDEX IF EXISTS nothing_here;
PRAGMA foreign_keys = on;
",
    ),
];

#[test]
fn hand_written_sqlite_ddl_replays_as_on_the_server() {
    same_as_dev(&TestDb::sqlite_file(), SQLITE_BY_HAND);
}

const MYSQL_BY_HAND: &[(&str, &str)] = &[
    (
        "1_init.sql",
        "CREATE TABLE users (
    id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
    email varchar(255) NOT NULL UNIQUE,
    name varchar(100) DEFAULT 'anon' COMMENT 'display name',
    bio text,
    age int,
    score decimal(10,2) DEFAULT 0,
    active bool NOT NULL DEFAULT true,
    created_at timestamp NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    kind enum('a','b''c') NOT NULL DEFAULT 'a',
    note varchar(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci DEFAULT 'it\\'s',
    data json,
    CONSTRAINT age_ok CHECK (age >= 0),
    KEY (age),
    INDEX by_name (name DESC, age)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE `posts` (
    `id` bigint NOT NULL AUTO_INCREMENT,
    `author_id` int unsigned,
    `title` varchar(100) NOT NULL,
    PRIMARY KEY (`id`),
    CONSTRAINT `posts_author` FOREIGN KEY (`author_id`) REFERENCES `users` (`id`) ON DELETE CASCADE
) CHARSET utf8mb4 COLLATE utf8mb4_bin AUTO_INCREMENT = 4294967296;
",
    ),
    (
        "2_more.sql",
        "SET FOREIGN_KEY_CHECKS = 0;
INSERT INTO users (email) VALUES ('a@b.c');
CREATE INDEX posts_title ON posts (title);
CREATE UNIQUE INDEX users_email_name ON users (email, name);
ALTER TABLE posts ADD COLUMN body longtext NOT NULL AFTER title, ADD COLUMN views int NOT NULL DEFAULT -1 FIRST;
ALTER TABLE posts MODIFY COLUMN title varchar(200) NOT NULL DEFAULT '';
ALTER TABLE posts CHANGE COLUMN body content longtext;
ALTER TABLE posts RENAME COLUMN views TO hits;
ALTER TABLE users RENAME TO members;
RENAME TABLE posts TO articles;
ALTER TABLE articles DROP FOREIGN KEY posts_author;
ALTER TABLE articles ADD CONSTRAINT art_author FOREIGN KEY (author_id) REFERENCES members (id);
CREATE TABLE tmp (id int PRIMARY KEY);
DROP TABLE tmp;
ALTER TABLE members ALTER COLUMN name SET DEFAULT 'nobody', DROP INDEX age, DROP CONSTRAINT age_ok;
ALTER TABLE members DROP COLUMN age;
DROP INDEX posts_title ON articles;
ALTER TABLE articles AUTO_INCREMENT = 10;
SET FOREIGN_KEY_CHECKS = 1;
",
    ),
];

#[test]
fn hand_written_mysql_ddl_replays_as_on_the_server() {
    same_as_dev(&TestDb::mysql(), MYSQL_BY_HAND);
}

/// What entgen's own MySQL planner writes: the index MySQL makes for a key, left behind when
/// the key goes and dropped when an index serving the key comes, and MySQL's refusal to leave a
/// key without an index.
#[test]
fn mysql_foreign_key_indexes_replay_as_on_the_server() {
    let files = [(
        "1.sql",
        "CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE c (id int PRIMARY KEY, a int, b int, CONSTRAINT fa FOREIGN KEY (a) REFERENCES p (id), CONSTRAINT fb FOREIGN KEY (b) REFERENCES p (id));
ALTER TABLE c ADD UNIQUE INDEX ia (a);
ALTER TABLE c DROP INDEX ia, ADD INDEX fa (a);
ALTER TABLE c ADD INDEX ib (b, id), DROP INDEX fb;
ALTER TABLE c DROP FOREIGN KEY fa;
",
    )];
    same_as_dev(&TestDb::mysql(), &files);
    let files = [(
        "1.sql",
        "CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE c (id int PRIMARY KEY, a int, CONSTRAINT fa FOREIGN KEY (a) REFERENCES p (id), INDEX ia (a));

ALTER TABLE c DROP INDEX ia;
",
    )];
    let scratch = Scratch::new("fkindex");
    let dir = scratch.join("migrations");
    write_dir(&dir, &files);
    let md = MigrationDir::open(&dir, Format::Atlas).unwrap();
    let msg = replay::replay(&md, Dialect::Mysql).unwrap_err().to_string();
    assert!(
        msg.starts_with("1.sql:4: ") && msg.contains("`fa`") && msg.contains("without an index"),
        "{msg}"
    );
}

#[test]
fn statements_that_cannot_be_modelled_are_refused_with_file_and_line() {
    let files = [(
        "1_init.sql",
        "CREATE TABLE t (id int);\n\nCREATE VIEW v AS SELECT 1;\n",
    )];
    let msg = refused(Dialect::Postgres, &files, "1_init.sql", 3);
    assert!(msg.contains("CREATE VIEW v AS SELECT 1"), "{msg}");
    let files = [(
        "1_init.sql",
        "CREATE TABLE t (id int, n text);\nCREATE INDEX t_n ON t (lower(n));\n",
    )];
    let msg = refused(Dialect::Postgres, &files, "1_init.sql", 2);
    assert!(
        msg.contains("lower(n)") && msg.contains("own spelling"),
        "{msg}"
    );
    let files = [(
        "1_init.sql",
        "CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 1; END;\n",
    )];
    refused(Dialect::Sqlite, &files, "1_init.sql", 1);
    let files = [(
        "1_init.sql",
        "CREATE TABLE a (id int);\nCREATE TABLE t (k text PRIMARY KEY) WITHOUT ROWID;\n",
    )];
    let msg = refused(Dialect::Sqlite, &files, "1_init.sql", 2);
    assert!(msg.contains("WITHOUT ROWID"), "{msg}");
    let files = [(
        "1_init.sql",
        "CREATE TABLE p (id int) PARTITION BY RANGE (id);\n",
    )];
    refused(Dialect::Postgres, &files, "1_init.sql", 1);
    let files = [(
        "1_init.sql",
        "CREATE TABLE t (id int PRIMARY KEY, n varchar(20));\nALTER TABLE t ADD CHECK (id > 0);\n",
    )];
    let msg = refused(Dialect::Mysql, &files, "1_init.sql", 2);
    assert!(msg.contains("unnamed CHECK"), "{msg}");
    let files = [(
        "1_init.sql",
        "CREATE TABLE t (id int PRIMARY KEY, n text);\n\nCREATE INDEX t_n ON t (n(10));\n",
    )];
    let msg = refused(Dialect::Mysql, &files, "1_init.sql", 3);
    assert!(msg.contains("n(10)"), "{msg}");
    let files = [(
        "1_init.sql",
        "CREATE TABLE t (id int PRIMARY KEY, n int DEFAULT (1 + 2));\n",
    )];
    let msg = refused(Dialect::Mysql, &files, "1_init.sql", 1);
    assert!(msg.contains("own spelling"), "{msg}");
}
