//! The database a run migrates: a PostgreSQL client or an SQLite connection.

use crate::dialect::Dialect;

/// A connection to migrate. Built with `From` from `&mut postgres::Client`,
/// `&rusqlite::Connection` or `&mut rusqlite::Connection`, so [`super::run`] takes any of them.
#[non_exhaustive]
pub enum Target<'c> {
    /// A PostgreSQL client; the run uses its current schema (first in `search_path`).
    #[cfg(feature = "postgres")]
    Postgres(&'c mut postgres::Client),
    /// An SQLite connection (the `main` database).
    #[cfg(feature = "sqlite")]
    Sqlite(&'c rusqlite::Connection),
}

impl Target<'_> {
    /// The connection's dialect.
    pub fn dialect(&self) -> Dialect {
        match self {
            #[cfg(feature = "postgres")]
            Self::Postgres(_) => Dialect::Postgres,
            #[cfg(feature = "sqlite")]
            Self::Sqlite(_) => Dialect::Sqlite,
        }
    }
}

#[cfg(feature = "postgres")]
impl<'c> From<&'c mut postgres::Client> for Target<'c> {
    fn from(c: &'c mut postgres::Client) -> Self {
        Self::Postgres(c)
    }
}

#[cfg(feature = "sqlite")]
impl<'c> From<&'c rusqlite::Connection> for Target<'c> {
    fn from(c: &'c rusqlite::Connection) -> Self {
        Self::Sqlite(c)
    }
}

#[cfg(feature = "sqlite")]
impl<'c> From<&'c mut rusqlite::Connection> for Target<'c> {
    fn from(c: &'c mut rusqlite::Connection) -> Self {
        Self::Sqlite(c)
    }
}
