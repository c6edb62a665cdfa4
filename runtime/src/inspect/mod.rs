//! Inspection: reading a live database into the [`crate::schema`] model.
//!
//! Inspected definitions are normalized so that inspecting what entgen created gives back the
//! model's canonical form ([`crate::dialect::Dialect::canonical_schema`]): types through the
//! dialect's type parser, defaults with their casts stripped, expressions normalized, objects
//! sorted by name. Each inspector runs a fixed number of queries, whatever the number of tables.
//!
//! Inspectors run their catalog queries through the driver's statement API (`rows`), never a driver
//! crate; the inspector is chosen by an exhaustive `match` on the dialect, so a new dialect is
//! one module here and one arm. Each is written once as an `async fn …_on` over
//! [`Io`](crate::driver::Io): the sync functions poll it once on a `Driver`, the async client
//! awaits it on its own connection.

mod error;
#[cfg(any(feature = "postgres", feature = "sqlite", feature = "mysql"))]
pub mod mysql;
#[cfg(any(feature = "postgres", feature = "sqlite", feature = "mysql"))]
pub mod postgres;
#[cfg(any(feature = "postgres", feature = "sqlite", feature = "mysql"))]
mod rows;
#[cfg(any(feature = "postgres", feature = "sqlite", feature = "mysql"))]
pub mod sqlite;

pub use error::InspectError;

#[cfg(any(feature = "postgres", feature = "sqlite", feature = "mysql"))]
use crate::dialect::Dialect;
#[cfg(any(feature = "postgres", feature = "sqlite", feature = "mysql"))]
use crate::driver::{Driver, Io, now};

/// Inspects the database behind a driver connection with its dialect's inspector.
#[cfg(any(feature = "postgres", feature = "sqlite", feature = "mysql"))]
pub fn inspect(
    driver: &mut Driver,
    opts: &InspectOptions,
) -> Result<crate::schema::Schema, InspectError> {
    now(inspect_on(driver, opts))
}

/// [`inspect`] on any connection.
#[cfg(any(feature = "postgres", feature = "sqlite", feature = "mysql"))]
pub(crate) async fn inspect_on<D: Io>(
    driver: &mut D,
    opts: &InspectOptions,
) -> Result<crate::schema::Schema, InspectError> {
    match driver.dialect() {
        Dialect::Postgres => postgres::inspect_on(driver, opts).await,
        Dialect::Sqlite => sqlite::inspect_on(driver, opts).await,
        Dialect::Mysql => mysql::inspect_on(driver, opts).await,
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
    #[cfg_attr(not(any(feature = "postgres", feature = "sqlite")), allow(dead_code))]
    pub(crate) fn wants(&self, table: &str) -> bool {
        self.tables
            .as_ref()
            .is_none_or(|ts| ts.iter().any(|t| t == table))
    }
}
