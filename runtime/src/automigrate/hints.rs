//! Rename hints for auto-migration: the tables to inspect, and (re-exported from the diff) the
//! hints that still have work to do.

use crate::diff::TableRename;
use crate::schema::Schema;

/// The hints that apply to `current` → `desired` (see [`crate::diff::applicable_renames`]).
pub(crate) use crate::diff::applicable_renames as applicable;

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
    use crate::diff::ColumnRename;
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
