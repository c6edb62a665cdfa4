//! Typed handles generated code is built from: columns whose Rust type decides their
//! predicates, predicates typed by the entity they filter, edges that know how to traverse,
//! filter and eager-load, and the generic query and mutation builders the generated
//! per-entity types wrap.
//!
//! Generated code stays small because everything that does not depend on an entity's field
//! list lives here: a generated `UserQuery` is a newtype over [`Query<User, C>`](Query) that
//! adds `with_<edge>` and `query_<edge>` methods; a generated `UserCreate` adds typed setters
//! over [`Create`].
//!
//! The `C` parameter of the builders is the client they run on: `&Client` for builders
//! that can execute, [`Detached`] for the nested queries of eager loading and the rows of a
//! bulk create, which are run by their parent.

mod arg;
mod async_macros;
mod column;
mod column_methods;
mod edge;
mod edge_methods;
mod edge_write;
mod entity;
mod id_of;
mod loaded;
mod macros;
mod mutate;
mod predicate;
mod query;
mod select;
mod values;

pub use arg::Arg;
pub use column::{Column, Nullable, Ordered, Required};
pub use edge::EdgeRef;
pub use edge_methods::{Linkable, Through};
pub use edge_write::{EdgeOp, LinkEdge, through};
pub use entity::{Detached, Entity};
pub use id_of::{IdOf, id_value, id_values};
pub use loaded::Loaded;
pub use mutate::{Create, CreateBulk, Delete, DeleteOne, Many, One, Update};
pub use predicate::{Aggregate, Order, Predicate, count};
pub use query::Query;
pub use select::{FromAggregates, GroupBy, Projection, Selection};
pub use values::{json_default, now, set_default, uuid_v4};

// The connection logic of the terminal methods, for the async client's.
#[cfg(feature = "async")]
pub(crate) use edge::{Load, LoadIo};
#[cfg(feature = "async")]
pub(crate) use mutate::{
    after_bulk, create_on, delete_on, delete_one_on, insert_rows_on, prepare_bulk, update_many_on,
    update_one_on,
};
#[cfg(feature = "async")]
pub(crate) use query::{all_on, count_on, exist_on, ids_on};
#[cfg(feature = "async")]
pub(crate) use select::{groups_on, selection_on};

// The runtime types generated entity modules name, re-exported here so that those modules
// reach everything through `typed::` and import no UpperCamel name: an entity may then be
// called `Value`, `Edge` or `Error` without clashing with an import.
pub use crate::builder::{Edge, EdgeStorage};
pub use crate::client::{Client, Mutation, Op};
pub use crate::driver::Row;
pub use crate::error::Error;
pub use crate::value::Value;

/// Types generated code names, re-exported so that it depends on `entgen-runtime` alone.
pub mod types {
    pub use chrono::{DateTime, Utc};
    pub use serde_json::Value as Json;
    pub use uuid::Uuid;
}

/// The PostgreSQL driver crate, for `Client::from_postgres` in generated code.
#[cfg(feature = "postgres")]
pub use ::postgres;
/// The SQLite driver crate, for `Client::from_sqlite` in generated code.
#[cfg(feature = "sqlite")]
pub use ::rusqlite;

/// The connection `Client::from_postgres` takes: the `postgres` crate's client. In a runtime
/// built without its `postgres` feature it is a type with no values, so that a generated client
/// compiles with either driver alone (generated code cannot test the runtime's features) and
/// that constructor simply cannot be called.
#[cfg(feature = "postgres")]
pub type PostgresConnection = ::postgres::Client;
/// See the `postgres` build of this type: the runtime was built without its `postgres` feature.
#[cfg(not(feature = "postgres"))]
#[derive(Debug)]
pub enum PostgresConnection {}

/// The connection `Client::from_sqlite` takes: `rusqlite`'s, or a type with no values in a
/// runtime built without its `sqlite` feature (see [`PostgresConnection`]).
#[cfg(feature = "sqlite")]
pub type SqliteConnection = ::rusqlite::Connection;
/// See the `sqlite` build of this type: the runtime was built without its `sqlite` feature.
#[cfg(not(feature = "sqlite"))]
#[derive(Debug)]
pub enum SqliteConnection {}
