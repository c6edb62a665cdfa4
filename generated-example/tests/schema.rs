//! `client.schema()`: auto-migration and versioned migration files from the generated client.
//!
//! The cases are `suite/schema.rs`, run on the sync `Client` (`sync::schema::…`) and, with the
//! example's `async` feature, on the `AsyncClient` (`async_::schema::…`): see `common/mod.rs`.

mod common;

#[path = "suite"]
mod sync {
    use crate::common::sync::*;
    mod schema;
}

#[cfg(feature = "async")]
#[path = "suite"]
mod async_ {
    use crate::common::async_::*;
    #[allow(clippy::duplicate_mod, reason = "the same cases on the other client")]
    mod schema;
}
