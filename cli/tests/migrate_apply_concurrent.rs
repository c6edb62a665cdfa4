//! Eight `entgen migrate apply` processes started together on one database: the migration lock
//! makes them take turns, so every file runs exactly once.

mod common;

use std::fs;

use common::{entgen, text};
use entgen_runtime::testing::TestDb;

const FILES: &[(&str, &str)] = &[
    (
        "20240101000000_a.sql",
        "CREATE TABLE a (id integer PRIMARY KEY);\nINSERT INTO a VALUES (1);\n",
    ),
    (
        "20240102000000_b.sql",
        "CREATE TABLE b (id integer PRIMARY KEY);\nINSERT INTO b VALUES (1);\n",
    ),
    ("20240103000000_c.sql", "INSERT INTO a VALUES (2);\n"),
];

fn eight_appliers(url: &str, tag: &str) {
    let dir = std::env::temp_dir().join(format!(
        "entgen-apply-concurrent-{tag}-{}",
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    for (name, sql) in FILES {
        fs::write(dir.join(name), sql).unwrap();
    }
    let d = dir.to_str().unwrap().to_owned();
    let hashed = entgen(&["migrate", "hash", "--dir", &d]);
    assert_eq!(hashed.status.code(), Some(0), "{}", text(&hashed));
    let outputs: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|_| {
                let d = d.clone();
                s.spawn(move || {
                    entgen(&[
                        "migrate",
                        "apply",
                        "--dir",
                        &d,
                        "--url",
                        url,
                        "--lock-timeout",
                        "60s",
                    ])
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for out in &outputs {
        assert_eq!(out.status.code(), Some(0), "{tag}: {}", text(out));
    }
    // A file run twice would have failed (CREATE TABLE) or doubled the rows of `a`.
    let status = entgen(&["migrate", "status", "--dir", &d, "--url", url]);
    assert_eq!(status.status.code(), Some(0), "{}", text(&status));
    assert!(
        text(&status)
            .to_lowercase()
            .contains("already at latest version")
            || text(&status).contains("20240103000000"),
        "{tag}: {}",
        text(&status)
    );
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn eight_concurrent_appliers_apply_every_file_once_on_postgres() {
    let db = TestDb::postgres();
    eight_appliers(db.url(), "postgres");
    let mut conn = entgen_runtime::driver::Driver::open(db.url()).unwrap();
    let rows: Vec<i64> = conn
        .query(
            &entgen_runtime::builder::Query::new("SELECT count(*) FROM a", vec![]),
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rows, [2]);
}

#[test]
fn eight_concurrent_appliers_apply_every_file_once_on_sqlite() {
    let db = TestDb::sqlite_file();
    eight_appliers(db.url(), "sqlite");
    let mut conn = entgen_runtime::driver::Driver::open(db.url()).unwrap();
    let rows: Vec<i64> = conn
        .query(
            &entgen_runtime::builder::Query::new("SELECT count(*) FROM a", vec![]),
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rows, [2]);
}

/// `migrate diff` and `migrate apply` against a server that is not there say why, once, and
/// never print the password, whatever it holds.
#[test]
fn connection_failures_say_why_without_the_password() {
    let url = "postgres://u:s3/cr#t@127.0.0.1:1/db";
    let dir = std::env::temp_dir().join(format!("entgen-connect-fail-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    let d = dir.to_str().unwrap();
    let hashed = entgen(&["migrate", "hash", "--dir", d]);
    assert_eq!(hashed.status.code(), Some(0), "{}", text(&hashed));
    let out = entgen(&["migrate", "apply", "--dir", d, "--url", url]);
    let said = text(&out);
    assert_ne!(out.status.code(), Some(0));
    assert!(said.contains("connection refused"), "{said}");
    assert!(
        !said.contains("s3/cr#t") && !said.contains("cr#t"),
        "{said}"
    );
    let _ = fs::remove_dir_all(&dir);
}

/// MySQL's named lock (`GET_LOCK` with Atlas's name) makes eight appliers take turns.
#[test]
fn eight_concurrent_appliers_apply_every_file_once_on_mysql() {
    let mut db = TestDb::mysql();
    eight_appliers(db.url(), "mysql");
    assert_eq!(db.query_i64("SELECT count(*) FROM a"), Ok(2));
    assert_eq!(
        db.query_i64("SELECT count(*) FROM atlas_schema_revisions WHERE applied = total"),
        Ok(3)
    );
}
