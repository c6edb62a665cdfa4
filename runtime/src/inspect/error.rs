//! Errors of inspection.

/// Why a database could not be inspected.
#[derive(Debug, thiserror::Error)]
pub enum InspectError {
    /// A PostgreSQL catalog query failed.
    #[cfg(feature = "postgres")]
    #[error("inspect: query {query} failed: {source}")]
    Postgres {
        /// Name of the query constant.
        query: &'static str,
        /// The driver error.
        #[source]
        source: postgres::Error,
    },
    /// An SQLite catalog query failed.
    #[cfg(feature = "sqlite")]
    #[error("inspect: query {query} failed: {source}")]
    Sqlite {
        /// Name of the query constant.
        query: &'static str,
        /// The driver error.
        #[source]
        source: rusqlite::Error,
    },
    /// A catalog query run through the [`crate::driver::Driver`] failed (the MySQL inspector).
    #[error("inspect: query {query} failed: {source}")]
    Query {
        /// Name of the query constant.
        query: &'static str,
        /// The driver error.
        #[source]
        source: crate::error::Error,
    },
    /// The connection has no current schema (nothing in `search_path` exists).
    #[error("inspect: no current schema; check the search_path of the connection URL")]
    NoSchema,
    /// The database refused a desired expression while printing it in its own form
    /// ([`crate::inspect::postgres::database_forms`]).
    #[error("table {table:?}: the database refused an expression: {reason}\n  in: {sql}")]
    Expression {
        /// Table whose check, index or default holds the expression.
        table: String,
        /// The statement that carried it.
        sql: String,
        /// The server's message.
        reason: String,
    },
    /// The catalog holds something the model cannot represent.
    #[error("inspect: table {table:?}: {detail}")]
    Catalog {
        /// Table involved.
        table: String,
        /// What is odd.
        detail: String,
    },
}

impl InspectError {
    /// The server's message with its SQLSTATE, which `postgres::Error`'s `Display` leaves out.
    #[cfg(feature = "postgres")]
    pub(crate) fn server_message(e: &postgres::Error) -> String {
        match e.as_db_error() {
            Some(db) => format!("{} (SQLSTATE {})", db.message(), db.code().code()),
            None => e.to_string(),
        }
    }
}
