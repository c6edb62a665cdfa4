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

impl Db {
    /// Whether this is MariaDB (on either path).
    pub fn is_mysql(&self) -> bool {
        self.name.starts_with("mariadb")
    }

    /// Whether INSERTs return their rows with `RETURNING` (all but [`mysql8_path`]).
    pub fn returning(&self) -> bool {
        self.name != MYSQL8_PATH
    }
}

fn open(name: &'static str, db: TestDb) -> Db {
    let url = db.url().to_owned();
    open_url(name, db, &url)
}

/// A migrated client on `db`, reached through `url`.
fn open_url(name: &'static str, db: TestDb, url: &str) -> Db {
    let log = Log::default();
    let sink = log.clone();
    let client = Client::open(url)
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

/// PostgreSQL, SQLite and MariaDB, each a fresh database with the blog tables; and MariaDB
/// again on MySQL 8's path (`?returning=false`: no `INSERT ... RETURNING`, ids from
/// `LAST_INSERT_ID()` and rows read back), since only MariaDB runs here.
pub fn databases() -> Vec<Db> {
    vec![
        open("postgres", TestDb::postgres()),
        open("sqlite", TestDb::sqlite_file()),
        open_mariadb(),
        mysql8_path(),
    ]
}

/// A fresh MariaDB database, its path chosen by the server's version (`RETURNING`).
pub fn open_mariadb() -> Db {
    open("mariadb", TestDb::mysql())
}

const MYSQL8_PATH: &str = "mariadb, no RETURNING";

/// A fresh MariaDB database reached as MySQL 8 would be: no `INSERT ... RETURNING`.
pub fn mysql8_path() -> Db {
    let db = TestDb::mysql();
    let url = without_returning(db.url());
    open_url(MYSQL8_PATH, db, &url)
}

/// `url` with `returning=false` added to its query.
pub fn without_returning(url: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}returning=false")
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
