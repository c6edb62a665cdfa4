//! entgen-runtime: what generated clients and the migration engine need at run time.

#[cfg(feature = "migrate-dir")]
pub mod dir;
pub mod plan;
pub mod schema;
