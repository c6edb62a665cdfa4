//! The database a run migrates: a PostgreSQL client or an SQLite connection.

use crate::dialect::Dialect;
use crate::driver::{Driver, Native};

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
    /// A MySQL/MariaDB connection, read through the driver's own queries.
    #[cfg(feature = "mysql")]
    Mysql(&'c mut Driver),
    /// A connection auto-migration cannot run on.
    Unsupported(Dialect),
}

impl Target<'_> {
    /// The connection's dialect.
    pub fn dialect(&self) -> Dialect {
        match self {
            #[cfg(feature = "postgres")]
            Self::Postgres(_) => Dialect::Postgres,
            #[cfg(feature = "sqlite")]
            Self::Sqlite(_) => Dialect::Sqlite,
            #[cfg(feature = "mysql")]
            Self::Mysql(_) => Dialect::Mysql,
            Self::Unsupported(d) => *d,
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

/// Migrates through the connection a [`Driver`] wraps (what a generated client's
/// `client.schema().create(...)` does).
///
/// The driver's prepared-statement cache is cleared here ([`Driver::native`], on every
/// connection of its pool): the migration may change the tables that cached statements were
/// planned against (PostgreSQL then fails with "cached plan must not change result type"), and
/// while the returned target borrows the driver nothing can prepare a statement through it.
impl<'c> From<&'c mut Driver> for Target<'c> {
    fn from(driver: &'c mut Driver) -> Self {
        #[cfg(feature = "mysql")]
        if driver.dialect() == Dialect::Mysql {
            driver.clear_statement_cache();
            return Self::Mysql(driver);
        }
        match driver.native() {
            #[cfg(feature = "postgres")]
            Native::Postgres(client) => Self::Postgres(client),
            #[cfg(feature = "sqlite")]
            Native::Sqlite(conn) => Self::Sqlite(conn),
            // Taken above, before the native connection is borrowed.
            #[cfg(feature = "mysql")]
            Native::Mysql(_) => Self::Unsupported(Dialect::Mysql),
        }
    }
}
