//! What only the async client has, on PostgreSQL, SQLite and MariaDB: `Send` futures, many
//! tasks on one client, futures cancelled mid-transaction, migration files written from it, a
//! row lock another task's locking read waits on. The rest of its API runs the generated-example suite (`tests/suite/`, the `async_` tests of
//! crud, edges, mutations, predicates and schema).

#![cfg(feature = "async")]

mod common;

use common::async_::{assert_send, create_user, poll_once_then_drop};
use std::future::Future;
use std::time::Duration;

use entgen_runtime::driver::PoolOptions;
use entgen_runtime::testing::TestDb;
use generated_example::ent::user::UserCreate;
use generated_example::ent::{AsyncClient, Post, count, post, user};

/// Runs `test` on a multi-thread runtime with a migrated async client on each database
/// (PostgreSQL, SQLite on disk, MariaDB through mysql_async). The databases are made and
/// dropped outside the runtime (the fixtures use the sync driver).
fn on_databases<F: Future<Output = ()>>(
    workers: usize,
    opts: PoolOptions,
    test: impl Fn(String, AsyncClient) -> F,
) {
    let dbs = vec![TestDb::postgres(), TestDb::sqlite_file(), TestDb::mysql()];
    for db in &dbs {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(workers)
            .enable_all()
            .build()
            .unwrap();
        let name = format!("{:?}", db.dialect());
        rt.block_on(async {
            let client = AsyncClient::open_with(db.url(), &opts)
                .await
                .unwrap_or_else(|e| panic!("{name}: open: {e}"));
            client
                .schema()
                .create(|_| {})
                .await
                .unwrap_or_else(|e| panic!("{name}: schema create: {e}"));
            test(name.clone(), client).await;
        });
    }
}

async fn create_post(c: &AsyncClient, author: i64, title: &str) -> Post {
    c.post()
        .create()
        .set_title(title)
        .set_body("body")
        .set_slug(title.to_lowercase().replace(' ', "-"))
        .set_author(author)
        .save()
        .await
        .unwrap()
}

async fn user_names(c: &AsyncClient) -> Vec<String> {
    let users = c.user().query().order(user::NAME.asc()).all().await;
    users.unwrap().into_iter().map(|u| u.name).collect()
}

fn bulk_rows(prefix: &str, n: usize) -> Vec<UserCreate> {
    (0..n)
        .map(|i| {
            UserCreate::new()
                .set_name(format!("{prefix}{i:04}"))
                .set_email(format!("{prefix}{i}@example.com"))
                .set_password("password1")
        })
        .collect()
}

/// What the suite (`tests/suite/`, run on this client too) cannot show: every kind of future
/// the client returns can move between threads, as `tokio::spawn` and web frameworks need.
#[test]
fn the_clients_futures_are_send_and_run_as_spawned_tasks() {
    on_databases(2, PoolOptions::default(), |name, c| async move {
        let c2 = c.clone();
        let ada = tokio::spawn(async move { create_user(&c2, "Ada").await.id });
        let ada = ada.await.unwrap();
        create_post(&c, ada, "One").await;
        let q = c.user().query().with_posts(|q| q.with_author(|q| q));
        let users = assert_send(q.order(user::NAME.asc()).all()).await.unwrap();
        assert_eq!(users[0].posts().unwrap().len(), 1, "{name}");
        let n = c.user().update().filter(user::ID.eq(ada)).set_age(3).exec();
        assert_eq!(assert_send(n).await.unwrap(), 1, "{name}");
        let bulk = c.user().create_bulk(bulk_rows("bulk", 3)).save();
        assert_eq!(assert_send(bulk).await.unwrap().len(), 3, "{name}");
        let tx = assert_send(c.tx()).await.unwrap();
        let inside = assert_send(tx.user().query().count()).await.unwrap();
        assert_eq!(inside, 4, "{name}");
        assert_send(tx.commit()).await.unwrap();
        let titles = c.post().query().select(post::TITLE).all();
        assert_eq!(assert_send(titles).await.unwrap(), ["One"], "{name}");
        let per_author = c
            .post()
            .query()
            .group_by(post::AUTHOR_ID)
            .aggregate(count());
        let per_author = assert_send(per_author.scan::<i64>()).await.unwrap();
        assert_eq!(per_author, [(ada, 1)], "{name}");
        let again = assert_send(c.schema().create(|_| {})).await.unwrap();
        assert!(
            again.statements.is_empty(),
            "{name}: {:?}",
            again.statements
        );
    });
}

#[test]
fn a_hundred_tasks_share_one_client() {
    on_databases(
        4,
        PoolOptions::default().max_size(8),
        |name, c| async move {
            let tasks: Vec<_> = (0..100)
                .map(|i| {
                    let c = c.clone();
                    tokio::spawn(async move {
                        let u = create_user(&c, &format!("task{i:03}")).await;
                        c.user().get(u.id).await.map(|got| got.name)
                    })
                })
                .collect();
            for (i, t) in tasks.into_iter().enumerate() {
                assert_eq!(t.await.unwrap().unwrap(), format!("task{i:03}"), "{name}");
            }
            assert_eq!(c.user().query().count().await.unwrap(), 100, "{name}");
        },
    );
}

