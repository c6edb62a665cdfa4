//! The work both benchmark drivers measure, each case once through the generated client and
//! once as hand-written `postgres` crate code doing the same: insert one user, get one by id,
//! list 10k, eager-load 1000 users × 10 pets, and create 10k users in bulk or row by row.
//!
//! The hand-written side prepares its statements once ([`Hand`]), the best a hand-written
//! program does; the generated client's driver caches prepared statements per connection, so
//! both sides make the same round trips and the difference is what the generated code and the
//! runtime add. Both sides use the same connection (the hand-written code borrows the client's
//! `postgres::Client`): with two connections, the two server processes land on different cores
//! of this 2-core machine, and a round trip to a process on the busy core or on the idle one
//! differs by up to 3×, which swamped the comparison of get by id. Every function returns what
//! it read, for `black_box`.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entgen_runtime::automigrate::Options;
use entgen_runtime::driver::PoolOptions;
use entgen_runtime::testing::TestDb;

use crate::ent::{Client, user};

/// What the hand-written side decodes a user row into: the generated struct's fields.
#[allow(dead_code)]
pub struct HandUser {
    id: i64,
    name: String,
    email: String,
    age: Option<i64>,
    created_at: DateTime<Utc>,
}

/// What the hand-written side decodes a pet row into: the generated struct's fields.
#[allow(dead_code)]
pub struct HandPet {
    id: i64,
    name: String,
    owner_id: Option<i64>,
}

fn hand_user(r: &postgres::Row) -> HandUser {
    HandUser {
        id: r.get(0),
        name: r.get(1),
        email: r.get(2),
        age: r.get(3),
        created_at: r.get(4),
    }
}

/// A fresh database with the generated tables, 10k users and 10 pets for each of the first
/// 1000; the generated client and the hand-written side's statements on its connection.
pub fn setup() -> (TestDb, Client, Hand) {
    let db = TestDb::postgres();
    // One connection, which the hand-written side uses too (see above).
    let client = Client::open_with(db.url(), &PoolOptions::default().max_size(1))
        .expect("open the generated client");
    client
        .schema()
        .create(&mut Options::default())
        .expect("create the tables");
    let hand = pg(&client, |conn| {
        seed(conn);
        Hand::prepare(conn)
    });
    (db, client, hand)
}

fn seed(conn: &mut postgres::Client) {
    conn.batch_execute(
        "INSERT INTO users (name, email, age, created_at) \
         SELECT 'user ' || i, 'user' || i || '@example.com', i % 90, now() \
         FROM generate_series(1, 10000) i;
         INSERT INTO pets (name, owner_id) \
         SELECT 'pet ' || i || '-' || j, i FROM generate_series(1, 1000) i, generate_series(1, 10) j;",
    )
    .expect("seed");
}

/// The client's own PostgreSQL connection (its pool's one), which the hand-written side uses
/// too.
fn pg<R>(client: &Client, f: impl FnOnce(&mut postgres::Client) -> R) -> R {
    let mut conn = client.raw().conn().expect("a connection");
    f(conn.postgres_client().expect("a PostgreSQL client"))
}

/// The hand-written side's statements, prepared once on the client's connection.
pub struct Hand {
    insert_user: postgres::Statement,
    get_user: postgres::Statement,
    list_users: postgres::Statement,
    first_users: postgres::Statement,
    pets_of: postgres::Statement,
}

