//! The work both benchmark drivers measure, each case once through the generated client and
//! once as hand-written driver code doing the same: insert one user, get one by id, list 10k,
//! eager-load 1000 users × 10 pets, create 10k users in bulk or row by row, and N threads
//! getting users by id through one shared client. The same cases run on PostgreSQL (against
//! `postgres` crate code, [`hand_pg`](crate::hand_pg)) and on MySQL/MariaDB (against `mysql`
//! crate code, [`hand_mysql`](crate::hand_mysql)): [`Backend::from_env`] picks one.
//!
//! The hand-written side prepares its statements once per connection, the best a hand-written
//! program does; the generated client's driver caches prepared statements per connection, so
//! both sides make the same round trips and the difference is what the generated code and the
//! runtime add. Both sides use the same connection (the hand-written code borrows the client's
//! own): with two connections, the two server processes (or threads) land on different cores
//! of this 2-core machine, and a round trip to one on the busy core or on the idle one differs
//! by up to 3×, which swamped the comparison of get by id. Every function returns what it read,
//! for `black_box`.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entgen_runtime::automigrate::Options;
use entgen_runtime::driver::PoolOptions;
use entgen_runtime::testing::TestDb;

use crate::ent::{Client, user};

/// The database the benchmarks run on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// PostgreSQL (`ENTGEN_TEST_POSTGRES_URL`, by default 127.0.0.1:5432).
    Postgres,
    /// MySQL or MariaDB (`ENTGEN_TEST_MYSQL_URL`, by default root@127.0.0.1:3306).
    Mysql,
}

impl Backend {
    /// `ENTGEN_BENCH_DB=postgres|mysql`; PostgreSQL when unset.
    pub fn from_env() -> Backend {
        match std::env::var("ENTGEN_BENCH_DB").as_deref() {
            Ok("mysql") | Ok("mariadb") => Backend::Mysql,
            Ok("postgres") | Err(_) => Backend::Postgres,
            Ok(other) => panic!("ENTGEN_BENCH_DB={other}: expected postgres or mysql"),
        }
    }

    /// The name the reports print.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Postgres => "PostgreSQL (postgres crate)",
            Backend::Mysql => "MySQL/MariaDB (mysql crate)",
        }
    }

    fn test_db(self) -> TestDb {
        match self {
            Backend::Postgres => TestDb::postgres(),
            Backend::Mysql => TestDb::mysql(),
        }
    }
}

/// What the hand-written side decodes a user row into: the generated struct's fields.
#[allow(dead_code)]
pub struct HandUser {
    pub(crate) id: i64,
    pub(crate) name: String,
    pub(crate) email: String,
    pub(crate) age: Option<i64>,
    pub(crate) created_at: DateTime<Utc>,
}

/// What the hand-written side decodes a pet row into: the generated struct's fields.
#[allow(dead_code)]
pub struct HandPet {
    pub(crate) id: i64,
    pub(crate) name: String,
    pub(crate) owner_id: Option<i64>,
}

/// The hand-written side of each case, on the client's own connection (or, for the threaded
/// case, over the client's pool: a connection checked out per call, as the client does).
pub trait HandWritten: Sync {
    /// Inserts one user (`n` makes the email unique); its id is the database's.
    fn insert(&self, client: &Client, n: u64) -> HandUser;
    /// The user whose id is `id`.
    fn get(&self, client: &Client, id: i64) -> HandUser;
    /// The first 10k users by id.
    fn list(&self, client: &Client) -> Vec<HandUser>;
    /// The first 1000 users and their pets: the same two queries the client sends, grouped
    /// with [`attach_pets`] as the client groups them.
    fn eager(&self, client: &Client) -> Vec<(HandUser, Vec<HandPet>)>;
    /// 10k users inserted row by row in one transaction; their ids.
    fn row_by_row(&self, client: &Client, round: u64) -> Vec<i64>;
    /// `threads` threads each getting `per_thread` users by id over `shared`'s pool.
    fn threaded_get(&self, shared: &Client, threads: usize, per_thread: usize);
}

/// The hand-written side for the backend [`setup`] chose.
pub type Hand = Box<dyn HandWritten>;

/// [`setup_on`] PostgreSQL.
pub fn setup() -> (TestDb, Client, Hand) {
    setup_on(Backend::Postgres)
}

/// A fresh database with the generated tables, 10k users and 10 pets for each of the first
/// 1000; the generated client (a pool of one connection, which the hand-written side uses too)
/// and the hand-written side, its statements prepared.
pub fn setup_on(backend: Backend) -> (TestDb, Client, Hand) {
    let db = backend.test_db();
    let client = Client::open_with(db.url(), &PoolOptions::default().max_size(1))
        .expect("open the generated client");
    client
        .schema()
        .create(&mut Options::default())
        .expect("create the tables");
    let hand: Hand = match backend {
        Backend::Postgres => Box::new(crate::hand_pg::PgHand::seed(&client)),
        Backend::Mysql => Box::new(crate::hand_mysql::MysqlHand::seed(&client)),
    };
    (db, client, hand)
}

