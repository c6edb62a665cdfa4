//! Tables.

use super::{Check, Column, ForeignKey, Index};

/// A table with its columns and constraints.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Table name, unquoted.
    pub name: String,
    /// Columns in table order.
    pub columns: Vec<Column>,
    /// Primary-key column names in key order; empty when the table has no primary key.
    pub primary_key: Vec<String>,
    /// Indexes (not including the primary key).
    pub indexes: Vec<Index>,
    /// Foreign keys.
    pub foreign_keys: Vec<ForeignKey>,
    /// CHECK constraints.
    pub checks: Vec<Check>,
    /// Table comment (PostgreSQL `COMMENT ON TABLE`; ignored by SQLite).
    pub comment: Option<String>,
}

impl Table {
    /// An empty table.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            columns: Vec::new(),
            primary_key: Vec::new(),
            indexes: Vec::new(),
            foreign_keys: Vec::new(),
            checks: Vec::new(),
            comment: None,
        }
    }

    /// Adds a column (builder style).
    #[must_use]
    pub fn column(mut self, column: Column) -> Self {
        self.columns.push(column);
        self
    }

    /// Sets the primary key (builder style).
    #[must_use]
    pub fn primary_key<I, S>(mut self, columns: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.primary_key = columns.into_iter().map(Into::into).collect();
        self
    }

    /// Adds an index (builder style).
    #[must_use]
    pub fn index(mut self, index: Index) -> Self {
        self.indexes.push(index);
        self
    }

    /// Adds a foreign key (builder style).
    #[must_use]
    pub fn foreign_key(mut self, fk: ForeignKey) -> Self {
        self.foreign_keys.push(fk);
        self
    }

    /// Adds a check constraint (builder style).
    #[must_use]
    pub fn check(mut self, check: Check) -> Self {
        self.checks.push(check);
        self
    }

    /// Sets the comment (builder style).
    #[must_use]
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }

    /// The column with this name, if any.
    pub fn get_column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The index with this name, if any.
    pub fn get_index(&self, name: &str) -> Option<&Index> {
        self.indexes.iter().find(|i| i.name == name)
    }

    /// Whether `column` is part of the primary key.
    pub fn in_primary_key(&self, column: &str) -> bool {
        self.primary_key.iter().any(|c| c == column)
    }

    /// A copy with indexes, foreign keys and checks sorted by name (columns keep their order).
    #[must_use]
    pub fn sorted(&self) -> Table {
        let mut t = self.clone();
        t.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        t.foreign_keys.sort_by(|a, b| {
            (&a.symbol, &a.columns, &a.ref_table).cmp(&(&b.symbol, &b.columns, &b.ref_table))
        });
        t.checks
            .sort_by(|a, b| (&a.name, &a.expr).cmp(&(&b.name, &b.expr)));
        t
    }
}