impl Hand {
    fn prepare(conn: &mut postgres::Client) -> Hand {
        let mut prepare = |sql: &str| conn.prepare(sql).expect("prepare");
        let insert_user = prepare(
            "INSERT INTO users (name, email, age, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        );
        let get_user = prepare("SELECT id, name, email, age, created_at FROM users WHERE id = $1");
        let list_users = prepare(
            "SELECT id, name, email, age, created_at FROM users WHERE id <= $1 ORDER BY id",
        );
        let first_users =
            prepare("SELECT id, name, email, age, created_at FROM users ORDER BY id LIMIT 1000");
        let pets_of = prepare("SELECT id, name, owner_id FROM pets WHERE owner_id = ANY($1)");
        Hand {
            insert_user,
            get_user,
            list_users,
            first_users,
            pets_of,
        }
    }
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
    let (name, email, age, created_at) = ("bench", format!("h{n}@x"), 33i64, Utc::now());
    let params: [&(dyn postgres::types::ToSql + Sync); 4] = [&name, &email, &age, &created_at];
    let row = pg(client, |c| c.query_one(&hand.insert_user, &params).unwrap());
    HandUser {
        id: row.get(0),
        name: name.to_owned(),
        email,
        age: Some(age),
        created_at,
    }
}

/// The user whose id is `id`.
pub fn get_entgen(client: &Client, id: i64) -> user::User {
    client.user().get(id).unwrap()
}

/// The user whose id is `id`, by hand.
pub fn get_hand(client: &Client, hand: &Hand, id: i64) -> HandUser {
    pg(client, |c| {
        hand_user(&c.query_one(&hand.get_user, &[&id]).unwrap())
    })
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
    pg(client, |c| {
        let rows = c.query(&hand.list_users, &[&10_000i64]).unwrap();
        rows.iter().map(hand_user).collect()
    })
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
    pg(client, |conn| eager_hand_on(conn, hand))
}

fn eager_hand_on(conn: &mut postgres::Client, hand: &Hand) -> Vec<(HandUser, Vec<HandPet>)> {
    let rows = conn.query(&hand.first_users, &[]).unwrap();
    let users: Vec<HandUser> = rows.iter().map(hand_user).collect();
    let ids: Vec<i64> = users.iter().map(|u| u.id).collect();
    let mut pets: HashMap<i64, Vec<HandPet>> = HashMap::new();
    for r in conn.query(&hand.pets_of, &[&ids]).unwrap() {
        let owner_id: Option<i64> = r.get(2);
        let pet = HandPet {
            id: r.get(0),
            name: r.get(1),
            owner_id,
        };
        pets.entry(owner_id.unwrap_or_default())
            .or_default()
            .push(pet);
    }
    let users: Vec<(HandUser, Vec<HandPet>)> = users
        .into_iter()
        .map(|u| {
            let pets = pets.remove(&u.id).unwrap_or_default();
            (u, pets)
        })
        .collect();
    assert_eq!(users[999].1.len(), 10);
    users
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
    pg(client, |conn| {
        let mut tx = conn.transaction().unwrap();
        let mut ids = Vec::with_capacity(10_000);
        for i in 0..10_000i64 {
            let email = format!("h{round}-{i}@x");
            let params: [&(dyn postgres::types::ToSql + Sync); 4] =
                [&"bulk", &email, &i, &Utc::now()];
            ids.push(tx.query_one(&hand.insert_user, &params).unwrap().get(0));
        }
        tx.commit().unwrap();
        ids
    })
}

/// A client over a pool of `size` connections to the bench database, for the threaded cases.
pub fn pooled(db: &TestDb, size: u32) -> Client {
    Client::open_with(
        db.url(),
        &PoolOptions::default().max_size(size).min_idle(size),
    )
    .expect("open a pooled client")
}

/// `threads` threads each getting `per_thread` users by id through one shared client.
pub fn threaded_get_entgen(client: &Client, threads: usize, per_thread: usize) {
    std::thread::scope(|s| {
        for t in 0..threads {
            s.spawn(move || {
                for i in 0..per_thread {
                    let id = ((t * per_thread + i) % 10_000 + 1) as i64;
                    std::hint::black_box(get_entgen(client, id));
                }
            });
        }
    });
}

/// The hand-written side's statement per pooled connection, prepared on first use: what a
/// hand-written program over a pool does to send each get in one round trip. A connection is
/// known by the address of its `postgres::Client`, which stays put while it lives.
#[derive(Default)]
pub struct HandStatements(std::sync::RwLock<HashMap<usize, postgres::Statement>>);

impl HandStatements {
    fn get(&self, pg: &mut postgres::Client) -> postgres::Statement {
        let key = pg as *const postgres::Client as usize;
        if let Some(s) = self.0.read().unwrap().get(&key) {
            return s.clone();
        }
        let s = pg
            .prepare("SELECT id, name, email, age, created_at FROM users WHERE id = $1")
            .expect("prepare");
        self.0.write().unwrap().insert(key, s.clone());
        s
    }
}

/// The same by hand over the same pool: a connection checked out per call, its prepared
/// statement looked up, one round trip.
pub fn threaded_get_hand(
    client: &Client,
    statements: &HandStatements,
    threads: usize,
    per_thread: usize,
) {
    let pool = client.raw().pool().expect("a pooled client");
    std::thread::scope(|s| {
        for t in 0..threads {
            s.spawn(move || {
                for i in 0..per_thread {
                    let id = ((t * per_thread + i) % 10_000 + 1) as i64;
                    let mut conn = pool.get().expect("a connection");
                    let pg = conn.postgres_client().expect("a PostgreSQL client");
                    let stmt = statements.get(pg);
                    let row = pg.query_one(&stmt, &[&id]).unwrap();
                    std::hint::black_box(hand_user(&row));
                }
            });
        }
    });
}
