//! entgen-runtime: what generated clients and the migration engine need at run time.

#[cfg(feature = "async")]
pub mod async_client;
#[cfg(any(feature = "postgres", feature = "sqlite", feature = "mysql"))]
pub mod automigrate;
pub mod builder;
#[cfg(any(feature = "postgres", feature = "sqlite", feature = "mysql"))]
pub mod client;
pub mod dialect;
pub mod diff;
#[cfg(feature = "migrate-dir")]
pub mod dir;
#[cfg(any(feature = "postgres", feature = "sqlite", feature = "mysql"))]
pub mod driver;
pub mod error;
#[cfg(all(
    feature = "migrate-dir",
    any(feature = "postgres", feature = "sqlite", feature = "mysql")
))]
pub mod exec;
pub mod inspect;
pub mod plan;
pub mod planner;
#[cfg(feature = "migrate-dir")]
pub mod replay;
pub mod schema;
#[cfg(feature = "testing")]
pub mod testing;
#[cfg(any(feature = "postgres", feature = "sqlite", feature = "mysql"))]
pub mod typed;
pub mod value;

// The crates whose types a generated client exposes (`DateTime<Utc>`, `Uuid`, JSON values): an
// application reaches them here (`entgen_runtime::chrono::Utc::now()`), so it needs no copy of
// its own whose version must match the runtime's.
pub use chrono;
/// With the `serde` feature, also its derive macros, which clients generated with
/// `--feature serde` name as `entgen_runtime::serde::Serialize`.
pub use serde;
pub use serde_json;
pub use uuid;
#[cfg(all(
    feature = "migrate-dir",
    any(feature = "postgres", feature = "sqlite", feature = "mysql")
))]
pub mod versioned;
