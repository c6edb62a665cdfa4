//! Table-level diff.

use std::collections::{HashMap, HashSet};

use super::{ColumnChanges, DiffError, DiffOptions, TableChange};
use crate::dialect::Dialect;
use crate::schema::{Check, ForeignKey, Index, IndexKey, ReferenceAction, Table};

/// Rename hints and the dialect, shared by every table diff.
pub(super) struct Context<'a> {
    dialect: Dialect,
    /// Table renames, current name → desired name.
    tables: &'a HashMap<&'a str, &'a str>,
    /// Column renames per desired table name: current column name → desired column name.
    columns: HashMap<&'a str, HashMap<&'a str, &'a str>>,
}

impl<'a> Context<'a> {
    pub(super) fn new(opts: &'a DiffOptions, tables: &'a HashMap<&'a str, &'a str>) -> Self {
        let mut columns: HashMap<&str, HashMap<&str, &str>> = HashMap::new();
        for r in &opts.column_renames {
            if r.from != r.to {
                columns
                    .entry(r.table.as_str())
                    .or_default()
                    .insert(r.from.as_str(), r.to.as_str());
            }
        }
        Self {
            dialect: opts.dialect,
            tables,
            columns,
        }
    }

    /// The desired name of a current column of the table whose desired name is `table`.
    fn column_name<'n>(&self, table: &str, column: &'n str) -> &'n str
    where
        'a: 'n,
    {
        self.columns
            .get(table)
            .and_then(|m| m.get(column))
            .copied()
            .unwrap_or(column)
    }

    /// Whether two referential actions behave alike: on MySQL `RESTRICT` is `NO ACTION` (keys
    /// are checked at once), and the server reports either for a key that named neither
    /// (Atlas's `ReferenceChanged`).
    fn same_action(&self, a: ReferenceAction, b: ReferenceAction) -> bool {
        let fold = |x| match (self.dialect, x) {
            (Dialect::Mysql, ReferenceAction::Restrict) => ReferenceAction::NoAction,
            (_, x) => x,
        };
        fold(a) == fold(b)
    }

    /// The desired name of a current table.
    fn table_name<'n>(&self, table: &'n str) -> &'n str
    where
        'a: 'n,
    {
        self.tables.get(table).copied().unwrap_or(table)
    }

    /// Changes that turn `from` into `to` (which may have a new name). Definitions are compared
    /// in `printed`, `to` with its expressions as the database prints them (`to` itself when
    /// there is no such form); the changes carry `to`'s objects.
    pub(super) fn table_diff(
        &self,
        from: &Table,
        to: &Table,
        printed: &Table,
    ) -> Result<Vec<TableChange>, DiffError> {
        self.check_column_renames(from, to)?;
        let d = self.dialect;
        let (cf, ct) = (d.canonical_table(from), d.canonical_table(printed));
        let rename = |c: &str| self.column_name(&to.name, c).to_owned();
        let mut out = Vec::new();

        // 1. Table attributes: comment, checks.
        if cf.comment != ct.comment {
            out.push(TableChange::SetComment {
                from: from.comment.clone(),
                to: to.comment.clone(),
            });
        }
        let check_match = |a: &Check, b: &Check| {
            if !a.name.is_empty() && !b.name.is_empty() {
                a.name == b.name
            } else {
                a.expr == b.expr
            }
        };
        let mut kept_checks = HashSet::new();
        for (i, c) in cf.checks.iter().enumerate() {
            match ct.checks.iter().position(|t| check_match(c, t)) {
                Some(j) if ct.checks[j].expr == c.expr => {
                    kept_checks.insert(j);
                }
                _ => out.push(TableChange::DropCheck(from.checks[i].clone())),
            }
        }
        for (j, _) in ct.checks.iter().enumerate() {
            if !kept_checks.contains(&j) {
                out.push(TableChange::AddCheck(to.checks[j].clone()));
            }
        }

        // 2. Columns.
        let mut matched = HashSet::new();
        for (i, c) in cf.columns.iter().enumerate() {
            let new_name = rename(&c.name);
            let Some(j) = ct.columns.iter().position(|t| t.name == new_name) else {
                out.push(TableChange::DropColumn(from.columns[i].clone()));
                continue;
            };
            matched.insert(j);
            if new_name != c.name {
                out.push(TableChange::RenameColumn {
                    from: c.name.clone(),
                    to: new_name.clone(),
                });
            }
            let t = &ct.columns[j];
            let changed = ColumnChanges {
                ty: c.ty != t.ty,
                nullable: c.nullable != t.nullable,
                default: c.default != t.default,
                identity: c.identity != t.identity,
                comment: c.comment != t.comment,
            };
            if !changed.is_empty() {
                out.push(TableChange::ModifyColumn {
                    from: from.columns[i].clone(),
                    to: to.columns[j].clone(),
                    changed,
                });
            }
        }
        for (j, c) in to.columns.iter().enumerate() {
            if !matched.contains(&j) {
                out.push(TableChange::AddColumn(c.clone()));
            }
        }

        // 3. Primary key.
        let from_pk: Vec<String> = cf.primary_key.iter().map(|c| rename(c)).collect();
        if from_pk != ct.primary_key {
            out.push(TableChange::ModifyPrimaryKey {
                from: from.primary_key.clone(),
                to: to.primary_key.clone(),
            });
        }

        // 4. Indexes, by name; a changed index is dropped and added again.
        let renamed_index = |i: &Index| {
            let mut i = i.clone();
            for p in &mut i.parts {
                if let IndexKey::Column(c) = &mut p.key {
                    *c = rename(c);
                }
            }
            i
        };
        let mut kept = HashSet::new();
        for (i, idx) in cf.indexes.iter().enumerate() {
            match ct.indexes.iter().position(|t| t.name == idx.name) {
                Some(j) if renamed_index(idx) == ct.indexes[j] => {
                    kept.insert(j);
                }
                _ => out.push(TableChange::DropIndex(from.indexes[i].clone())),
            }
        }
        for (j, idx) in to.indexes.iter().enumerate() {
            if !kept.contains(&j) {
                out.push(TableChange::AddIndex(idx.clone()));
            }
        }

        // 5. Foreign keys, by symbol (unnamed keys by their parts).
        let renamed_fk = |fk: &ForeignKey| {
            let ref_table = self.table_name(&fk.ref_table).to_owned();
            ForeignKey {
                symbol: fk.symbol.clone(),
                columns: fk.columns.iter().map(|c| rename(c)).collect(),
                ref_columns: fk
                    .ref_columns
                    .iter()
                    .map(|c| self.column_name(&ref_table, c).to_owned())
                    .collect(),
                ref_table,
                on_delete: fk.on_delete,
                on_update: fk.on_update,
            }
        };
        let same_parts = |a: &ForeignKey, b: &ForeignKey| {
            a.columns == b.columns && a.ref_table == b.ref_table && a.ref_columns == b.ref_columns
        };
        let fk_match = |a: &ForeignKey, b: &ForeignKey| {
            if !a.symbol.is_empty() && !b.symbol.is_empty() {
                a.symbol == b.symbol
            } else {
                same_parts(a, b)
            }
        };
        let mut kept = HashSet::new();
        for fk in &cf.foreign_keys {
            let r = renamed_fk(fk);
            match ct.foreign_keys.iter().position(|t| fk_match(&r, t)) {
                Some(j)
                    if same_parts(&r, &ct.foreign_keys[j])
                        && self.same_action(r.on_delete, ct.foreign_keys[j].on_delete)
                        && self.same_action(r.on_update, ct.foreign_keys[j].on_update) =>
                {
                    kept.insert(j);
                }
                _ => out.push(TableChange::DropForeignKey(fk.clone())),
            }
        }
        for (j, fk) in to.foreign_keys.iter().enumerate() {
            if !kept.contains(&j) {
                out.push(TableChange::AddForeignKey(fk.clone()));
            }
        }
        Ok(out)
    }

    fn check_column_renames(&self, from: &Table, to: &Table) -> Result<(), DiffError> {
        let Some(renames) = self.columns.get(to.name.as_str()) else {
            return Ok(());
        };
        let mut targets = HashSet::new();
        let mut pairs: Vec<_> = renames.iter().collect();
        pairs.sort();
        for (&old, &new) in pairs {
            let bad = |reason| DiffError::BadRename {
                what: format!("column of table {:?}", to.name),
                from: old.to_owned(),
                to: new.to_owned(),
                reason,
            };
            if from.get_column(old).is_none() {
                return Err(bad("no such column in the current table"));
            }
            if to.get_column(new).is_none() {
                return Err(bad("no such column in the desired table"));
            }
            if from.get_column(new).is_some() {
                return Err(bad("the new name is already taken in the current table"));
            }
            if !targets.insert(new) {
                return Err(bad("conflicting rename hints"));
            }
        }
        Ok(())
    }
}
