//! The driver seam: one connection to PostgreSQL (`postgres` crate, feature `postgres`),
//! SQLite (`rusqlite` bundled, feature `sqlite`) or MySQL/MariaDB (`mysql` crate, feature
//! `mysql`), opened from a URL or wrapping a connection the application already owns.
//!
//! Statements are [`Query`] values (SQL text plus [`Value`] arguments) and are prepared once per
//! connection and cached. Rows are read through [`Row`], whose [`Row::get`] converts a column to
//! any [`FromValue`] type with range and format checks; [`FromRow`] lets a generated struct name
//! its own decoding so `driver.query_as::<User>(&q)` is all a caller writes.
//!
//! Transactions ([`Driver::transaction`]) are `BEGIN`/`COMMIT`/`ROLLBACK` on the same
//! connection (savepoints when nested) and roll back when dropped uncommitted. A debug logger
//! ([`Driver::set_logger`], [`Driver::debug`]) sees every statement with its arguments, the
//! sensitive ones redacted.

mod error;
mod io;
#[cfg(feature = "mysql")]
mod mysql;
#[cfg(any(feature = "mysql", feature = "async-mysql"))]
pub(crate) mod mysql_wire;
pub mod pool;
#[cfg(any(feature = "postgres", feature = "async"))]
pub(crate) mod postgres;
#[cfg(feature = "sqlite")]
mod sqlite;
pub mod url;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::builder::{Query, SqlType};
use crate::dialect::Dialect;
use crate::error::Error;
use crate::value::{FromValue, Value};

#[cfg(feature = "mysql")]
pub use error::describe_mysql;
#[cfg(feature = "async-mysql")]
pub use error::describe_mysql_async;
#[cfg(any(feature = "postgres", feature = "async"))]
pub use error::describe_postgres;
pub use error::{ConnectCause, ServerError};
pub use io::Io;
pub(crate) use io::{begin_sql, end_sql, finish, now};
#[cfg(any(feature = "mysql", feature = "async-mysql"))]
pub(crate) use mysql_wire::DEADLOCK as MYSQL_DEADLOCK;
pub use pool::{Pool, PoolOptions, PooledDriver};
pub use url::{DbUrl, Target, mask as mask_password};

/// Receives every statement before it runs (`query=... args=[...]` when displayed).
pub type Logger = Arc<dyn Fn(&Query) + Send + Sync>;

enum Conn {
    #[cfg(feature = "postgres")]
    Postgres(Box<postgres::PgConn>),
    #[cfg(feature = "sqlite")]
    Sqlite(sqlite::SqliteConn),
    #[cfg(feature = "mysql")]
    Mysql(Box<mysql::MysqlConn>),
}

/// What a connection is opened for (see [`Driver::connect_for_migration`]).
#[derive(Debug, Clone, Copy)]
enum Purpose {
    /// An application's client (or its pool).
    Client,
    /// `migrate apply`/`status`; `create`: a missing SQLite file may be created.
    #[cfg_attr(
        not(all(feature = "sqlite", feature = "migrate-dir")),
        allow(dead_code)
    )]
    Migration { create: bool },
}

/// One database connection.
pub struct Driver {
    conn: Conn,
    logger: Option<Logger>,
    depth: u32,
    /// On PostgreSQL, the first statement that failed inside the open transaction: the level
    /// it failed at and its error. The server has then aborted the transaction, and would
    /// answer a `COMMIT` with a silent rollback.
    failed: Option<(u32, String)>,
    /// The pool's DDL counter and the value this connection's statement cache was built at.
    epoch: Option<(Arc<AtomicU64>, u64)>,
    /// When the connection last ran a statement (pools ping one idle for long).
    last_used: Instant,
    /// Whether an error said the connection is gone.
    broken: bool,
}

impl std::fmt::Debug for Driver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Driver")
            .field("dialect", &self.dialect())
            .field("debug", &self.logger.is_some())
            .field("transaction_depth", &self.depth)
            .finish()
    }
}

