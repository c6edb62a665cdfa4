//! Rename hints that fit the database as it is.
//!
//! `@renamed_from` stays in the schema after the rename ran, but the diff rejects a hint whose
//! old name no longer exists. Callers that compare again and again (auto-migration, `migrate
//! diff`) pass on only the hints that still have work to do: the old name exists, the new one
//! does not yet.

use super::{ColumnRename, TableRename};
use crate::schema::Schema;

/// The hints that apply to `current` → `desired`.
pub fn applicable_renames(
    current: &Schema,
    desired: &Schema,
    tables: &[TableRename],
    columns: &[ColumnRename],
) -> (Vec<TableRename>, Vec<ColumnRename>) {
    let table_hints: Vec<TableRename> = tables
        .iter()
        .filter(|r| {
            r.from != r.to
                && current.get(&r.from).is_some()
                && current.get(&r.to).is_none()
                && desired.get(&r.to).is_some()
        })
        .cloned()
        .collect();
    let column_hints = columns
        .iter()
        .filter(|r| {
            let current_name = table_hints
                .iter()
                .find(|t| t.to == r.table)
                .map_or(r.table.as_str(), |t| t.from.as_str());
            let (Some(now), Some(want)) = (current.get(current_name), desired.get(&r.table)) else {
                return false;
            };
            r.from != r.to
                && now.get_column(&r.from).is_some()
                && now.get_column(&r.to).is_none()
                && want.get_column(&r.to).is_some()
        })
        .cloned()
        .collect();
    (table_hints, column_hints)
}
