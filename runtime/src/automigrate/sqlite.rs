//! SQLite: `BEGIN IMMEDIATE` (the database's write lock, so a second run waits) with foreign
//! keys switched off around the transaction (the planner's `PRAGMA foreign_keys` statements are
//! no-ops inside one), `PRAGMA foreign_key_check` before `COMMIT`, and the previous setting
//! restored afterwards.

use std::time::{Duration, Instant};

use rusqlite::{Connection, ErrorCode};

use super::session::Session;
use super::{MigrateError, Options};
use crate::dialect::Dialect;
use crate::inspect::InspectOptions;
use crate::schema::Schema;

pub(crate) struct SqliteSession<'c> {
    conn: &'c Connection,
    foreign_keys_were_on: bool,
    open: bool,
}

impl<'c> SqliteSession<'c> {
    /// Switches foreign keys off and begins the transaction, waiting for the write lock; returns
    /// the time waited.
    pub(crate) fn begin(
        conn: &'c Connection,
        opts: &Options<'_>,
    ) -> Result<(Self, Duration), MigrateError> {
        if !conn.is_autocommit() {
            return Err(MigrateError::Database {
                action: "begin the transaction",
                error: "the connection is already in a transaction".into(),
            });
        }
        let foreign_keys_were_on: i64 = conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .map_err(|e| MigrateError::database("read PRAGMA foreign_keys")(e.to_string()))?;
        conn.execute_batch("PRAGMA foreign_keys = off")
            .map_err(|e| MigrateError::database("disable foreign keys")(e.to_string()))?;
        let mut session = Self {
            conn,
            foreign_keys_were_on: foreign_keys_were_on != 0,
            open: false,
        };
        let started = Instant::now();
        let mut pause = Duration::from_millis(5);
        loop {
            match conn.execute_batch("BEGIN IMMEDIATE") {
                Ok(()) => break,
                Err(rusqlite::Error::SqliteFailure(e, _))
                    if matches!(e.code, ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) =>
                {
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
                        e.to_string(),
                    ));
                }
            }
        }
        session.open = true;
        Ok((session, started.elapsed()))
    }

    fn restore_foreign_keys(&self) -> Result<(), MigrateError> {
        if self.foreign_keys_were_on {
            self.conn
                .execute_batch("PRAGMA foreign_keys = on")
                .map_err(|e| MigrateError::database("enable foreign keys")(e.to_string()))?;
        }
        Ok(())
    }

    fn foreign_key_check(&self) -> Result<(), MigrateError> {
        let mut stmt = self
            .conn
            .prepare("SELECT \"table\" FROM pragma_foreign_key_check")
            .map_err(|e| MigrateError::database("check foreign keys")(e.to_string()))?;
        let tables: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .and_then(|rows| rows.collect())
            .map_err(|e| MigrateError::database("check foreign keys")(e.to_string()))?;
        match tables.first() {
            None => Ok(()),
            Some(table) => Err(MigrateError::ForeignKeyCheck {
                count: tables.len(),
                table: table.clone(),
            }),
        }
    }
}

impl Drop for SqliteSession<'_> {
    fn drop(&mut self) {
        if self.open {
            self.open = false;
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        let _ = self.restore_foreign_keys();
    }
}

impl Session for SqliteSession<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn inspect(&mut self, tables: Vec<String>) -> Result<Schema, MigrateError> {
        let opts = InspectOptions {
            schema: None,
            tables: Some(tables),
        };
        Ok(crate::inspect::sqlite::inspect(self.conn, &opts)?)
    }

    fn query_strings(&mut self, sql: &str) -> Result<Vec<String>, MigrateError> {
        let mut stmt = self
            .conn
            .prepare(sql)
            .map_err(|e| MigrateError::database("read ent_types")(e.to_string()))?;
        stmt.query_map([], |r| r.get::<_, String>(0))
            .and_then(|rows| rows.collect())
            .map_err(|e| MigrateError::database("read ent_types")(e.to_string()))
    }

    fn execute(&mut self, sql: &str) -> Result<(), String> {
        self.conn.execute_batch(sql).map_err(|e| e.to_string())
    }

    fn finish(mut self, commit: bool) -> Result<(), MigrateError> {
        if commit {
            self.foreign_key_check()?;
            self.conn
                .execute_batch("COMMIT")
                .map_err(|e| MigrateError::database("commit")(e.to_string()))?;
        } else {
            self.conn
                .execute_batch("ROLLBACK")
                .map_err(|e| MigrateError::database("roll back")(e.to_string()))?;
        }
        self.open = false;
        // `Drop` restores the foreign-key setting.
        Ok(())
    }
}
