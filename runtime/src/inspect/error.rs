//! Errors of inspection.

/// Why a database could not be inspected.
#[derive(Debug, thiserror::Error)]
pub enum InspectError {
    /// A catalog query failed, or one of its rows did not decode.
    #[error("inspect: query {query} failed: {}", .source.database_message())]
    Query {
        /// Name of the query constant.
        query: &'static str,
        /// The driver's error.
        #[source]
        source: crate::error::Error,
    },
    /// The connection has no current schema (nothing in `search_path` exists).
    #[error("inspect: no current schema; check the search_path of the connection URL")]
    NoSchema,
    /// The database refused a desired expression while printing it in its own form
    /// ([`crate::inspect::postgres::database_forms`], [`crate::inspect::mysql::database_forms`]).
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

/// An error of the connection outside any catalog query (what `driver::now` reports
/// when a sync connection's future did not complete).
impl From<crate::error::Error> for InspectError {
    fn from(source: crate::error::Error) -> Self {
        InspectError::Query {
            query: "(connection)",
            source,
        }
    }
}
