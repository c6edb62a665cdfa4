//! The connection `apply` and `status` work through: PostgreSQL or SQLite, the revisions table,
//! the migration lock, the clean-database check, and running statements.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use postgres::Client;
use rusqlite::{Connection, OpenFlags};

use crate::dialect::Dialect;
use crate::dir::ScanOptions;

use super::error::ExecError;
use super::revision::{
    REVISIONS_TABLE, Revision, format_utc, hashes_from_json, hashes_to_json, parse_utc,
};
use crate::driver::{ConnectCause, DbUrl, Driver, Target};
use crate::error::Error;

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

/// An open database.
pub struct Db {
    conn: Conn,
    url: String,
}

enum Conn {
    Postgres(Box<Pg>),
    Sqlite(Lite),
}

struct Pg {
    client: Client,
    /// The schema holding the revisions table.
    schema: String,
    /// The schema the URL is bound to (`search_path`); `None`: the whole database.
    bound: Option<String>,
    locked: bool,
}

struct Lite {
    conn: Connection,
    path: Option<PathBuf>,
    lock: Option<File>,
}

fn quote_pg(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

/// An SQL string literal valid whatever `standard_conforming_strings` says.
fn lit(s: &str) -> String {
    if s.contains('\\') {
        format!("E'{}'", s.replace('\\', "\\\\").replace('\'', "''"))
    } else {
        format!("'{}'", s.replace('\'', "''"))
    }
}

fn opt_lit(s: Option<&str>) -> String {
    s.map_or_else(|| "NULL".to_string(), lit)
}

pub(crate) fn pg_error(e: &postgres::Error) -> SqlError {
    match crate::driver::ServerError::from_postgres(e) {
        Some(server) => SqlError {
            message: server.to_string(),
            position: server.position,
        },
        None => SqlError {
            message: e.to_string(),
            position: None,
        },
    }
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
            message: other.to_string(),
        },
    }
}

fn lite_error(e: &rusqlite::Error) -> SqlError {
    SqlError {
        message: e.to_string(),
        position: None,
    }
}

/// The first schema of a `search_path` value (`"$user", public` gives `public`).
fn first_schema(search_path: &str) -> Option<String> {
    search_path
        .split(',')
        .map(|s| s.trim())
        .map(|s| {
            s.strip_prefix('"')
                .and_then(|s| s.strip_suffix('"'))
                .map_or_else(|| s.to_string(), |q| q.replace("\"\"", "\""))
        })
        .find(|s| !s.is_empty() && !s.starts_with('$'))
}

impl Db {
    /// Connects. Errors carry the URL with its password masked and, for a connection that
    /// failed, its cause (refused, unknown host, authentication, timeout, TLS).
    pub fn connect(url: &str, opts: &ConnectOptions) -> Result<Db, ExecError> {
        let parsed = DbUrl::parse(url).map_err(driver_error)?;
        let masked = parsed.masked().to_owned();
        let conn = match parsed.target() {
            Target::Postgres { search_path, .. } => {
                let client = Driver::connect(&parsed, Duration::from_secs(10))
                    .map_err(driver_error)?
                    .into_postgres()
                    .ok_or_else(|| ExecError::Url {
                        url: masked.clone(),
                        reason: "not a PostgreSQL connection".into(),
                    })?;
                let bound = search_path.as_deref().and_then(first_schema);
                let schema = opts
                    .revisions_schema
                    .clone()
                    .or_else(|| bound.clone())
                    .unwrap_or_else(|| REVISIONS_TABLE.to_string());
                Conn::Postgres(Box::new(Pg {
                    client,
                    schema,
                    bound,
                    locked: false,
                }))
            }
            Target::SqliteFile {
                path, foreign_keys, ..
            } => {
                let conn = if opts.create {
                    Connection::open(path)
                } else if !path.exists() {
                    Connection::open_in_memory()
                } else {
                    Connection::open_with_flags(
                        path,
                        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                    )
                }
                .map_err(|e| ExecError::Connect {
                    url: masked.clone(),
                    message: format!("{}: {e}", ConnectCause::CannotOpen),
                })?;
                let setup = || -> rusqlite::Result<()> {
                    conn.busy_timeout(Duration::from_secs(10))?;
                    if *foreign_keys == Some(true) {
                        conn.execute_batch("PRAGMA foreign_keys = on")?;
                    }
                    Ok(())
                };
                setup().map_err(|e| ExecError::Connect {
                    url: masked.clone(),
                    message: e.to_string(),
                })?;
                Conn::Sqlite(Lite {
                    conn,
                    path: Some(path.clone()),
                    lock: None,
                })
            }
            Target::Mysql { .. } => {
                return Err(ExecError::Url {
                    url: masked,
                    reason: "migrate apply and status do not run on MySQL yet (issue 16, \
                             point 4)"
                        .into(),
                });
            }
            _ => {
                let conn = Connection::open_in_memory().map_err(|e| ExecError::Connect {
                    url: masked.clone(),
                    message: e.to_string(),
                })?;
                Conn::Sqlite(Lite {
                    conn,
                    path: None,
                    lock: None,
                })
            }
        };
        Ok(Db { conn, url: masked })
    }

