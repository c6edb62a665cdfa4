//! What the engine needs from a database, inside the migration's transaction.
//!
//! The methods are `async`, and each session is generic over the connection ([`Io`]): the sync
//! [`run`](super::run) polls the whole run once on a `Driver` (its futures are ready at once),
//! the async client awaits it on its own connection. One engine, not a sync and an async one.

use super::MigrateError;
use crate::dialect::Dialect;
use crate::driver::Io;
use crate::schema::Schema;

/// An open migration transaction holding the lock. Dropping it without [`Session::finish`]
/// rolls back (at once on a sync connection; an async one is left marked dirty, and its pool
/// rolls it back before its next use).
pub(crate) trait Session {
    /// The dialect.
    fn dialect(&self) -> Dialect;
    /// Inspects these tables (those that exist).
    async fn inspect(&mut self, tables: Vec<String>) -> Result<Schema, MigrateError>;
    /// `desired` with its expressions in the form the database prints them, for the pure diff
    /// to compare with what it inspects (`diff::diff_printed`; PostgreSQL and MySQL/MariaDB
    /// override it). SQLite keeps the text of `CREATE TABLE` as written and inspection reads
    /// that text back, so entgen's own rendering is its form already.
    async fn database_forms(&mut self, desired: &Schema) -> Result<Schema, MigrateError> {
        Ok(desired.clone())
    }
    /// Runs a query whose first column is text; `action` names it in the error.
    async fn query_strings(
        &mut self,
        action: &'static str,
        sql: &str,
    ) -> Result<Vec<String>, MigrateError>;
    /// Runs one statement of the plan; the error is the database's message.
    async fn execute(&mut self, sql: &str) -> Result<(), String>;
    /// Commits (after the dialect's final checks) or rolls back.
    async fn finish(self, commit: bool) -> Result<(), MigrateError>;
}

/// The first column, text, of every row of `sql`; an error is [`MigrateError::Database`] with
/// `action`.
pub(crate) async fn query_strings<D: Io>(
    driver: &mut D,
    action: &'static str,
    sql: &str,
) -> Result<Vec<String>, MigrateError> {
    driver
        .query(&crate::builder::Query::new(sql, Vec::new()), |r| {
            r.get::<String>(0)
        })
        .await
        .map_err(|e| MigrateError::database(action)(e.database_message()))
}

/// Runs one statement of the plan, the error as the database's message.
pub(crate) async fn execute<D: Io>(driver: &mut D, sql: &str) -> Result<(), String> {
    driver
        .execute_batch(sql)
        .await
        .map_err(|e| e.database_message())
}
