//! SQLite's side of `apply`/`status`: the revisions table in `main`, the migration lock as an
//! exclusive lock on a file beside the database (SQLite has no advisory locks, and a write
//! transaction cannot span the files' own transactions), and the clean check over
//! `sqlite_master`.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::super::revision::{REVISIONS_TABLE, format_utc, parse_utc};
use super::ExecError;
use crate::builder::Query;
use crate::driver::{Driver, Row};
use crate::error::Error;
use crate::value::Value;

/// The database file (`None` in memory) and the lock file while held.
pub(super) struct Place {
    path: Option<PathBuf>,
    lock: Option<File>,
}

/// A private in-memory database, foreign keys off as in a file opened without `_fk=1`.
pub(super) fn memory() -> Result<Driver, Error> {
    let mut driver = Driver::open("sqlite::memory:")?;
    driver.execute_batch("PRAGMA foreign_keys = OFF")?;
    Ok(driver)
}

impl Place {
    pub(super) fn file(path: &Path) -> Place {
        Place {
            path: Some(path.to_path_buf()),
            lock: None,
        }
    }

    pub(super) fn memory() -> Place {
        Place {
            path: None,
            lock: None,
        }
    }

    pub(super) fn is_memory(&self) -> bool {
        self.path.is_none()
    }

    /// An exclusive lock on [`lock_path`]; always granted in memory, where no other process
    /// can see the database.
    pub(super) fn try_lock(&mut self) -> Result<bool, ExecError> {
        let Some(path) = &self.path else {
            return Ok(true);
        };
        let lock_path = lock_path(path);
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
                self.lock = Some(file);
                Ok(true)
            }
            Err(std::fs::TryLockError::WouldBlock) => Ok(false),
            Err(std::fs::TryLockError::Error(e)) => Err(ExecError::Database {
                context: format!("lock {}", lock_path.display()),
                message: e.to_string(),
            }),
        }
    }

    pub(super) fn unlock(&mut self) {
        if let Some(f) = self.lock.take() {
            let _ = f.unlock();
        }
    }
}

/// `<tmp>/entgen_migrate_execute_<adler32 of the absolute path>.lock`.
fn lock_path(db: &Path) -> PathBuf {
    let abs = std::fs::canonicalize(db).unwrap_or_else(|_| db.to_path_buf());
    let s = abs.to_string_lossy();
    let (mut a, mut b) = (1u32, 0u32);
    for byte in s.bytes() {
        a = (a + u32::from(byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    std::env::temp_dir().join(format!("entgen_migrate_execute_{:08x}.lock", (b << 16) | a))
}

pub(super) fn revisions_table() -> String {
    format!("`{REVISIONS_TABLE}`")
}

pub(super) fn has_revisions_table() -> Query {
    Query::new(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = ?1",
        vec![Value::from(REVISIONS_TABLE)],
    )
}

pub(super) fn create_revisions_table() -> String {
    format!(
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
)",
        table = revisions_table()
    )
}

pub(super) fn select_revisions(table: &str) -> Query {
    Query::new(
        format!(
            "SELECT version, description, type, applied, total, executed_at, execution_time, error, error_stmt, hash, partial_hashes, operator_version FROM {table} ORDER BY version"
        ),
        Vec::new(),
    )
}

/// `executed_at`, text in [`format_utc`]'s form; an unreadable one counts as the epoch.
pub(super) fn executed_at(row: &Row<'_>, i: usize) -> SystemTime {
    parse_utc(&row.get::<String>(i).unwrap_or_default())
}

pub(super) fn time_literal(t: SystemTime) -> String {
    lit(&format_utc(t))
}

/// An SQLite string literal: quotes doubled, backslashes plain text.
pub(super) fn lit(s: &str) -> String {
    crate::dialect::Dialect::Sqlite.quote_string(s)
}

pub(super) fn upsert(table: &str, cols: &str, values: &str) -> String {
    format!("INSERT OR REPLACE INTO {table} ({cols}) VALUES ({values})")
}

/// The first table or view outside the revisions table and SQLite's own.
pub(super) fn first_object(driver: &mut Driver) -> Result<Option<String>, Error> {
    let q = Query::new(
        "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> ?1 ORDER BY name LIMIT 1",
        vec![Value::from(REVISIONS_TABLE)],
    );
    Ok(driver
        .query_as::<(String, String)>(&q)?
        .first()
        .map(|(kind, name)| format!("{kind} \"{name}\"")))
}
