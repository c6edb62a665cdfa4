//! SQLite statements for ordered steps (Atlas's `sql/sqlite/migrate.go`).
//!
//! A modified table whose changes SQLite can `ALTER` (index changes, column renames, simple
//! column additions) gets `DROP INDEX`, `RENAME COLUMN`, `ADD COLUMN` and `CREATE INDEX`
//! statements. Anything else rebuilds the table: `CREATE TABLE new_t`, copy the rows, drop `t`,
//! rename `new_t` to `t`, recreate the indexes. Rebuilds and table drops put the plan between
//! `PRAGMA foreign_keys = off` and `PRAGMA foreign_keys = on`.
//!
//! Every rebuild statement has an exact reverse, so the down migration rebuilds the table back:
//! the reverse of the final rename copies `t` into a fresh `new_t` and drops `t` (renaming `t`
//! would make SQLite rewrite other tables' `REFERENCES`), and the reverse of `DROP TABLE t`
//! recreates the old `t` and copies the rows back from `new_t`.

use std::collections::HashMap;

use super::order::Step;
use super::{PlanError, comments, stmt};
use crate::dialect::Dialect;
use crate::diff::{ModifyTable, TableChange};
use crate::plan::PlannedStatement;
use crate::schema::{Column, DefaultValue, Table};

const D: Dialect = Dialect::Sqlite;

