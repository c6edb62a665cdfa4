//! PostgreSQL's side of `apply`/`status`: the revisions table in a schema (the URL's
//! `search_path` schema or `atlas_schema_revisions`), Atlas's session advisory lock, and the
//! clean check over the catalog.

use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};

use super::super::revision::REVISIONS_TABLE;
use super::{APPLY_LOCK_NAME, ConnectOptions, ExecError, SqlError, db_err, fnv1_32, text};
use crate::builder::Query;
use crate::driver::{Driver, Row};
use crate::error::Error;
use crate::value::Value;

/// Where the revisions table is, and whether the advisory lock is held.
pub(super) struct Place {
    /// The schema holding the revisions table.
    schema: String,
    /// The schema the URL is bound to (`search_path`); `None`: the whole database.
    bound: Option<String>,
    locked: bool,
}

fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
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

/// The lock's key as the server takes it (`bigint`).
fn lock_key() -> Value {
    Value::I64(i64::from(fnv1_32(APPLY_LOCK_NAME)))
}

impl Place {
    pub(super) fn new(search_path: Option<&str>, opts: &ConnectOptions) -> Place {
        let bound = search_path.and_then(first_schema);
        let schema = opts
            .revisions_schema
            .clone()
            .or_else(|| bound.clone())
            .unwrap_or_else(|| REVISIONS_TABLE.to_string());
        Place {
            schema,
            bound,
            locked: false,
        }
    }

    pub(super) fn revisions_table(&self) -> String {
        format!("{}.{}", quote(&self.schema), quote(REVISIONS_TABLE))
    }

    /// `pg_try_advisory_lock` with Atlas's key: a session lock, held by this connection until
    /// [`Place::unlock`] or until it closes.
    pub(super) fn try_lock(&mut self, driver: &mut Driver) -> Result<bool, ExecError> {
        let q = Query::new("SELECT pg_try_advisory_lock($1)", vec![lock_key()]);
        let got = driver
            .query(&q, |row| row.get::<bool>(0))
            .map_err(|e| db_err("take the migration lock", &e))?
            .first()
            == Some(&true);
        self.locked = got;
        Ok(got)
    }

    pub(super) fn unlock(&mut self, driver: &mut Driver) {
        if self.locked {
            let q = Query::new("SELECT pg_advisory_unlock($1)", vec![lock_key()]);
            // A failure leaves the lock to the connection's end, which is near.
            let _ = driver.query(&q, |row| row.get::<bool>(0));
            self.locked = false;
        }
    }

    pub(super) fn has_revisions_table(&self) -> Query {
        Query::new(
            "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = $1 AND tablename = $2)",
            vec![Value::from(&self.schema), Value::from(REVISIONS_TABLE)],
        )
    }

    pub(super) fn create_revisions_table(&self) -> String {
        format!(
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
            schema = quote(&self.schema),
            table = self.revisions_table(),
        )
    }

    /// The first relation outside the revisions table (in the bound schema, or in any user
    /// schema), then, for a whole database, the first user schema.
    pub(super) fn first_object(&self, driver: &mut Driver) -> Result<Option<String>, Error> {
        let q = match &self.bound {
            Some(schema) => Query::new(
                "SELECT n.nspname::text, c.relname::text FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
                 WHERE n.nspname = $1 AND c.relkind IN ('r','p','v','m','f','S') AND NOT (n.nspname = $2 AND c.relname = $3) ORDER BY 1, 2 LIMIT 1",
                vec![
                    Value::from(schema),
                    Value::from(&self.schema),
                    Value::from(REVISIONS_TABLE),
                ],
            ),
            None => Query::new(
                "SELECT n.nspname::text, c.relname::text FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
                 WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%' \
                 AND c.relkind IN ('r','p','v','m','f','S') AND NOT (n.nspname = $1 AND c.relname = $2) ORDER BY 1, 2 LIMIT 1",
                vec![Value::from(&self.schema), Value::from(REVISIONS_TABLE)],
            ),
        };
        let relations = driver.query_as::<(String, String)>(&q)?;
        if let Some((s, t)) = relations.first() {
            return Ok(Some(format!("relation \"{s}.{t}\"")));
        }
        if self.bound.is_none() {
            let q = Query::new(
                "SELECT nspname::text FROM pg_catalog.pg_namespace WHERE nspname NOT IN ('public', 'information_schema', $1) AND nspname NOT LIKE 'pg\\_%' ORDER BY 1 LIMIT 1",
                vec![Value::from(&self.schema)],
            );
            if let Some((s,)) = driver.query_as::<(String,)>(&q)?.first() {
                return Ok(Some(format!("schema \"{s}\"")));
            }
        }
        Ok(None)
    }
}

pub(super) fn select_revisions(table: &str) -> Query {
    text(format!(
        "SELECT version::text, description::text, type::bigint, applied::bigint, total::bigint, executed_at, execution_time::bigint, error, error_stmt, hash::text, partial_hashes::text, operator_version::text FROM {table} ORDER BY version"
    ))
}

/// `executed_at`, a `timestamptz`.
pub(super) fn executed_at(row: &Row<'_>, i: usize) -> Result<SystemTime, Error> {
    Ok(SystemTime::from(row.get::<DateTime<Utc>>(i)?))
}

/// A time as a `timestamptz` expression, to the microsecond.
pub(super) fn time_literal(t: SystemTime) -> String {
    let at = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or(Duration::ZERO);
    format!("to_timestamp({}.{:06})", at.as_secs(), at.subsec_micros())
}

pub(super) fn upsert(table: &str, cols: &str, values: &str) -> String {
    format!(
        "INSERT INTO {table} ({cols}) VALUES ({values}) ON CONFLICT (version) DO UPDATE SET description = EXCLUDED.description, type = EXCLUDED.type, applied = EXCLUDED.applied, total = EXCLUDED.total, executed_at = EXCLUDED.executed_at, execution_time = EXCLUDED.execution_time, error = EXCLUDED.error, error_stmt = EXCLUDED.error_stmt, hash = EXCLUDED.hash, partial_hashes = EXCLUDED.partial_hashes, operator_version = EXCLUDED.operator_version"
    )
}

/// `BEGIN` and the file's first statement in one round trip (DDL is transactional here); the
/// error position is made relative to the statement.
pub(super) fn begin_with(driver: &mut Driver, first: &str) -> Result<(), SqlError> {
    const BEGIN: &str = "BEGIN;\n";
    driver
        .execute_batch(&format!("{BEGIN}{first}"))
        .map_err(|e| {
            let mut err = SqlError::from(e);
            err.position = err.position.and_then(|p| p.checked_sub(BEGIN.len()));
            err
        })
}

/// An SQL string literal valid whatever `standard_conforming_strings` says.
pub(super) fn lit(s: &str) -> String {
    if s.contains('\\') {
        format!("E'{}'", s.replace('\\', "\\\\").replace('\'', "''"))
    } else {
        format!("'{}'", s.replace('\'', "''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_path_schema() {
        assert_eq!(first_schema("\"$user\", app").as_deref(), Some("app"));
        assert_eq!(first_schema("\"My Schema\"").as_deref(), Some("My Schema"));
    }
}
