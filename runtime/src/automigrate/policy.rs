//! The append-only policy (ent's change filtering in `Atlas.create`): tables are never dropped,
//! columns and indexes only with their option, foreign keys left alone when they are disabled.
//!
//! A skipped drop is also put back into the desired side of its [`ModifyTable`], so that a
//! planner that rebuilds the table (SQLite) keeps the column, its data and the index.

use std::collections::HashMap;

use super::Options;
use super::report::Skipped;
use crate::diff::{Change, ModifyTable, TableChange};
use crate::schema::{ForeignKey, Table};

/// The changes to plan and what was left out.
pub(crate) fn enforce(changes: Vec<Change>, opts: &Options<'_>) -> (Vec<Change>, Vec<Skipped>) {
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    for change in changes {
        match change {
            Change::DropTable(t) => skipped.push(Skipped::DropTable { table: t.name }),
            Change::RenameTable { .. } => out.push(change),
            Change::AddTable(mut t) => {
                if !opts.foreign_keys {
                    for fk in t.foreign_keys.drain(..) {
                        skipped.push(Skipped::ForeignKey {
                            table: t.name.clone(),
                            symbol: fk.symbol,
                        });
                    }
                }
                out.push(Change::AddTable(t));
            }
            Change::ModifyTable(m) => {
                let m = modify(m, opts, &mut skipped);
                if !m.changes.is_empty() {
                    out.push(Change::ModifyTable(m));
                }
            }
        }
    }
    (out, skipped)
}

fn modify(mut m: ModifyTable, opts: &Options<'_>, skipped: &mut Vec<Skipped>) -> ModifyTable {
    let table = m.to.name.clone();
    // Columns first: a kept column keeps the indexes on it.
    if !opts.drop_columns {
        for change in &m.changes {
            if let TableChange::DropColumn(c) = change {
                skipped.push(Skipped::DropColumn {
                    table: table.clone(),
                    column: c.name.clone(),
                });
                if m.to.get_column(&c.name).is_none() {
                    m.to.columns.push(c.clone());
                }
            }
        }
    }
    let added_indexes: Vec<String> = m
        .changes
        .iter()
        .filter_map(|c| match c {
            TableChange::AddIndex(i) => Some(i.name.clone()),
            _ => None,
        })
        .collect();
    let renames: HashMap<String, String> = m
        .changes
        .iter()
        .filter_map(|c| match c {
            TableChange::RenameColumn { from, to } => Some((from.clone(), to.clone())),
            _ => None,
        })
        .collect();
    let survives = |t: &Table, c: &str| {
        t.get_column(renames.get(c).map_or(c, String::as_str))
            .is_some()
    };
    let mut kept = Vec::with_capacity(m.changes.len());
    for change in std::mem::take(&mut m.changes) {
        match change {
            TableChange::DropColumn(_) if !opts.drop_columns => {}
            // A changed index is a drop and an add under one name: that is a modification. An
            // index whose columns are dropped goes with them.
            TableChange::DropIndex(i)
                if !opts.drop_indexes
                    && !added_indexes.contains(&i.name)
                    && i.column_names().all(|c| survives(&m.to, c)) =>
            {
                skipped.push(Skipped::DropIndex {
                    table: table.clone(),
                    index: i.name.clone(),
                });
                if m.to.get_index(&i.name).is_none() {
                    m.to.indexes.push(i);
                }
            }
            TableChange::AddForeignKey(fk) | TableChange::DropForeignKey(fk)
                if !opts.foreign_keys =>
            {
                skipped.push(Skipped::ForeignKey {
                    table: table.clone(),
                    symbol: fk.symbol,
                });
            }
            other => kept.push(other),
        }
    }
    if !opts.foreign_keys {
        m.to.foreign_keys = existing_foreign_keys(&m.from, &m.to, &kept);
    }
    m.changes = kept;
    m
}

/// With foreign keys disabled, the desired table keeps the keys it has today (under renamed
/// columns), so a rebuild neither adds nor drops any.
fn existing_foreign_keys(from: &Table, to: &Table, changes: &[TableChange]) -> Vec<ForeignKey> {
    let renames: HashMap<&str, &str> = changes
        .iter()
        .filter_map(|c| match c {
            TableChange::RenameColumn { from, to } => Some((from.as_str(), to.as_str())),
            _ => None,
        })
        .collect();
    from.foreign_keys
        .iter()
        .filter_map(|fk| {
            let mut fk = fk.clone();
            for c in &mut fk.columns {
                if let Some(new) = renames.get(c.as_str()) {
                    *c = (*new).to_owned();
                }
            }
            fk.columns
                .iter()
                .all(|c| to.get_column(c).is_some())
                .then_some(fk)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::Dialect;
    use crate::diff::{DiffOptions, diff};
    use crate::schema::{Column, ColumnType, Index, Schema};

    fn table(columns: &[&str], index: Option<Index>) -> Table {
        let mut t = Table::new("t")
            .column(Column::new("id", ColumnType::int64()))
            .primary_key(["id"]);
        for c in columns {
            t = t.column(Column::new(*c, ColumnType::Text).nullable());
        }
        if let Some(i) = index {
            t = t.index(i);
        }
        t
    }

    fn changes(from: Table, to: Table) -> Vec<Change> {
        let (a, b) = (Schema::new().table(from), Schema::new().table(to));
        diff(&a, &b, &DiffOptions::new(Dialect::Sqlite)).unwrap()
    }

    #[test]
    fn a_changed_index_is_recreated_even_when_append_only() {
        let from = table(&["a", "b"], Some(Index::new("i", ["a"])));
        let to = table(&["a", "b"], Some(Index::new("i", ["b"])));
        let (out, skipped) = enforce(changes(from, to), &Options::new());
        assert!(skipped.is_empty());
        let [Change::ModifyTable(m)] = &out[..] else {
            panic!("{out:#?}");
        };
        assert!(matches!(
            &m.changes[..],
            [TableChange::DropIndex(_), TableChange::AddIndex(_)]
        ));
    }

    #[test]
    fn a_skipped_drop_is_put_back_into_the_desired_table() {
        let from = table(&["a", "b"], Some(Index::new("i", ["b"])));
        let to = table(&["a"], None);
        let (out, skipped) = enforce(changes(from.clone(), to), &Options::new());
        assert_eq!(out, vec![], "nothing left to do");
        assert_eq!(skipped.len(), 2);

        // Next to a change that rebuilds the table, the kept column and index survive.
        let mut to = table(&["a"], None);
        to.columns[1].nullable = false;
        let (out, _) = enforce(changes(from, to), &Options::new());
        let [Change::ModifyTable(m)] = &out[..] else {
            panic!("{out:#?}");
        };
        assert!(m.to.get_column("b").is_some());
        assert!(m.to.get_index("i").is_some());
    }

    #[test]
    fn tables_are_never_dropped() {
        let a = Schema::new().table(table(&[], None));
        let changes = diff(&a, &Schema::new(), &DiffOptions::new(Dialect::Postgres)).unwrap();
        let opts = Options::new().drop_columns(true).drop_indexes(true);
        let (out, skipped) = enforce(changes, &opts);
        assert!(out.is_empty());
        assert_eq!(skipped, vec![Skipped::DropTable { table: "t".into() }]);
    }
}
