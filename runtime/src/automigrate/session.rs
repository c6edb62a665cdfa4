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
    /// `desired` with its expressions in the form the database prints them, for the pure diff
    /// to compare with what it inspects (`diff::diff_printed`). SQLite keeps the text of `CREATE TABLE` as written and
    /// inspection reads that text back, so entgen's own rendering is its form already.
    fn database_forms(&mut self, desired: &Schema) -> Result<Schema, MigrateError> {
        Ok(desired.clone())
    }
    /// Runs a query whose first column is text.
    fn query_strings(&mut self, sql: &str) -> Result<Vec<String>, MigrateError>;
    /// Runs one statement of the plan; the error is the database's message.
    fn execute(&mut self, sql: &str) -> Result<(), String>;
    /// Commits (after the dialect's final checks) or rolls back.
    fn finish(self, commit: bool) -> Result<(), MigrateError>;
}

/// The first column, text, of every row of `sql` (`ent_types`).
pub(crate) fn query_strings(
    driver: &mut crate::driver::Driver,
    sql: &str,
) -> Result<Vec<String>, MigrateError> {
    driver
        .query(&crate::builder::Query::new(sql, Vec::new()), |r| {
            r.get::<String>(0)
        })
        .map_err(|e| MigrateError::database("read ent_types")(e.database_message()))
}
