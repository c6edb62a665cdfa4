//! Rename hints that fit the database as it is.
//!
//! `@renamed_from` stays in the schema after the rename ran, but the diff rejects a hint whose
//! old name no longer exists. Auto-migration runs again and again, so it passes on only the
//! hints that still have work to do: the old name exists, the new one does not yet.

use crate::diff::{ColumnRename, TableRename};
use crate::schema::Schema;

/// The hints that apply to `current` → `desired`.
pub(crate) fn applicable(
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

/// The tables to inspect: every desired table and the old names of renamed ones.
pub(crate) fn tables_to_inspect(desired: &Schema, tables: &[TableRename]) -> Vec<String> {
    let mut names: Vec<String> = desired.tables.iter().map(|t| t.name.clone()).collect();
    for r in tables {
        if !names.contains(&r.from) {
            names.push(r.from.clone());
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Column, ColumnType, Table};

    fn schema(table: &str, column: &str) -> Schema {
        Schema::new().table(Table::new(table).column(Column::new(column, ColumnType::Text)))
    }

    #[test]
    fn hints_apply_only_while_the_old_name_exists() {
        let columns = [ColumnRename {
            table: "users".into(),
            from: "nick".into(),
            to: "nickname".into(),
        }];
        let tables = [TableRename {
            from: "people".into(),
            to: "users".into(),
        }];
        let desired = schema("users", "nickname");
        // Table and column renamed together: both apply.
        let (t, c) = applicable(&schema("people", "nick"), &desired, &tables, &columns);
        assert_eq!((t.len(), c.len()), (1, 1));
        // Already done: neither applies.
        let (t, c) = applicable(&desired, &desired, &tables, &columns);
        assert_eq!((t.len(), c.len()), (0, 0));
        assert_eq!(
            tables_to_inspect(&desired, &tables),
            vec!["users".to_owned(), "people".to_owned()]
        );
    }
}
