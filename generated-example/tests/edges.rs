//! Edges: setters on create and update, eager loading (one query per level), traversal,
//! M2M from both sides, symmetric and `@through` edges, on PostgreSQL, SQLite and MariaDB.
//!
//! The cases are `suite/edges.rs`, run on the sync `Client` (`sync::edges::…`) and, with the
//! example's `async` feature, on the `AsyncClient` (`async_::edges::…`): see `common/mod.rs`.

mod common;

#[path = "suite"]
mod sync {
    use crate::common::sync::*;
    mod edges;
}

#[cfg(feature = "async")]
#[path = "suite"]
mod async_ {
    use crate::common::async_::*;
    #[allow(clippy::duplicate_mod, reason = "the same cases on the other client")]
    mod edges;
}
