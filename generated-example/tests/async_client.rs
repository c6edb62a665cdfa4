//! The generated entities on the async client (`--features async`), on PostgreSQL and SQLite:
//! queries with eager loading, creates with edges, bulk creates, updates, deletes,
//! transactions, many tasks on one client, and futures cancelled mid-transaction.

#![cfg(feature = "async")]

use std::future::Future;
use std::time::Duration;

use entgen_runtime::async_client::AsyncClient;
use entgen_runtime::driver::PoolOptions;
use entgen_runtime::testing::TestDb;
use entgen_runtime::typed::{Delete, DeleteOne, Many, One, Update};
use generated_example::ent::post::{PostCreate, PostQuery};
use generated_example::ent::user::{UserCreate, UserQuery};
use generated_example::ent::{Post, User, migrate, post, user};

/// Runs `test` on a multi-thread runtime with a migrated async client on each database
/// (PostgreSQL, SQLite on disk). The databases are made and dropped outside the runtime (the
/// fixtures use the sync driver).
fn on_databases<F: Future<Output = ()>>(
    workers: usize,
    opts: PoolOptions,
    test: impl Fn(String, AsyncClient) -> F,
) -> Vec<TestDb> {
    let dbs = vec![TestDb::postgres(), TestDb::sqlite_file()];
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
                .migrate(migrate::schema(client.dialect()), |_| {})
                .await
                .unwrap_or_else(|e| panic!("{name}: schema create: {e}"));
            test(name.clone(), client).await;
        });
    }
    dbs
}

async fn create_user(c: &AsyncClient, name: &str) -> User {
    UserCreate::with_client(c)
        .set_name(name)
        .set_email(format!("{}@example.com", name.to_lowercase()))
        .set_password("password1")
        .into_inner()
        .save()
        .await
        .unwrap()
}

async fn create_post(c: &AsyncClient, author: i64, title: &str) -> Post {
    PostCreate::with_client(c)
        .set_title(title)
        .set_body("body")
        .set_slug(title.to_lowercase().replace(' ', "-"))
        .set_author(author)
        .into_inner()
        .save()
        .await
        .unwrap()
}

async fn user_names(c: &AsyncClient) -> Vec<String> {
    let users = UserQuery::new(c)
        .order(user::NAME.asc())
        .into_inner()
        .all()
        .await
        .unwrap();
    users.into_iter().map(|u| u.name).collect()
}

/// The futures of the async client can move between threads (`tokio::spawn`).
fn assert_send<T: Send>(t: T) -> T {
    t
}

#[test]
fn queries_mutations_and_eager_loads_run_on_both_databases() {
    on_databases(2, PoolOptions::default(), |name, c| async move {
        let ada = create_user(&c, "Ada").await;
        let bob = create_user(&c, "Bob").await;
        for t in ["One", "Two", "Three"] {
            create_post(&c, ada.id, t).await;
        }
        create_post(&c, bob.id, "Four").await;

        let q = UserQuery::new(&c).with_posts(|q| q.order(post::TITLE.asc()));
        let users = assert_send(q.order(user::NAME.asc()).into_inner().all())
            .await
            .unwrap();
        let titles: Vec<&str> = users[0]
            .posts()
            .unwrap()
            .iter()
            .map(|p| p.title.as_str())
            .collect();
        assert_eq!(titles, ["One", "Three", "Two"], "{name}");
        assert_eq!(users[1].posts().unwrap().len(), 1, "{name}");

        let q = UserQuery::new(&c).filter(user::NAME.eq("Ada"));
        assert_eq!(q.into_inner().count().await.unwrap(), 1, "{name}");
        let q = UserQuery::new(&c).filter(user::NAME.eq("Zed"));
        assert!(!q.into_inner().exist().await.unwrap(), "{name}");
        let q = UserQuery::new(&c).filter(user::NAME.eq("Zed"));
        assert!(q.into_inner().only().await.unwrap_err().is_not_found());
        // Traversal: Ada's posts.
        let q = UserQuery::new(&c).filter(user::ID.eq(ada.id)).query_posts();
        assert_eq!(q.into_inner().ids().await.unwrap().len(), 3, "{name}");

        let n = Update::<User, _, Many>::new(&c)
            .filter(user::NAME.eq("Bob"))
            .put(user::NAME, "Bobby")
            .exec()
            .await
            .unwrap();
        assert_eq!(n, 1, "{name}");
        let ada2 = Update::<User, _, One>::new_one(&c, ada.id)
            .put(user::AGE, 37)
            .save()
            .await
            .unwrap();
        assert_eq!(ada2.age, Some(37), "{name}");

        // Bulk create, then deletes.
        let rows = (0..150).map(|i| {
            UserCreate::new()
                .set_name(format!("bulk{i:03}"))
                .set_email(format!("bulk{i}@example.com"))
                .set_password("password1")
                .into_inner()
        });
        let created = entgen_runtime::typed::CreateBulk::new(&c, rows)
            .save()
            .await
            .unwrap();
        assert_eq!(created.len(), 150, "{name}");
        assert_eq!(created[149].name, "bulk149", "{name}");
        let n = Delete::<User, _>::new(&c)
            .filter(user::NAME.has_prefix("bulk"))
            .exec()
            .await
            .unwrap();
        assert_eq!(n, 150, "{name}");
        let four = PostQuery::new(&c).filter(post::TITLE.eq("Four"));
        let four = four.into_inner().only().await.unwrap();
        DeleteOne::<Post, _>::new(&c, four.id).exec().await.unwrap();
        let err = DeleteOne::<Post, _>::new(&c, four.id).exec().await;
        assert!(err.unwrap_err().is_not_found(), "{name}");
        assert_eq!(user_names(&c).await, ["Ada", "Bobby"], "{name}");
    });
}

