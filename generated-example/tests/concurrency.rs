//! One client shared by many threads: pooled connections, transactions that hold one, a
//! connection the server kills, an exhausted pool, concurrent auto-migrations.
//!
//! The cases without threads are `suite/concurrency.rs`, run on both clients (see
//! `common/mod.rs`); the ones here drive threads, the sync client's pool or its
//! connection-taking constructors, which `async_client.rs` covers with tasks for the
//! `AsyncClient`.

mod common;

#[path = "suite"]
mod sync {
    use crate::common::sync::*;
    mod concurrency;
}

#[cfg(feature = "async")]
#[path = "suite"]
mod async_ {
    use crate::common::async_::*;
    #[allow(clippy::duplicate_mod, reason = "the same cases on the other client")]
    mod concurrency;
}

use std::sync::Barrier;
use std::time::Duration;

use common::sync::databases;
use entgen_runtime::automigrate::Options;
use entgen_runtime::driver::PoolOptions;
use entgen_runtime::testing::TestDb;
use generated_example::ent::{Client, post, user};

const THREADS: usize = 16;
const ROUNDS: usize = 6;

/// What one thread does in one round: creates a user and two posts, reads them back (eager
/// loading the posts), updates the user, commits one transaction and rolls another back.
fn round(c: &Client, t: usize, r: usize) {
    let name = format!("t{t}r{r}");
    let u = c
        .user()
        .create()
        .set_name(&name)
        .set_email(format!("{name}@example.com"))
        .set_password("password1")
        .set_age(r as i64)
        .save()
        .unwrap();
    for p in 0..2 {
        c.post()
            .create()
            .set_title(format!("{name} post {p}"))
            .set_body("body")
            .set_slug(format!("{name}-{p}"))
            .set_author(u.id)
            .save()
            .unwrap();
    }
    let loaded = c
        .user()
        .query()
        .filter(user::NAME.eq(&name))
        .with_posts(|q| q.order(post::ID.asc()))
        .only()
        .unwrap();
    assert_eq!(loaded.posts().unwrap().len(), 2, "{name}");
    let updated = c.user().update_one(&u).add_age(100).save().unwrap();
    assert_eq!(updated.age, Some(r as i64 + 100));

    let tx = c.tx().unwrap();
    let kept = tx
        .user()
        .create()
        .set_name(format!("{name}-tx"))
        .set_email(format!("{name}-tx@example.com"))
        .set_password("password1")
        .save()
        .unwrap();
    assert_eq!(tx.user().get(kept.id).unwrap().name, format!("{name}-tx"));
    tx.commit().unwrap();

    let tx = c.tx().unwrap();
    tx.user()
        .create()
        .set_name(format!("{name}-gone"))
        .set_email(format!("{name}-gone@example.com"))
        .set_password("password1")
        .save()
        .unwrap();
    tx.rollback().unwrap();
}

#[test]
fn sixteen_threads_share_one_client() {
    for db in databases() {
        let start = Barrier::new(THREADS);
        std::thread::scope(|s| {
            for t in 0..THREADS {
                let c = db.client.clone();
                let start = &start;
                s.spawn(move || {
                    start.wait();
                    for r in 0..ROUNDS {
                        round(&c, t, r);
                    }
                });
            }
        });
        let c = &db.client;
        let n = (THREADS * ROUNDS) as u64;
        assert_eq!(c.user().query().count().unwrap(), 2 * n, "{}", db.name);
        assert_eq!(c.post().query().count().unwrap(), 2 * n, "{}", db.name);
        assert_eq!(
            c.user()
                .query()
                .filter(user::NAME.has_suffix("-gone"))
                .count()
                .unwrap(),
            0,
            "{}: rolled back",
            db.name
        );
        assert_eq!(
            c.user().query().filter(user::AGE.ge(100)).count().unwrap(),
            n,
            "{}: every update landed",
            db.name
        );
        for t in 0..THREADS {
            let mine = c
                .user()
                .query()
                .filter(user::NAME.has_prefix(format!("t{t}r")))
                .filter(!user::NAME.has_suffix("-tx"))
                .count()
                .unwrap();
            assert_eq!(mine, ROUNDS as u64, "{}: thread {t}", db.name);
        }
    }
}