impl Driver {
    /// Connects to `postgres://user@host:port/db[?search_path=schema&sslmode=disable]`,
    /// `sqlite://path/to.db` (created when missing), `sqlite::memory:`, or a SQLite
    /// `file:` URI (see [`DbUrl`]). SQLite connections have foreign keys switched on. One
    /// connection: [`pool::open`] opens a pool of them.
    pub fn open(url: &str) -> Result<Driver, Error> {
        Driver::connect(&DbUrl::parse(url)?, PoolOptions::default().busy_timeout)
    }

    /// Connects to a parsed URL; SQLite waits up to `busy_timeout` for another connection's
    /// write lock.
    pub fn connect(url: &DbUrl, busy_timeout: Duration) -> Result<Driver, Error> {
        Driver::connect_with(url, busy_timeout, Purpose::Client)
    }

    /// Connects for `migrate apply`/`status`: an SQLite file is opened as it is (its journal
    /// mode left alone), created only when `create` says so, and keeps SQLite's default of
    /// foreign keys off unless the URL asks for them (`?_fk=1`), since migration files rebuild
    /// tables with `PRAGMA foreign_keys`, a no-op inside their transaction.
    #[cfg(feature = "migrate-dir")]
    pub(crate) fn connect_for_migration(
        url: &DbUrl,
        busy_timeout: Duration,
        create: bool,
    ) -> Result<Driver, Error> {
        Driver::connect_with(url, busy_timeout, Purpose::Migration { create })
    }

    #[cfg_attr(not(feature = "sqlite"), allow(unused_variables))]
    fn connect_with(url: &DbUrl, busy: Duration, purpose: Purpose) -> Result<Driver, Error> {
        match url.target() {
            #[cfg(feature = "postgres")]
            Target::Postgres {
                driver_url,
                search_path,
            } => Ok(Driver::from_postgres(postgres::connect(
                url.masked(),
                driver_url,
                search_path.as_deref(),
            )?)),
            #[cfg(feature = "sqlite")]
            Target::SqliteMemory => {
                let conn = rusqlite::Connection::open_in_memory().map_err(sqlite::map_err)?;
                Driver::from_sqlite(conn)
            }
            #[cfg(feature = "sqlite")]
            Target::SqliteFile {
                path,
                foreign_keys,
                params,
            } => {
                let mode = match purpose {
                    Purpose::Client => sqlite::FileMode::POOL,
                    Purpose::Migration { create } => sqlite::FileMode { create, wal: false },
                };
                let conn = sqlite::open_file(url.masked(), path, params, busy, mode)?;
                let mut driver = Driver::wrap(Conn::Sqlite(sqlite::SqliteConn::new(conn)?));
                let off = match purpose {
                    Purpose::Client => *foreign_keys == Some(false),
                    Purpose::Migration { .. } => *foreign_keys != Some(true),
                };
                if off {
                    driver.execute_batch("PRAGMA foreign_keys = OFF")?;
                }
                Ok(driver)
            }
            #[cfg(feature = "mysql")]
            Target::Mysql {
                driver_url,
                returning,
            } => Ok(Driver::wrap(Conn::Mysql(Box::new(mysql::connect(
                url.masked(),
                driver_url,
                *returning,
            )?)))),
            #[allow(unreachable_patterns)]
            _ => Err(Error::Url {
                url: url.masked().to_owned(),
                reason: "this build of entgen-runtime lacks the driver for it (cargo features \
                         `postgres`, `sqlite`, `mysql`)"
                    .into(),
            }),
        }
    }

    /// An SQLite connection to the named in-memory database `name`, shared by every
    /// connection that opens the same name in this process.
    #[cfg(feature = "sqlite")]
    pub(crate) fn open_shared_memory(name: &str) -> Result<Driver, Error> {
        use rusqlite::OpenFlags;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = rusqlite::Connection::open_with_flags(
            format!("file:{name}?mode=memory&cache=shared"),
            flags,
        )
        .map_err(sqlite::map_err)?;
        Driver::from_sqlite(conn)
    }

    #[cfg(not(feature = "sqlite"))]
    pub(crate) fn open_shared_memory(_: &str) -> Result<Driver, Error> {
        Err(Error::Url {
            url: "sqlite::memory:".into(),
            reason: "this build of entgen-runtime lacks the SQLite driver".into(),
        })
    }

    fn wrap(conn: Conn) -> Driver {
        Driver {
            conn,
            logger: None,
            depth: 0,
            failed: None,
            epoch: None,
            last_used: Instant::now(),
            broken: false,
        }
    }

