//! The async client on MariaDB through `mysql_async`: the server's refusals as the same typed
//! errors the sync driver gives, and futures dropped midway (inside a transaction, or in the
//! middle of a statement) leaving no transaction, no lock and no lost connection behind; and
//! MySQL 8's insert path (`?returning=false`) on its pooled connections.

#![cfg(feature = "async")]

mod common;

use common::async_::{assert_send, create_user, poll_once_then_drop};
use std::future::Future;
use std::time::Duration;

use entgen_runtime::driver::PoolOptions;
use entgen_runtime::testing::TestDb;
use generated_example::ent::{AsyncClient, AsyncTx, ConstraintKind, Error, User, user};

/// Runs `test` with a migrated async client on a fresh MariaDB/MySQL database.
fn on_mariadb<F: Future<Output = ()>>(opts: PoolOptions, test: impl FnOnce(AsyncClient) -> F) {
    let db = TestDb::mysql();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let client = AsyncClient::open_with(db.url(), &opts).await.unwrap();
        client.schema().create(|_| {}).await.unwrap();
        test(client).await;
    });
}

async fn set_age(tx: &AsyncTx, id: i64, age: i64) -> Result<u64, Error> {
    let q = tx.user().update().filter(user::ID.eq(id));
    q.set_age(age).exec().await
}

/// What a test waits for at most before saying the pool lost its connection or a lock stayed.
const PATIENCE: Duration = Duration::from_secs(20);

#[test]
fn constraint_violations_and_deadlocks_are_typed_errors() {
    on_mariadb(PoolOptions::default(), |c| async move {
        let ada = create_user(&c, "Ada").await;
        let e = c
            .user()
            .create()
            .set_name("Other")
            .set_email("ada@example.com")
            .set_password("password1")
            .save()
            .await
            .unwrap_err();
        assert_eq!(e.constraint_kind(), Some(ConstraintKind::Unique), "{e}");
        let server = e.server_error().expect("the server's error is kept");
        assert_eq!(server.code, "23000", "{server:?}");
        assert_eq!(server.detail.as_deref(), Some("MySQL error 1062"));

        let e = c
            .post()
            .create()
            .set_title("t")
            .set_body("b")
            .set_slug("s")
            .set_author(999)
            .save()
            .await
            .unwrap_err();
        assert!(e.is_foreign_key_violation(), "{e}");

        // `@@check(age_ok, "age >= 0")`, past the validator through an increment.
        let e = c
            .user()
            .update()
            .filter(user::ID.eq(ada.id))
            .add_age(-5)
            .exec()
            .await
            .unwrap_err();
        assert!(e.is_check_violation(), "{e}");

        // Two transactions that each lock a row the other then wants: the server picks one
        // as the victim and rolls it back; the other goes through.
        let bob = create_user(&c, "Bob").await;
        let (t1, t2) = (c.tx().await.unwrap(), c.tx().await.unwrap());
        set_age(&t1, ada.id, 1).await.unwrap();
        set_age(&t2, bob.id, 2).await.unwrap();
        let (r1, r2) = tokio::join!(
            assert_send(set_age(&t1, bob.id, 1)),
            assert_send(set_age(&t2, ada.id, 2))
        );
        let victim = match (r1, r2) {
            (Err(e), Ok(_)) | (Ok(_), Err(e)) => e,
            other => panic!("expected exactly one deadlock victim, got {other:?}"),
        };
        assert!(victim.is_deadlock(), "{victim}");
        // Ending a transaction is a `Send` future too (it can run in a spawned task).
        let _ = assert_send(t1.rollback()).await;
        let _ = assert_send(t2.commit()).await;
    });
}

/// Takes Ada's row lock on another connection: it would wait for the server's lock timeout
/// (50 s) if a dropped transaction were still open on a pooled connection.
async fn lock_is_free(c: &AsyncClient, ada: &User, age: i64) {
    let update = c.user().update_one(ada).set_age(age).exec();
    tokio::time::timeout(PATIENCE, update)
        .await
        .expect("the dropped transaction's row lock was released")
        .unwrap();
}

