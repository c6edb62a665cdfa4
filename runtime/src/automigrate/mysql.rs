//! MySQL and MariaDB: the run holds the named lock `GET_LOCK('<database>.<lock name>')` on its
//! connection (released at the end, or when the session is dropped on an error), and reads the
//! database through the connection's statement API ([`Io`]). Named locks are server-wide; the database in the name
//! makes them per database, as PostgreSQL's advisory locks are.
//!
//! MySQL commits every DDL statement on its own, so there is no migration transaction: a run
//! that fails part-way leaves the statements before the failing one applied, and the next run
//! plans from what it then inspects. Global unique ids set each table's range with the table
//! option `AUTO_INCREMENT = n` (see `global_id`).

use std::time::{Duration, Instant};

use super::session::Session;
use super::{MigrateError, Options};
use crate::builder::Query;
use crate::dialect::Dialect;
use crate::driver::{Io, now};
use crate::inspect::InspectOptions;
use crate::schema::Schema;
use crate::value::Value;

/// The lock's name for a run's lock name: scoped by the database, cut to MySQL's 64 characters.
const LOCK_NAME: &str = "LEFT(CONCAT(DATABASE(), '.', ?), 64)";

/// A year, in seconds: how long a run without a lock timeout waits.
const FOREVER_SECONDS: i64 = 365 * 24 * 3600;

pub(crate) struct MysqlSession<'c, D: Io> {
    driver: &'c mut D,
    lock: String,
    released: bool,
}

impl<'c, D: Io> MysqlSession<'c, D> {
    /// Waits for the named lock; returns the time waited.
    pub(crate) async fn begin(
        driver: &'c mut D,
        opts: &Options<'_>,
    ) -> Result<(Self, Duration), MigrateError> {
        // GET_LOCK waits in whole seconds. MariaDB answers NULL to MySQL's "negative waits for
        // ever": a year is for ever enough.
        let seconds = opts.lock_timeout.map_or(FOREVER_SECONDS, |t| {
            i64::try_from(t.as_secs_f64().ceil() as u64).unwrap_or(FOREVER_SECONDS)
        });
        let started = Instant::now();
        let q = Query::new(
            format!("SELECT GET_LOCK({LOCK_NAME}, ?)"),
            vec![Value::String(opts.lock_name.clone()), Value::I64(seconds)],
        );
        let got: Vec<Option<i64>> = driver
            .query(&q, |r| r.get(0))
            .await
            .map_err(|e| MigrateError::database("take the migration lock")(e.database_message()))?;
        match (got.first().copied().flatten(), opts.lock_timeout) {
            (Some(1), _) => {}
            (Some(0), Some(timeout)) => {
                return Err(MigrateError::LockTimeout {
                    name: opts.lock_name.clone(),
                    timeout,
                });
            }
            (other, _) => {
                return Err(MigrateError::database("take the migration lock")(format!(
                    "GET_LOCK answered {other:?}"
                )));
            }
        }
        let waited = started.elapsed();
        Ok((
            Self {
                driver,
                lock: opts.lock_name.clone(),
                released: false,
            },
            waited,
        ))
    }

    async fn release(&mut self) -> Result<(), String> {
        self.released = true;
        let q = Query::new(
            format!("SELECT RELEASE_LOCK({LOCK_NAME})"),
            vec![Value::String(self.lock.clone())],
        );
        self.driver
            .query(&q, |r| r.value(0))
            .await
            .map(|_| ())
            .map_err(|e| e.database_message())
    }
}

impl<D: Io> Drop for MysqlSession<'_, D> {
    fn drop(&mut self) {
        if !self.released {
            // The connection may go back to a pool: never leave the lock held by it. (An async
            // connection's pool resets the session, which releases named locks, when the
            // release cannot complete here.)
            let _ = now(async {
                let _ = self.release().await;
                Ok::<(), crate::error::Error>(())
            });
        }
    }
}

impl<D: Io> Session for MysqlSession<'_, D> {
    fn dialect(&self) -> Dialect {
        Dialect::Mysql
    }

    async fn inspect(&mut self, tables: Vec<String>) -> Result<Schema, MigrateError> {
        let opts = InspectOptions {
            schema: None,
            tables: Some(tables),
        };
        Ok(crate::inspect::mysql::inspect_on(self.driver, &opts).await?)
    }

    async fn database_forms(&mut self, desired: &Schema) -> Result<Schema, MigrateError> {
        Ok(crate::inspect::mysql::database_forms_on(self.driver, desired).await?)
    }

    async fn query_strings(
        &mut self,
        action: &'static str,
        sql: &str,
    ) -> Result<Vec<String>, MigrateError> {
        super::session::query_strings(self.driver, action, sql).await
    }

    async fn execute(&mut self, sql: &str) -> Result<(), String> {
        super::session::execute(self.driver, sql).await
    }

    /// Releases the lock. Each statement has committed already; there is nothing to roll back
    /// (the engine runs no statement when it only writes them out).
    async fn finish(mut self, _commit: bool) -> Result<(), MigrateError> {
        self.release()
            .await
            .map_err(MigrateError::database("release the migration lock"))
    }
}
