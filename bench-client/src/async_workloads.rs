//! The async client's benchmark work: the cases of [`workloads`](crate::workloads) through the
//! generated `AsyncClient` against hand-written `tokio-postgres` code over the same pool (the
//! hand-written side checks a connection out of the client's deadpool pool and uses that
//! connection's statement cache, as a deadpool-postgres program uses `prepare_cached`), plus 64
//! tasks getting users by id through one shared client.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entgen_runtime::driver::PoolOptions;
use entgen_runtime::testing::TestDb;

use crate::ent::{AsyncClient, user};

const USER_COLUMNS: &str = "SELECT id, name, email, age, created_at FROM users";

/// What the hand-written side decodes a user row into: the generated struct's fields.
#[allow(dead_code)]
pub struct HandUser {
    id: i64,
    name: String,
    email: String,
    age: Option<i64>,
    created_at: DateTime<Utc>,
}

/// What the hand-written side decodes a pet row into.
#[allow(dead_code)]
pub struct HandPet {
    id: i64,
    name: String,
    owner_id: Option<i64>,
}

fn hand_user(r: &tokio_postgres::Row) -> HandUser {
    HandUser {
        id: r.get(0),
        name: r.get(1),
        email: r.get(2),
        age: r.get(3),
        created_at: r.get(4),
    }
}

/// An async client over a pool of `size` connections to `db` (opened and seeded by the sync
/// [`workloads::setup`](crate::workloads::setup)).
pub async fn open(db: &TestDb, size: u32) -> AsyncClient {
    AsyncClient::open_with(db.url(), &PoolOptions::default().max_size(size))
        .await
        .expect("open the async client")
}

/// Inserts one user (`n` makes the email unique).
pub async fn insert_entgen(c: &AsyncClient, n: u64) -> user::User {
    let create = c
        .user()
        .create()
        .set_name("bench")
        .set_email(format!("ae{n}@x"));
    create.set_age(33).save().await.unwrap()
}

/// Inserts one user by hand.
pub async fn insert_hand(c: &AsyncClient, n: u64) -> HandUser {
    let (name, email, age, created_at) = ("bench", format!("ah{n}@x"), 33i64, Utc::now());
    let mut conn = c.raw().pg_conn().await.unwrap();
    let stmt = conn
        .prepare_cached(
            "INSERT INTO users (name, email, age, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .await
        .unwrap();
    let params: [&(dyn tokio_postgres::types::ToSql + Sync); 4] =
        [&name, &email, &age, &created_at];
    let row = conn.client().query_one(&stmt, &params).await.unwrap();
    HandUser {
        id: row.get(0),
        name: name.to_owned(),
        email,
        age: Some(age),
        created_at,
    }
}

/// The user whose id is `id`.
pub async fn get_entgen(c: &AsyncClient, id: i64) -> user::User {
    c.user().get(id).await.unwrap()
}

/// The user whose id is `id`, by hand.
pub async fn get_hand(c: &AsyncClient, id: i64) -> HandUser {
    let mut conn = c.raw().pg_conn().await.unwrap();
    let sql = format!("{USER_COLUMNS} WHERE id = $1");
    let stmt = conn.prepare_cached(&sql).await.unwrap();
    hand_user(&conn.client().query_one(&stmt, &[&id]).await.unwrap())
}

/// The first 10k users by id.
pub async fn list_entgen(c: &AsyncClient) -> Vec<user::User> {
    let query = c.user().query().filter(user::ID.le(10_000));
    let users = query.order(user::ID.asc()).all().await.unwrap();
    assert_eq!(users.len(), 10_000);
    users
}

/// The first 10k users by id, by hand.
pub async fn list_hand(c: &AsyncClient) -> Vec<HandUser> {
    let mut conn = c.raw().pg_conn().await.unwrap();
    let sql = format!("{USER_COLUMNS} WHERE id <= $1 ORDER BY id");
    let stmt = conn.prepare_cached(&sql).await.unwrap();
    let rows = conn.client().query(&stmt, &[&10_000i64]).await.unwrap();
    rows.iter().map(hand_user).collect()
}

/// The first 1000 users with their pets.
pub async fn eager_entgen(c: &AsyncClient) -> Vec<user::User> {
    let query = c.user().query().order(user::ID.asc()).limit(1000);
    let users = query.with_pets(|q| q).all().await.unwrap();
    assert_eq!(users[999].pets().unwrap().len(), 10);
    users
}

/// The first 1000 users, each with its pets, by hand: the same two queries and grouping.
pub async fn eager_hand(c: &AsyncClient) -> Vec<(HandUser, Vec<HandPet>)> {
    let mut conn = c.raw().pg_conn().await.unwrap();
    let first = conn
        .prepare_cached(&format!("{USER_COLUMNS} ORDER BY id LIMIT 1000"))
        .await
        .unwrap();
    let pets_of = conn
        .prepare_cached("SELECT id, name, owner_id FROM pets WHERE owner_id = ANY($1)")
        .await
        .unwrap();
    let rows = conn.client().query(&first, &[]).await.unwrap();
    let users: Vec<HandUser> = rows.iter().map(hand_user).collect();
    let ids: Vec<i64> = users.iter().map(|u| u.id).collect();
    let mut pets: HashMap<i64, Vec<HandPet>> = HashMap::new();
    for r in conn.client().query(&pets_of, &[&ids]).await.unwrap() {
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

/// `tasks` tasks each getting `per_task` users by id through one shared client.
pub async fn concurrent_get_entgen(c: &AsyncClient, tasks: usize, per_task: usize) {
    let handles: Vec<_> = (0..tasks)
        .map(|t| {
            let c = c.clone();
            tokio::spawn(async move {
                for i in 0..per_task {
                    let id = ((t * per_task + i) % 10_000 + 1) as i64;
                    std::hint::black_box(get_entgen(&c, id).await);
                }
            })
        })
        .collect();
    for h in handles {
        h.await.unwrap();
    }
}

/// The same by hand over the same pool.
pub async fn concurrent_get_hand(c: &AsyncClient, tasks: usize, per_task: usize) {
    let handles: Vec<_> = (0..tasks)
        .map(|t| {
            let c = c.clone();
            tokio::spawn(async move {
                for i in 0..per_task {
                    let id = ((t * per_task + i) % 10_000 + 1) as i64;
                    std::hint::black_box(get_hand(&c, id).await);
                }
            })
        })
        .collect();
    for h in handles {
        h.await.unwrap();
    }
}
