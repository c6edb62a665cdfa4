//! entgen-runtime: what generated clients and the migration engine need at run time.

#[cfg(any(feature = "postgres", feature = "sqlite"))]
pub mod automigrate;
pub mod dialect;
pub mod diff;
#[cfg(feature = "migrate-dir")]
pub mod dir;
#[cfg(all(feature = "postgres", feature = "sqlite", feature = "migrate-dir"))]
pub mod exec;
pub mod inspect;
pub mod plan;
pub mod planner;
pub mod schema;
#[cfg(feature = "testing")]
pub mod testing;
