//! The connection `apply` and `status` work through: a [`Driver`] (the one module that speaks
//! to the driver crates), the revisions table, the migration lock, the clean-database check,
//! and running statements.
//!
//! Everything the dialects share is here; what differs (the lock, the revisions table's DDL
//! and queries, the clean check) is in one file per dialect, chosen by an exhaustive `match`
//! on [`Place`], so a new dialect is one file and one arm per `match`.

mod mysql;
mod postgres;
mod sqlite;

use std::time::{Duration, Instant, SystemTime};

use crate::builder::Query;
use crate::dialect::Dialect;
use crate::dir::ScanOptions;
use crate::driver::{DbUrl, Driver, Row, Target};
use crate::error::Error;

use super::error::ExecError;
use super::revision::{Revision, hashes_from_json, hashes_to_json};

/// The key of Atlas's `migrate apply` lock: FNV-1 (32-bit) of `atlas_migrate_execute`, so that
/// entgen and Atlas exclude each other on one database.
pub const APPLY_LOCK_NAME: &str = "atlas_migrate_execute";

/// FNV-1 (not 1a), 32-bit, as Go's `fnv.New32`.
pub fn fnv1_32(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h = h.wrapping_mul(0x0100_0193);
        h ^= u32::from(b);
    }
    h
}

/// How long a connection waits for another's lock on the database (SQLite's busy timeout).
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// How to open the database.
#[derive(Debug, Clone, Default)]
pub struct ConnectOptions {
    /// Where the revisions table lives on PostgreSQL; by default the URL's `search_path` schema,
    /// else the schema `atlas_schema_revisions` (Atlas's rule).
    pub revisions_schema: Option<String>,
    /// Create a missing SQLite file (apply). Otherwise (status, dry runs) a missing file is read
    /// as an empty database and nothing is created.
    pub create: bool,
}

/// A database error as text, with the 1-based character position in the statement when the
/// server gave one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlError {
    /// The message (SQLSTATE, detail and hint included when present).
    pub message: String,
    /// 1-based character offset of the culprit in the statement text.
    pub position: Option<usize>,
}

impl From<Error> for SqlError {
    fn from(e: Error) -> SqlError {
        SqlError {
            position: e.server_error().and_then(|s| s.position),
            message: e.database_message(),
        }
    }
}

/// An open database.
pub struct Db {
    driver: Driver,
    url: String,
    place: Place,
}

/// Where the migration state lives and the lock the connection holds: one variant per dialect.
enum Place {
    Postgres(postgres::Place),
    Sqlite(sqlite::Place),
    Mysql(mysql::Place),
}

/// The connection layer's error as the executor's: a bad URL, or a connection that failed
/// with its cause.
fn driver_error(e: Error) -> ExecError {
    match e {
        Error::Url { url, reason } => ExecError::Url { url, reason },
        Error::Connect {
            url,
            cause,
            message,
        } => ExecError::Connect {
            url,
            message: format!("{cause}: {message}"),
        },
        other => ExecError::Database {
            context: "cannot connect".into(),
            message: other.database_message(),
        },
    }
}

fn db_err(context: &str, e: &Error) -> ExecError {
    ExecError::Database {
        context: format!("cannot {context}"),
        message: e.database_message(),
    }
}

/// A text-only query.
fn text(sql: impl Into<String>) -> Query {
    Query::new(sql, Vec::new())
}

/// The columns of the revisions table, in the order the dialects' `SELECT`s read them.
const COLUMNS: &str = "version, description, type, applied, total, executed_at, execution_time, error, error_stmt, hash, partial_hashes, operator_version";

/// A row of the revisions table, read by the dialect's `SELECT` ([`COLUMNS`] order); the
/// dialect decodes `executed_at` (column 5).
fn revision(row: &Row<'_>, executed_at: SystemTime) -> Result<Revision, Error> {
    Ok(Revision {
        version: row.get(0)?,
        description: row.get(1)?,
        kind: row.get(2)?,
        applied: row.get(3)?,
        total: row.get(4)?,
        executed_at,
        execution_time: Duration::from_nanos(u64::try_from(row.get::<i64>(6)?).unwrap_or(0)),
        error: row.get(7)?,
        error_stmt: row.get(8)?,
        hash: row.get(9)?,
        partial_hashes: hashes_from_json(row.get::<Option<String>>(10)?.as_deref()),
        operator_version: row.get(11)?,
    })
}

