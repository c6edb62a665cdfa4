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
    /// The connection has no current schema (nothing in `search_path` exists).
    #[error("inspect: no current schema; check the search_path of the connection URL")]
    NoSchema,
    /// The catalog holds something the model cannot represent.
    #[error("inspect: table {table:?}: {detail}")]
    Catalog {
        /// Table involved.
        table: String,
        /// What is odd.
        detail: String,
    },
}
