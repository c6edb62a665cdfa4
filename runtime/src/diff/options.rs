//! Options of the diff: the dialect that decides equivalence, and explicit rename hints.

use crate::dialect::Dialect;

/// A hint that a table was renamed (from `@renamed_from`); the differ never guesses renames.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRename {
    /// Name in the current schema.
    pub from: String,
    /// Name in the desired schema.
    pub to: String,
}

impl TableRename {
    /// A hint that table `from` is now called `to`.
    pub fn new(from: impl Into<String>, to: impl Into<String>) -> Self {
        Self {
            from: from.into(),
            to: to.into(),
        }
    }
}

/// A hint that a column was renamed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnRename {
    /// The table, by its name in the desired schema.
    pub table: String,
    /// Column name in the current schema.
    pub from: String,
    /// Column name in the desired schema.
    pub to: String,
}

impl ColumnRename {
    /// A hint that column `from` of `table` (its desired name) is now called `to`.
    pub fn new(table: impl Into<String>, from: impl Into<String>, to: impl Into<String>) -> Self {
        Self {
            table: table.into(),
            from: from.into(),
            to: to.into(),
        }
    }
}

/// Options for [`super::diff`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffOptions {
    /// The dialect whose canonical forms decide whether two definitions are equal.
    pub dialect: Dialect,
    /// Table rename hints.
    pub table_renames: Vec<TableRename>,
    /// Column rename hints.
    pub column_renames: Vec<ColumnRename>,
}

impl DiffOptions {
    /// Options for a dialect, without rename hints.
    pub fn new(dialect: Dialect) -> Self {
        Self {
            dialect,
            table_renames: Vec::new(),
            column_renames: Vec::new(),
        }
    }

    /// Adds a table rename hint (builder style).
    #[must_use]
    pub fn rename_table(mut self, from: impl Into<String>, to: impl Into<String>) -> Self {
        self.table_renames.push(TableRename::new(from, to));
        self
    }

    /// Adds a column rename hint; `table` is the desired table name (builder style).
    #[must_use]
    pub fn rename_column(
        mut self,
        table: impl Into<String>,
        from: impl Into<String>,
        to: impl Into<String>,
    ) -> Self {
        self.column_renames.push(ColumnRename::new(table, from, to));
        self
    }
}
