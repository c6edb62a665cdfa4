//! MySQL's and MariaDB's side of `apply`/`status`: the revisions table in the URL's database,
//! Atlas's named lock (`GET_LOCK('atlas_migrate_execute', …)`, server-wide as Atlas takes it,
//! so that entgen and Atlas exclude each other), and the clean check over
//! `information_schema`.
//!
//! MySQL commits every DDL statement on its own, so a file cannot be one transaction: `apply`
//! runs its statements one by one and records the progress after each (see
//! [`crate::exec::apply`]).

use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};

use super::super::revision::REVISIONS_TABLE;
use super::{APPLY_LOCK_NAME, ExecError, db_err};
use crate::builder::Query;
use crate::driver::{Driver, Row};
use crate::error::Error;
use crate::value::Value;

/// The URL's database and whether the named lock is held.
pub(super) struct Place {
    database: String,
    locked: bool,
}

fn quote(ident: &str) -> String {
    format!("`{}`", ident.replace('`', "``"))
}

/// An SQL string literal under MySQL's default `sql_mode`, where a backslash escapes.
pub(super) fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "''"))
}

impl Place {
    /// The connection's database (the URL's path, which [`crate::driver::DbUrl`] requires; a
    /// connection without one is refused all the same, since the revisions table and the clean
    /// check need it).
    pub(super) fn new(driver: &mut Driver, url: &str) -> Result<Place, ExecError> {
        let current: Vec<Option<String>> = driver
            .query(&Query::new("SELECT DATABASE()", Vec::new()), |r| r.get(0))
            .map_err(|e| db_err("read the connection's database", &e))?;
        match current.into_iter().next().flatten() {
            Some(database) => Ok(Place {
                database,
                locked: false,
            }),
            None => Err(ExecError::Url {
                url: url.to_owned(),
                reason: "name the database to migrate in the URL's path \
                         (mysql://user@host:3306/<database>)"
                    .into(),
            }),
        }
    }

    pub(super) fn revisions_table(&self) -> String {
        format!("{}.{}", quote(&self.database), quote(REVISIONS_TABLE))
    }

    /// `GET_LOCK` without waiting (the caller retries with backoff): held by this connection
    /// until [`Place::unlock`] or until it closes. `NULL` is the server's error.
    pub(super) fn try_lock(&mut self, driver: &mut Driver) -> Result<bool, ExecError> {
        let q = Query::new("SELECT GET_LOCK(?, 0)", vec![Value::from(APPLY_LOCK_NAME)]);
        let got: Vec<Option<i64>> = driver
            .query(&q, |row| row.get(0))
            .map_err(|e| db_err("take the migration lock", &e))?;
        match got.first().copied().flatten() {
            Some(1) => {
                self.locked = true;
                Ok(true)
            }
            Some(_) => Ok(false),
            None => Err(ExecError::Database {
                context: "cannot take the migration lock".into(),
                message: format!("GET_LOCK('{APPLY_LOCK_NAME}', 0) answered NULL"),
            }),
        }
    }

    pub(super) fn unlock(&mut self, driver: &mut Driver) {
        if self.locked {
            let q = Query::new("SELECT RELEASE_LOCK(?)", vec![Value::from(APPLY_LOCK_NAME)]);
            // A failure leaves the lock to the connection's end, which is near.
            let _ = driver.query(&q, |row| row.value(0));
            self.locked = false;
        }
    }

    pub(super) fn has_revisions_table(&self) -> Query {
        Query::new(
            "SELECT count(*) > 0 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
            vec![Value::from(&self.database), Value::from(REVISIONS_TABLE)],
        )
    }

    /// Atlas's columns in ent's MySQL types (`varchar(255)`, `bigint unsigned` for the `uint`
    /// type, `longtext`, `json`), in ent's character set.
    pub(super) fn create_revisions_table(&self) -> String {
        format!(
            "CREATE TABLE IF NOT EXISTS {table} (
  `version` varchar(255) NOT NULL,
  `description` varchar(255) NOT NULL,
  `type` bigint unsigned NOT NULL DEFAULT 2,
  `applied` bigint NOT NULL DEFAULT 0,
  `total` bigint NOT NULL DEFAULT 0,
  `executed_at` timestamp(6) NOT NULL,
  `execution_time` bigint NOT NULL,
  `error` longtext NULL,
  `error_stmt` longtext NULL,
  `hash` varchar(255) NOT NULL,
  `partial_hashes` json NULL,
  `operator_version` varchar(255) NOT NULL,
  PRIMARY KEY (`version`)
) CHARSET utf8mb4 COLLATE utf8mb4_bin",
            table = self.revisions_table(),
        )
    }

    /// The first table or view of the database other than the revisions table.
    pub(super) fn first_object(&self, driver: &mut Driver) -> Result<Option<String>, Error> {
        let q = Query::new(
            "SELECT CAST(table_type AS CHAR), CAST(table_name AS CHAR) FROM information_schema.tables \
             WHERE table_schema = ? AND table_name <> ? ORDER BY table_name LIMIT 1",
            vec![Value::from(&self.database), Value::from(REVISIONS_TABLE)],
        );
        Ok(driver
            .query_as::<(String, String)>(&q)?
            .first()
            .map(|(kind, name)| {
                let kind = if kind.contains("VIEW") {
                    "view"
                } else {
                    "table"
                };
                format!("{kind} \"{}.{name}\"", self.database)
            }))
    }
}

pub(super) fn select_revisions(table: &str) -> Query {
    Query::new(
        format!(
            "SELECT version, description, CAST(type AS SIGNED), applied, total, executed_at, execution_time, error, error_stmt, hash, CAST(partial_hashes AS CHAR), operator_version FROM {table} ORDER BY version"
        ),
        Vec::new(),
    )
}

/// `executed_at`, a `timestamp` read in the session's zone, UTC.
pub(super) fn executed_at(row: &Row<'_>, i: usize) -> Result<SystemTime, Error> {
    Ok(SystemTime::from(row.get::<DateTime<Utc>>(i)?))
}

/// A time as a `timestamp` expression, to the microsecond (the session runs in UTC).
pub(super) fn time_literal(t: SystemTime) -> String {
    let at = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or(Duration::ZERO);
    format!("FROM_UNIXTIME({}.{:06})", at.as_secs(), at.subsec_micros())
}

pub(super) fn upsert(table: &str, cols: &str, values: &str) -> String {
    let updates: Vec<String> = cols
        .split(", ")
        .filter(|c| *c != "version")
        .map(|c| format!("{c} = VALUES({c})"))
        .collect();
    format!(
        "INSERT INTO {table} ({cols}) VALUES ({values}) ON DUPLICATE KEY UPDATE {}",
        updates.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_escape_backslashes_and_quotes() {
        assert_eq!(lit("it's"), "'it''s'");
        assert_eq!(lit("a\\b'"), "'a\\\\b'''");
    }

    #[test]
    fn upsert_updates_every_column_but_the_key() {
        let sql = upsert("t", "version, applied, hash", "'1', 2, 'h'");
        assert_eq!(
            sql,
            "INSERT INTO t (version, applied, hash) VALUES ('1', 2, 'h') ON DUPLICATE KEY UPDATE applied = VALUES(applied), hash = VALUES(hash)"
        );
    }
}
