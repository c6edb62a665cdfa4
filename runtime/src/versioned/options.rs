//! What [`super::diff`] is asked to do: the directory's format, whether `atlas.sum` is kept,
//! rename hints, and where the current state comes from.

use crate::diff::{ColumnRename, TableRename};
use crate::dir::Format;

/// Where the state the new migration starts from comes from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Mode {
    /// The connection is a clean dev database: the directory is replayed on it, the result
    /// inspected, and the database emptied again (ent's `NamedDiff`, `migrate diff --dev-url`).
    /// A database that already holds tables is refused, so nothing of value is ever dropped.
    #[default]
    Replay,
    /// The connection's current tables are the starting state (`migrate diff --url`): the new
    /// file moves that database to the desired schema. Nothing is executed.
    Inspect,
    /// The directory's SQL is replayed into the schema model without a database
    /// ([`crate::replay`]); only the connection's dialect is used. A statement the replay
    /// cannot model is refused, naming its file and line.
    Offline,
}

/// Options of [`super::diff`] (builder style: `DiffOptions::default().format(..).no_sum(true)`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiffOptions {
    /// The directory's format (default: Atlas).
    pub format: Format,
    /// Write only the SQL files, for tools that keep no `atlas.sum`. An existing `atlas.sum` is
    /// still checked and kept up to date.
    pub no_sum: bool,
    /// Table rename hints (`@@renamed_from`); a hint whose old table no longer exists is ignored,
    /// so hints can stay after the rename ran.
    pub table_renames: Vec<TableRename>,
    /// Column rename hints (`@renamed_from`), by the table's desired name; stale ones are ignored.
    pub column_renames: Vec<ColumnRename>,
    /// Replay the directory on a dev database (default) or inspect a live one.
    pub mode: Mode,
}

impl DiffOptions {
    /// Writes the files in `format` (builder style).
    #[must_use]
    pub fn format(mut self, format: Format) -> Self {
        self.format = format;
        self
    }

    /// Writes no `atlas.sum` when the directory has none (builder style).
    #[must_use]
    pub fn no_sum(mut self, no_sum: bool) -> Self {
        self.no_sum = no_sum;
        self
    }

    /// Where the starting state comes from (builder style).
    #[must_use]
    pub fn mode(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self
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

    /// Replaces all rename hints (builder style), e.g. with those a schema graph computed.
    #[must_use]
    pub fn renames(mut self, tables: Vec<TableRename>, columns: Vec<ColumnRename>) -> Self {
        self.table_renames = tables;
        self.column_renames = columns;
        self
    }
}
