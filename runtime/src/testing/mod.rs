//! Test fixtures shared by this crate's tests and the root crate's: a fresh database per test
//! ([`TestDb`]) and a reference executor for plans ([`TestDb::apply`]).
//!
//! PostgreSQL is reached at `ENTGEN_TEST_POSTGRES_URL`, by default
//! `postgres://postgres@127.0.0.1:5432/postgres` (trust auth). Each [`TestDb::postgres`] creates
//! a uniquely named database and drops it on `Drop` (terminating leftover connections first), so
//! tests run in parallel and leave nothing behind. When the server is unreachable the
//! constructor panics with the command that starts it: a test never passes without a database.
//!
//! MySQL/MariaDB is reached at `ENTGEN_TEST_MYSQL_URL`, by default
//! `mysql://root@127.0.0.1:3306/mysql`; [`TestDb::mysql`] creates a uniquely named database the
//! same way and drops it on `Drop`.

mod apply;
pub mod fixtures;
mod mysql_db;
mod postgres_db;
mod sqlite_db;

pub use apply::ApplyError;

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::dialect::Dialect;
use crate::driver::Driver;
use crate::inspect::{InspectError, InspectOptions};
use crate::plan::Plan;
use crate::schema::Schema;

/// How to start the local PostgreSQL server, printed when it is unreachable.
pub const START_POSTGRES_HINT: &str = "start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` \
     (or run `.ci/run`), or point ENTGEN_TEST_POSTGRES_URL at a server";

/// How to start the local MariaDB server, printed when it is unreachable.
pub const START_MYSQL_HINT: &str = "start it with `service mariadb start` (or `mysqld_safe &`; \
     root without a password on 127.0.0.1:3306), or point ENTGEN_TEST_MYSQL_URL at a server";

/// A database created for one test and removed when dropped.
pub struct TestDb {
    name: String,
    url: String,
    conn: Conn,
}

enum Conn {
    Postgres(Box<postgres_db::PgDb>),
    Sqlite(sqlite_db::SqliteDb),
    Mysql(Box<mysql_db::MysqlDb>),
}

impl TestDb {
    /// A fresh PostgreSQL database with a connected client. Panics (failing the test) with
    /// [`START_POSTGRES_HINT`] when the server is unreachable.
    pub fn postgres() -> TestDb {
        Self::try_postgres(None).unwrap_or_else(|e| panic!("{e}"))
    }

