//! `entgen migrate lint` through the binary: one finding per line with file, line and code;
//! error-level findings exit 1 unless the file says `-- atlas:nolint`.

use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output};

fn entgen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_entgen"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run entgen")
}

struct Dir(PathBuf);

impl Dir {
    fn new(tag: &str, files: &[(&str, &str)]) -> Dir {
        let path =
            std::env::temp_dir().join(format!("entgen-migrate-lint-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).unwrap();
        for (n, c) in files {
            fs::write(path.join(n), c).unwrap();
        }
        let d = Dir(path);
        assert_eq!(
            entgen(&["migrate", "hash", "--dir", d.s()]).status.code(),
            Some(0)
        );
        d
    }
    fn s(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

const INIT: (&str, &str) = (
    "1_init.sql",
    "CREATE TABLE users (id bigint PRIMARY KEY, name varchar(255), email text);\nCREATE TABLE posts (id bigint PRIMARY KEY, title text);\n",
);

#[test]
fn findings_name_file_line_and_code_and_errors_exit_1() {
    let dir = Dir::new(
        "findings",
        &[
            INIT,
            (
                "2_change.sql",
                "-- drop the posts\nDROP TABLE posts;\nALTER TABLE users DROP COLUMN email;\nCREATE UNIQUE INDEX users_name ON users (name);\nALTER TABLE users ADD COLUMN age int NOT NULL;\nALTER TABLE users ALTER COLUMN name SET NOT NULL;\nALTER TABLE users RENAME COLUMN name TO full_name;\nALTER TABLE users RENAME TO people;\nDROP SCHEMA old CASCADE;\n",
            ),
        ],
    );
    let out = entgen(&["migrate", "lint", "--dir", dir.s()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    let file = dir.0.join("2_change.sql");
    let expect = [
        (2, "error DS102"),
        (3, "error DS103"),
        (4, "warning MF101"),
        (5, "warning MF103"),
        (6, "warning MF104"),
        (7, "warning BC102"),
        (8, "warning BC101"),
        (9, "error DS101"),
    ];
    assert_eq!(lines.len(), expect.len(), "{stdout}");
    for (line, (n, code)) in lines.iter().zip(expect) {
        let prefix = format!("{}:{n}: {code}: ", file.display());
        assert!(
            line.starts_with(&prefix),
            "{line} should start with {prefix}"
        );
    }
    assert!(stdout.contains("Dropping table \"posts\""), "{stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("3 error(s), 5 warning(s)"), "{stderr}");
}

#[test]
fn latest_and_nolint() {
    let dir = Dir::new(
        "nolint",
        &[
            INIT,
            ("2_drop.sql", "DROP TABLE posts;\n"),
            (
                "3_ok.sql",
                "-- atlas:nolint DS103\n\nALTER TABLE users DROP COLUMN email;\nCREATE UNIQUE INDEX u ON users (name);\n",
            ),
            (
                "4_stmt.sql",
                "-- atlas:nolint\nALTER TABLE users DROP COLUMN name;\n",
            ),
        ],
    );
    // The last two files only: their destructive changes are waived, the warning remains.
    let out = entgen(&["migrate", "lint", "--dir", dir.s(), "--latest", "2"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.contains("3_ok.sql:4: warning MF101"), "{stdout}");
    // All files: the unwaived drop in 2_drop.sql fails.
    let out = entgen(&["migrate", "lint", "--dir", dir.s()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("2_drop.sql:1: error DS102"));
    // A whole-file nolint.
    let dir = Dir::new(
        "nolint-file",
        &[
            INIT,
            ("2_drop.sql", "-- atlas:nolint\n\nDROP TABLE posts;\n"),
        ],
    );
    let out = entgen(&["migrate", "lint", "--dir", dir.s()]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
}

#[test]
fn lint_survives_odd_sql() {
    let dir = Dir::new(
        "odd",
        &[
            INIT,
            (
                "2_odd.sql",
                "DO $$ BEGIN DROP TABLE x; END $$;\nALTER TABLE;\nDROP;\nCREATE UNIQUE INDEX ON;\nALTER TABLE users ADD;\nSELECT 'DROP TABLE users';\n",
            ),
        ],
    );
    let out = entgen(&["migrate", "lint", "--dir", dir.s()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
}

#[test]
fn lint_runs_on_every_case_directory_without_crashing() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/atlas-sum");
    let mut n = 0;
    for e in fs::read_dir(&root).expect("testdata/atlas-sum") {
        let dir = e.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for dialect in ["postgres", "sqlite", "mysql"] {
            let out = entgen(&[
                "migrate",
                "lint",
                "--dir",
                dir.to_str().unwrap(),
                "--dialect",
                dialect,
            ]);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                matches!(out.status.code(), Some(0 | 1)) && !stderr.contains("panicked"),
                "{}: {stderr}",
                dir.display()
            );
        }
        n += 1;
    }
    assert!(n >= 13);
}

/// `--dev-url`: every file is replayed on the clean dev database; the statement it refuses is
/// named by file and line (exit 1), and the database is left empty either way.
#[test]
fn dev_url_replays_every_file_and_names_the_statement_that_fails() {
    let mut dev = entgen_runtime::testing::TestDb::postgres();
    let good = Dir::new("devurl-good", &[INIT]);
    let out = entgen(&["migrate", "lint", "--dir", good.s(), "--dev-url", dev.url()]);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(dev.inspect().unwrap().tables.is_empty(), "dev db emptied");

    let bad = Dir::new(
        "devurl-bad",
        &[
            INIT,
            (
                "2_typo.sql",
                "ALTER TABLE users ADD COLUMN age int;\nALTER TABLE userz ADD COLUMN x int;\n",
            ),
        ],
    );
    let out = entgen(&["migrate", "lint", "--dir", bad.s(), "--dev-url", dev.url()]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("2_typo.sql") && said.contains("line 2") && said.contains("userz"),
        "{said}"
    );
    assert!(dev.inspect().unwrap().tables.is_empty(), "dev db emptied");
}

/// Without a dev database the catalog before each file is the directory replayed offline, so
/// names the database gives (an inline foreign key's `posts_author_id_fkey`) and hand-written
/// spellings (`serial`) are known; a file the replay cannot read leaves the rest to the
/// statements, with a note.
#[test]
fn the_catalog_comes_from_the_offline_replay() {
    let d = Dir::new(
        "offline-catalog",
        &[
            (
                "1_init.sql",
                "CREATE TABLE users (id serial PRIMARY KEY);\nCREATE TABLE posts (id int PRIMARY KEY, author_id int REFERENCES users);\n",
            ),
            (
                "2_drop_fk.sql",
                "ALTER TABLE posts DROP CONSTRAINT posts_author_id_fkey;\n",
            ),
            (
                "3_narrow.sql",
                "ALTER TABLE users ALTER COLUMN id TYPE smallint;\n",
            ),
        ],
    );
    let out = entgen(&["migrate", "lint", "--dir", d.s()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("2_drop_fk.sql:1: warning CD101: Dropping foreign-key constraint \"posts_author_id_fkey\""),
        "{text}"
    );
    assert!(text.contains("3_narrow.sql:1: warning EG101"), "{text}");

    let d = Dir::new(
        "offline-catalog-stops",
        &[
            (
                "1_init.sql",
                "CREATE TABLE t (id int);\nCREATE VIEW v AS SELECT 1;\n",
            ),
            ("2_drop.sql", "DROP TABLE t;\n"),
        ],
    );
    let out = entgen(&["migrate", "lint", "--dir", d.s()]);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(stdout.contains("2_drop.sql:1: error DS102"), "{stdout}");
    assert!(
        stderr.contains("1_init.sql:2: cannot replay this statement offline"),
        "{stderr}"
    );
}

/// `--dialect mysql`: Atlas's MySQL checks (MY101 replaces MF103, since MySQL fills existing rows
/// with the type's implicit value instead of failing; MY110–MY112 for enum changes that copy the
/// table) and EG102 for a file that changes schema and data, which MySQL cannot run atomically.
#[test]
fn mysql_checks() {
    let d = Dir::new(
        "mysql",
        &[
            (
                "1_init.sql",
                "CREATE TABLE `users` (`id` bigint NOT NULL AUTO_INCREMENT, `kind` enum('a','b','c') NOT NULL, PRIMARY KEY (`id`)) CHARSET utf8mb4 COLLATE utf8mb4_bin;\n",
            ),
            (
                "2_change.sql",
                "ALTER TABLE `users` ADD COLUMN `age` int NOT NULL;
ALTER TABLE `users` MODIFY COLUMN `kind` enum('a','c') NOT NULL;
ALTER TABLE `users` MODIFY COLUMN `kind` enum('c','a') NOT NULL;
ALTER TABLE `users` MODIFY COLUMN `kind` enum('x','c','a') NOT NULL;
ALTER TABLE `users` MODIFY COLUMN `kind` enum('x','c','a','it''s') NOT NULL;
UPDATE `users` SET `age` = 1;
",
            ),
            (
                "3_schema_only.sql",
                "ALTER TABLE `users` ADD COLUMN `note` text NULL;\nALTER TABLE `users` DROP COLUMN `note`;\n",
            ),
        ],
    );
    let out = entgen(&[
        "migrate",
        "lint",
        "--dir",
        d.s(),
        "--dialect",
        "mysql",
        "--latest",
        "2",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let codes: Vec<(String, &str)> = stdout
        .lines()
        .map(|l| {
            let (place, rest) = l.split_once(": ").unwrap();
            let file = place.rsplit('/').next().unwrap().to_owned();
            (file, rest.split(':').next().unwrap())
        })
        .collect();
    let expect = [
        ("2_change.sql:1", "warning MY101"),
        ("2_change.sql:1", "warning EG102"),
        ("2_change.sql:2", "warning MY110"),
        ("2_change.sql:3", "warning MY111"),
        ("2_change.sql:4", "warning MY112"),
    ];
    let got: Vec<(&str, &str)> = codes.iter().map(|(f, c)| (f.as_str(), *c)).collect();
    assert_eq!(got, expect, "{stdout}");
    assert!(
        stdout.contains("implicitly sets existing rows with 0")
            && stdout.contains("Removing enum values [\"b\"]"),
        "{stdout}"
    );
    // The same column on PostgreSQL would fail instead: MF103 there.
    let out = entgen(&["migrate", "lint", "--dir", d.s(), "--latest", "2"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("2_change.sql:1: warning MF103") && !stdout.contains("MY1"),
        "{stdout}"
    );
}
