//! The hand-written side on MySQL/MariaDB: `mysql` crate code with statements prepared once per
//! connection, on the generated client's own connection. An insert takes its id from
//! `LAST_INSERT_ID()` (what MySQL code does; MariaDB's `RETURNING` would cost the same round
//! trip); times go in and out as the protocol's date values, in the session's UTC, as the
//! client's driver sends them.

use std::collections::HashMap;
use std::sync::RwLock;

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use mysql::prelude::Queryable;
use mysql::{Conn, Statement, TxOpts, Value};

use crate::ent::Client;
use crate::workloads::{HandPet, HandUser, HandWritten, attach_pets, on_threads};

const USER: &str = "SELECT id, name, email, age, created_at FROM users";

/// The statements of the cases, prepared on one connection.
#[derive(Clone)]
struct Statements {
    insert_user: Statement,
    get_user: Statement,
    list_users: Statement,
    first_users: Statement,
    /// `owner_id IN (?, …)` with 1000 places: MySQL has no array parameters, and the client
    /// sends the same list.
    pets_of: Statement,
}

impl Statements {
    fn prepare(conn: &mut Conn) -> Statements {
        let mut prep = |sql: &str| conn.prep(sql).expect("prepare");
        let places = vec!["?"; 1000].join(", ");
        Statements {
            insert_user: prep(
                "INSERT INTO users (name, email, age, created_at) VALUES (?, ?, ?, ?)",
            ),
            get_user: prep(&format!("{USER} WHERE id = ?")),
            list_users: prep(&format!("{USER} WHERE id <= ? ORDER BY id")),
            first_users: prep(&format!("{USER} ORDER BY id LIMIT 1000")),
            pets_of: prep(&format!(
                "SELECT id, name, owner_id FROM pets WHERE owner_id IN ({places})"
            )),
        }
    }
}

/// The statements of each connection the hand-written side has used, prepared on first use
/// (a connection is known by the address of its `mysql::Conn`, which stays put while it
/// lives): the client's own, and the shared pool's for the threaded case.
pub struct MysqlHand {
    statements: RwLock<HashMap<usize, Statements>>,
}

impl MysqlHand {
    /// Seeds the bench rows on the client's connection.
    pub fn seed(client: &Client) -> MysqlHand {
        with_conn(client, seed);
        MysqlHand {
            statements: RwLock::default(),
        }
    }

    /// `f` on `conn` with its statements.
    fn on<R>(&self, conn: &mut Conn, f: impl FnOnce(&mut Conn, &Statements) -> R) -> R {
        let key = conn as *const Conn as usize;
        let known = self.statements.read().unwrap().get(&key).cloned();
        let statements = known.unwrap_or_else(|| {
            let s = Statements::prepare(conn);
            self.statements.write().unwrap().insert(key, s.clone());
            s
        });
        f(conn, &statements)
    }

    /// `f` on the client's own connection.
    fn run<R>(&self, client: &Client, f: impl FnOnce(&mut Conn, &Statements) -> R) -> R {
        with_conn(client, |conn| self.on(conn, f))
    }
}

/// The client's own MySQL connection (its pool's one).
fn with_conn<R>(client: &Client, f: impl FnOnce(&mut Conn) -> R) -> R {
    let mut driver = client.raw().conn().expect("a connection");
    f(driver.mysql_conn().expect("a MySQL connection"))
}

/// 10k users and 10 pets for each of the first 1000, as multi-row INSERTs written out (no
/// `generate_series` in MySQL; the values are the bench's own).
fn seed(conn: &mut Conn) {
    let users: Vec<String> = (1..=10_000)
        .map(|i| format!("('user {i}', 'user{i}@example.com', {}, NOW())", i % 90))
        .collect();
    let pets: Vec<String> = (1..=1000)
        .flat_map(|i| (1..=10).map(move |j| format!("('pet {i}-{j}', {i})")))
        .collect();
    conn.query_drop(format!(
        "INSERT INTO users (name, email, age, created_at) VALUES {}",
        users.join(", ")
    ))
    .expect("seed users");
    conn.query_drop(format!(
        "INSERT INTO pets (name, owner_id) VALUES {}",
        pets.join(", ")
    ))
    .expect("seed pets");
}

