//! SQLite: `BEGIN IMMEDIATE` (the database's write lock, so a second run waits) with foreign
//! keys switched off around the transaction (the planner's `PRAGMA foreign_keys` statements are
//! no-ops inside one), `PRAGMA foreign_key_check` before `COMMIT`, and the previous setting
//! restored afterwards.
//!
//! Generic over the connection like the other sessions, but only ever run on the sync `Driver`
//! (the async client reaches SQLite through the sync client on tokio's blocking pool), which
//! is why waiting for the write lock may sleep the thread.

use std::time::{Duration, Instant};

use super::session::{Session, execute, query_strings};
use super::{MigrateError, Options};
use crate::builder::Query;
use crate::dialect::Dialect;
use crate::driver::{Io, now};
use crate::inspect::InspectOptions;
use crate::schema::Schema;

pub(crate) struct SqliteSession<'c, D: Io> {
    driver: &'c mut D,
    foreign_keys_were_on: bool,
    open: bool,
}

impl<'c, D: Io> SqliteSession<'c, D> {
    /// Switches foreign keys off and begins the transaction, waiting for the write lock; returns
    /// the time waited.
    pub(crate) async fn begin(
        driver: &'c mut D,
        opts: &Options<'_>,
    ) -> Result<(Self, Duration), MigrateError> {
        if driver.in_transaction() {
            return Err(MigrateError::Database {
                action: "begin the transaction",
                error: "the connection is already in a transaction".into(),
            });
        }
        let foreign_keys = driver
            .query(&Query::new("PRAGMA foreign_keys", Vec::new()), |r| {
                r.get::<i64>(0)
            })
            .await
            .map_err(|e| {
                MigrateError::database("read PRAGMA foreign_keys")(e.database_message())
            })?;
        driver
            .execute_batch("PRAGMA foreign_keys = off")
            .await
            .map_err(|e| MigrateError::database("disable foreign keys")(e.database_message()))?;
        let session = Self {
            driver,
            foreign_keys_were_on: foreign_keys.first().is_some_and(|&on| on != 0),
            open: false,
        };
        session.lock(opts).await
    }

    /// `BEGIN IMMEDIATE` (the driver's outermost `begin`), retried while another connection
    /// writes, up to the options' lock timeout.
    async fn lock(mut self, opts: &Options<'_>) -> Result<(Self, Duration), MigrateError> {
        let started = Instant::now();
        let mut pause = Duration::from_millis(5);
        loop {
            match self.driver.begin().await {
                Ok(()) => break,
                Err(e) if e.is_busy() => {
                    if let Some(timeout) = opts.lock_timeout
                        && started.elapsed() >= timeout
                    {
                        return Err(MigrateError::LockTimeout {
                            name: opts.lock_name.clone(),
                            timeout,
                        });
                    }
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(100));
                }
                Err(e) => {
                    return Err(MigrateError::database("begin the transaction")(
                        e.database_message(),
                    ));
                }
            }
        }
        self.open = true;
        Ok((self, started.elapsed()))
    }

    async fn restore_foreign_keys(&mut self) -> Result<(), MigrateError> {
        if self.foreign_keys_were_on {
            self.driver
                .execute_batch("PRAGMA foreign_keys = on")
                .await
                .map_err(|e| MigrateError::database("enable foreign keys")(e.database_message()))?;
        }
        Ok(())
    }

    async fn foreign_key_check(&mut self) -> Result<(), MigrateError> {
        let q = Query::new("SELECT \"table\" FROM pragma_foreign_key_check", Vec::new());
        let tables = self
            .driver
            .query(&q, |r| r.get::<String>(0))
            .await
            .map_err(|e| MigrateError::database("check foreign keys")(e.database_message()))?;
        match tables.first() {
            None => Ok(()),
            Some(table) => Err(MigrateError::ForeignKeyCheck {
                count: tables.len(),
                table: table.clone(),
            }),
        }
    }
}

impl<D: Io> Drop for SqliteSession<'_, D> {
    fn drop(&mut self) {
        if self.open {
            self.open = false;
            let _ = now(self.driver.end(false));
        }
        let _ = now(self.restore_foreign_keys());
    }
}

impl<D: Io> Session for SqliteSession<'_, D> {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    async fn inspect(&mut self, tables: Vec<String>) -> Result<Schema, MigrateError> {
        let opts = InspectOptions {
            schema: None,
            tables: Some(tables),
        };
        Ok(crate::inspect::sqlite::inspect_on(self.driver, &opts).await?)
    }

    async fn query_strings(
        &mut self,
        action: &'static str,
        sql: &str,
    ) -> Result<Vec<String>, MigrateError> {
        query_strings(self.driver, action, sql).await
    }

    async fn execute(&mut self, sql: &str) -> Result<(), String> {
        execute(self.driver, sql).await
    }

    async fn finish(mut self, commit: bool) -> Result<(), MigrateError> {
        if commit {
            self.foreign_key_check().await?;
        }
        self.open = false;
        let action = if commit { "commit" } else { "roll back" };
        let ended = self.driver.end(commit).await;
        if ended.is_err() {
            // A COMMIT refused while another connection reads leaves the transaction open.
            let _ = self.driver.execute_batch("ROLLBACK").await;
        }
        // `Drop` restores the foreign-key setting.
        ended.map_err(|e| MigrateError::database(action)(e.database_message()))
    }
}
