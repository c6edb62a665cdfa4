//! The hand-written side on PostgreSQL: `postgres` crate code with statements prepared once,
//! on the generated client's own connection.

use std::collections::HashMap;
use std::sync::RwLock;

use chrono::Utc;

use crate::ent::Client;
use crate::workloads::{HandPet, HandUser, HandWritten, attach_pets, on_threads};

const GET_USER: &str = "SELECT id, name, email, age, created_at FROM users WHERE id = $1";

fn hand_user(r: &postgres::Row) -> HandUser {
    HandUser {
        id: r.get(0),
        name: r.get(1),
        email: r.get(2),
        age: r.get(3),
        created_at: r.get(4),
    }
}

/// The client's own PostgreSQL connection (its pool's one), which the hand-written side uses
/// too.
fn pg<R>(client: &Client, f: impl FnOnce(&mut postgres::Client) -> R) -> R {
    let mut conn = client.raw().conn().expect("a connection");
    f(conn.postgres_client().expect("a PostgreSQL client"))
}

/// The hand-written side's statements, prepared once on the client's connection; and, for the
/// threaded case, the get statement of each pooled connection, prepared on first use (a
/// connection is known by the address of its `postgres::Client`, which stays put while it
/// lives).
pub struct PgHand {
    insert_user: postgres::Statement,
    get_user: postgres::Statement,
    list_users: postgres::Statement,
    first_users: postgres::Statement,
    pets_of: postgres::Statement,
    pooled_gets: RwLock<HashMap<usize, postgres::Statement>>,
}

impl PgHand {
    /// Seeds the bench rows and prepares the statements on the client's connection.
    pub fn seed(client: &Client) -> PgHand {
        pg(client, |conn| {
            seed(conn);
            PgHand::prepare(conn)
        })
    }

    fn prepare(conn: &mut postgres::Client) -> PgHand {
        let mut prepare = |sql: &str| conn.prepare(sql).expect("prepare");
        PgHand {
            insert_user: prepare(
                "INSERT INTO users (name, email, age, created_at) VALUES ($1, $2, $3, $4) \
                 RETURNING id",
            ),
            get_user: prepare(GET_USER),
            list_users: prepare(
                "SELECT id, name, email, age, created_at FROM users WHERE id <= $1 ORDER BY id",
            ),
            first_users: prepare(
                "SELECT id, name, email, age, created_at FROM users ORDER BY id LIMIT 1000",
            ),
            pets_of: prepare("SELECT id, name, owner_id FROM pets WHERE owner_id = ANY($1)"),
            pooled_gets: RwLock::default(),
        }
    }

    fn pooled_get(&self, pg: &mut postgres::Client) -> postgres::Statement {
        let key = pg as *const postgres::Client as usize;
        if let Some(s) = self.pooled_gets.read().unwrap().get(&key) {
            return s.clone();
        }
        let s = pg.prepare(GET_USER).expect("prepare");
        self.pooled_gets.write().unwrap().insert(key, s.clone());
        s
    }
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

impl HandWritten for PgHand {
    fn insert(&self, client: &Client, n: u64) -> HandUser {
        let (name, email, age, created_at) = ("bench", format!("h{n}@x"), 33i64, Utc::now());
        let params: [&(dyn postgres::types::ToSql + Sync); 4] = [&name, &email, &age, &created_at];
        let row = pg(client, |c| c.query_one(&self.insert_user, &params).unwrap());
        HandUser {
            id: row.get(0),
            name: name.to_owned(),
            email,
            age: Some(age),
            created_at,
        }
    }

    fn get(&self, client: &Client, id: i64) -> HandUser {
        pg(client, |c| {
            hand_user(&c.query_one(&self.get_user, &[&id]).unwrap())
        })
    }

    fn list(&self, client: &Client) -> Vec<HandUser> {
        pg(client, |c| {
            let rows = c.query(&self.list_users, &[&10_000i64]).unwrap();
            rows.iter().map(hand_user).collect()
        })
    }

    fn eager(&self, client: &Client) -> Vec<(HandUser, Vec<HandPet>)> {
        pg(client, |conn| {
            let rows = conn.query(&self.first_users, &[]).unwrap();
            let users: Vec<HandUser> = rows.iter().map(hand_user).collect();
            let ids: Vec<i64> = users.iter().map(|u| u.id).collect();
            let pets = conn.query(&self.pets_of, &[&ids]).unwrap();
            attach_pets(
                users,
                pets.iter().map(|r| HandPet {
                    id: r.get(0),
                    name: r.get(1),
                    owner_id: r.get(2),
                }),
            )
        })
    }

    fn row_by_row(&self, client: &Client, round: u64) -> Vec<i64> {
        pg(client, |conn| {
            let mut tx = conn.transaction().unwrap();
            let mut ids = Vec::with_capacity(10_000);
            for i in 0..10_000i64 {
                let email = format!("h{round}-{i}@x");
                let params: [&(dyn postgres::types::ToSql + Sync); 4] =
                    [&"bulk", &email, &i, &Utc::now()];
                ids.push(tx.query_one(&self.insert_user, &params).unwrap().get(0));
            }
            tx.commit().unwrap();
            ids
        })
    }

    fn threaded_get(&self, shared: &Client, threads: usize, per_thread: usize) {
        let pool = shared.raw().pool().expect("a pooled client");
        on_threads(threads, per_thread, |id| {
            let mut conn = pool.get().expect("a connection");
            let pg = conn.postgres_client().expect("a PostgreSQL client");
            let stmt = self.pooled_get(pg);
            let row = pg.query_one(&stmt, &[&id]).unwrap();
            std::hint::black_box(hand_user(&row));
        });
    }
}