#[test]
fn transactions_commit_roll_back_and_roll_back_when_dropped() {
    on_databases(2, PoolOptions::default(), |name, c| async move {
        let tx = c.tx().await.unwrap();
        create_user(&tx, "Kept").await;
        tx.commit().await.unwrap();

        let tx = c.tx().await.unwrap();
        create_user(&tx, "Undone").await;
        // Inside, the row is there; outside, not yet.
        assert_eq!(user_names(&tx).await, ["Kept", "Undone"], "{name}");
        tx.rollback().await.unwrap();

        let tx = c.tx().await.unwrap();
        create_user(&tx, "Dropped").await;
        drop(tx);
        // Give the rollback task (PostgreSQL) or blocking thread (SQLite) its turn.
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert_eq!(user_names(&c).await, ["Kept"], "{name}");
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
                        let q = UserQuery::new(&c).filter(user::ID.eq(u.id));
                        q.into_inner().only().await.map(|got| got.name)
                    })
                })
                .collect();
            for (i, t) in tasks.into_iter().enumerate() {
                assert_eq!(t.await.unwrap().unwrap(), format!("task{i:03}"), "{name}");
            }
            let all = UserQuery::new(&c).into_inner().count().await.unwrap();
            assert_eq!(all, 100, "{name}");
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
        let postgres = name == "Postgres";
        let tx = c.tx().await.unwrap();
        create_user(&tx, "InTx").await;
        // A bulk insert cancelled after its first poll, in the middle of its statements.
        let rows = (0..3000).map(|i| {
            UserCreate::new()
                .set_name(format!("c{i}"))
                .set_email(format!("c{i}@example.com"))
                .set_password("password1")
                .into_inner()
        });
        let bulk = entgen_runtime::typed::CreateBulk::new(&*tx, rows).save();
        let cancelled = tokio::time::timeout(Duration::from_micros(1), bulk).await;
        assert!(cancelled.is_err(), "{name}: the insert was to be cancelled");
        let committed = tx.commit().await;
        if postgres {
            // The transaction is in an unknown state: committing it rolls it back.
            let err = committed.unwrap_err();
            assert!(err.to_string().contains("cancelled"), "{name}: {err}");
        }
        // The one connection is back and clean.
        let q = UserQuery::new(&c).filter(user::NAME.eq("InTx"));
        let found = tokio::time::timeout(Duration::from_secs(5), q.into_inner().count())
            .await
            .expect("the connection came back")
            .unwrap();
        if postgres {
            assert_eq!(found, 0, "{name}");
        }
        // A dropped transaction with a cancelled call inside gives the connection back too.
        let tx = c.tx().await.unwrap();
        let late = create_user(&tx, "Late");
        let _ = tokio::time::timeout(Duration::from_micros(1), late).await;
        drop(tx);
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
