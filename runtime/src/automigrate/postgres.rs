//! PostgreSQL: one transaction holding `pg_advisory_xact_lock`, optionally with its own
//! `search_path`.

use std::time::{Duration, Instant};

use postgres::error::SqlState;
use postgres::{Client, Transaction};

use super::session::Session;
use super::{MigrateError, Options, lock_key};
use crate::dialect::Dialect;
use crate::inspect::InspectOptions;
use crate::schema::Schema;

pub(crate) struct PgSession<'c> {
    tx: Transaction<'c>,
}

/// The error with the server's message, SQLSTATE, detail and hint.
pub(crate) fn message(e: &postgres::Error) -> String {
    crate::driver::describe_postgres(e)
}

impl<'c> PgSession<'c> {
    /// Begins the transaction, sets the schema and waits for the lock; returns the time waited.
    pub(crate) fn begin(
        client: &'c mut Client,
        opts: &Options<'_>,
    ) -> Result<(Self, Duration), MigrateError> {
        let mut tx = client
            .transaction()
            .map_err(|e| MigrateError::database("begin the transaction")(message(&e)))?;
        if let Some(schema) = &opts.schema {
            tx.batch_execute(&format!(
                "SET LOCAL search_path TO {}",
                Dialect::Postgres.quote_ident(schema)
            ))
            .map_err(|e| MigrateError::database("set the search_path")(message(&e)))?;
        }
        if let Some(timeout) = opts.lock_timeout {
            let ms = timeout.as_millis().clamp(1, i32::MAX as u128);
            tx.batch_execute(&format!("SET LOCAL lock_timeout = {ms}"))
                .map_err(|e| MigrateError::database("set the lock timeout")(message(&e)))?;
        }
        let started = Instant::now();
        let key = lock_key(&opts.lock_name);
        if let Err(e) = tx.execute("SELECT pg_advisory_xact_lock($1)", &[&key]) {
            return Err(match (e.code(), opts.lock_timeout) {
                (Some(code), Some(timeout)) if *code == SqlState::LOCK_NOT_AVAILABLE => {
                    MigrateError::LockTimeout {
                        name: opts.lock_name.clone(),
                        timeout,
                    }
                }
                _ => MigrateError::database("take the migration lock")(message(&e)),
            });
        }
        let waited = started.elapsed();
        if opts.lock_timeout.is_some() {
            tx.batch_execute("SET LOCAL lock_timeout TO DEFAULT")
                .map_err(|e| MigrateError::database("reset the lock timeout")(message(&e)))?;
        }
        Ok((Self { tx }, waited))
    }
}

impl Session for PgSession<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn inspect(&mut self, tables: Vec<String>) -> Result<Schema, MigrateError> {
        let opts = InspectOptions {
            schema: None,
            tables: Some(tables),
        };
        Ok(crate::inspect::postgres::inspect(&mut self.tx, &opts)?)
    }

    fn database_forms(&mut self, desired: &Schema) -> Result<Schema, MigrateError> {
        Ok(crate::inspect::postgres::database_forms(
            &mut self.tx,
            desired,
        )?)
    }

    fn query_strings(&mut self, sql: &str) -> Result<Vec<String>, MigrateError> {
        let rows = self
            .tx
            .query(sql, &[])
            .map_err(|e| MigrateError::database("read ent_types")(message(&e)))?;
        rows.iter()
            .map(|r| {
                r.try_get::<_, String>(0)
                    .map_err(|e| MigrateError::database("read ent_types")(message(&e)))
            })
            .collect()
    }

    fn execute(&mut self, sql: &str) -> Result<(), String> {
        self.tx.batch_execute(sql).map_err(|e| message(&e))
    }

    fn finish(self, commit: bool) -> Result<(), MigrateError> {
        if commit {
            self.tx
                .commit()
                .map_err(|e| MigrateError::database("commit")(message(&e)))
        } else {
            self.tx
                .rollback()
                .map_err(|e| MigrateError::database("roll back")(message(&e)))
        }
    }
}
