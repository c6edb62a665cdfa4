//! entgen-runtime: what generated clients and the migration engine need at run time.

#[cfg(any(feature = "postgres", feature = "sqlite"))]
pub mod automigrate;
pub mod builder;
#[cfg(any(feature = "postgres", feature = "sqlite"))]
pub mod client;
pub mod dialect;
pub mod diff;
#[cfg(feature = "migrate-dir")]
pub mod dir;
#[cfg(any(feature = "postgres", feature = "sqlite"))]
pub mod driver;
pub mod error;
#[cfg(all(feature = "postgres", feature = "sqlite", feature = "migrate-dir"))]
pub mod exec;
pub mod inspect;
pub mod plan;
pub mod planner;
#[cfg(feature = "migrate-dir")]
pub mod replay;
pub mod schema;
#[cfg(feature = "testing")]
pub mod testing;
#[cfg(any(feature = "postgres", feature = "sqlite"))]
pub mod typed;
pub mod value;
#[cfg(all(feature = "migrate-dir", any(feature = "postgres", feature = "sqlite")))]
pub mod versioned;