impl Db {
    /// Connects. Errors carry the URL with its password masked and, for a connection that
    /// failed, its cause (refused, unknown host, authentication, timeout, TLS).
    pub fn connect(url: &str, opts: &ConnectOptions) -> Result<Db, ExecError> {
        let parsed = DbUrl::parse(url).map_err(driver_error)?;
        let (driver, place) = match parsed.target() {
            Target::Postgres { search_path, .. } => {
                let driver = Driver::connect_for_migration(&parsed, BUSY_TIMEOUT, opts.create)
                    .map_err(driver_error)?;
                let place = postgres::Place::new(search_path.as_deref(), opts);
                (driver, Place::Postgres(place))
            }
            Target::SqliteFile { path, .. } => {
                // Status and dry runs read a missing file as an empty database, creating nothing.
                let driver = if opts.create || path.exists() {
                    Driver::connect_for_migration(&parsed, BUSY_TIMEOUT, opts.create)
                } else {
                    sqlite::memory()
                }
                .map_err(driver_error)?;
                (driver, Place::Sqlite(sqlite::Place::file(path)))
            }
            Target::SqliteMemory => {
                let driver = sqlite::memory().map_err(driver_error)?;
                (driver, Place::Sqlite(sqlite::Place::memory()))
            }
            Target::Mysql { .. } => {
                let mut driver = Driver::connect_for_migration(&parsed, BUSY_TIMEOUT, opts.create)
                    .map_err(driver_error)?;
                let place = mysql::Place::new(&mut driver, parsed.masked())?;
                (driver, Place::Mysql(place))
            }
        };
        Ok(Db {
            driver,
            url: parsed.masked().to_owned(),
            place,
        })
    }

    /// The URL, password masked.
    pub fn masked_url(&self) -> &str {
        &self.url
    }

    /// The database's dialect.
    pub fn dialect(&self) -> Dialect {
        self.driver.dialect()
    }

    /// Whether this is an in-memory SQLite database (gone when the process exits).
    pub fn is_memory(&self) -> bool {
        match &self.place {
            Place::Postgres(_) | Place::Mysql(_) => false,
            Place::Sqlite(lite) => lite.is_memory(),
        }
    }

    /// The statement-splitting rules of this database (Atlas's driver scanners).
    pub fn scan_options(&self) -> ScanOptions {
        match self.dialect() {
            Dialect::Postgres => ScanOptions::POSTGRES,
            Dialect::Sqlite => ScanOptions::SQLITE,
            Dialect::Mysql => ScanOptions::MYSQL,
        }
    }

    /// The revisions table as written in SQL.
    pub fn revisions_table(&self) -> String {
        match &self.place {
            Place::Postgres(pg) => pg.revisions_table(),
            Place::Sqlite(_) => sqlite::revisions_table(),
            Place::Mysql(my) => my.revisions_table(),
        }
    }