    /// A fresh PostgreSQL database holding an empty schema `schema`; the URL and the client put
    /// it first in `search_path` (`?options=-c search_path=...`), as a user's URL would.
    pub fn postgres_with_schema(schema: &str) -> TestDb {
        Self::try_postgres(Some(schema)).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Like [`TestDb::postgres`] / [`TestDb::postgres_with_schema`], returning the error instead
    /// of panicking.
    pub fn try_postgres(schema: Option<&str>) -> Result<TestDb, String> {
        let url = std::env::var("ENTGEN_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| postgres_db::DEFAULT_URL.to_owned());
        Self::try_postgres_at(&url, schema)
    }

    /// Like [`TestDb::try_postgres`], against the server at `admin_url` (a URL of an existing
    /// database on it, used to create and drop the test database).
    pub fn try_postgres_at(admin_url: &str, schema: Option<&str>) -> Result<TestDb, String> {
        let name = unique_name("entgen_test");
        let (db, url) = postgres_db::PgDb::create(admin_url, &name, schema)?;
        Ok(TestDb {
            name,
            url,
            conn: Conn::Postgres(Box::new(db)),
        })
    }

    /// A fresh MySQL/MariaDB database (`utf8mb4_bin`) with a connected [`crate::driver::Driver`].
    /// Panics (failing the test) with [`START_MYSQL_HINT`] when the server is unreachable.
    pub fn mysql() -> TestDb {
        Self::try_mysql().unwrap_or_else(|e| panic!("{e}"))
    }

    /// Like [`TestDb::mysql`], returning the error instead of panicking.
    pub fn try_mysql() -> Result<TestDb, String> {
        let admin = std::env::var("ENTGEN_TEST_MYSQL_URL")
            .unwrap_or_else(|_| mysql_db::DEFAULT_URL.to_owned());
        let name = unique_name("entgen_test");
        let (db, url) = mysql_db::MysqlDb::create(&admin, &name)?;
        Ok(TestDb {
            name,
            url,
            conn: Conn::Mysql(Box::new(db)),
        })
    }

    /// The MySQL database's driver. Panics on the other dialects.
    pub fn mysql_driver(&mut self) -> &mut crate::driver::Driver {
        let dialect = self.dialect();
        match &mut self.conn {
            Conn::Mysql(db) => db.driver(),
            _ => panic!("TestDb::mysql_driver called on a {dialect} database"),
        }
    }

    /// A fresh in-memory SQLite database with foreign keys enforced.
    pub fn sqlite_memory() -> TestDb {
        let name = unique_name("entgen_test");
        let db = sqlite_db::SqliteDb::memory().unwrap_or_else(|e| panic!("sqlite: {e}"));
        TestDb {
            url: "sqlite::memory:".into(),
            name,
            conn: Conn::Sqlite(db),
        }
    }

    /// A fresh SQLite database in a temporary file (removed on drop), foreign keys enforced.
    pub fn sqlite_file() -> TestDb {
        let name = unique_name("entgen-test");
        let (db, path) = sqlite_db::SqliteDb::file(&name).unwrap_or_else(|e| panic!("sqlite: {e}"));
        TestDb {
            url: format!("file:{}", path.display()),
            name,
            conn: Conn::Sqlite(db),
        }
    }

    /// The database's dialect.
    pub fn dialect(&self) -> Dialect {
        match self.conn {
            Conn::Postgres(_) => Dialect::Postgres,
            Conn::Sqlite(_) => Dialect::Sqlite,
            Conn::Mysql(_) => Dialect::Mysql,
        }
    }

    /// A connection URL for the database.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The database's unique name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The PostgreSQL client. Panics on an SQLite database.
    pub fn pg(&mut self) -> &mut postgres::Client {
        let dialect = self.dialect();
        match &mut self.conn {
            Conn::Postgres(db) => db.client(),
            _ => panic!("TestDb::pg called on a {dialect} database"),
        }
    }

    /// The SQLite connection. Panics on a PostgreSQL database.
    pub fn sqlite(&self) -> &rusqlite::Connection {
        match &self.conn {
            Conn::Sqlite(db) => db.conn(),
            _ => panic!("TestDb::sqlite called on a {} database", self.dialect()),
        }
    }

    /// Runs SQL text (one or more statements) outside any transaction.
    pub fn execute(&mut self, sql: &str) -> Result<(), String> {
        match &mut self.conn {
            Conn::Postgres(db) => db
                .client()
                .batch_execute(sql)
                .map_err(|e| format!("{}: {sql}", postgres_db::pg_error(&e))),
            Conn::Sqlite(db) => db
                .conn()
                .execute_batch(sql)
                .map_err(|e| format!("{e}: {sql}")),
            Conn::Mysql(db) => db
                .driver()
                .execute_batch(sql)
                .map_err(|e| format!("{e}: {sql}")),
        }
    }

    /// Runs one query returning a single integer (e.g. `SELECT count(*) ...`).
    pub fn query_i64(&mut self, sql: &str) -> Result<i64, String> {
        match &mut self.conn {
            Conn::Postgres(db) => db
                .client()
                .query_one(sql, &[])
                .and_then(|r| r.try_get(0))
                .map_err(|e| format!("{}: {sql}", postgres_db::pg_error(&e))),
            Conn::Sqlite(db) => db
                .conn()
                .query_row(sql, [], |r| r.get(0))
                .map_err(|e| format!("{e}: {sql}")),
            Conn::Mysql(db) => db
                .driver()
                .query(&crate::builder::Query::new(sql, Vec::new()), |r| r.get(0))
                .map_err(|e| format!("{e}: {sql}"))?
                .into_iter()
                .next()
                .ok_or_else(|| format!("no row: {sql}")),
        }
    }

    /// Applies a plan in one transaction, rolled back on the first error (which names the
    /// statement). On SQLite, `PRAGMA foreign_keys` is a no-op inside a transaction, so foreign
    /// keys are switched off before `BEGIN` (the plan's own pragma statements are skipped),
    /// `PRAGMA foreign_key_check` must find nothing before `COMMIT`, and the previous setting is
    /// restored afterwards.
    pub fn apply(&mut self, plan: &Plan) -> Result<(), ApplyError> {
        match &mut self.conn {
            Conn::Postgres(db) => apply::postgres(db.client(), plan),
            Conn::Sqlite(db) => apply::sqlite(db.conn(), plan),
            Conn::Mysql(db) => apply::mysql(db.driver(), plan),
        }
    }

    /// Inspects the whole database (the connection's current schema on PostgreSQL).
    pub fn inspect(&mut self) -> Result<Schema, InspectError> {
        self.inspect_with(&InspectOptions::default())
    }

    /// Inspects with options.
    pub fn inspect_with(&mut self, opts: &InspectOptions) -> Result<Schema, InspectError> {
        self.with_driver(|driver| crate::inspect::inspect(driver, opts))
    }

    /// Runs `f` on the test's connection wrapped in a [`Driver`] (what inspection and
    /// auto-migration take), then takes the connection back for [`TestDb::pg`] and
    /// [`TestDb::sqlite`]. The driver's prepared statements go with it. A MySQL test database
    /// is a driver already.
    pub fn with_driver<R>(&mut self, f: impl FnOnce(&mut Driver) -> R) -> R {
        match &mut self.conn {
            Conn::Postgres(db) => {
                let mut driver = Driver::from_postgres(db.take());
                let result = f(&mut driver);
                if let Some(client) = driver.into_postgres() {
                    db.put(client);
                }
                result
            }
            Conn::Sqlite(db) => {
                let mut driver = Driver::from_sqlite(db.take())
                    .unwrap_or_else(|e| panic!("sqlite: wrap the test connection: {e}"));
                let result = f(&mut driver);
                if let Some(conn) = driver.into_sqlite() {
                    db.put(conn);
                }
                result
            }
            Conn::Mysql(db) => f(db.driver()),
        }
    }
}

/// `<prefix>_<pid>_<counter>_<nanos>`: unique across parallel tests and processes.
fn unique_name(prefix: &str) -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{prefix}_{}_{n}_{nanos}", std::process::id())
}
