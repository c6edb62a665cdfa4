//! What every live test of the generated client shares: a migrated client per database
//! (PostgreSQL from `TestDb`, SQLite on disk, MariaDB) with a statement log, and a few fixtures.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use entgen_runtime::automigrate::Options;
use entgen_runtime::testing::TestDb;
use generated_example::ent::{Client, User, post, user::Role};

/// Every statement the client ran, as logged (`query=... args=[...]`).
#[derive(Clone, Default)]
pub struct Log(Arc<Mutex<Vec<String>>>);

impl Log {
    pub fn lines(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
    pub fn clear(&self) {
        self.0.lock().unwrap().clear();
    }
    /// Statements that read rows (`SELECT`), in order.
    pub fn selects(&self) -> Vec<String> {
        self.lines()
            .into_iter()
            .filter(|l| l.starts_with("query=SELECT"))
            .collect()
    }
}

/// A migrated client on one database.
pub struct Db {
    pub name: &'static str,
    pub client: Client,
    pub log: Log,
    _db: TestDb,
}

fn open(name: &'static str, db: TestDb) -> Db {
    let log = Log::default();
    let sink = log.clone();
    let client = Client::open(db.url())
        .unwrap_or_else(|e| panic!("{name}: open: {e}"))
        .with_logger(move |q| sink.0.lock().unwrap().push(q.to_string()));
    client
        .schema()
        .create(&mut Options::default())
        .unwrap_or_else(|e| panic!("{name}: schema create: {e}"));
    log.clear();
    Db {
        name,
        client,
        log,
        _db: db,
    }
}

/// PostgreSQL, SQLite and MariaDB, each a fresh database with the blog tables.
pub fn databases() -> Vec<Db> {
    vec![
        open("postgres", TestDb::postgres()),
        open("sqlite", TestDb::sqlite_file()),
        open("mariadb", TestDb::mysql()),
    ]
}

/// Creates a user named `name` (email `<name>@example.com`).
pub fn user(client: &Client, name: &str, age: Option<i64>) -> User {
    client
        .user()
        .create()
        .set_name(name)
        .set_email(format!("{}@example.com", name.to_lowercase()))
        .set_optional_age(age)
        .set_password("password1")
        .save()
        .unwrap()
}

/// Creates a post by `author`.
pub fn post(client: &Client, author: i64, title: &str) -> post::Post {
    client
        .post()
        .create()
        .set_title(title)
        .set_body("body")
        .set_slug(title.to_lowercase().replace(' ', "-"))
        .set_author(author)
        .save()
        .unwrap()
}

/// The names of `users`, in order.
pub fn names(users: &[User]) -> Vec<&str> {
    users.iter().map(|u| u.name.as_str()).collect()
}

pub const ADMIN: Role = Role::Admin;