#[test]
fn a_dropped_transaction_leaves_no_lock_behind_with_or_without_a_cancelled_call() {
    let opts = PoolOptions::default().max_size(2);
    on_mariadb(opts, |c| async move {
        let ada = create_user(&c, "Ada").await;

        // Dropped after calls that finished: the connection is consistent and in a
        // transaction holding Ada's row lock.
        let tx = c.tx().await.unwrap();
        tx.user().update_one(&ada).set_age(1).exec().await.unwrap();
        create_user(&tx.as_client(), "Dropped").await;
        drop(tx);
        lock_is_free(&c, &ada, 2).await;

        // Dropped after a call cancelled in the middle of its exchange with the server.
        let tx = c.tx().await.unwrap();
        tx.user().update_one(&ada).set_age(3).exec().await.unwrap();
        let cancelled = tx
            .user()
            .create()
            .set_name("Late")
            .set_email("late@example.com");
        poll_once_then_drop(cancelled.set_password("password1").save()).await;
        drop(tx);
        lock_is_free(&c, &ada, 4).await;

        let users = c
            .user()
            .query()
            .order(user::NAME.asc())
            .all()
            .await
            .unwrap();
        let users: Vec<(String, Option<i64>)> =
            users.into_iter().map(|u| (u.name, u.age)).collect();
        assert_eq!(users, [("Ada".to_owned(), Some(4))]);
    });
}

#[test]
fn statements_cancelled_in_flight_cost_no_pooled_connection() {
    // One connection: a connection the pool lost would make the last call time out.
    let opts = PoolOptions::default()
        .max_size(1)
        .connection_timeout(PATIENCE);
    on_mariadb(opts, |c| async move {
        create_user(&c, "Ada").await;
        for _ in 0..5 {
            poll_once_then_drop(c.user().query().all()).await;
            poll_once_then_drop(create_user(&c, "Never")).await;
        }
        let users = c.user().query().filter(user::NAME.eq("Ada")).count();
        assert_eq!(users.await.unwrap(), 1);
        // Each cancelled create either ran whole (autocommit) or not at all.
        let nevers = c.user().query().filter(user::NAME.eq("Never")).count();
        assert!(nevers.await.unwrap() <= 1, "one email, unique");
    });
}

/// MySQL 8's insert path (`?returning=false`) on mysql_async connections: no `RETURNING`, a
/// bulk's ids consecutive from `LAST_INSERT_ID()` on every pooled connection (each asked its
/// server once), rows read back as stored, and an upsert returning the row it updated.
#[test]
fn without_returning_ids_come_from_last_insert_id_on_every_pooled_connection() {
    let db = TestDb::mysql();
    let url = format!("{}?returning=false", db.url());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = log.clone();
        let client = AsyncClient::open(&url)
            .await
            .unwrap()
            .with_logger(move |q| sink.lock().unwrap().push(q.to_string()));
        client.schema().create(|_| {}).await.unwrap();
        let ada = create_user(&client, "Ada").await;
        // Four tasks at once, so that several pooled connections insert.
        let tasks = (0..4).map(|t| {
            let c = client.clone();
            tokio::spawn(async move {
                let rows = (0..50).map(|i| {
                    user::UserCreate::new()
                        .set_name(format!("t{t}-{i:02}"))
                        .set_email(format!("t{t}-{i}@example.com"))
                        .set_password("password1")
                });
                c.user().create_bulk(rows).save().await.unwrap()
            })
        });
        for made in futures_of(tasks).await {
            assert_eq!(made.len(), 50);
            assert!(made.windows(2).all(|w| w[1].id == w[0].id + 1));
            for u in [&made[0], &made[49]] {
                assert_eq!(&client.user().get(u.id).await.unwrap(), u, "as stored");
            }
        }
        let again = client
            .user()
            .create()
            .set_name("Ada Lovelace")
            .set_email("ada@example.com")
            .set_password("password1")
            .on_conflict(user::EMAIL)
            .update_new_values()
            .save()
            .await
            .unwrap();
        assert_eq!((again.id, again.name.as_str()), (ada.id, "Ada Lovelace"));
        let lines = log.lock().unwrap().clone();
        assert!(
            lines.iter().any(|l| l.contains("LAST_INSERT_ID(")),
            "{lines:?}"
        );
        assert!(lines.iter().all(|l| !l.contains("RETURNING")), "{lines:?}");
    });
}

/// The results of spawned tasks, in order.
async fn futures_of<T>(tasks: impl Iterator<Item = tokio::task::JoinHandle<T>>) -> Vec<T> {
    let mut out = Vec::new();
    for t in tasks.collect::<Vec<_>>() {
        out.push(t.await.unwrap());
    }
    out
}