type UserRow = (i64, String, String, Option<i64>, Value);

fn hand_user((id, name, email, age, created_at): UserRow) -> HandUser {
    HandUser {
        id,
        name,
        email,
        age,
        created_at: from_date(created_at),
    }
}

/// A `timestamp` as the protocol sends it, in the session's UTC.
fn from_date(v: Value) -> DateTime<Utc> {
    let Value::Date(y, mo, d, h, mi, s, us) = v else {
        panic!("not a date: {v:?}");
    };
    NaiveDate::from_ymd_opt(y.into(), mo.into(), d.into())
        .and_then(|date| date.and_hms_micro_opt(h.into(), mi.into(), s.into(), us))
        .expect("a valid date")
        .and_utc()
}

fn to_date(t: DateTime<Utc>) -> Value {
    Value::Date(
        t.year() as u16,
        t.month() as u8,
        t.day() as u8,
        t.hour() as u8,
        t.minute() as u8,
        t.second() as u8,
        t.timestamp_subsec_micros(),
    )
}

impl HandWritten for MysqlHand {
    fn insert(&self, client: &Client, n: u64) -> HandUser {
        let (name, email, age, created_at) = ("bench", format!("h{n}@x"), 33i64, Utc::now());
        let id = self.run(client, |conn, s| {
            let params = (name, email.as_str(), age, to_date(created_at));
            conn.exec_drop(&s.insert_user, params).unwrap();
            conn.last_insert_id() as i64
        });
        HandUser {
            id,
            name: name.to_owned(),
            email,
            age: Some(age),
            created_at,
        }
    }

    fn get(&self, client: &Client, id: i64) -> HandUser {
        self.run(client, |conn, s| {
            let row: Option<UserRow> = conn.exec_first(&s.get_user, (id,)).unwrap();
            hand_user(row.expect("the user"))
        })
    }

    fn list(&self, client: &Client) -> Vec<HandUser> {
        self.run(client, |conn, s| {
            conn.exec_map(&s.list_users, (10_000i64,), hand_user)
                .unwrap()
        })
    }

    fn eager(&self, client: &Client) -> Vec<(HandUser, Vec<HandPet>)> {
        self.run(client, |conn, s| {
            let users: Vec<HandUser> = conn.exec_map(&s.first_users, (), hand_user).unwrap();
            let ids: Vec<Value> = users.iter().map(|u| Value::Int(u.id)).collect();
            let pets = conn
                .exec_map(&s.pets_of, ids, |(id, name, owner_id)| HandPet {
                    id,
                    name,
                    owner_id,
                })
                .unwrap();
            attach_pets(users, pets.into_iter())
        })
    }

    fn row_by_row(&self, client: &Client, round: u64) -> Vec<i64> {
        self.run(client, |conn, s| {
            let mut tx = conn.start_transaction(TxOpts::default()).unwrap();
            let mut ids = Vec::with_capacity(10_000);
            for i in 0..10_000i64 {
                let email = format!("h{round}-{i}@x");
                let params = ("bulk", email.as_str(), i, to_date(Utc::now()));
                tx.exec_drop(&s.insert_user, params).unwrap();
                ids.push(tx.last_insert_id().unwrap_or_default() as i64);
            }
            tx.commit().unwrap();
            ids
        })
    }

    fn threaded_get(&self, shared: &Client, threads: usize, per_thread: usize) {
        let pool = shared.raw().pool().expect("a pooled client");
        on_threads(threads, per_thread, |id| {
            let mut driver = pool.get().expect("a connection");
            let conn = driver.mysql_conn().expect("a MySQL connection");
            let user = self.on(conn, |conn, s| {
                let row: Option<UserRow> = conn.exec_first(&s.get_user, (id,)).unwrap();
                hand_user(row.expect("the user"))
            });
            std::hint::black_box(user);
        });
    }
}