/// The users with their pets, grouped through one map as the client's eager loading does.
pub(crate) fn attach_pets(
    users: Vec<HandUser>,
    pets: impl Iterator<Item = HandPet>,
) -> Vec<(HandUser, Vec<HandPet>)> {
    let mut by_owner: HashMap<i64, Vec<HandPet>> = HashMap::new();
    for pet in pets {
        by_owner
            .entry(pet.owner_id.unwrap_or_default())
            .or_default()
            .push(pet);
    }
    let users: Vec<(HandUser, Vec<HandPet>)> = users
        .into_iter()
        .map(|u| {
            let pets = by_owner.remove(&u.id).unwrap_or_default();
            (u, pets)
        })
        .collect();
    assert_eq!(users[999].1.len(), 10);
    users
}

/// Inserts one user (`n` makes the email unique).
pub fn insert_entgen(client: &Client, n: u64) -> user::User {
    let create = client.user().create().set_name("bench");
    create
        .set_email(format!("e{n}@x"))
        .set_age(33)
        .save()
        .unwrap()
}

/// Inserts one user by hand.
pub fn insert_hand(client: &Client, hand: &Hand, n: u64) -> HandUser {
    hand.insert(client, n)
}

/// The user whose id is `id`.
pub fn get_entgen(client: &Client, id: i64) -> user::User {
    client.user().get(id).unwrap()
}

/// The user whose id is `id`, by hand.
pub fn get_hand(client: &Client, hand: &Hand, id: i64) -> HandUser {
    hand.get(client, id)
}

/// The first 10k users by id.
pub fn list_entgen(client: &Client) -> Vec<user::User> {
    let query = client.user().query().filter(user::ID.le(10_000));
    let users = query.order(user::ID.asc()).all().unwrap();
    assert_eq!(users.len(), 10_000);
    users
}

/// The first 10k users by id, by hand.
pub fn list_hand(client: &Client, hand: &Hand) -> Vec<HandUser> {
    hand.list(client)
}

/// The first 1000 users with their pets (`with_pets`).
pub fn eager_entgen(client: &Client) -> Vec<user::User> {
    let query = client.user().query().order(user::ID.asc()).limit(1000);
    let users = query.with_pets(|q| q).all().unwrap();
    assert_eq!(users[999].pets().unwrap().len(), 10);
    users
}

/// The first 1000 users, each with its pets, by hand: the same two queries and the same
/// grouping the client does.
pub fn eager_hand(client: &Client, hand: &Hand) -> Vec<(HandUser, Vec<HandPet>)> {
    hand.eager(client)
}

/// 10k users in one `create_bulk` (`round` keeps the emails unique across calls).
pub fn bulk_entgen(client: &Client, round: u64) -> Vec<user::User> {
    let rows = (0..10_000i64).map(|i| {
        let row = user::UserCreate::new().set_name("bulk");
        row.set_email(format!("b{round}-{i}@x")).set_age(i)
    });
    client.user().create_bulk(rows).save().unwrap()
}

/// 10k users with `create().save()` row by row, in one transaction.
pub fn row_by_row_entgen(client: &Client, round: u64) -> Vec<user::User> {
    let tx = client.tx().unwrap();
    let mut users = Vec::with_capacity(10_000);
    for i in 0..10_000i64 {
        let create = tx.user().create().set_name("bulk");
        users.push(
            create
                .set_email(format!("r{round}-{i}@x"))
                .set_age(i)
                .save()
                .unwrap(),
        );
    }
    tx.commit().unwrap();
    users
}

/// 10k users inserted row by row by hand, in one transaction.
pub fn row_by_row_hand(client: &Client, hand: &Hand, round: u64) -> Vec<i64> {
    hand.row_by_row(client, round)
}

/// A client over a pool of `size` connections to the bench database, for the threaded cases.
pub fn pooled(db: &TestDb, size: u32) -> Client {
    pooled_with(db, size, "")
}

/// [`pooled`] with `options` added to the URL's query (`returning=false` runs MySQL 8's
/// insert path on MariaDB).
pub fn pooled_with(db: &TestDb, size: u32, options: &str) -> Client {
    let url = match (options.is_empty(), db.url().contains('?')) {
        (true, _) => db.url().to_owned(),
        (false, true) => format!("{}&{options}", db.url()),
        (false, false) => format!("{}?{options}", db.url()),
    };
    Client::open_with(&url, &PoolOptions::default().max_size(size).min_idle(size))
        .expect("open a pooled client")
}

/// `threads` threads each getting `per_thread` users by id through one shared client.
pub fn threaded_get_entgen(client: &Client, threads: usize, per_thread: usize) {
    on_threads(threads, per_thread, |id| {
        std::hint::black_box(get_entgen(client, id));
    });
}

/// The same by hand over the same pool: a connection checked out per call, its prepared
/// statement looked up, one round trip.
pub fn threaded_get_hand(shared: &Client, hand: &Hand, threads: usize, per_thread: usize) {
    hand.threaded_get(shared, threads, per_thread)
}

/// Runs `per_thread` gets on each of `threads` threads, `get(id)` doing one.
pub(crate) fn on_threads(threads: usize, per_thread: usize, get: impl Fn(i64) + Sync) {
    let get = &get;
    std::thread::scope(|s| {
        for t in 0..threads {
            s.spawn(move || {
                for i in 0..per_thread {
                    get(((t * per_thread + i) % 10_000 + 1) as i64);
                }
            });
        }
    });
}
