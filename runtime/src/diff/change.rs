//! The change model: what differs between two schemas, as plain data (Atlas's
//! `sql/schema/migrate.go`).

use crate::schema::{Check, Column, ForeignKey, Index, Table};

/// A change to a schema.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Create a table (with its indexes and comments).
    AddTable(Table),
    /// Drop a table (the full current definition is kept so the change can be reversed).
    DropTable(Table),
    /// Rename a table. Emitted only from an explicit rename hint; a [`Change::ModifyTable`]
    /// for the same table (using the new name) may follow.
    RenameTable {
        /// Current name.
        from: String,
        /// New name.
        to: String,
    },
    /// Change parts of an existing table.
    ModifyTable(ModifyTable),
}

impl Change {
    /// The name of the table the change is about (the new name for renames and modifications).
    pub fn table_name(&self) -> &str {
        match self {
            Self::AddTable(t) | Self::DropTable(t) => &t.name,
            Self::RenameTable { to, .. } => to,
            Self::ModifyTable(m) => &m.to.name,
        }
    }
}

/// Changes to one table, with both versions of it (the planner needs the whole current table
/// to rebuild it on SQLite, and the whole desired one to write reverses).
#[derive(Debug, Clone, PartialEq)]
pub struct ModifyTable {
    /// The table as it is (under its current name).
    pub from: Table,
    /// The table as it should be (under its new name when renamed).
    pub to: Table,
    /// The changes, in diff order (comment, checks, columns, primary key, indexes, foreign keys).
    pub changes: Vec<TableChange>,
}

/// Which parts of a column changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ColumnChanges {
    /// The type.
    pub ty: bool,
    /// Nullability.
    pub nullable: bool,
    /// The default.
    pub default: bool,
    /// Identity / auto-increment.
    pub identity: bool,
    /// The comment.
    pub comment: bool,
}

impl ColumnChanges {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// Whether anything besides the comment changed.
    pub fn beyond_comment(&self) -> bool {
        Self {
            comment: false,
            ..*self
        } != Self::default()
    }
}

/// One change inside a table.
#[derive(Debug, Clone, PartialEq)]
pub enum TableChange {
    /// The table comment changed (`None` = no comment).
    SetComment {
        /// Current comment.
        from: Option<String>,
        /// Desired comment.
        to: Option<String>,
    },
    /// A new column.
    AddColumn(Column),
    /// A column to drop.
    DropColumn(Column),
    /// A column whose definition changed. `from` carries the current name, `to` the new one.
    ModifyColumn {
        /// Current definition.
        from: Column,
        /// Desired definition.
        to: Column,
        /// Which parts differ.
        changed: ColumnChanges,
    },
    /// Rename a column (only from an explicit hint).
    RenameColumn {
        /// Current name.
        from: String,
        /// New name.
        to: String,
    },
    /// The primary key changed (an empty list means no primary key).
    ModifyPrimaryKey {
        /// Current key columns.
        from: Vec<String>,
        /// Desired key columns.
        to: Vec<String>,
    },
    /// A new index.
    AddIndex(Index),
    /// An index to drop (a changed index is a drop followed by an add).
    DropIndex(Index),
    /// A new foreign key.
    AddForeignKey(ForeignKey),
    /// A foreign key to drop (a changed key is a drop followed by an add).
    DropForeignKey(ForeignKey),
    /// A new check.
    AddCheck(Check),
    /// A check to drop (a changed check is a drop followed by an add).
    DropCheck(Check),
}
