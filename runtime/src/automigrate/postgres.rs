//! PostgreSQL: one transaction holding `pg_advisory_xact_lock`, optionally with its own
//! `search_path`.

use std::time::{Duration, Instant};

use super::session::Session;
use super::{MigrateError, Options, lock_key};
use crate::builder::Query;
use crate::dialect::Dialect;
use crate::driver::{Io, now};
use crate::inspect::InspectOptions;
use crate::schema::Schema;
use crate::value::Value;

/// SQLSTATE `lock_not_available`: `lock_timeout` expired.
const LOCK_NOT_AVAILABLE: &str = "55P03";

pub(crate) struct PgSession<'c, D: Io> {
    driver: &'c mut D,
    /// Whether the transaction is still open (rolled back on drop).
    open: bool,
}

impl<'c, D: Io> PgSession<'c, D> {
    /// Begins the transaction, sets the schema and waits for the lock; returns the time waited.
    pub(crate) async fn begin(
        driver: &'c mut D,
        opts: &Options<'_>,
    ) -> Result<(Self, Duration), MigrateError> {
        driver
            .begin()
            .await
            .map_err(|e| MigrateError::database("begin the transaction")(e.database_message()))?;
        let mut session = Self { driver, open: true };
        if let Some(schema) = &opts.schema {
            session
                .batch(
                    "set the search_path",
                    &format!(
                        "SET LOCAL search_path TO {}",
                        Dialect::Postgres.quote_ident(schema)
                    ),
                )
                .await?;
        }
        if let Some(timeout) = opts.lock_timeout {
            let ms = timeout.as_millis().clamp(1, i32::MAX as u128);
            session
                .batch(
                    "set the lock timeout",
                    &format!("SET LOCAL lock_timeout = {ms}"),
                )
                .await?;
        }
        let started = Instant::now();
        let lock = Query::new(
            "SELECT pg_advisory_xact_lock($1)",
            vec![Value::I64(lock_key(&opts.lock_name))],
        );
        if let Err(e) = session.driver.query(&lock, |_| Ok(())).await {
            return Err(match opts.lock_timeout {
                Some(timeout) if e.has_sqlstate(LOCK_NOT_AVAILABLE) => MigrateError::LockTimeout {
                    name: opts.lock_name.clone(),
                    timeout,
                },
                _ => MigrateError::database("take the migration lock")(e.database_message()),
            });
        }
        let waited = started.elapsed();
        if opts.lock_timeout.is_some() {
            session
                .batch(
                    "reset the lock timeout",
                    "SET LOCAL lock_timeout TO DEFAULT",
                )
                .await?;
        }
        Ok((session, waited))
    }

    async fn batch(&mut self, action: &'static str, sql: &str) -> Result<(), MigrateError> {
        self.driver
            .execute_batch(sql)
            .await
            .map_err(|e| MigrateError::database(action)(e.database_message()))
    }
}

impl<D: Io> Drop for PgSession<'_, D> {
    fn drop(&mut self) {
        if self.open {
            self.open = false;
            // Completes on a sync connection; an async one is left dirty (its pool rolls back).
            let _ = now(self.driver.end(false));
        }
    }
}

impl<D: Io> Session for PgSession<'_, D> {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    async fn inspect(&mut self, tables: Vec<String>) -> Result<Schema, MigrateError> {
        let opts = InspectOptions {
            schema: None,
            tables: Some(tables),
        };
        Ok(crate::inspect::postgres::inspect_on(self.driver, &opts).await?)
    }

    async fn database_forms(&mut self, desired: &Schema) -> Result<Schema, MigrateError> {
        Ok(crate::inspect::postgres::database_forms_on(self.driver, desired).await?)
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

    async fn finish(mut self, commit: bool) -> Result<(), MigrateError> {
        self.open = false;
        let action = if commit { "commit" } else { "roll back" };
        self.driver
            .end(commit)
            .await
            .map_err(|e| MigrateError::database(action)(e.database_message()))
    }
}
