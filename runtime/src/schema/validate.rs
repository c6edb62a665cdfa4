//! Structural validation of a schema: the invariants diff and plan rely on.

use std::collections::HashSet;

use super::{IndexKey, Schema, Table};

/// A structural problem in a schema model, naming the table and object involved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SchemaError {
    /// A name is empty.
    #[error("table {table:?}: empty {what} name")]
    EmptyName {
        /// Table involved (empty for a table name).
        table: String,
        /// Kind of object: `table`, `column`, `index`, ...
        what: &'static str,
    },
    /// Two tables share a name.
    #[error("duplicate table {0:?}")]
    DuplicateTable(String),
    /// Two objects of a table share a name.
    #[error("table {table:?}: duplicate {what} {name:?}")]
    Duplicate {
        /// Table involved.
        table: String,
        /// Kind of object.
        what: &'static str,
        /// Duplicated name.
        name: String,
    },
    /// A constraint or index names a column the table does not have.
    #[error("table {table:?}: {what} {name:?} refers to unknown column {column:?}")]
    UnknownColumn {
        /// Table involved.
        table: String,
        /// Kind of object (`primary key`, `index`, `foreign key`).
        what: &'static str,
        /// Name of the object.
        name: String,
        /// The missing column.
        column: String,
    },
    /// A foreign key's column lists differ in length or are empty.
    #[error(
        "table {table:?}: foreign key {symbol:?} has {columns} columns but {ref_columns} referenced columns"
    )]
    ForeignKeyArity {
        /// Table involved.
        table: String,
        /// Constraint name.
        symbol: String,
        /// Number of referencing columns.
        columns: usize,
        /// Number of referenced columns.
        ref_columns: usize,
    },
    /// An index without parts.
    #[error("table {table:?}: index {index:?} has no parts")]
    EmptyIndex {
        /// Table involved.
        table: String,
        /// Index name.
        index: String,
    },
    /// More than one identity column.
    #[error("table {table:?}: more than one identity column ({first:?}, {second:?})")]
    MultipleIdentity {
        /// Table involved.
        table: String,
        /// First identity column.
        first: String,
        /// Second identity column.
        second: String,
    },
    /// A column is both an identity column and has a default.
    #[error("table {table:?}: identity column {column:?} cannot have a default")]
    IdentityWithDefault {
        /// Table involved.
        table: String,
        /// Column name.
        column: String,
    },
}

impl Schema {
    /// Checks names are present and unique, and that keys, indexes and foreign keys refer to
    /// columns of their table. References to other tables are not checked (an inspected schema
    /// may reference tables outside it).
    pub fn validate(&self) -> Result<(), SchemaError> {
        let mut names = HashSet::new();
        for t in &self.tables {
            if !names.insert(t.name.as_str()) {
                return Err(SchemaError::DuplicateTable(t.name.clone()));
            }
            t.validate()?;
        }
        Ok(())
    }
}

impl Table {
    /// Validates one table; see [`Schema::validate`].
    pub fn validate(&self) -> Result<(), SchemaError> {
        let table = &self.name;
        let empty = |what| SchemaError::EmptyName {
            table: table.clone(),
            what,
        };
        if table.is_empty() {
            return Err(empty("table"));
        }
        let mut cols = HashSet::new();
        let mut identity: Option<&str> = None;
        for c in &self.columns {
            if c.name.is_empty() {
                return Err(empty("column"));
            }
            if !cols.insert(c.name.as_str()) {
                return Err(dup(table, "column", &c.name));
            }
            if c.identity.is_some() {
                if let Some(first) = identity {
                    return Err(SchemaError::MultipleIdentity {
                        table: table.clone(),
                        first: first.to_owned(),
                        second: c.name.clone(),
                    });
                }
                if c.default.is_some() {
                    return Err(SchemaError::IdentityWithDefault {
                        table: table.clone(),
                        column: c.name.clone(),
                    });
                }
                identity = Some(&c.name);
            }
        }
        let known = |what: &'static str, name: &str, column: &str| {
            if cols.contains(column) {
                Ok(())
            } else {
                Err(SchemaError::UnknownColumn {
                    table: table.clone(),
                    what,
                    name: name.to_owned(),
                    column: column.to_owned(),
                })
            }
        };
        let mut seen = HashSet::new();
        for c in &self.primary_key {
            known("primary key", "", c)?;
            if !seen.insert(c.as_str()) {
                return Err(dup(table, "primary key column", c));
            }
        }
        let mut idx_names = HashSet::new();
        for i in &self.indexes {
            if i.name.is_empty() {
                return Err(empty("index"));
            }
            if !idx_names.insert(i.name.as_str()) {
                return Err(dup(table, "index", &i.name));
            }
            if i.parts.is_empty() {
                return Err(SchemaError::EmptyIndex {
                    table: table.clone(),
                    index: i.name.clone(),
                });
            }
            for p in &i.parts {
                if let IndexKey::Column(c) = &p.key {
                    known("index", &i.name, c)?;
                }
            }
        }
        let mut fk_names = HashSet::new();
        for fk in &self.foreign_keys {
            if !fk.symbol.is_empty() && !fk_names.insert(fk.symbol.as_str()) {
                return Err(dup(table, "foreign key", &fk.symbol));
            }
            if fk.columns.is_empty() || fk.columns.len() != fk.ref_columns.len() {
                return Err(SchemaError::ForeignKeyArity {
                    table: table.clone(),
                    symbol: fk.symbol.clone(),
                    columns: fk.columns.len(),
                    ref_columns: fk.ref_columns.len(),
                });
            }
            for c in &fk.columns {
                known("foreign key", &fk.symbol, c)?;
            }
        }
        let mut check_names = HashSet::new();
        for ck in &self.checks {
            if !ck.name.is_empty() && !check_names.insert(ck.name.as_str()) {
                return Err(dup(table, "check", &ck.name));
            }
        }
        Ok(())
    }
}

fn dup(table: &str, what: &'static str, name: &str) -> SchemaError {
    SchemaError::Duplicate {
        table: table.to_owned(),
        what,
        name: name.to_owned(),
    }
}