pub(super) fn plan(steps: &[Step<'_>]) -> Result<Vec<PlannedStatement>, PlanError> {
    let mut out = Vec::new();
    let mut fk_off = false;
    for step in steps {
        match step {
            Step::Rename { from, to } => out.push(stmt(
                D.rename_table(from, to),
                comments::rename_table(from, to),
                vec![D.rename_table(to, from)],
            )),
            Step::Add(t) => out.extend(add_table(t)?),
            Step::Drop(t) => {
                fk_off = true;
                let reverse = add_table(t)?.into_iter().map(|s| s.sql).collect();
                out.push(stmt(
                    D.drop_table(&t.name),
                    comments::drop_table(&t.name),
                    reverse,
                ));
            }
            // Never produced for SQLite: order.rs detaches foreign keys only for PostgreSQL.
            Step::AddForeignKeys { .. } | Step::DropForeignKeys { .. } => {}
            Step::Modify(m) if alterable(m) => alter_table(m, &mut out)?,
            Step::Modify(m) => {
                fk_off = true;
                rebuild(m, &mut out)?;
            }
        }
    }
    if fk_off {
        let off = "PRAGMA foreign_keys = off".to_owned();
        let on = "PRAGMA foreign_keys = on".to_owned();
        out.insert(
            0,
            stmt(off.clone(), comments::FK_OFF.into(), vec![on.clone()]),
        );
        out.push(stmt(on, comments::FK_ON.into(), vec![off]));
    }
    Ok(out)
}

/// `CREATE TABLE`, the AUTOINCREMENT start when it is not 1, and the indexes.
pub(super) fn add_table(t: &Table) -> Result<Vec<PlannedStatement>, PlanError> {
    let mut out = vec![stmt(
        D.create_table(t).map_err(PlanError::render(&t.name))?,
        comments::create_table(&t.name),
        vec![D.drop_table(&t.name)],
    )];
    if let Some(id) = t
        .columns
        .iter()
        .find_map(|c| c.identity)
        .filter(|id| id.start != 1)
    {
        let name = D.quote_string(&t.name);
        out.push(stmt(
            format!(
                "INSERT INTO sqlite_sequence (name, seq) VALUES ({name}, {})",
                id.start.saturating_sub(1)
            ),
            comments::set_sequence(&t.name),
            vec![format!("DELETE FROM sqlite_sequence WHERE name = {name}")],
        ));
    }
    out.extend(t.indexes.iter().map(|i| {
        stmt(
            D.create_index(&t.name, i),
            comments::create_index(&i.name, &t.name),
            vec![D.drop_index(i)],
        )
    }));
    Ok(out)
}

/// Whether every change can be done with SQLite's `ALTER TABLE` or index statements. Comment
/// changes are ignored (SQLite has no comments).
fn alterable(m: &ModifyTable) -> bool {
    m.changes.iter().all(|c| match c {
        TableChange::AddIndex(_)
        | TableChange::DropIndex(_)
        | TableChange::RenameColumn { .. }
        | TableChange::SetComment { .. } => true,
        TableChange::ModifyColumn { changed, .. } => !changed.beyond_comment(),
        TableChange::AddColumn(c) => can_add_column(&m.to, c),
        _ => false,
    })
}

/// SQLite's `ADD COLUMN` rules: not part of the primary key or a foreign key, no identity, a
/// constant default, and a default when NOT NULL.
fn can_add_column(t: &Table, c: &Column) -> bool {
    !t.in_primary_key(&c.name)
        && c.identity.is_none()
        && !t.foreign_keys.iter().any(|fk| fk.columns.contains(&c.name))
        && match &c.default {
            None => c.nullable,
            Some(DefaultValue::Literal(_)) => true,
            Some(DefaultValue::Expr(_)) => false,
        }
}

fn alter_table(m: &ModifyTable, out: &mut Vec<PlannedStatement>) -> Result<(), PlanError> {
    let t = m.to.name.as_str();
    let (mut drops, mut renames, mut adds, mut indexes) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for c in &m.changes {
        match c {
            TableChange::DropIndex(i) => drops.push(stmt(
                D.drop_index(i),
                comments::drop_index(&i.name, t),
                vec![D.create_index(t, i)],
            )),
            TableChange::RenameColumn { from, to } => renames.push(stmt(
                D.rename_column(t, from, to),
                comments::rename_column(from, to),
                vec![D.rename_column(t, to, from)],
            )),
            TableChange::AddColumn(col) => adds.push(stmt(
                format!(
                    "ALTER TABLE {} ADD COLUMN {}",
                    D.quote_ident(t),
                    D.column_sql(col).map_err(PlanError::render(t))?
                ),
                comments::add_column(&col.name, t),
                vec![format!(
                    "ALTER TABLE {} DROP COLUMN {}",
                    D.quote_ident(t),
                    D.quote_ident(&col.name)
                )],
            )),
            TableChange::AddIndex(i) => indexes.push(stmt(
                D.create_index(t, i),
                comments::create_index(&i.name, t),
                vec![D.drop_index(i)],
            )),
            _ => {}
        }
    }
    out.extend(drops);
    out.extend(renames);
    out.extend(adds);
    out.extend(indexes);
    Ok(())
}

/// The table-copy procedure of <https://www.sqlite.org/lang_altertable.html#otheralter>.
fn rebuild(m: &ModifyTable, out: &mut Vec<PlannedStatement>) -> Result<(), PlanError> {
    let t = m.to.name.as_str();
    let tmp = format!("new_{t}");
    let err = PlanError::render(t);
    let renames: HashMap<&str, &str> = m
        .changes
        .iter()
        .filter_map(|c| match c {
            TableChange::RenameColumn { from, to } => Some((from.as_str(), to.as_str())),
            _ => None,
        })
        .collect();
    let back: HashMap<&str, &str> = renames.iter().map(|(a, b)| (*b, *a)).collect();

    let mut new_t = m.to.clone();
    new_t.name.clone_from(&tmp);
    new_t.indexes.clear();
    // The old table, under the name it has when the down migration restores it.
    let mut old_t = m.from.clone();
    old_t.name = t.to_owned();

    out.push(stmt(
        D.create_table(&new_t).map_err(err)?,
        comments::create_table(&tmp),
        vec![D.drop_table(&tmp)],
    ));
    let copy = copy_rows(&old_t, &new_t, &renames);
    let restore = copy_rows(&new_t, &old_t, &back);
    if let Some(copy) = &copy {
        out.push(stmt(
            copy.clone(),
            comments::copy_rows(t, &tmp),
            vec![format!("DELETE FROM {}", D.quote_ident(&tmp))],
        ));
    }
    let mut reverse = vec![D.create_table(&old_t).map_err(PlanError::render(t))?];
    reverse.extend(restore);
    reverse.extend(old_t.indexes.iter().map(|i| D.create_index(t, i)));
    let comment = if copy.is_some() {
        comments::drop_after_copy(t)
    } else {
        format!(
            "{} without copying rows (no columns)",
            comments::drop_table(t)
        )
    };
    out.push(stmt(D.drop_table(t), comment, reverse));
    // Undoing the rename must not rename `t` itself: SQLite would rewrite the REFERENCES of
    // other tables to follow it. Copy `t` into a fresh temporary table and drop `t` instead.
    let mut back_to_tmp = vec![D.create_table(&new_t).map_err(PlanError::render(t))?];
    let mut same_t = m.to.clone();
    same_t.name = t.to_owned();
    back_to_tmp.extend(copy_rows(&same_t, &new_t, &HashMap::new()));
    back_to_tmp.push(D.drop_table(t));
    out.push(stmt(
        D.rename_table(&tmp, t),
        comments::rename_temporary(&tmp, t),
        back_to_tmp,
    ));
    out.extend(m.to.indexes.iter().map(|i| {
        stmt(
            D.create_index(t, i),
            comments::create_index(&i.name, t),
            vec![D.drop_index(i)],
        )
    }));
    Ok(())
}

/// `INSERT INTO dst (...) SELECT ... FROM src` for the columns both tables have (`renames` maps
/// source names to destination names). A column that becomes NOT NULL with a default gets
/// `IFNULL(col, default)`. `None` when no column survives.
fn copy_rows(src: &Table, dst: &Table, renames: &HashMap<&str, &str>) -> Option<String> {
    let mut cols = Vec::new();
    let mut exprs = Vec::new();
    for c in &dst.columns {
        let Some(s) = src
            .columns
            .iter()
            .find(|s| renames.get(s.name.as_str()).copied().unwrap_or(&s.name) == c.name)
        else {
            continue;
        };
        cols.push(D.quote_ident(&c.name));
        let name = D.quote_ident(&s.name);
        let default = c
            .default
            .as_ref()
            .and_then(|d| D.default_sql(d, &c.ty, &c.name).ok());
        exprs.push(match default {
            Some(d) if s.nullable && !c.nullable => {
                format!("IFNULL({name}, {d}) AS {}", D.quote_ident(&c.name))
            }
            _ => name,
        });
    }
    (!cols.is_empty()).then(|| {
        format!(
            "INSERT INTO {} ({}) SELECT {} FROM {}",
            D.quote_ident(&dst.name),
            cols.join(", "),
            exprs.join(", "),
            D.quote_ident(&src.name)
        )
    })
}