#[test]
fn a_future_cancelled_inside_a_transaction_leaves_no_transaction_and_no_lost_connection() {
    // One connection: a connection lost or left in a transaction would fail the next call.
    let opts = PoolOptions::default()
        .max_size(1)
        .connection_timeout(Duration::from_secs(5));
    on_databases(2, opts, |name, c| async move {
        let tx = c.tx().await.unwrap();
        create_user(&tx.as_client(), "InTx").await;
        // A bulk insert dropped after its first poll: usually its statement is then on the
        // wire, not answered (or not sent yet; on SQLite the call runs to its end on the
        // blocking pool whatever happens here).
        let bulk = tx.user().create_bulk(bulk_rows("c", 3000)).save();
        poll_once_then_drop(bulk).await;
        let committed = tx.commit().await;
        // The one connection is back and clean, and the transaction is all or nothing: a
        // commit after a call cancelled in flight rolls back and says so; a commit that went
        // through holds its first row and the bulk whole or not at all.
        let count_of = |pred| {
            let q = c.user().query().filter(pred).count();
            async move {
                tokio::time::timeout(Duration::from_secs(5), q)
                    .await
                    .expect("the connection came back")
                    .unwrap()
            }
        };
        let in_tx = count_of(user::NAME.eq("InTx")).await;
        let bulk_rows_found = count_of(user::NAME.has_prefix("c")).await;
        match committed {
            Err(err) => {
                assert!(err.to_string().contains("cancelled"), "{name}: {err}");
                assert_eq!((in_tx, bulk_rows_found), (0, 0), "{name}: rolled back");
            }
            Ok(()) => {
                assert_eq!(in_tx, 1, "{name}: committed");
                assert!(
                    bulk_rows_found == 0 || bulk_rows_found == 3000,
                    "{name}: {bulk_rows_found}"
                );
            }
        }
        // A dropped transaction with a cancelled call inside gives the connection back too.
        let tx = c.tx().await.unwrap();
        let inside = tx.as_client();
        let late = create_user(&inside, "Late");
        // Whether it was cancelled or ran on (SQLite runs it to its end on the blocking pool),
        // its row goes with the transaction.
        poll_once_then_drop(late).await;
        drop((inside, tx));
        let after = tokio::time::timeout(Duration::from_secs(5), async {
            create_user(&c, "After").await;
            user_names(&c).await
        })
        .await
        .expect("the connection came back");
        assert!(after.contains(&"After".to_owned()), "{name}");
        assert!(
            !after.contains(&"Late".to_owned()),
            "{name}: a dropped transaction's row"
        );
    });
}

#[test]
fn schema_diff_writes_migration_files_from_the_async_client() {
    use entgen_runtime::versioned::{DiffOptions, DiffOutcome, Mode};
    on_databases(2, PoolOptions::default(), |name, c| async move {
        let dir =
            std::env::temp_dir().join(format!("entgen-async-diff-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        // The client's database has its tables (created by `on_databases`): inspecting it,
        // the first file is empty of changes; offline, the empty directory needs every table.
        let live = DiffOptions::default().mode(Mode::Inspect);
        let none = c.schema().diff("live", &dir, &live).await.unwrap();
        assert_eq!(none, DiffOutcome::NoChanges, "{name}");
        let offline = DiffOptions::default().mode(Mode::Offline);
        let first = c.schema().diff("init", &dir, &offline).await.unwrap();
        let DiffOutcome::Written(files) = first else {
            panic!("{name}: expected files, got {first:?}");
        };
        let sql = files
            .iter()
            .find(|f| f.extension().is_some_and(|e| e == "sql"));
        let text = std::fs::read_to_string(sql.unwrap()).unwrap();
        assert!(text.contains("CREATE TABLE"), "{name}: {text}");
        let again = c.schema().diff("again", &dir, &offline).await.unwrap();
        assert_eq!(again, DiffOutcome::NoChanges, "{name}");
        std::fs::remove_dir_all(&dir).unwrap();
    });
}

/// `for_update` and `for_share` on the async client: a second transaction's locking read of a
/// row the first one locked waits (as a task, not a thread) for the first one's commit, and
/// then sees its change. The sync client's copy is `tests/concurrency.rs`'s (with the
/// statements' clauses); this case needs a second task running beside the first, which the
/// suite's one text cannot say for the sync client.
#[test]
fn row_locks_make_a_second_locking_read_wait_for_the_commit() {
    on_databases(2, PoolOptions::default(), |name, c| async move {
        if name == "Sqlite" {
            // Its write transactions lock the whole file; `for_update` is ignored there.
            return;
        }
        let ada = create_user(&c, "Ada").await;
        for share in [false, true] {
            let tx = c.tx().await.unwrap();
            let locked = tx.user().query().filter(user::ID.eq(ada.id)).for_update();
            let before = locked.only().await.unwrap().name;
            let (started, waiting) = tokio::sync::oneshot::channel();
            let reader = tokio::spawn({
                let c = c.clone();
                async move {
                    let other = c.tx().await.unwrap();
                    let query = other.user().query().filter(user::ID.eq(ada.id));
                    let query = if share {
                        query.for_share()
                    } else {
                        query.for_update()
                    };
                    started.send(()).unwrap();
                    let seen = query.only().await.unwrap().name;
                    other.commit().await.unwrap();
                    seen
                }
            });
            waiting.await.unwrap();
            // Long enough for the reader's SELECT to reach the server and wait there.
            tokio::time::sleep(Duration::from_millis(300)).await;
            let renamed = format!("{before}+");
            let update = tx.user().update_one_id(ada.id).set_name(&renamed);
            update.exec().await.unwrap();
            tx.commit().await.unwrap();
            let seen = reader.await.unwrap();
            assert_eq!(seen, renamed, "{name}: for_share = {share}");
        }
    });
}