#[test]
fn a_connection_the_server_kills_is_replaced() {
    let db = TestDb::postgres();
    let c = Client::open_with(db.url(), &PoolOptions::default().max_size(2)).unwrap();
    c.schema().create(&mut Options::default()).unwrap();
    assert_eq!(c.user().query().count().unwrap(), 0);
    let mut admin = entgen_runtime::typed::postgres::Client::connect(
        &std::env::var("ENTGEN_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into()),
        entgen_runtime::typed::postgres::NoTls,
    )
    .unwrap();
    let killed: i64 = admin
        .query_one(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity \
             WHERE datname = $1 AND pid <> pg_backend_pid()",
            &[&db.name()],
        )
        .unwrap()
        .get(0);
    assert!(killed >= 1, "the pool's connection was found and killed");
    // A connection idle for longer than the pool's ping window is checked before use.
    std::thread::sleep(entgen_runtime::driver::pool::PING_AFTER_IDLE + Duration::from_millis(100));
    assert_eq!(
        c.user().query().count().unwrap(),
        0,
        "the next call succeeds"
    );
    // Killed again and used at once: the call that finds it dead fails, the pool drops it,
    // and the call after succeeds.
    admin
        .execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = $1 AND pid <> pg_backend_pid()",
            &[&db.name()],
        )
        .unwrap();
    std::thread::sleep(Duration::from_millis(50));
    let mut attempts = 0;
    while c.user().query().count().is_err() {
        attempts += 1;
        assert!(attempts <= 2, "a dead connection is not handed out twice");
    }
}

#[test]
fn sqlite_memory_is_one_database_for_every_thread() {
    let c = Client::open("sqlite::memory:").unwrap();
    c.schema().create(&mut Options::default()).unwrap();
    std::thread::scope(|s| {
        for t in 0..4 {
            let c = c.clone();
            s.spawn(move || {
                c.user()
                    .create()
                    .set_name(format!("m{t}"))
                    .set_email(format!("m{t}@example.com"))
                    .set_password("password1")
                    .save()
                    .unwrap();
            });
        }
    });
    assert_eq!(c.user().query().count().unwrap(), 4);
    // Another pool on sqlite::memory: is another database.
    let other = Client::open("sqlite::memory:").unwrap();
    other.schema().create(&mut Options::default()).unwrap();
    assert_eq!(other.user().query().count().unwrap(), 0);
}

#[test]
fn concurrent_schema_creates_take_turns_under_the_lock() {
    for db in [TestDb::postgres(), TestDb::sqlite_file()] {
        let start = Barrier::new(8);
        let reports: Vec<usize> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|_| {
                    let start = &start;
                    let url = db.url().to_owned();
                    s.spawn(move || {
                        let c = Client::open(&url).unwrap();
                        start.wait();
                        c.schema()
                            .create(&mut Options::default())
                            .unwrap()
                            .statements
                            .len()
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert_eq!(
            reports.iter().filter(|n| **n > 0).count(),
            1,
            "{}: one run created the tables, the others found nothing to do: {reports:?}",
            db.url()
        );
        let c = Client::open(db.url()).unwrap();
        assert_eq!(c.user().query().count().unwrap(), 0);
    }
}

/// `for_update` and `for_share` lock the rows they read until the transaction ends: a second
/// transaction's locking read of the row waits for the first one's commit, and then sees its
/// change (a plain read would have returned the old row at once).
///
/// Sync only here: the waiting reader must run beside the locking transaction (a thread; on
/// the `AsyncClient` a task, `async_client.rs`), which the suite's one text cannot express
/// (`must_be_sync` would run the two in turn, the second waiting forever on the first).
#[test]
fn row_locks_make_a_second_locking_read_wait_for_the_commit() {
    for db in databases().into_iter().filter(|db| db.name != "sqlite") {
        let c = &db.client;
        let ada = common::sync::user(c, "Ada", None);
        for share in [false, true] {
            let tx = c.tx().unwrap();
            let locked = tx.user().query().filter(user::ID.eq(ada.id)).for_update();
            let name = locked.only().unwrap().name;
            let (started, waiting) = std::sync::mpsc::channel();
            let seen = std::thread::scope(|s| {
                let reader = s.spawn(|| {
                    let other = c.tx().unwrap();
                    let query = other.user().query().filter(user::ID.eq(ada.id));
                    let query = if share {
                        query.for_share()
                    } else {
                        query.for_update()
                    };
                    started.send(()).unwrap();
                    let seen = query.only().unwrap().name;
                    other.commit().unwrap();
                    seen
                });
                waiting.recv().unwrap();
                // Long enough for the reader's SELECT to reach the server and wait there.
                std::thread::sleep(Duration::from_millis(300));
                let renamed = format!("{name}+");
                tx.user()
                    .update_one_id(ada.id)
                    .set_name(&renamed)
                    .exec()
                    .unwrap();
                tx.commit().unwrap();
                reader.join().unwrap()
            });
            assert_eq!(seen, c.user().get(ada.id).unwrap().name, "{}", db.name);
            let selects = db.log.selects();
            let clause = match (share, db.is_mysql()) {
                (false, _) => " FOR UPDATE",
                (true, true) => " LOCK IN SHARE MODE",
                (true, false) => " FOR SHARE",
            };
            assert!(
                selects.iter().any(|s| s.contains(clause)),
                "{}: {selects:?}",
                db.name
            );
        }
    }
}
