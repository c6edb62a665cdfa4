//! Inspection: reading a live database into the [`crate::schema`] model.
//!
//! Inspected definitions are normalized so that inspecting what entgen created gives back the
//! model's canonical form ([`crate::dialect::Dialect::canonical_schema`]): types through the
//! dialect's type parser, defaults with their casts stripped, expressions normalized, objects
//! sorted by name. Both inspectors run a fixed number of queries, whatever the number of tables.

mod error;
#[cfg(feature = "mysql")]
pub mod mysql;
#[cfg(feature = "postgres")]
pub mod postgres;
#[cfg(feature = "sqlite")]
pub mod sqlite;

pub use error::InspectError;

#[cfg(any(feature = "postgres", feature = "sqlite", feature = "mysql"))]
use crate::driver::{Driver, Native};

/// Inspects the database behind a driver connection with its dialect's inspector.
#[cfg(any(feature = "postgres", feature = "sqlite", feature = "mysql"))]
pub fn inspect(
    driver: &mut Driver,
    opts: &InspectOptions,
) -> Result<crate::schema::Schema, InspectError> {
    // The MySQL inspector speaks through the driver's own queries.
    #[cfg(feature = "mysql")]
    if driver.dialect() == crate::dialect::Dialect::Mysql {
        return mysql::inspect(driver, opts);
    }
    match driver.native() {
        #[cfg(feature = "postgres")]
        Native::Postgres(client) => postgres::inspect(client, opts),
        #[cfg(feature = "sqlite")]
        Native::Sqlite(conn) => sqlite::inspect(conn, opts),
        // Handled above, before the native connection is borrowed.
        #[cfg(feature = "mysql")]
        Native::Mysql(_) => Err(InspectError::Catalog {
            table: String::new(),
            detail: "the MySQL inspector reads through the driver, not its native connection"
                .into(),
        }),
    }
}

/// What to inspect.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InspectOptions {
    /// PostgreSQL schema to read; `None` means `current_schema()` (the first existing schema of
    /// the connection's `search_path`). Ignored by SQLite, which reads `main`.
    pub schema: Option<String>,
    /// Only these tables (ent inspects only the tables it knows); `None` means all.
    pub tables: Option<Vec<String>>,
}

impl InspectOptions {
    /// Inspect only these tables (builder style).
    #[must_use]
    pub fn tables<I, S>(mut self, tables: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.tables = Some(tables.into_iter().map(Into::into).collect());
        self
    }

    /// Inspect this PostgreSQL schema (builder style).
    #[must_use]
    pub fn schema(mut self, schema: impl Into<String>) -> Self {
        self.schema = Some(schema.into());
        self
    }

    /// Whether `table` is one to inspect (SQLite filters its table list here; PostgreSQL and
    /// MySQL filter in their catalog queries).
    #[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
    pub(crate) fn wants(&self, table: &str) -> bool {
        self.tables
            .as_ref()
            .is_none_or(|ts| ts.iter().any(|t| t == table))
    }
}
