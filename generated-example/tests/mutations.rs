//! Validators, hooks, upserts, typed constraint errors, transactions, the debug log and
//! sensitive fields, on PostgreSQL, SQLite and MariaDB.
//!
//! The cases are `suite/mutations.rs`, run on the sync `Client` (`sync::mutations::…`) and, with the
//! example's `async` feature, on the `AsyncClient` (`async_::mutations::…`): see `common/mod.rs`.

mod common;

#[path = "suite"]
mod sync {
    use crate::common::sync::*;
    mod mutations;
}

#[cfg(feature = "async")]
#[path = "suite"]
mod async_ {
    use crate::common::async_::*;
    #[allow(clippy::duplicate_mod, reason = "the same cases on the other client")]
    mod mutations;
}
