//! What generated entity structs tell the typed layer about themselves.

use std::fmt::Debug;
use std::hash::Hash;

use crate::client::Mutation;
use crate::driver::Row;
use crate::error::Error;
use crate::value::{FromValue, Value};

/// A generated entity (`User`): its table, columns and decoding, plus the defaults and checks
/// its builders apply. Implemented by generated code only. `Send + Sync` (plain data), so that
/// the async client's futures over entities are `Send`.
pub trait Entity: Sized + Clone + Send + Sync + 'static {
    /// The id's Rust type (`i64`, `Uuid`, `String`).
    type Id: FromValue + Into<Value> + Clone + Eq + Hash + Debug + Send + Sync;
    /// The type name (`User`): hooks and validation errors use it.
    const NAME: &'static str;
    /// The label (`user`): not-found errors use it.
    const LABEL: &'static str;
    /// The table.
    const TABLE: &'static str;
    /// The id column.
    const ID: &'static str;
    /// Every column read into the struct, id first, in [`Entity::from_row`] order.
    const COLUMNS: &'static [&'static str];
    /// Columns whose values the debug log redacts.
    const SENSITIVE: &'static [&'static str];
    /// `@immutable` columns: set on create, never changed, not even by an upsert.
    const IMMUTABLE: &'static [&'static str] = &[];

    /// Decodes a row selected with [`Entity::COLUMNS`] (edges not loaded).
    fn from_row(row: &Row<'_>) -> Result<Self, Error>;

    /// The entity's id.
    fn id(&self) -> Self::Id;

    /// Sets the creation defaults of fields the mutation leaves unset.
    fn create_defaults(m: &mut Mutation);

    /// Sets the update defaults (`@update_default`) of fields the mutation leaves unset.
    fn update_defaults(m: &mut Mutation);

    /// Runs the validators on the values set, and (on create) the required-field checks.
    fn check(m: &Mutation) -> Result<(), Error>;
}

/// The client of a builder that does not run on its own: a nested query of eager loading or
/// a row of a bulk create.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Detached;
