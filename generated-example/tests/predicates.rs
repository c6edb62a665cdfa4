//! ent's predicate sets per field type, combinators, ordering, projections and aggregates on
//! PostgreSQL, SQLite and MariaDB.
//!
//! The cases are `suite/predicates.rs`, run on the sync `Client` (`sync::predicates::…`) and, with the
//! example's `async` feature, on the `AsyncClient` (`async_::predicates::…`): see `common/mod.rs`.

mod common;

#[path = "suite"]
mod sync {
    use crate::common::sync::*;
    mod predicates;
}

#[cfg(feature = "async")]
#[path = "suite"]
mod async_ {
    use crate::common::async_::*;
    #[allow(clippy::duplicate_mod, reason = "the same cases on the other client")]
    mod predicates;
}
