//! Pure schema diff: `current` and `desired` in, [`Change`]s out.
//!
//! Traversal follows Atlas (`sql/internal/sqlx/diff.go`): for each current table, in its order,
//! a drop or a modification (preceded by its rename when hinted); then each new table, in desired
//! order. Inside a table: comment, checks, columns (drops and modifications in current order,
//! then additions in desired order), primary key, indexes, foreign keys. Definitions are compared
//! in the dialect's canonical form ([`crate::dialect::Dialect::canonical_table`]), so spellings
//! the database treats as equal never produce changes.

mod change;
mod error;
mod hints;
mod options;
mod table;

pub use change::{Change, ColumnChanges, ModifyTable, TableChange};
pub use error::{DiffError, Side};
pub use hints::applicable_renames;
pub use options::{ColumnRename, DiffOptions, TableRename};

use std::collections::{HashMap, HashSet};

use crate::schema::{Schema, Table};

/// Computes the changes that turn `current` into `desired`.
///
/// Renames are produced only from the hints in `opts`; a table or column that disappears and
/// another that appears are a drop and an add.
pub fn diff(
    current: &Schema,
    desired: &Schema,
    opts: &DiffOptions,
) -> Result<Vec<Change>, DiffError> {
    diff_printed(current, desired, desired, opts)
}

/// [`diff`], comparing definitions in `printed`: `desired` with its expressions as the database
/// prints them (see `inspect::postgres::database_forms`, which makes it), so that they compare
/// exactly with the inspected `current`. The changes carry `desired`'s own text: a printed form
/// is not always one the database reads back into the same tree (PostgreSQL prints
/// `s IN ('a')` as an array cast that it parses as a different cast), so it is only compared,
/// never executed. A table of `printed` whose objects do not line up with `desired`'s (same
/// name, same number of columns, checks and indexes) is ignored for the desired one.
pub fn diff_printed(
    current: &Schema,
    desired: &Schema,
    printed: &Schema,
    opts: &DiffOptions,
) -> Result<Vec<Change>, DiffError> {
    current
        .validate()
        .map_err(|source| DiffError::InvalidSchema {
            side: Side::Current,
            source,
        })?;
    desired
        .validate()
        .map_err(|source| DiffError::InvalidSchema {
            side: Side::Desired,
            source,
        })?;
    let renames = check_table_renames(current, desired, opts)?;
    let ctx = table::Context::new(opts, &renames);

    let mut changes = Vec::new();
    let mut matched: HashSet<&str> = HashSet::new();
    for from in &current.tables {
        let to_name = renames
            .get(from.name.as_str())
            .copied()
            .unwrap_or(from.name.as_str());
        let Some(to) = desired.get(to_name) else {
            changes.push(Change::DropTable(from.clone()));
            continue;
        };
        matched.insert(to_name);
        if to_name != from.name {
            changes.push(Change::RenameTable {
                from: from.name.clone(),
                to: to.name.clone(),
            });
        }
        let table_changes = ctx.table_diff(from, to, printed_table(printed, to))?;
        if !table_changes.is_empty() {
            changes.push(Change::ModifyTable(ModifyTable {
                from: from.clone(),
                to: to.clone(),
                changes: table_changes,
            }));
        }
    }
    for to in &desired.tables {
        if !matched.contains(to.name.as_str()) {
            changes.push(Change::AddTable(to.clone()));
        }
    }
    Ok(changes)
}

/// The printed form of `to`, or `to` itself when `printed` has no table that lines up with it.
fn printed_table<'a>(printed: &'a Schema, to: &'a Table) -> &'a Table {
    printed
        .get(&to.name)
        .filter(|p| {
            p.columns.len() == to.columns.len()
                && p.checks.len() == to.checks.len()
                && p.indexes.len() == to.indexes.len()
        })
        .unwrap_or(to)
}

/// Validates table rename hints and returns them as `from → to`.
fn check_table_renames<'a>(
    current: &Schema,
    desired: &Schema,
    opts: &'a DiffOptions,
) -> Result<HashMap<&'a str, &'a str>, DiffError> {
    let mut map = HashMap::new();
    let mut targets = HashSet::new();
    for r in &opts.table_renames {
        let bad = |reason| DiffError::BadRename {
            what: "table".into(),
            from: r.from.clone(),
            to: r.to.clone(),
            reason,
        };
        if r.from == r.to {
            continue;
        }
        if current.get(&r.from).is_none() {
            return Err(bad("no such table in the current schema"));
        }
        if desired.get(&r.to).is_none() {
            return Err(bad("no such table in the desired schema"));
        }
        if current.get(&r.to).is_some() {
            return Err(bad("the new name is already taken in the current schema"));
        }
        if map.insert(r.from.as_str(), r.to.as_str()).is_some() || !targets.insert(r.to.as_str()) {
            return Err(bad("conflicting rename hints"));
        }
    }
    Ok(map)
}
