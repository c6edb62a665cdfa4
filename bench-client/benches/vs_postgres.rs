//! The generated client against hand-written `postgres` crate code doing the same work on real
//! PostgreSQL (issue: code generation, goal ≤ 1.10×; bulk create ≥ 10× faster than row by row):
//! insert one row, get one row by id, list 10k rows, eager-load 1000 users × 10 pets, and
//! bulk-create 10k rows.
//!
//! The hand-written side prepares its statements once, the best a hand-written program does; the
//! generated client's driver caches prepared statements per connection, so both sides make the
//! same round trips and the difference is what the generated code and the runtime add.
//!
//! Run: `cargo bench -p bench-client` (PostgreSQL at `ENTGEN_TEST_POSTGRES_URL`, by default
//! 127.0.0.1:5432). Ratios are in BENCHMARKS.md.

use std::collections::HashMap;
use std::hint::black_box;
use std::time::Duration;

use bench_client::ent::{Client, user};
use chrono::{DateTime, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use entgen_runtime::automigrate::Options;
use entgen_runtime::testing::TestDb;

/// The hand-written side's insert of one user (single inserts and the row-by-row baseline).
const INSERT_USER: &str =
    "INSERT INTO users (name, email, age, created_at) VALUES ($1, $2, $3, $4) RETURNING id";

/// What the hand-written side decodes a user row into: the generated struct's fields.
#[allow(dead_code)]
struct HandUser {
    id: i64,
    name: String,
    email: String,
    age: Option<i64>,
    created_at: DateTime<Utc>,
}

/// What the hand-written side decodes a pet row into: the generated struct's fields.
#[allow(dead_code)]
struct HandPet {
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

/// A fresh database with the generated tables, 10k users and 10 pets for each of the first 1000.
fn setup() -> (TestDb, Client, postgres::Client) {
    let db = TestDb::postgres();
    let mut client = Client::open(db.url()).expect("open the generated client");
    client
        .schema()
        .create(&mut Options::default())
        .expect("create the tables");
    let mut hand = postgres::Client::connect(db.url(), postgres::NoTls).expect("connect");
    hand.batch_execute(
        "INSERT INTO users (name, email, age, created_at) \
         SELECT 'user ' || i, 'user' || i || '@example.com', i % 90, now() \
         FROM generate_series(1, 10000) i;
         INSERT INTO pets (name, owner_id) \
         SELECT 'pet ' || i || '-' || j, i FROM generate_series(1, 1000) i, generate_series(1, 10) j;",
    )
    .expect("seed");
    (db, client, hand)
}

fn insert_one(c: &mut Criterion, client: &mut Client, hand: &mut postgres::Client) {
    let mut g = c.benchmark_group("insert_one");
    let mut n = 0u64;
    g.bench_function("entgen", |b| {
        b.iter(|| {
            n += 1;
            let u = client
                .user()
                .create()
                .set_name("bench")
                .set_email(format!("e{n}@x"))
                .set_age(33)
                .save()
                .unwrap();
            black_box(u)
        })
    });
    let stmt = hand.prepare(INSERT_USER).unwrap();
    g.bench_function("hand", |b| {
        b.iter(|| {
            n += 1;
            let (name, email, age, created_at) = ("bench", format!("h{n}@x"), 33i64, Utc::now());
            let row = hand
                .query_one(&stmt, &[&name, &email, &age, &created_at])
                .unwrap();
            black_box(HandUser {
                id: row.get(0),
                name: name.to_owned(),
                email,
                age: Some(age),
                created_at,
            })
        })
    });
    g.finish();
}

fn get_by_id(c: &mut Criterion, client: &mut Client, hand: &mut postgres::Client) {
    let mut g = c.benchmark_group("get_by_id");
    let mut id = 0i64;
    g.bench_function("entgen", |b| {
        b.iter(|| {
            id = id % 10_000 + 1;
            black_box(client.user().get(id).unwrap())
        })
    });
    let stmt = hand
        .prepare("SELECT id, name, email, age, created_at FROM users WHERE id = $1")
        .unwrap();
    g.bench_function("hand", |b| {
        b.iter(|| {
            id = id % 10_000 + 1;
            black_box(hand_user(&hand.query_one(&stmt, &[&id]).unwrap()))
        })
    });
    g.finish();
}

fn list_10k(c: &mut Criterion, client: &mut Client, hand: &mut postgres::Client) {
    let mut g = c.benchmark_group("list_10k");
    g.sample_size(20);
    g.bench_function("entgen", |b| {
        b.iter(|| {
            let users = client
                .user()
                .query()
                .filter(user::ID.le(10_000))
                .order(user::ID.asc())
                .all()
                .unwrap();
            assert_eq!(users.len(), 10_000);
            black_box(users)
        })
    });
    let stmt = hand
        .prepare("SELECT id, name, email, age, created_at FROM users WHERE id <= $1 ORDER BY id")
        .unwrap();
    g.bench_function("hand", |b| {
        b.iter(|| {
            let rows = hand.query(&stmt, &[&10_000i64]).unwrap();
            let users: Vec<HandUser> = rows.iter().map(hand_user).collect();
            black_box(users)
        })
    });
    g.finish();
}

fn eager_1000x10(c: &mut Criterion, client: &mut Client, hand: &mut postgres::Client) {
    let mut g = c.benchmark_group("eager_1000x10");
    g.sample_size(20);
    g.bench_function("entgen", |b| {
        b.iter(|| {
            let users = client
                .user()
                .query()
                .order(user::ID.asc())
                .limit(1000)
                .with_pets(|q| q)
                .all()
                .unwrap();
            assert_eq!(users[999].pets().unwrap().len(), 10);
            black_box(users)
        })
    });
    let users_stmt = hand
        .prepare("SELECT id, name, email, age, created_at FROM users ORDER BY id LIMIT 1000")
        .unwrap();
    let pets_stmt = hand
        .prepare("SELECT id, name, owner_id FROM pets WHERE owner_id = ANY($1)")
        .unwrap();
    // The same result as the generated side: each user with its pets.
    g.bench_function("hand", |b| {
        b.iter(|| {
            let rows = hand.query(&users_stmt, &[]).unwrap();
            let users: Vec<HandUser> = rows.iter().map(hand_user).collect();
            let ids: Vec<i64> = users.iter().map(|u| u.id).collect();
            let mut pets: HashMap<i64, Vec<HandPet>> = HashMap::new();
            for r in hand.query(&pets_stmt, &[&ids]).unwrap() {
                let owner_id: Option<i64> = r.get(2);
                pets.entry(owner_id.unwrap_or_default())
                    .or_default()
                    .push(HandPet {
                        id: r.get(0),
                        name: r.get(1),
                        owner_id,
                    });
            }
            let users: Vec<(HandUser, Vec<HandPet>)> = users
                .into_iter()
                .map(|u| {
                    let pets = pets.remove(&u.id).unwrap_or_default();
                    (u, pets)
                })
                .collect();
            assert_eq!(users[999].1.len(), 10);
            black_box(users)
        })
    });
    g.finish();
}

fn bulk_create_10k(c: &mut Criterion, client: &mut Client, hand: &mut postgres::Client) {
    let mut g = c.benchmark_group("bulk_create_10k");
    g.sample_size(10);
    g.bench_function("entgen_create_bulk", |b| {
        b.iter(|| {
            let rows = (0..10_000i64).map(|i| {
                user::UserCreate::new()
                    .set_name("bulk")
                    .set_email(format!("b{i}@x"))
                    .set_age(i)
            });
            black_box(client.user().create_bulk(rows).save().unwrap())
        })
    });
    g.bench_function("entgen_row_by_row_in_tx", |b| {
        b.iter(|| {
            let mut tx = client.tx().unwrap();
            let mut users = Vec::with_capacity(10_000);
            for i in 0..10_000i64 {
                let u = tx
                    .user()
                    .create()
                    .set_name("bulk")
                    .set_email(format!("r{i}@x"))
                    .set_age(i)
                    .save()
                    .unwrap();
                users.push(u);
            }
            tx.commit().unwrap();
            black_box(users)
        })
    });
    let stmt = hand.prepare(INSERT_USER).unwrap();
    g.bench_function("hand_row_by_row_in_tx", |b| {
        b.iter(|| {
            let mut tx = hand.transaction().unwrap();
            let mut ids = Vec::with_capacity(10_000);
            for i in 0..10_000i64 {
                let row = tx
                    .query_one(&stmt, &[&"bulk", &format!("h{i}@x"), &i, &Utc::now()])
                    .unwrap();
                ids.push(row.get::<_, i64>(0));
            }
            tx.commit().unwrap();
            black_box(ids)
        })
    });
    g.finish();
}

/// Row by row without a transaction, as a loop of `create().save()` runs by default: every
/// insert commits. Fewer rows (1000), reported per 10k in BENCHMARKS.md.
fn row_by_row_autocommit(c: &mut Criterion, client: &mut Client) {
    let mut g = c.benchmark_group("row_by_row_autocommit_1k");
    g.sample_size(10);
    g.bench_function("entgen", |b| {
        b.iter(|| {
            for i in 0..1_000i64 {
                let u = client
                    .user()
                    .create()
                    .set_name("loop")
                    .set_email(format!("l{i}@x"))
                    .set_age(i)
                    .save()
                    .unwrap();
                black_box(u);
            }
        })
    });
    g.finish();
}

fn benches(c: &mut Criterion) {
    let (_db, mut client, mut hand) = setup();
    insert_one(c, &mut client, &mut hand);
    get_by_id(c, &mut client, &mut hand);
    list_10k(c, &mut client, &mut hand);
    eager_1000x10(c, &mut client, &mut hand);
    bulk_create_10k(c, &mut client, &mut hand);
    row_by_row_autocommit(c, &mut client);
}

criterion_group! {
    name = vs_postgres;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = benches
}
criterion_main!(vs_postgres);
