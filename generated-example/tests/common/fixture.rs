//! The fixtures of the cases, for either client (see `mod.rs`).

use super::*;

use crate::common::Log;
use entgen_runtime::testing::TestDb;
use generated_example::ent::{User, post, user::Role};

/// A `TestDb`, made and dropped through `off_runtime` (its fixtures use the sync drivers).
pub struct ScratchDb(Option<TestDb>);

impl ScratchDb {
    /// The database `make` creates (`TestDb::postgres`, `TestDb::sqlite_file`, ...).
    pub fn new(make: fn() -> TestDb) -> ScratchDb {
        ScratchDb(Some(off_runtime(make)))
    }
}

impl std::ops::Deref for ScratchDb {
    type Target = TestDb;
    fn deref(&self) -> &TestDb {
        self.0.as_ref().expect("present until dropped")
    }
}

impl Drop for ScratchDb {
    fn drop(&mut self) {
        if let Some(db) = self.0.take() {
            off_runtime(move || drop(db));
        }
    }
}

/// A migrated client on one database.
pub struct Db {
    pub name: &'static str,
    pub client: Client,
    pub log: Log,
    // Dropped after the client, whose connections it ends.
    _db: ScratchDb,
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

#[bisync]
async fn open(name: &'static str, db: ScratchDb) -> Db {
    let url = db.url().to_owned();
    open_url(name, db, &url).await
}

/// A migrated client on `db`, reached through `url`.
#[bisync]
async fn open_url(name: &'static str, db: ScratchDb, url: &str) -> Db {
    let log = Log::default();
    let sink = log.clone();
    let client = Client::open(url)
        .await
        .unwrap_or_else(|e| panic!("{name}: open: {e}"))
        .with_logger(move |q| sink.push(q.to_string()));
    create_schema(&client)
        .await
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
#[bisync]
pub async fn databases() -> Vec<Db> {
    let postgres = open("postgres", ScratchDb::new(TestDb::postgres)).await;
    let sqlite = open("sqlite", ScratchDb::new(TestDb::sqlite_file)).await;
    let mariadb = open_mariadb().await;
    let mysql8 = mysql8_path().await;
    vec![postgres, sqlite, mariadb, mysql8]
}

/// A fresh MariaDB database, its path chosen by the server's version (`RETURNING`).
#[bisync]
pub async fn open_mariadb() -> Db {
    open("mariadb", ScratchDb::new(TestDb::mysql)).await
}

const MYSQL8_PATH: &str = "mariadb, no RETURNING";

/// A fresh MariaDB database reached as MySQL 8 would be: no `INSERT ... RETURNING`.
#[bisync]
pub async fn mysql8_path() -> Db {
    let db = ScratchDb::new(TestDb::mysql);
    let url = without_returning(db.url());
    open_url(MYSQL8_PATH, db, &url).await
}

/// `url` with `returning=false` added to its query.
pub fn without_returning(url: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}returning=false")
}

/// Creates a user named `name` (email `<name>@example.com`).
#[bisync]
pub async fn user(client: &Client, name: &str, age: Option<i64>) -> User {
    client
        .user()
        .create()
        .set_name(name)
        .set_email(format!("{}@example.com", name.to_lowercase()))
        .set_optional_age(age)
        .set_password("password1")
        .save()
        .await
        .unwrap()
}

/// Creates a post by `author`.
#[bisync]
pub async fn post(client: &Client, author: i64, title: &str) -> post::Post {
    client
        .post()
        .create()
        .set_title(title)
        .set_body("body")
        .set_slug(title.to_lowercase().replace(' ', "-"))
        .set_author(author)
        .save()
        .await
        .unwrap()
}

/// The names of `users`, in order.
pub fn names(users: &[User]) -> Vec<&str> {
    users.iter().map(|u| u.name.as_str()).collect()
}

pub const ADMIN: Role = Role::Admin;
