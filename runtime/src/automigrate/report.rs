//! What a run did.

use std::time::Duration;

use crate::dialect::Dialect;
use crate::diff::Change;
use crate::plan::PlannedStatement;

/// A change the append-only policy left out (ent's default skip set, no table drops, no foreign
/// keys when they are disabled).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skipped {
    /// A table that is no longer desired is kept (auto-migration never drops tables).
    DropTable {
        /// The table.
        table: String,
    },
    /// A column that is no longer desired is kept ([`super::Options::drop_columns`] is off).
    DropColumn {
        /// The table.
        table: String,
        /// The column.
        column: String,
    },
    /// An index that is no longer desired is kept ([`super::Options::drop_indexes`] is off).
    DropIndex {
        /// The table.
        table: String,
        /// The index.
        index: String,
    },
    /// A foreign key was neither added nor dropped ([`super::Options::foreign_keys`] is off).
    ForeignKey {
        /// The table.
        table: String,
        /// The constraint name (empty when unnamed).
        symbol: String,
    },
}

/// The outcome of [`super::run`].
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The database's dialect.
    pub dialect: Dialect,
    /// The changes that were planned (after diff hooks and the append-only policy).
    pub changes: Vec<Change>,
    /// What the policy left out.
    pub skipped: Vec<Skipped>,
    /// The statements run (or written, in offline mode), in order, apply hooks' included.
    pub statements: Vec<PlannedStatement>,
    /// Whether this was an offline run: statements (if any) were written to
    /// [`super::Options::write_to`] instead of being run, and the transaction was rolled back.
    pub written: bool,
    /// Tables that got a new id range in `ent_types` (global unique ids).
    pub new_types: Vec<String>,
    /// How long the run waited for the migration lock.
    pub lock_wait: Duration,
}

impl Report {
    pub(crate) fn new(dialect: Dialect) -> Self {
        Self {
            dialect,
            changes: Vec::new(),
            skipped: Vec::new(),
            statements: Vec::new(),
            written: false,
            new_types: Vec::new(),
            lock_wait: Duration::ZERO,
        }
    }

    /// Whether nothing was run or written: the database already had the desired schema (apart
    /// from what the policy skips).
    pub fn is_empty(&self) -> bool {
        self.statements.is_empty()
    }
}
