//! Statement ordering across tables (Atlas's `DetachCycles` and `SortChanges`), done once, here.
//!
//! Output order (Atlas's, as ent 0.11.3 with Atlas 0.7.2 writes it): table renames; modified
//! tables; new tables (on PostgreSQL referenced tables first, on SQLite in desired order);
//! modified tables that add a key to a new table (PostgreSQL); foreign keys detached from new
//! tables because of a cycle; foreign keys detached from dropped tables because of a cycle;
//! dropped tables, referencing tables first.

use std::collections::HashMap;

use crate::dialect::Dialect;
use crate::diff::{Change, ModifyTable, TableChange};
use crate::schema::{ForeignKey, Table};

/// One unit of planning, after ordering.
#[derive(Debug, Clone)]
pub(crate) enum Step<'a> {
    /// Rename a table.
    Rename { from: &'a str, to: &'a str },
    /// Create a table (its foreign keys may have been detached).
    Add(Table),
    /// Modify a table.
    Modify(&'a ModifyTable),
    /// Add foreign keys to a table created earlier in the plan.
    AddForeignKeys {
        table: &'a str,
        fks: Vec<ForeignKey>,
    },
    /// Drop foreign keys from a table dropped later in the plan.
    DropForeignKeys { table: String, fks: Vec<ForeignKey> },
    /// Drop a table (its foreign keys may have been detached).
    Drop(Table),
}

/// Orders the changes into steps. Foreign-key cycles are broken only where the dialect needs it
/// (PostgreSQL checks references at creation; SQLite does not).
pub(crate) fn order(changes: &[Change], dialect: Dialect) -> Vec<Step<'_>> {
    let mut renames = Vec::new();
    let mut adds: Vec<&Table> = Vec::new();
    let mut modifies: Vec<&ModifyTable> = Vec::new();
    let mut drops: Vec<Table> = Vec::new();
    for c in changes {
        match c {
            Change::RenameTable { from, to } => renames.push(Step::Rename { from, to }),
            Change::AddTable(t) => adds.push(t),
            Change::ModifyTable(m) => modifies.push(m),
            Change::DropTable(t) => drops.push(t.clone()),
        }
    }
    // Drops run after renames, and their reverses (which recreate the tables) run before the
    // renames are undone: their references must use the new names.
    for t in &mut drops {
        renamed_references(t, changes);
    }
    let detach = matches!(dialect, Dialect::Postgres | Dialect::Mysql);
    let mut steps = renames;

    // New tables. PostgreSQL checks references when a table is created: a table depends on the
    // new tables it references. SQLite does not, and Atlas keeps the desired order there.
    let add_deps = |i: usize| refs_among(adds[i], &adds);
    let mut new_tables = Vec::new();
    let mut detached = Vec::new();
    match topo(adds.len(), |i| names_sorted(&adds, add_deps(i))).filter(|_| detach) {
        Some(order) => new_tables.extend(order.into_iter().map(|i| Step::Add(adds[i].clone()))),
        None if detach => {
            for t in &adds {
                let (own, external): (Vec<_>, Vec<_>) = t
                    .foreign_keys
                    .iter()
                    .cloned()
                    .partition(|fk| fk.ref_table == t.name);
                let mut t2 = (*t).clone();
                t2.foreign_keys = own;
                new_tables.push(Step::Add(t2));
                if !external.is_empty() {
                    detached.push(Step::AddForeignKeys {
                        table: &t.name,
                        fks: external,
                    });
                }
            }
        }
        None => new_tables.extend(adds.iter().map(|t| Step::Add((*t).clone()))),
    }

    // Modified tables: one that drops a key to another goes before it; one that adds a key to
    // another goes after it.
    let index: HashMap<&str, usize> = modifies
        .iter()
        .enumerate()
        .map(|(i, m)| (m.to.name.as_str(), i))
        .collect();
    let mut deps: Vec<Vec<usize>> = vec![Vec::new(); modifies.len()];
    for (i, m) in modifies.iter().enumerate() {
        for c in &m.changes {
            match c {
                TableChange::AddForeignKey(fk) => {
                    if let Some(&j) = index.get(fk.ref_table.as_str()).filter(|&&j| j != i) {
                        deps[i].push(j);
                    }
                }
                TableChange::DropForeignKey(fk) => {
                    if let Some(&j) = index.get(fk.ref_table.as_str()).filter(|&&j| j != i) {
                        deps[j].push(i);
                    }
                }
                _ => {}
            }
        }
    }
    let mod_order = topo(modifies.len(), |i| {
        let mut d = deps[i].clone();
        d.sort_by(|a, b| modifies[*a].to.name.cmp(&modifies[*b].to.name));
        d.dedup();
        d
    })
    .unwrap_or_else(|| (0..modifies.len()).collect());

    // Atlas writes changes to existing tables before new tables, unless a change adds a key
    // to a new table (PostgreSQL only): that one, and those that must follow it, come after.
    let mut after_new = vec![false; modifies.len()];
    if detach {
        for &i in &mod_order {
            after_new[i] = deps[i].iter().any(|&j| after_new[j])
                || modifies[i].changes.iter().any(|c| {
                    matches!(c, TableChange::AddForeignKey(fk)
                        if adds.iter().any(|t| t.name == fk.ref_table))
                });
        }
    }
    let (late, early): (Vec<usize>, Vec<usize>) =
        mod_order.into_iter().partition(|&i| after_new[i]);
    steps.extend(early.into_iter().map(|i| Step::Modify(modifies[i])));
    steps.extend(new_tables);
    steps.extend(late.into_iter().map(|i| Step::Modify(modifies[i])));
    steps.extend(detached);

    // Dropped tables: a table goes after the dropped tables that reference it.
    let drop_deps = |i: usize| -> Vec<usize> {
        let mut d: Vec<usize> = (0..drops.len())
            .filter(|&j| {
                j != i
                    && drops[j]
                        .foreign_keys
                        .iter()
                        .any(|fk| fk.ref_table == drops[i].name)
            })
            .collect();
        d.sort_by(|a, b| drops[*a].name.cmp(&drops[*b].name));
        d
    };
    match topo(drops.len(), drop_deps) {
        Some(order) => steps.extend(order.into_iter().map(|i| Step::Drop(drops[i].clone()))),
        None if detach => {
            let mut stripped = Vec::new();
            for t in &drops {
                let (own, external): (Vec<_>, Vec<_>) = t
                    .foreign_keys
                    .iter()
                    .cloned()
                    .partition(|fk| fk.ref_table == t.name);
                if !external.is_empty() {
                    steps.push(Step::DropForeignKeys {
                        table: t.name.clone(),
                        fks: external,
                    });
                }
                let mut t2 = t.clone();
                t2.foreign_keys = own;
                stripped.push(Step::Drop(t2));
            }
            steps.extend(stripped);
        }
        None => steps.extend(drops.iter().map(|t| Step::Drop(t.clone()))),
    }
    steps
}