    /// Wraps a PostgreSQL client the application already owns.
    #[cfg(feature = "postgres")]
    pub fn from_postgres(client: ::postgres::Client) -> Driver {
        Driver::wrap(Conn::Postgres(Box::new(postgres::PgConn::new(client))))
    }

    /// Wraps an SQLite connection the application already owns (switching foreign keys on).
    #[cfg(feature = "sqlite")]
    pub fn from_sqlite(conn: rusqlite::Connection) -> Result<Driver, Error> {
        Ok(Driver::wrap(Conn::Sqlite(sqlite::SqliteConn::new(conn)?)))
    }

    /// The PostgreSQL client, when this is one, for statements of the application's own
    /// (the statement cache is kept: run DDL through [`Driver::execute_batch`], which clears
    /// it).
    #[cfg(feature = "postgres")]
    pub fn postgres_client(&mut self) -> Option<&mut ::postgres::Client> {
        match &mut self.conn {
            Conn::Postgres(c) => Some(&mut c.client),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    /// The MySQL connection, when this is one, for statements of the application's own (as
    /// [`Driver::postgres_client`]).
    #[cfg(feature = "mysql")]
    pub fn mysql_conn(&mut self) -> Option<&mut ::mysql::Conn> {
        match &mut self.conn {
            Conn::Mysql(c) => Some(&mut c.conn),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    /// Joins a pool's DDL counter (see [`Driver::sync_epoch`]).
    pub(crate) fn join_epoch(&mut self, epoch: Arc<AtomicU64>) {
        let seen = epoch.load(Ordering::Acquire);
        self.epoch = Some((epoch, seen));
    }

    /// Drops cached statements when another connection of the pool changed tables since.
    #[inline]
    pub(crate) fn sync_epoch(&mut self) {
        if let Some((epoch, seen)) = &mut self.epoch {
            let now = epoch.load(Ordering::Acquire);
            if now != *seen {
                *seen = now;
                self.clear_own_cache();
            }
        }
    }

    /// How long since the last statement.
    pub(crate) fn idle_for(&self) -> Duration {
        self.last_used.elapsed()
    }

    /// Whether the connection is known to be unusable (the server closed it).
    pub(crate) fn is_broken(&self) -> bool {
        self.broken
            || match &self.conn {
                #[cfg(feature = "postgres")]
                Conn::Postgres(c) => c.client.is_closed(),
                #[cfg(feature = "sqlite")]
                Conn::Sqlite(_) => false,
                #[cfg(feature = "mysql")]
                Conn::Mysql(_) => false,
            }
    }

    /// Checks that the server still answers.
    pub(crate) fn ping(&mut self) -> Result<(), Error> {
        self.last_used = Instant::now();
        let result = match &mut self.conn {
            #[cfg(feature = "postgres")]
            Conn::Postgres(c) => c.ping(),
            #[cfg(feature = "sqlite")]
            Conn::Sqlite(_) => Ok(()),
            #[cfg(feature = "mysql")]
            Conn::Mysql(c) => c.ping(),
        };
        if result.is_err() {
            self.broken = true;
        }
        result
    }

    /// Gives the PostgreSQL client back (`None` for SQLite).
    #[cfg(feature = "postgres")]
    pub fn into_postgres(self) -> Option<::postgres::Client> {
        match self.conn {
            Conn::Postgres(c) => Some(c.client),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    /// Gives the SQLite connection back (`None` for PostgreSQL).
    #[cfg(feature = "sqlite")]
    pub fn into_sqlite(self) -> Option<rusqlite::Connection> {
        match self.conn {
            Conn::Sqlite(c) => Some(c.conn),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    /// The dialect to build statements in.
    pub fn dialect(&self) -> Dialect {
        match self.conn {
            #[cfg(feature = "postgres")]
            Conn::Postgres(_) => Dialect::Postgres,
            #[cfg(feature = "sqlite")]
            Conn::Sqlite(_) => Dialect::Sqlite,
            #[cfg(feature = "mysql")]
            Conn::Mysql(_) => Dialect::Mysql,
        }
    }

    /// The id the last `INSERT` run with [`Driver::execute`] on this connection generated for
    /// an `AUTO_INCREMENT` column (MySQL's `LAST_INSERT_ID()`, the first of a multi-row
    /// insert); `None` on the other dialects, which return ids with `RETURNING`.
    pub fn last_insert_id(&self) -> Option<u64> {
        match &self.conn {
            #[cfg(feature = "mysql")]
            Conn::Mysql(c) => Some(c.last_insert_id()),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    /// The ids the last `INSERT` run with [`Driver::execute`] generated for its `rows` rows:
    /// `LAST_INSERT_ID()` (the first row's, as [`Driver::last_insert_id`]) and the next ones by
    /// the session's `auto_increment_increment`, read when connecting (when those are
    /// consecutive: see `mysql_wire::InsertPath::inserted_ids`). Empty on the other dialects,
    /// and when the INSERT generated none (`LAST_INSERT_ID()` is 0: the rows gave their ids).
    #[cfg_attr(not(feature = "mysql"), allow(unused_variables))]
    pub fn inserted_ids(&self, rows: usize) -> Vec<u64> {
        match &self.conn {
            #[cfg(feature = "mysql")]
            Conn::Mysql(c) => c.inserted_ids(rows),
            #[allow(unreachable_patterns)]
            _ => Vec::new(),
        }
    }

    /// Whether `INSERT ... RETURNING` gives back the inserted rows: PostgreSQL, SQLite and
    /// MariaDB 10.5+; not MySQL, nor a MariaDB URL with `?returning=false`, where the client
    /// takes ids from `LAST_INSERT_ID()` and reads the rows back by id.
    pub fn insert_returning(&self) -> bool {
        match &self.conn {
            #[cfg(feature = "mysql")]
            Conn::Mysql(c) => c.returning(),
            #[allow(unreachable_patterns)]
            _ => true,
        }
    }

    /// Sets (or removes) the statement logger.
    pub fn set_logger(&mut self, logger: Option<Logger>) {
        self.logger = logger;
    }

    /// Logs every statement to stderr (`entgen: query=... args=[...]`).
    pub fn debug(&mut self) {
        self.logger = Some(Arc::new(|q: &Query| eprintln!("entgen: {q}")));
    }

    /// Whether a transaction is open.
    pub fn in_transaction(&self) -> bool {
        self.depth > 0
    }

    /// Forgets cached prepared statements (after DDL), here and on the other connections of
    /// the pool this one came from (on their next checkout).
    pub fn clear_statement_cache(&mut self) {
        if let Some((epoch, seen)) = &mut self.epoch {
            *seen = epoch.fetch_add(1, Ordering::AcqRel) + 1;
        }
        self.clear_own_cache();
    }

    fn clear_own_cache(&mut self) {
        match &mut self.conn {
            #[cfg(feature = "postgres")]
            Conn::Postgres(c) => c.clear_cache(),
            #[cfg(feature = "sqlite")]
            Conn::Sqlite(c) => c.clear_cache(),
            #[cfg(feature = "mysql")]
            Conn::Mysql(c) => c.clear_cache(),
        }
    }

    fn log(&self, q: &Query) {
        if let Some(l) = &self.logger {
            l(q);
        }
    }

    fn log_text(&self, sql: &str) {
        if let Some(l) = &self.logger {
            l(&Query::new(sql, Vec::new()));
        }
    }

    /// Runs a statement, returning the number of rows it changed.
    pub fn execute(&mut self, q: &Query) -> Result<u64, Error> {
        self.log(q);
        let result = match &mut self.conn {
            #[cfg(feature = "postgres")]
            Conn::Postgres(c) => c.execute(q),
            #[cfg(feature = "sqlite")]
            Conn::Sqlite(c) => c.execute(q),
            #[cfg(feature = "mysql")]
            Conn::Mysql(c) => c.execute(q),
        };
        self.note_failure(result)
    }

    /// Remembers the first statement the server refused inside a PostgreSQL transaction (see
    /// [`Driver::end`]). SQLite undoes only the failed statement and carries on.
    fn note_failure<T>(&mut self, result: Result<T, Error>) -> Result<T, Error> {
        self.last_used = Instant::now();
        if let Err(error) = &result
            && error.is_connection_lost()
        {
            self.broken = true;
        }
        if let Err(error) = &result
            && self.depth > 0
            && self.failed.is_none()
            && self.dialect() == Dialect::Postgres
            && error.is_server_error()
        {
            self.failed = Some((self.depth, error.to_string()));
        }
        result
    }

    /// The element types for sending the parameters of `q` as arrays (the `unnest` form of
    /// a bulk INSERT): PostgreSQL's types for them, asked once per connection; `None` on
    /// SQLite, or when a type has no plain array form.
    #[cfg_attr(not(feature = "postgres"), allow(unused_variables))]
    pub fn array_param_types(&mut self, q: &Query) -> Result<Option<Vec<SqlType>>, Error> {
        match &mut self.conn {
            #[cfg(feature = "postgres")]
            Conn::Postgres(c) => c.param_types(&q.sql),
            #[allow(unreachable_patterns)]
            _ => Ok(None),
        }
    }

    /// Runs SQL text without arguments (several statements allowed), e.g. DDL. Cached
    /// prepared statements are dropped afterwards, as the tables they read may have changed.
    pub fn execute_batch(&mut self, sql: &str) -> Result<(), Error> {
        self.log_text(sql);
        let r = self.batch(sql);
        self.clear_statement_cache();
        r
    }

    fn batch(&mut self, sql: &str) -> Result<(), Error> {
        let result = match &mut self.conn {
            #[cfg(feature = "postgres")]
            Conn::Postgres(c) => c.batch(sql),
            #[cfg(feature = "sqlite")]
            Conn::Sqlite(c) => c.batch(sql),
            #[cfg(feature = "mysql")]
            Conn::Mysql(c) => c.batch(sql),
        };
        self.note_failure(result)
    }

    /// Runs a query, calling `f` on each row; stops at the first error.
    pub fn for_each(
        &mut self,
        q: &Query,
        f: impl FnMut(&Row<'_>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        self.rows(q, &mut Each(f))
    }

    fn rows(&mut self, q: &Query, sink: &mut dyn RowSink) -> Result<(), Error> {
        self.log(q);
        let result = match &mut self.conn {
            #[cfg(feature = "postgres")]
            Conn::Postgres(c) => c.for_each(q, sink),
            #[cfg(feature = "sqlite")]
            Conn::Sqlite(c) => c.for_each(q, sink),
            #[cfg(feature = "mysql")]
            Conn::Mysql(c) => c.for_each(q, sink),
        };
        self.note_failure(result)
    }

    /// Runs a query, mapping each row with `f`.
    pub fn query<T>(
        &mut self,
        q: &Query,
        f: impl FnMut(&Row<'_>) -> Result<T, Error>,
    ) -> Result<Vec<T>, Error> {
        let mut sink = Collect { out: Vec::new(), f };
        self.rows(q, &mut sink)?;
        Ok(sink.out)
    }

    /// Runs a query, decoding each row as `T`.
    pub fn query_as<T: FromRow>(&mut self, q: &Query) -> Result<Vec<T>, Error> {
        self.query(q, T::from_row)
    }

    /// Runs a query expected to return at most one row (the first is taken).
    pub fn query_opt<T: FromRow>(&mut self, q: &Query) -> Result<Option<T>, Error> {
        let mut out = None;
        self.for_each(q, |row| {
            if out.is_none() {
                out = Some(T::from_row(row)?);
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// Opens a transaction (a savepoint inside one), rolled back unless committed.
    pub fn transaction(&mut self) -> Result<Transaction<'_>, Error> {
        self.begin()?;
        Ok(Transaction {
            driver: self,
            done: false,
        })
    }

    /// `BEGIN` (or `SAVEPOINT` when nested). Prefer [`Driver::transaction`], which guarantees
    /// the matching end; this is for layers that keep their own guard.
    pub fn begin(&mut self) -> Result<(), Error> {
        let sql = begin_sql(self.depth, self.dialect());
        self.log_text(&sql);
        self.batch(&sql)?;
        self.depth += 1;
        Ok(())
    }

    /// Ends the innermost transaction level: `COMMIT`/`RELEASE` or `ROLLBACK`/`ROLLBACK TO`.
    ///
    /// On PostgreSQL, a statement that failed inside the transaction has aborted it: committing
    /// it then rolls back and reports [`Error::TransactionAborted`] (the server would answer
    /// `COMMIT` with a rollback and no error); rolling back the savepoint the failure happened
    /// in recovers the transaction.
    pub fn end(&mut self, commit: bool) -> Result<(), Error> {
        if self.depth == 0 {
            return Err(Error::Build("no transaction is open".into()));
        }
        if commit
            && self.depth == 1
            && let Some((_, cause)) = self.failed.take()
        {
            self.end(false)?;
            return Err(Error::TransactionAborted { cause });
        }
        if !commit
            && self
                .failed
                .as_ref()
                .is_some_and(|(at, _)| *at >= self.depth)
        {
            self.failed = None;
        }
        let d = self.depth - 1;
        let sql = end_sql(d, commit);
        self.log_text(&sql);
        // The level is gone whatever the outcome: a failed COMMIT has ended the transaction on
        // both databases.
        self.depth = d;
        self.batch(&sql)
    }
}

/// Where a driver delivers rows.
pub(crate) trait RowSink {
    /// The number of rows about to come, when known (only the PostgreSQL driver knows).
    #[cfg_attr(not(feature = "postgres"), allow(dead_code))]
    fn reserve(&mut self, _rows: usize) {}
    /// One row.
    fn row(&mut self, row: &Row<'_>) -> Result<(), Error>;
}

struct Each<F>(F);

impl<F: FnMut(&Row<'_>) -> Result<(), Error>> RowSink for Each<F> {
    fn row(&mut self, row: &Row<'_>) -> Result<(), Error> {
        (self.0)(row)
    }
}

struct Collect<T, F> {
    out: Vec<T>,
    f: F,
}

impl<T, F: FnMut(&Row<'_>) -> Result<T, Error>> RowSink for Collect<T, F> {
    fn reserve(&mut self, rows: usize) {
        self.out.reserve(rows);
    }
    fn row(&mut self, row: &Row<'_>) -> Result<(), Error> {
        self.out.push((self.f)(row)?);
        Ok(())
    }
}

/// An open transaction (or savepoint): dereferences to the [`Driver`], so every statement run
/// through it is inside. Rolled back on drop unless [`Transaction::commit`] was called.
pub struct Transaction<'a> {
    driver: &'a mut Driver,
    done: bool,
}

impl Transaction<'_> {
    /// Commits (releases the savepoint when nested).
    pub fn commit(mut self) -> Result<(), Error> {
        self.done = true;
        self.driver.end(true)
    }

    /// Rolls back.
    pub fn rollback(mut self) -> Result<(), Error> {
        self.done = true;
        self.driver.end(false)
    }
}

impl std::ops::Deref for Transaction<'_> {
    type Target = Driver;
    fn deref(&self) -> &Driver {
        self.driver
    }
}

impl std::ops::DerefMut for Transaction<'_> {
    fn deref_mut(&mut self) -> &mut Driver {
        self.driver
    }
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        if !self.done {
            // Errors cannot surface from drop; a broken connection reports on next use.
            let _ = self.driver.end(false);
        }
    }
}

enum RowRef<'a> {
    #[cfg(any(feature = "postgres", feature = "async"))]
    Pg(&'a tokio_postgres::Row),
    #[cfg(feature = "sqlite")]
    Sqlite(&'a rusqlite::Row<'a>),
    #[cfg(any(feature = "mysql", feature = "async-mysql"))]
    Mysql(&'a mysql_common::row::Row),
}

/// One result row, borrowed while the query streams.
pub struct Row<'a> {
    inner: RowRef<'a>,
}

impl<'a> Row<'a> {
    #[cfg(any(feature = "postgres", feature = "async"))]
    pub(crate) fn pg(row: &'a tokio_postgres::Row) -> Row<'a> {
        Row {
            inner: RowRef::Pg(row),
        }
    }

    #[cfg(feature = "sqlite")]
    fn sqlite(row: &'a rusqlite::Row<'a>) -> Row<'a> {
        Row {
            inner: RowRef::Sqlite(row),
        }
    }

    #[cfg(any(feature = "mysql", feature = "async-mysql"))]
    pub(crate) fn mysql(row: &'a mysql_common::row::Row) -> Row<'a> {
        Row {
            inner: RowRef::Mysql(row),
        }
    }

    /// The number of columns.
    pub fn len(&self) -> usize {
        match self.inner {
            #[cfg(any(feature = "postgres", feature = "async"))]
            RowRef::Pg(r) => r.len(),
            #[cfg(feature = "sqlite")]
            RowRef::Sqlite(r) => r.as_ref().column_count(),
            #[cfg(any(feature = "mysql", feature = "async-mysql"))]
            RowRef::Mysql(r) => r.len(),
        }
    }

    /// Whether the row has no columns.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Column `i`'s name.
    pub fn column_name(&self, i: usize) -> Option<&str> {
        match self.inner {
            #[cfg(any(feature = "postgres", feature = "async"))]
            RowRef::Pg(r) => r.columns().get(i).map(|c| c.name()),
            #[cfg(feature = "sqlite")]
            RowRef::Sqlite(r) => r.as_ref().column_name(i).ok(),
            #[cfg(any(feature = "mysql", feature = "async-mysql"))]
            RowRef::Mysql(r) => r.columns_ref().get(i).map(|c| {
                // Column names are UTF-8 on every connection entgen opens (utf8mb4).
                std::str::from_utf8(c.name_ref()).unwrap_or("?")
            }),
        }
    }

    /// Column `i` as the driver decoded it.
    pub fn value(&self, i: usize) -> Result<Value, Error> {
        match self.inner {
            #[cfg(any(feature = "postgres", feature = "async"))]
            RowRef::Pg(r) => postgres::decode(r, i),
            #[cfg(feature = "sqlite")]
            RowRef::Sqlite(r) => sqlite::decode(r, i),
            #[cfg(any(feature = "mysql", feature = "async-mysql"))]
            RowRef::Mysql(r) => mysql_wire::decode(r, i),
        }
    }

    /// Column `i` as `T`, converted with range and format checks.
    #[inline]
    pub fn get<T: FromValue>(&self, i: usize) -> Result<T, Error> {
        // The common column types decode straight into `T`; anything else (and every error)
        // goes through `Value`, whose conversions decide the result.
        let direct = match self.inner {
            #[cfg(any(feature = "postgres", feature = "async"))]
            RowRef::Pg(r) => postgres::decode_direct::<T>(r, i),
            #[cfg(feature = "sqlite")]
            RowRef::Sqlite(r) => sqlite::decode_direct::<T>(r, i),
            // The sync and the async driver's rows alike (both `mysql_common` rows).
            #[cfg(any(feature = "mysql", feature = "async-mysql"))]
            RowRef::Mysql(r) => mysql_wire::decode_direct::<T>(r, i),
        };
        match direct {
            Some(v) => Ok(v),
            None => self.get_through_value(i),
        }
    }

    /// [`Row::get`] through [`Value`]: kept out of line so the fast path inlines into the
    /// generated `from_row`.
    #[cold]
    #[inline(never)]
    fn get_through_value<T: FromValue>(&self, i: usize) -> Result<T, Error> {
        T::from_value(self.value(i)?).map_err(|source| Error::Decode {
            column: self
                .column_name(i)
                .map_or_else(|| i.to_string(), str::to_owned),
            source,
        })
    }
}

/// A type built from one row (generated entity structs implement it).
pub trait FromRow: Sized {
    /// Decodes the row.
    fn from_row(row: &Row<'_>) -> Result<Self, Error>;
}

impl FromRow for Value {
    fn from_row(row: &Row<'_>) -> Result<Self, Error> {
        row.value(0)
    }
}

impl FromRow for Vec<Value> {
    fn from_row(row: &Row<'_>) -> Result<Self, Error> {
        (0..row.len()).map(|i| row.value(i)).collect()
    }
}

macro_rules! tuple_from_row {
    ($($t:ident $i:tt),+) => {
        impl<$($t: FromValue),+> FromRow for ($($t,)+) {
            fn from_row(row: &Row<'_>) -> Result<Self, Error> {
                Ok(($(row.get::<$t>($i)?,)+))
            }
        }
    };
}

tuple_from_row!(A 0);
tuple_from_row!(A 0, B 1);
tuple_from_row!(A 0, B 1, C 2);
tuple_from_row!(A 0, B 1, C 2, D 3);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4, F 5);
