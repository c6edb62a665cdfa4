//! What the engine needs from a database, inside the migration's transaction.

use super::MigrateError;
use crate::dialect::Dialect;
use crate::schema::Schema;

/// An open migration transaction holding the lock. Dropping it without [`Session::finish`]
/// rolls back.
pub(crate) trait Session {
    /// The dialect.
    fn dialect(&self) -> Dialect;
    /// Inspects these tables (those that exist).
    fn inspect(&mut self, tables: Vec<String>) -> Result<Schema, MigrateError>;
    /// Runs a query whose first column is text.
    fn query_strings(&mut self, sql: &str) -> Result<Vec<String>, MigrateError>;
    /// Runs one statement of the plan; the error is the database's message.
    fn execute(&mut self, sql: &str) -> Result<(), String>;
    /// Commits (after the dialect's final checks) or rolls back.
    fn finish(self, commit: bool) -> Result<(), MigrateError>;
}