/// Rewrites `t`'s foreign keys to the names the plan's renames give the referenced tables and
/// columns.
fn renamed_references(t: &mut Table, changes: &[Change]) {
    for fk in &mut t.foreign_keys {
        for c in changes {
            if let Change::RenameTable { from, to } = c
                && *from == fk.ref_table
            {
                fk.ref_table.clone_from(to);
                break;
            }
        }
        for c in changes {
            let Change::ModifyTable(m) = c else { continue };
            if m.to.name != fk.ref_table {
                continue;
            }
            for tc in &m.changes {
                if let TableChange::RenameColumn { from, to } = tc {
                    for rc in &mut fk.ref_columns {
                        if rc == from {
                            rc.clone_from(to);
                        }
                    }
                }
            }
        }
    }
}

/// Indexes (into `tables`) of the other tables `t` references.
fn refs_among(t: &Table, tables: &[&Table]) -> Vec<usize> {
    let mut out: Vec<usize> = tables
        .iter()
        .enumerate()
        .filter(|(_, o)| o.name != t.name && t.foreign_keys.iter().any(|fk| fk.ref_table == o.name))
        .map(|(i, _)| i)
        .collect();
    out.dedup();
    out
}

fn names_sorted(tables: &[&Table], mut idx: Vec<usize>) -> Vec<usize> {
    idx.sort_by(|a, b| tables[*a].name.cmp(&tables[*b].name));
    idx
}

/// Depth-first topological order of `n` nodes (dependencies first), visiting nodes in index
/// order and each node's dependencies in the order `deps` gives them. `None` on a cycle.
fn topo(n: usize, deps: impl Fn(usize) -> Vec<usize>) -> Option<Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    let mut marks = vec![Mark::New; n];
    let mut out = Vec::with_capacity(n);
    // Iterative DFS: (node, next dependency position, its dependencies).
    for root in 0..n {
        if marks[root] != Mark::New {
            continue;
        }
        let mut stack = vec![(root, 0usize, deps(root))];
        marks[root] = Mark::Active;
        while let Some((node, pos, ds)) = stack.last_mut() {
            if let Some(&d) = ds.get(*pos) {
                *pos += 1;
                match marks.get(d).copied() {
                    Some(Mark::New) => {
                        marks[d] = Mark::Active;
                        let dd = deps(d);
                        stack.push((d, 0, dd));
                    }
                    Some(Mark::Active) => return None,
                    _ => {}
                }
            } else {
                marks[*node] = Mark::Done;
                out.push(*node);
                stack.pop();
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::topo;

    #[test]
    fn topo_orders_and_detects_cycles() {
        let deps = [vec![1], vec![2], vec![]];
        assert_eq!(topo(3, |i| deps[i].clone()), Some(vec![2, 1, 0]));
        let cyc = [vec![1], vec![0]];
        assert_eq!(topo(2, |i| cyc[i].clone()), None);
        assert_eq!(topo(0, |_| vec![]), Some(vec![]));
    }
}
