//! The MySQL/MariaDB driver on what only it has to tell apart: a deadlock victim is a typed
//! error (`Error::is_deadlock`), distinct from constraint failures, and the transaction can run
//! again. (Values, constraints, upserts and the client run on MariaDB in `client_live.rs`.)

use std::sync::{Arc, Barrier};

use entgen_runtime::builder::Query;
use entgen_runtime::driver::Driver;
use entgen_runtime::error::Error;
use entgen_runtime::testing::TestDb;
use entgen_runtime::value::Value;

fn lock_row(drv: &mut Driver, id: i64) -> Result<(), Error> {
    let q = Query::new(
        "SELECT `n` FROM `counters` WHERE `id` = ? FOR UPDATE",
        vec![Value::I64(id)],
    );
    drv.query(&q, |r| r.value(0)).map(|_| ())
}

#[test]
fn a_deadlock_is_told_apart_and_the_other_transaction_commits() {
    let mut db = TestDb::mysql();
    db.execute(
        "CREATE TABLE `counters` (`id` bigint PRIMARY KEY, `n` bigint NOT NULL); \
         INSERT INTO `counters` VALUES (1, 0), (2, 0)",
    )
    .unwrap();
    let barrier = Arc::new(Barrier::new(2));
    // Each takes one row, waits for the other, then asks for the other's row.
    let run = |first: i64, second: i64, url: String, barrier: Arc<Barrier>| {
        std::thread::spawn(move || -> Result<(), Error> {
            let mut drv = Driver::open(&url)?;
            drv.execute_batch("SET SESSION innodb_lock_wait_timeout = 10")?;
            let mut tx = drv.transaction()?;
            lock_row(&mut tx, first)?;
            barrier.wait();
            lock_row(&mut tx, second)?;
            tx.commit()
        })
    };
    let a = run(1, 2, db.url().to_owned(), barrier.clone());
    let b = run(2, 1, db.url().to_owned(), barrier);
    let results = [a.join().unwrap(), b.join().unwrap()];
    let deadlocks: Vec<&Error> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert_eq!(deadlocks.len(), 1, "{results:?}");
    let e = deadlocks[0];
    assert!(e.is_deadlock(), "{e:?}");
    assert!(e.constraint_kind().is_none());
    assert!(e.to_string().contains("1213"), "{e}");
    assert_eq!(
        e.server_error().map(|s| s.code),
        Some("40001".to_owned()),
        "{e:?}"
    );
}

#[test]
fn an_unreachable_server_is_a_connect_error_without_the_password() {
    let e = Driver::open("mysql://root:s3cret@127.0.0.1:1/app").unwrap_err();
    assert!(
        matches!(
            e,
            Error::Connect {
                cause: entgen_runtime::error::ConnectCause::Refused,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(!e.to_string().contains("s3cret"), "{e}");
}

#[test]
fn a_constraint_error_keeps_what_the_server_said() {
    let mut db = TestDb::mysql();
    db.execute(
        "CREATE TABLE `users` (`id` bigint PRIMARY KEY, `email` varchar(64) NOT NULL, \
         UNIQUE KEY `users_email` (`email`)); INSERT INTO `users` VALUES (1, 'a@x')",
    )
    .unwrap();
    let mut drv = Driver::open(db.url()).unwrap();
    let e = drv
        .execute(&Query::new(
            "INSERT INTO `users` VALUES (?, ?)",
            vec![Value::I64(2), Value::String("a@x".into())],
        ))
        .unwrap_err();
    assert!(e.is_unique_violation(), "{e:?}");
    let server = e
        .server_error()
        .unwrap_or_else(|| panic!("no server error: {e:?}"));
    // MySQL's SQLSTATE for every integrity error, and its own error number (ER_DUP_ENTRY).
    assert_eq!(server.code, "23000", "{server:?}");
    assert_eq!(
        server.detail.as_deref(),
        Some("MySQL error 1062"),
        "{server:?}"
    );
    assert!(
        server.message.contains("Duplicate entry 'a@x'"),
        "{server:?}"
    );
    // The migration tools' report carries the SQLSTATE and the error number.
    let report = e.database_message();
    assert!(
        report.contains("SQLSTATE 23000") && report.contains("1062"),
        "{report}"
    );
}