    /// The URL, password masked.
    pub fn masked_url(&self) -> &str {
        &self.url
    }

    /// The database's dialect.
    pub fn dialect(&self) -> Dialect {
        match self.conn {
            Conn::Postgres(_) => Dialect::Postgres,
            Conn::Sqlite(_) => Dialect::Sqlite,
        }
    }

    /// Whether this is an in-memory SQLite database (gone when the process exits).
    pub fn is_memory(&self) -> bool {
        matches!(&self.conn, Conn::Sqlite(l) if l.path.is_none())
    }

    /// The statement-splitting rules of this database (Atlas's driver scanners).
    pub fn scan_options(&self) -> ScanOptions {
        match self.conn {
            Conn::Postgres(_) => ScanOptions::POSTGRES,
            Conn::Sqlite(_) => ScanOptions::SQLITE,
        }
    }

    /// The revisions table as written in SQL.
    pub fn revisions_table(&self) -> String {
        match &self.conn {
            Conn::Postgres(pg) => format!("{}.{}", quote_pg(&pg.schema), quote_pg(REVISIONS_TABLE)),
            Conn::Sqlite(_) => format!("`{REVISIONS_TABLE}`"),
        }
    }

    /// Takes the migration lock, retrying with backoff until `timeout`: a PostgreSQL session
    /// advisory lock with Atlas's key, or an exclusive lock on a file beside the SQLite database.
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
        match &mut self.conn {
            Conn::Postgres(pg) => {
                let key = i64::from(fnv1_32(APPLY_LOCK_NAME));
                let row = pg
                    .client
                    .query_one("SELECT pg_try_advisory_lock($1)", &[&key])
                    .map_err(|e| db_err("take the migration lock", &pg_error(&e)))?;
                let got: bool = row.get(0);
                pg.locked = got;
                Ok(got)
            }
            Conn::Sqlite(lite) => {
                let Some(path) = &lite.path else {
                    return Ok(true);
                };
                let lock_path = sqlite_lock_path(path);
                let file = File::options()
                    .create(true)
                    .truncate(false)
                    .write(true)
                    .open(&lock_path)
                    .map_err(|e| ExecError::Database {
                        context: format!("open the lock file {}", lock_path.display()),
                        message: e.to_string(),
                    })?;
                match file.try_lock() {
                    Ok(()) => {
                        lite.lock = Some(file);
                        Ok(true)
                    }
                    Err(std::fs::TryLockError::WouldBlock) => Ok(false),
                    Err(std::fs::TryLockError::Error(e)) => Err(ExecError::Database {
                        context: format!("lock {}", lock_path.display()),
                        message: e.to_string(),
                    }),
                }
            }
        }
    }

    /// Releases the migration lock (also released when the connection closes).
    pub fn unlock(&mut self) {
        match &mut self.conn {
            Conn::Postgres(pg) => {
                if pg.locked {
                    let key = i64::from(fnv1_32(APPLY_LOCK_NAME));
                    let _ = pg
                        .client
                        .query_one("SELECT pg_advisory_unlock($1)", &[&key]);
                    pg.locked = false;
                }
            }
            Conn::Sqlite(lite) => {
                if let Some(f) = lite.lock.take() {
                    let _ = f.unlock();
                }
            }
        }
    }

    /// Whether the revisions table exists.
    pub fn has_revisions_table(&mut self) -> Result<bool, ExecError> {
        match &mut self.conn {
            Conn::Postgres(pg) => {
                let row = pg
                    .client
                    .query_one(
                        "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = $1 AND tablename = $2)",
                        &[&pg.schema, &REVISIONS_TABLE],
                    )
                    .map_err(|e| db_err("look for the revisions table", &pg_error(&e)))?;
                Ok(row.get(0))
            }
            Conn::Sqlite(lite) => lite
                .conn
                .query_row(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
                    [REVISIONS_TABLE],
                    |r| r.get::<_, i64>(0),
                )
                .map(|n| n > 0)
                .map_err(|e| db_err("look for the revisions table", &lite_error(&e))),
        }
    }

    /// Creates the revisions table (and its schema) when missing.
    pub fn ensure_revisions_table(&mut self) -> Result<(), ExecError> {
        if self.has_revisions_table()? {
            return Ok(());
        }
        let table = self.revisions_table();
        match &mut self.conn {
            Conn::Postgres(pg) => {
                let sql = format!(
                    "CREATE SCHEMA IF NOT EXISTS {schema};
CREATE TABLE IF NOT EXISTS {table} (
  \"version\" character varying NOT NULL,
  \"description\" character varying NOT NULL,
  \"type\" bigint NOT NULL DEFAULT 2,
  \"applied\" bigint NOT NULL DEFAULT 0,
  \"total\" bigint NOT NULL DEFAULT 0,
  \"executed_at\" timestamptz NOT NULL,
  \"execution_time\" bigint NOT NULL,
  \"error\" text NULL,
  \"error_stmt\" text NULL,
  \"hash\" character varying NOT NULL,
  \"partial_hashes\" jsonb NULL,
  \"operator_version\" character varying NOT NULL,
  PRIMARY KEY (\"version\")
)",
                    schema = quote_pg(&pg.schema)
                );
                pg.client.batch_execute(&sql).map_err(|e| {
                    db_err(
                        &format!("create the revisions table {table}"),
                        &pg_error(&e),
                    )
                })
            }
            Conn::Sqlite(lite) => {
                let sql = format!(
                    "CREATE TABLE IF NOT EXISTS {table} (
  `version` text NOT NULL,
  `description` text NOT NULL,
  `type` integer NOT NULL DEFAULT 2,
  `applied` integer NOT NULL DEFAULT 0,
  `total` integer NOT NULL DEFAULT 0,
  `executed_at` datetime NOT NULL,
  `execution_time` integer NOT NULL,
  `error` text NULL,
  `error_stmt` text NULL,
  `hash` text NOT NULL,
  `partial_hashes` json NULL,
  `operator_version` text NOT NULL,
  PRIMARY KEY (`version`)
)"
                );
                lite.conn.execute_batch(&sql).map_err(|e| {
                    db_err(
                        &format!("create the revisions table {table}"),
                        &lite_error(&e),
                    )
                })
            }
        }
    }

    /// Every revision, by version; empty when the table does not exist.
    pub fn revisions(&mut self) -> Result<Vec<Revision>, ExecError> {
        if !self.has_revisions_table()? {
            return Ok(Vec::new());
        }
        let table = self.revisions_table();
        let context = format!("read the revisions table {table}");
        match &mut self.conn {
            Conn::Postgres(pg) => {
                let sql = format!(
                    "SELECT version::text, description::text, type::bigint, applied::bigint, total::bigint, executed_at, execution_time::bigint, error, error_stmt, hash::text, partial_hashes::text, operator_version::text FROM {table} ORDER BY version"
                );
                let rows = pg
                    .client
                    .query(&sql, &[])
                    .map_err(|e| db_err(&context, &pg_error(&e)))?;
                rows.iter()
                    .map(|r| -> Result<Revision, postgres::Error> {
                        Ok(Revision {
                            version: r.try_get(0)?,
                            description: r.try_get(1)?,
                            kind: r.try_get(2)?,
                            applied: r.try_get(3)?,
                            total: r.try_get(4)?,
                            executed_at: r.try_get(5)?,
                            execution_time: Duration::from_nanos(
                                u64::try_from(r.try_get::<_, i64>(6)?).unwrap_or(0),
                            ),
                            error: r.try_get(7)?,
                            error_stmt: r.try_get(8)?,
                            hash: r.try_get(9)?,
                            partial_hashes: hashes_from_json(r.try_get::<_, Option<&str>>(10)?),
                            operator_version: r.try_get(11)?,
                        })
                    })
                    .collect::<Result<_, _>>()
                    .map_err(|e| db_err(&context, &pg_error(&e)))
            }
            Conn::Sqlite(lite) => {
                let sql = format!(
                    "SELECT version, description, type, applied, total, executed_at, execution_time, error, error_stmt, hash, partial_hashes, operator_version FROM {table} ORDER BY version"
                );
                let read = || -> rusqlite::Result<Vec<Revision>> {
                    let mut stmt = lite.conn.prepare(&sql)?;
                    let rows = stmt.query_map([], |r| {
                        Ok(Revision {
                            version: r.get(0)?,
                            description: r.get(1)?,
                            kind: r.get(2)?,
                            applied: r.get(3)?,
                            total: r.get(4)?,
                            executed_at: parse_utc(&r.get::<_, String>(5).unwrap_or_default()),
                            execution_time: Duration::from_nanos(
                                u64::try_from(r.get::<_, i64>(6)?).unwrap_or(0),
                            ),
                            error: r.get(7)?,
                            error_stmt: r.get(8)?,
                            hash: r.get(9)?,
                            partial_hashes: hashes_from_json(
                                r.get::<_, Option<String>>(10)?.as_deref(),
                            ),
                            operator_version: r.get(11)?,
                        })
                    })?;
                    rows.collect()
                };
                read().map_err(|e| db_err(&context, &lite_error(&e)))
            }
        }
    }

    fn upsert_sql(&self, r: &Revision) -> String {
        let table = self.revisions_table();
        let at = r
            .executed_at
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or(Duration::ZERO);
        let at = match self.conn {
            Conn::Postgres(_) => {
                format!("to_timestamp({}.{:06})", at.as_secs(), at.subsec_micros())
            }
            Conn::Sqlite(_) => lit(&format_utc(r.executed_at)),
        };
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
        let cols = "version, description, type, applied, total, executed_at, execution_time, error, error_stmt, hash, partial_hashes, operator_version";
        match self.conn {
            Conn::Postgres(_) => format!(
                "INSERT INTO {table} ({cols}) VALUES ({values}) ON CONFLICT (version) DO UPDATE SET description = EXCLUDED.description, type = EXCLUDED.type, applied = EXCLUDED.applied, total = EXCLUDED.total, executed_at = EXCLUDED.executed_at, execution_time = EXCLUDED.execution_time, error = EXCLUDED.error, error_stmt = EXCLUDED.error_stmt, hash = EXCLUDED.hash, partial_hashes = EXCLUDED.partial_hashes, operator_version = EXCLUDED.operator_version"
            ),
            Conn::Sqlite(_) => format!("INSERT OR REPLACE INTO {table} ({cols}) VALUES ({values})"),
        }
    }

    /// Inserts or replaces a revision row.
    pub fn write_revision(&mut self, r: &Revision) -> Result<(), ExecError> {
        let sql = self.upsert_sql(r);
        self.execute(&sql).map_err(|e| {
            db_err(
                &format!("record version {} in the revisions table", r.version),
                &e,
            )
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
        match &mut self.conn {
            Conn::Postgres(pg) => {
                let context = "check that the database is clean";
                let (sql, params): (&str, Vec<&(dyn postgres::types::ToSql + Sync)>) = match &pg
                    .bound
                {
                    Some(schema) => (
                        "SELECT n.nspname::text, c.relname::text FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
                         WHERE n.nspname = $1 AND c.relkind IN ('r','p','v','m','f','S') AND NOT (n.nspname = $2 AND c.relname = $3) ORDER BY 1, 2 LIMIT 1",
                        vec![schema, &pg.schema, &REVISIONS_TABLE],
                    ),
                    None => (
                        "SELECT n.nspname::text, c.relname::text FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
                         WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%' \
                         AND c.relkind IN ('r','p','v','m','f','S') AND NOT (n.nspname = $1 AND c.relname = $2) ORDER BY 1, 2 LIMIT 1",
                        vec![&pg.schema, &REVISIONS_TABLE],
                    ),
                };
                let rows = pg
                    .client
                    .query(sql, &params)
                    .map_err(|e| db_err(context, &pg_error(&e)))?;
                if let Some(r) = rows.first() {
                    let (s, t): (String, String) = (r.get(0), r.get(1));
                    return Ok(Some(format!("relation \"{s}.{t}\"")));
                }
                if pg.bound.is_none() {
                    let rows = pg
                        .client
                        .query(
                            "SELECT nspname::text FROM pg_catalog.pg_namespace WHERE nspname NOT IN ('public', 'information_schema', $1) AND nspname NOT LIKE 'pg\\_%' ORDER BY 1 LIMIT 1",
                            &[&pg.schema],
                        )
                        .map_err(|e| db_err(context, &pg_error(&e)))?;
                    if let Some(r) = rows.first() {
                        let s: String = r.get(0);
                        return Ok(Some(format!("schema \"{s}\"")));
                    }
                }
                Ok(None)
            }
            Conn::Sqlite(lite) => {
                let found = lite.conn.query_row(
                    "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> ?1 ORDER BY name LIMIT 1",
                    [REVISIONS_TABLE],
                    |r| Ok(format!("{} \"{}\"", r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
                );
                match found {
                    Ok(s) => Ok(Some(s)),
                    Err(rusqlite::Error::QueryReturnedNoRows) => Ok(None),
                    Err(e) => Err(db_err("check that the database is clean", &lite_error(&e))),
                }
            }
        }
    }

    /// Runs SQL text (one statement, or several for the engine's own batches).
    pub(crate) fn execute(&mut self, sql: &str) -> Result<(), SqlError> {
        match &mut self.conn {
            Conn::Postgres(pg) => pg.client.batch_execute(sql).map_err(|e| pg_error(&e)),
            Conn::Sqlite(lite) => lite.conn.execute_batch(sql).map_err(|e| lite_error(&e)),
        }
    }

    /// Opens a transaction and runs `first` in it. On PostgreSQL both go in one round trip;
    /// error positions are relative to `first`.
    pub(crate) fn begin_with(&mut self, first: &str) -> Result<(), SqlError> {
        match &mut self.conn {
            Conn::Postgres(pg) => {
                const BEGIN: &str = "BEGIN;\n";
                pg.client
                    .batch_execute(&format!("{BEGIN}{first}"))
                    .map_err(|e| {
                        let mut err = pg_error(&e);
                        err.position = err.position.and_then(|p| p.checked_sub(BEGIN.len()));
                        err
                    })
            }
            Conn::Sqlite(lite) => {
                lite.conn
                    .execute_batch("BEGIN")
                    .map_err(|e| lite_error(&e))?;
                lite.conn.execute_batch(first).map_err(|e| lite_error(&e))
            }
        }
    }

    /// Opens a transaction.
    pub(crate) fn begin(&mut self) -> Result<(), SqlError> {
        self.execute("BEGIN")
    }

    /// Rolls back the open transaction, if any.
    pub(crate) fn rollback(&mut self) {
        let in_tx = match &self.conn {
            Conn::Postgres(_) => true,
            Conn::Sqlite(lite) => !lite.conn.is_autocommit(),
        };
        if in_tx {
            let _ = self.execute("ROLLBACK");
        }
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        self.unlock();
    }
}

fn db_err(context: &str, e: &SqlError) -> ExecError {
    ExecError::Database {
        context: format!("cannot {context}"),
        message: e.message.clone(),
    }
}

/// `<tmp>/entgen_migrate_execute_<adler32 of the absolute path>.lock`.
fn sqlite_lock_path(db: &Path) -> PathBuf {
    let abs = std::fs::canonicalize(db).unwrap_or_else(|_| db.to_path_buf());
    let s = abs.to_string_lossy();
    let (mut a, mut b) = (1u32, 0u32);
    for byte in s.bytes() {
        a = (a + u32::from(byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    std::env::temp_dir().join(format!("entgen_migrate_execute_{:08x}.lock", (b << 16) | a))
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
    fn literals_and_search_path() {
        assert_eq!(lit("it's"), "'it''s'");
        assert_eq!(lit("a\\b'"), "E'a\\\\b'''");
        assert_eq!(first_schema("\"$user\", app").as_deref(), Some("app"));
        assert_eq!(first_schema("\"My Schema\"").as_deref(), Some("My Schema"));
    }
}