    /// Takes the migration lock, retrying with backoff until `timeout`: a PostgreSQL session
    /// advisory lock with Atlas's key, MySQL's named lock with Atlas's name, or an exclusive lock
    /// on a file beside the SQLite database.
    pub fn lock(&mut self, timeout: Duration) -> Result<(), ExecError> {
        let start = Instant::now();
        let mut delay = Duration::from_millis(25);
        loop {
            if self.try_lock()? {
                return Ok(());
            }
            let elapsed = start.elapsed();
            if elapsed >= timeout {
                return Err(ExecError::LockTimeout { timeout });
            }
            // Jitter from the clock, so that waiting processes do not retry in step.
            let jitter = SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos() % 20_000_000);
            let wait = (delay + Duration::from_nanos(u64::from(jitter))).min(timeout - elapsed);
            std::thread::sleep(wait);
            delay = (delay * 2).min(Duration::from_secs(1));
        }
    }

    fn try_lock(&mut self) -> Result<bool, ExecError> {
        match &mut self.place {
            Place::Postgres(pg) => pg.try_lock(&mut self.driver),
            Place::Sqlite(lite) => lite.try_lock(),
            Place::Mysql(my) => my.try_lock(&mut self.driver),
        }
    }

    /// Releases the migration lock (also released when the connection closes).
    pub fn unlock(&mut self) {
        match &mut self.place {
            Place::Postgres(pg) => pg.unlock(&mut self.driver),
            Place::Sqlite(lite) => lite.unlock(),
            Place::Mysql(my) => my.unlock(&mut self.driver),
        }
    }

    /// Whether the revisions table exists.
    pub fn has_revisions_table(&mut self) -> Result<bool, ExecError> {
        let q = match &self.place {
            Place::Postgres(pg) => pg.has_revisions_table(),
            Place::Sqlite(_) => sqlite::has_revisions_table(),
            Place::Mysql(my) => my.has_revisions_table(),
        };
        let found = self
            .driver
            .query(&q, |row| row.get::<bool>(0))
            .map_err(|e| db_err("look for the revisions table", &e))?;
        Ok(found.first() == Some(&true))
    }

    /// Creates the revisions table (and its schema) when missing.
    pub fn ensure_revisions_table(&mut self) -> Result<(), ExecError> {
        if self.has_revisions_table()? {
            return Ok(());
        }
        let table = self.revisions_table();
        let sql = match &self.place {
            Place::Postgres(pg) => pg.create_revisions_table(),
            Place::Sqlite(_) => sqlite::create_revisions_table(),
            Place::Mysql(my) => my.create_revisions_table(),
        };
        self.driver
            .execute_batch(&sql)
            .map_err(|e| db_err(&format!("create the revisions table {table}"), &e))
    }

    /// Every revision, by version; empty when the table does not exist.
    pub fn revisions(&mut self) -> Result<Vec<Revision>, ExecError> {
        if !self.has_revisions_table()? {
            return Ok(Vec::new());
        }
        let table = self.revisions_table();
        let read = match self.place {
            Place::Postgres(_) => self
                .driver
                .query(&postgres::select_revisions(&table), |row| {
                    revision(row, postgres::executed_at(row, 5)?)
                }),
            Place::Sqlite(_) => self.driver.query(&sqlite::select_revisions(&table), |row| {
                revision(row, sqlite::executed_at(row, 5))
            }),
            Place::Mysql(_) => self.driver.query(&mysql::select_revisions(&table), |row| {
                revision(row, mysql::executed_at(row, 5)?)
            }),
        };
        read.map_err(|e| db_err(&format!("read the revisions table {table}"), &e))
    }

    fn upsert_sql(&self, r: &Revision) -> String {
        let table = self.revisions_table();
        let at = match self.place {
            Place::Postgres(_) => postgres::time_literal(r.executed_at),
            Place::Sqlite(_) => sqlite::time_literal(r.executed_at),
            Place::Mysql(_) => mysql::time_literal(r.executed_at),
        };
        // Each database's own string literal: a backslash is an escape in MySQL, only in
        // `E'…'` on PostgreSQL, and plain text in SQLite, which knows no `E'…'`.
        let lit: fn(&str) -> String = match self.place {
            Place::Postgres(_) => postgres::lit,
            Place::Sqlite(_) => sqlite::lit,
            Place::Mysql(_) => mysql::lit,
        };
        let opt_lit = |s: Option<&str>| s.map_or_else(|| "NULL".to_string(), lit);
        let hashes = hashes_to_json(&r.partial_hashes);
        let values = format!(
            "{}, {}, {}, {}, {}, {at}, {}, {}, {}, {}, {}, {}",
            lit(&r.version),
            lit(&r.description),
            r.kind,
            r.applied,
            r.total,
            i64::try_from(r.execution_time.as_nanos()).unwrap_or(i64::MAX),
            opt_lit(r.error.as_deref()),
            opt_lit(r.error_stmt.as_deref()),
            lit(&r.hash),
            opt_lit(hashes.as_deref()),
            lit(&r.operator_version),
        );
        match self.place {
            Place::Postgres(_) => postgres::upsert(&table, COLUMNS, &values),
            Place::Sqlite(_) => sqlite::upsert(&table, COLUMNS, &values),
            Place::Mysql(_) => mysql::upsert(&table, COLUMNS, &values),
        }
    }

    /// Inserts or replaces a revision row.
    pub fn write_revision(&mut self, r: &Revision) -> Result<(), ExecError> {
        let sql = self.upsert_sql(r);
        self.execute(&sql).map_err(|e| ExecError::Database {
            context: format!("cannot record version {} in the revisions table", r.version),
            message: e.message,
        })
    }

    /// Writes a revision row and commits the open transaction, in one round trip.
    pub(crate) fn write_revision_and_commit(&mut self, r: &Revision) -> Result<(), SqlError> {
        let sql = format!("{};\nCOMMIT", self.upsert_sql(r));
        self.execute(&sql)
    }

    /// The first object that makes the database (or the URL's schema) not clean, e.g.
    /// `table "public.users"`; `None` when clean. The revisions table does not count.
    pub fn first_object(&mut self) -> Result<Option<String>, ExecError> {
        let found = match &self.place {
            Place::Postgres(pg) => pg.first_object(&mut self.driver),
            Place::Sqlite(_) => sqlite::first_object(&mut self.driver),
            Place::Mysql(my) => my.first_object(&mut self.driver),
        };
        found.map_err(|e| db_err("check that the database is clean", &e))
    }

    /// Runs SQL text (one statement, or several for the engine's own batches).
    pub(crate) fn execute(&mut self, sql: &str) -> Result<(), SqlError> {
        self.driver.execute_batch(sql).map_err(SqlError::from)
    }

    /// Opens a transaction and runs `first` in it (on PostgreSQL in one round trip); error
    /// positions are relative to `first`.
    pub(crate) fn begin_with(&mut self, first: &str) -> Result<(), SqlError> {
        match self.place {
            Place::Postgres(_) => postgres::begin_with(&mut self.driver, first),
            Place::Sqlite(_) | Place::Mysql(_) => {
                self.execute("BEGIN")?;
                self.execute(first)
            }
        }
    }

    /// Opens a transaction.
    pub(crate) fn begin(&mut self) -> Result<(), SqlError> {
        self.execute("BEGIN")
    }

    /// Rolls back the open transaction, if any (outside one, the database's refusal is
    /// ignored).
    pub(crate) fn rollback(&mut self) {
        let _ = self.execute("ROLLBACK");
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        self.unlock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_key_is_atlas_s() {
        assert_eq!(fnv1_32("atlas_migrate_execute"), 2_686_470_616);
        assert_eq!(fnv1_32("atlas_migrate_diff"), 361_947_982);
    }

    #[test]
    fn literals() {
        assert_eq!(postgres::lit("it's"), "'it''s'");
        assert_eq!(sqlite::lit(r"a\b'"), r"'a\b'''");
        assert_eq!(postgres::lit("a\\b'"), "E'a\\\\b'''");
    }
}
