//! Dialect-neutral schema model: plain data that describes tables the way a migration engine sees
//! them.
//!
//! The same model is produced from two sides:
//! * the desired state, built from the schema graph (or by hand in tests), and
//! * the current state, read from a live database by [`crate::inspect`].
//!
//! A [`crate::diff::diff`] of the two gives [`crate::diff::Change`]s, which
//! [`crate::planner::plan`] turns into SQL. Everything here is `Clone + PartialEq + Debug` and
//! keeps the order it was given (vectors, never hash maps), so equal inputs give equal outputs.
//!
//! Types are dialect-neutral ([`ColumnType`]); how a type is spelled in a database and which
//! spellings are equivalent is decided by [`crate::dialect::Dialect`].

mod check;
mod column;
mod column_type;
mod default;
mod foreign_key;
mod index;
mod table;
mod validate;

pub use check::Check;
pub use column::{Column, Identity, IdentityGeneration};
pub use column_type::{ColumnType, IntWidth};
pub use default::{DefaultValue, Literal};
pub use foreign_key::{ForeignKey, ReferenceAction};
pub use index::{Index, IndexKey, IndexPart};
pub use table::Table;
pub use validate::SchemaError;

/// A set of tables: one database schema (a PostgreSQL namespace or an SQLite database).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Schema {
    /// Tables in a stable order (the order they were added, or by name when inspected).
    pub tables: Vec<Table>,
}

impl Schema {
    /// An empty schema.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a table (builder style).
    #[must_use]
    pub fn table(mut self, table: Table) -> Self {
        self.tables.push(table);
        self
    }

    /// The table with this name, if any.
    pub fn get(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// A copy with tables sorted by name and each table's indexes, foreign keys and checks sorted
    /// by name. Columns keep their order (it is meaningful). Inspection returns this order.
    #[must_use]
    pub fn sorted(&self) -> Schema {
        let mut tables: Vec<Table> = self.tables.iter().map(Table::sorted).collect();
        tables.sort_by(|a, b| a.name.cmp(&b.name));
        Schema { tables }
    }
}
