//! PostgreSQL statements for ordered steps (Atlas's `sql/postgres/migrate.go`).
//!
//! A modified table becomes, in this order: `DROP INDEX` statements; comment resets for dropped
//! columns (so the down migration can restore them); one `ALTER TABLE` with every column and
//! constraint change (constraint drops first); `CREATE INDEX` statements; comment statements.
//!
//! When the plan renames tables or columns, the index drops, comment resets and constraint drops
//! of every modified table move to the start of the plan (under the old names, in their own
//! `ALTER TABLE`), then come the renames, then the rest: each statement and its reverse then run
//! under the names they were written with, in both directions.

use super::order::Step;
use super::{PlanError, comments, stmt};
use crate::dialect::Dialect;
use crate::dialect::RenderError;
use crate::diff::{ColumnChanges, ModifyTable, TableChange};
use crate::plan::PlannedStatement;
use crate::schema::{Check, Column, ColumnType, ForeignKey, Table};

const D: Dialect = Dialect::Postgres;

pub(super) fn plan(steps: &[Step<'_>]) -> Result<Vec<PlannedStatement>, PlanError> {
    let mut out = Vec::new();
    // With renames in the plan, every index and constraint drop runs first, under the old names,
    // so its reverse (which recreates the object as it was) runs after the renames are undone.
    let renames = steps.iter().any(|s| match s {
        Step::Rename { .. } => true,
        Step::Modify(m) => m
            .changes
            .iter()
            .any(|c| matches!(c, TableChange::RenameColumn { .. })),
        _ => false,
    });
    let mut parts = Vec::new();
    for step in steps {
        if let Step::Modify(m) = step {
            let mut p = modify_parts(m)?;
            if renames {
                out.extend(p.old_world());
            }
            parts.push(p);
        }
    }
    let mut parts = parts.into_iter();
    for step in steps {
        match step {
            Step::Rename { from, to } => out.push(stmt(
                D.rename_table(from, to),
                comments::rename_table(from, to),
                vec![D.rename_table(to, from)],
            )),
            Step::Add(t) => out.extend(add_table(t)?),
            Step::Drop(t) => {
                let reverse = add_table(t)?.into_iter().map(|s| s.sql).collect();
                out.push(stmt(
                    D.drop_table(&t.name),
                    comments::drop_table(&t.name),
                    reverse,
                ));
            }
            Step::AddForeignKeys { table, fks } => {
                let clauses = fks.iter().map(add_fk).collect();
                out.extend(alter_table(table, clauses));
            }
            Step::DropForeignKeys { table, fks } => {
                let clauses = fks
                    .iter()
                    .map(|fk| drop_fk(table, fk))
                    .collect::<Result<_, _>>()?;
                out.extend(alter_table(table, clauses));
            }
            Step::Modify(_) => {
                if let Some(p) = parts.next() {
                    out.extend(if renames {
                        p.new_world()
                    } else {
                        p.atlas_layout()
                    });
                }
            }
        }
    }
    Ok(out)
}

/// `CREATE TABLE`, its indexes and its comments.
pub(super) fn add_table(t: &Table) -> Result<Vec<PlannedStatement>, PlanError> {
    let err = PlanError::render;
    let mut out = vec![stmt(
        D.create_table(t).map_err(err(&t.name))?,
        comments::create_table(&t.name),
        vec![D.drop_table(&t.name)],
    )];
    for i in &t.indexes {
        out.push(stmt(
            D.create_index(&t.name, i),
            comments::create_index(&i.name, &t.name),
            vec![D.drop_index(i)],
        ));
    }
    if let Some(c) = t.comment.as_deref().filter(|c| !c.is_empty()) {
        out.push(table_comment(&t.name, "", c)?);
    }
    for col in &t.columns {
        if let Some(c) = col.comment.as_deref().filter(|c| !c.is_empty()) {
            out.push(column_comment(&t.name, &col.name, "", c)?);
        }
    }
    Ok(out)
}

fn table_comment(table: &str, from: &str, to: &str) -> Result<PlannedStatement, PlanError> {
    let sql = |text| {
        D.comment_on_table(table, text)
            .map(Option::unwrap_or_default)
            .map_err(PlanError::render(table))
    };
    Ok(stmt(
        sql(to)?,
        comments::table_comment(table),
        vec![sql(from)?],
    ))
}

fn column_comment(
    table: &str,
    column: &str,
    from: &str,
    to: &str,
) -> Result<PlannedStatement, PlanError> {
    let sql = |text| {
        D.comment_on_column(table, column, text)
            .map(Option::unwrap_or_default)
            .map_err(PlanError::render(table))
    };
    Ok(stmt(
        sql(to)?,
        comments::column_comment(column, table),
        vec![sql(from)?],
    ))
}

/// One clause of an `ALTER TABLE`, with its inverse (`None` when it cannot be undone), and
/// whether each drops a constraint (those go first, before column drops that would cascade).
struct Clause {
    sql: String,
    reverse: Option<String>,
    drops_constraint: bool,
    reverse_drops_constraint: bool,
}

fn clause(sql: String, reverse: Option<String>) -> Clause {
    Clause {
        sql,
        reverse,
        drops_constraint: false,
        reverse_drops_constraint: false,
    }
}

/// One `ALTER TABLE` carrying all clauses, constraint drops first; its reverse carries the
/// inverse clauses in reverse order, again with constraint drops first.
fn alter_table(table: &str, mut clauses: Vec<Clause>) -> Option<PlannedStatement> {
    if clauses.is_empty() {
        return None;
    }
    clauses.sort_by_key(|c| !c.drops_constraint);
    let head = format!("ALTER TABLE {} ", D.quote_ident(table));
    let sql = head.clone()
        + &clauses
            .iter()
            .map(|c| c.sql.as_str())
            .collect::<Vec<_>>()
            .join(", ");
    let mut inverse: Vec<&Clause> = clauses.iter().rev().collect();
    inverse.sort_by_key(|c| !c.reverse_drops_constraint);
    let reverse: Option<Vec<&str>> = inverse.iter().map(|c| c.reverse.as_deref()).collect();
    let reverse = reverse
        .map(|r| vec![head + &r.join(", ")])
        .unwrap_or_default();
    Some(stmt(sql, comments::modify_table(table), reverse))
}

fn add_fk(fk: &ForeignKey) -> Clause {
    let reverse =
        (!fk.symbol.is_empty()).then(|| format!("DROP CONSTRAINT {}", D.quote_ident(&fk.symbol)));
    Clause {
        reverse_drops_constraint: true,
        ..clause(format!("ADD {}", D.foreign_key_sql(fk)), reverse)
    }
}

fn drop_fk(table: &str, fk: &ForeignKey) -> Result<Clause, PlanError> {
    if fk.symbol.is_empty() {
        return Err(PlanError::Unnamed {
            table: table.to_owned(),
            what: "foreign key",
            detail: format!("{:?}", fk.columns),
        });
    }
    Ok(Clause {
        sql: format!("DROP CONSTRAINT {}", D.quote_ident(&fk.symbol)),
        reverse: Some(format!("ADD {}", D.foreign_key_sql(fk))),
        drops_constraint: true,
        reverse_drops_constraint: false,
    })
}

fn add_check(c: &Check) -> Clause {
    let reverse =
        (!c.name.is_empty()).then(|| format!("DROP CONSTRAINT {}", D.quote_ident(&c.name)));
    Clause {
        reverse_drops_constraint: true,
        ..clause(format!("ADD {}", D.check_sql(c)), reverse)
    }
}

fn drop_check(table: &str, c: &Check) -> Result<Clause, PlanError> {
    if c.name.is_empty() {
        return Err(PlanError::Unnamed {
            table: table.to_owned(),
            what: "check constraint",
            detail: c.expr.clone(),
        });
    }
    Ok(Clause {
        sql: format!("DROP CONSTRAINT {}", D.quote_ident(&c.name)),
        reverse: Some(format!("ADD {}", D.check_sql(c))),
        drops_constraint: true,
        reverse_drops_constraint: false,
    })
}

/// The statements of one modified table, split by the names they run under: `old` parts drop
/// things and run before any rename (their reverses run after the renames are undone); the rest
/// runs under the new names.
#[derive(Default)]
struct ModifyParts {
    old_table: String,
    table: String,
    drop_indexes: Vec<PlannedStatement>,
    comment_resets: Vec<PlannedStatement>,
    drop_clauses: Vec<Clause>,
    renames: Vec<PlannedStatement>,
    clauses: Vec<Clause>,
    add_indexes: Vec<PlannedStatement>,
    comments: Vec<PlannedStatement>,
}

impl ModifyParts {
    /// The statements that run before renames (empty `ALTER` omitted).
    fn old_world(&mut self) -> Vec<PlannedStatement> {
        let mut out = std::mem::take(&mut self.drop_indexes);
        out.append(&mut self.comment_resets);
        out.extend(alter_table(
            &self.old_table,
            std::mem::take(&mut self.drop_clauses),
        ));
        out
    }

    /// The remaining statements.
    fn new_world(mut self) -> Vec<PlannedStatement> {
        let mut out = std::mem::take(&mut self.renames);
        out.extend(alter_table(&self.table, self.clauses));
        out.append(&mut self.add_indexes);
        out.append(&mut self.comments);
        out
    }

    /// All statements in Atlas's layout: index drops, one `ALTER TABLE` (constraint drops
    /// first), index creations, comments.
    fn atlas_layout(mut self) -> Vec<PlannedStatement> {
        let mut out = std::mem::take(&mut self.drop_indexes);
        out.append(&mut self.comment_resets);
        out.append(&mut self.renames);
        let mut clauses = std::mem::take(&mut self.drop_clauses);
        clauses.append(&mut self.clauses);
        out.extend(alter_table(&self.table, clauses));
        out.append(&mut self.add_indexes);
        out.append(&mut self.comments);
        out
    }
}

fn modify_parts(m: &ModifyTable) -> Result<ModifyParts, PlanError> {
    let t = m.to.name.as_str();
    let old = m.from.name.as_str();
    let err = || PlanError::render(t);
    let mut p = ModifyParts {
        old_table: old.to_owned(),
        table: t.to_owned(),
        ..ModifyParts::default()
    };
    for c in &m.changes {
        match c {
            TableChange::SetComment { from, to } => p.comments.push(table_comment(
                t,
                from.as_deref().unwrap_or(""),
                to.as_deref().unwrap_or(""),
            )?),
            TableChange::AddColumn(col) => {
                p.clauses.push(clause(
                    format!("ADD COLUMN {}", D.column_sql(col).map_err(err())?),
                    Some(format!("DROP COLUMN {}", D.quote_ident(&col.name))),
                ));
                if let Some(text) = col.comment.as_deref().filter(|c| !c.is_empty()) {
                    p.comments.push(column_comment(t, &col.name, "", text)?);
                }
            }
            TableChange::DropColumn(col) => {
                if let Some(text) = col.comment.as_deref().filter(|c| !c.is_empty()) {
                    p.comment_resets
                        .push(column_comment(old, &col.name, text, "")?);
                }
                p.clauses.push(clause(
                    format!("DROP COLUMN {}", D.quote_ident(&col.name)),
                    Some(format!("ADD COLUMN {}", D.column_sql(col).map_err(err())?)),
                ));
            }
            TableChange::ModifyColumn { from, to, changed } => {
                // Both directions run while the column has its new name.
                if let Some(sql) = alter_column(&to.name, from, to, changed).map_err(err())? {
                    let reverse = alter_column(&to.name, to, from, changed).map_err(err())?;
                    p.clauses.push(clause(sql, reverse));
                }
                if changed.comment {
                    p.comments.push(column_comment(
                        t,
                        &to.name,
                        from.comment.as_deref().unwrap_or(""),
                        to.comment.as_deref().unwrap_or(""),
                    )?);
                }
            }
            TableChange::RenameColumn { from, to } => p.renames.push(stmt(
                D.rename_column(t, from, to),
                comments::rename_column(from, to),
                vec![D.rename_column(t, to, from)],
            )),
            TableChange::ModifyPrimaryKey { from, to } => {
                let add = |cols: &[String]| format!("ADD PRIMARY KEY ({})", D.ident_list(cols));
                let drop = |name: &str| format!("DROP CONSTRAINT {}", D.quote_ident(name));
                if !from.is_empty() {
                    p.drop_clauses.push(Clause {
                        sql: drop(&D.primary_key_name(old)),
                        reverse: Some(add(from)),
                        drops_constraint: true,
                        reverse_drops_constraint: false,
                    });
                }
                if !to.is_empty() {
                    p.clauses.push(Clause {
                        reverse_drops_constraint: true,
                        ..clause(add(to), Some(drop(&D.primary_key_name(t))))
                    });
                }
            }
            TableChange::AddIndex(i) => p.add_indexes.push(stmt(
                D.create_index(t, i),
                comments::create_index(&i.name, t),
                vec![D.drop_index(i)],
            )),
            TableChange::DropIndex(i) => p.drop_indexes.push(stmt(
                D.drop_index(i),
                comments::drop_index(&i.name, old),
                vec![D.create_index(old, i)],
            )),
            TableChange::AddForeignKey(fk) => p.clauses.push(add_fk(fk)),
            TableChange::DropForeignKey(fk) => p.drop_clauses.push(drop_fk(old, fk)?),
            TableChange::AddCheck(c) => p.clauses.push(add_check(c)),
            TableChange::DropCheck(c) => p.drop_clauses.push(drop_check(old, c)?),
        }
    }
    Ok(p)
}

/// Whether PostgreSQL needs `USING` to change a column from `from` to `to`: it converts by
/// itself only along implicit and assignment casts (`pg_cast`): any type to a string type,
/// numbers to numbers, strings to strings. Anything else (`varchar` → `bigint`, `integer` →
/// `boolean`, `text` → `uuid`, a type spelled by hand) gets an explicit cast, which PostgreSQL
/// accepts wherever a cast exists, so the plan runs and fails only on a row that does not convert.
pub(crate) fn needs_using(from: &ColumnType, to: &ColumnType) -> bool {
    let (from, to) = (D.canonical_type(from), D.canonical_type(to));
    if from == to {
        return false;
    }
    let is_string = |t: &ColumnType| {
        matches!(
            t,
            ColumnType::String { .. } | ColumnType::Text | ColumnType::Enum { .. }
        )
    };
    let is_number = |t: &ColumnType| t.is_numeric();
    !(is_string(&to) || is_number(&from) && is_number(&to))
}

/// The `USING` expression converting column `col` from `from` to the type spelled `ty`: an
/// explicit cast, except between booleans and numbers, where PostgreSQL casts only `integer`
/// (a number is true when it is not zero, as the `integer` cast says).
fn using_cast(col: &str, from: &ColumnType, to: &ColumnType, ty: &str) -> String {
    match (from, to) {
        (f, ColumnType::Bool) if f.is_numeric() => format!("{col} <> 0"),
        (ColumnType::Bool, t) if t.is_numeric() => format!("{col}::integer::{ty}"),
        _ => format!("{col}::{ty}"),
    }
}

/// `ALTER COLUMN` clauses taking column `name` from `from` to `to` (type, nullability, default, identity; an
/// identity being removed goes first so a default can replace it). `None` when only the comment
/// changed.
fn alter_column(
    name: &str,
    from: &Column,
    to: &Column,
    changed: &ColumnChanges,
) -> Result<Option<String>, RenderError> {
    let col = format!("ALTER COLUMN {}", D.quote_ident(name));
    let mut parts = Vec::new();
    let identity = if changed.identity {
        Some(match (&from.identity, &to.identity) {
            (_, None) => format!("{col} DROP IDENTITY"),
            (None, Some(id)) => {
                format!(
                    "{col} ADD {}",
                    crate::dialect::identity_clause(id.generation, id.start, id.increment)
                )
            }
            (Some(_), Some(id)) => format!(
                "{col} SET GENERATED {} SET START WITH {} SET INCREMENT BY {}",
                crate::dialect::generation_clause(id.generation),
                id.start,
                id.increment
            ),
        })
    } else {
        None
    };
    let dropping_identity = changed.identity && to.identity.is_none();
    if dropping_identity {
        parts.extend(identity.clone());
    }
    if changed.ty {
        let ty = D.render_type(&to.ty);
        if needs_using(&from.ty, &to.ty) {
            // The old default may not convert either: drop it (PostgreSQL drops defaults before
            // it changes types, whatever the clause order) and set it again afterwards.
            let dropped_anyway = changed.default && to.default.is_none();
            if from.default.is_some() && !dropped_anyway {
                parts.push(format!("{col} DROP DEFAULT"));
            }
            let using = using_cast(&D.quote_ident(name), &from.ty, &to.ty, &ty);
            parts.push(format!("{col} TYPE {ty} USING {using}"));
            if let Some(d) = to.default.as_ref().filter(|_| !changed.default) {
                parts.push(format!(
                    "{col} SET DEFAULT {}",
                    D.default_sql(d, &to.ty, &to.name)?
                ));
            }
        } else {
            parts.push(format!("{col} TYPE {ty}"));
        }
    }
    if changed.nullable {
        parts.push(format!(
            "{col} {}",
            if to.nullable {
                "DROP NOT NULL"
            } else {
                "SET NOT NULL"
            }
        ));
    }
    if changed.default {
        parts.push(match &to.default {
            Some(d) => format!("{col} SET DEFAULT {}", D.default_sql(d, &to.ty, &to.name)?),
            None => format!("{col} DROP DEFAULT"),
        });
    }
    if !dropping_identity {
        parts.extend(identity);
    }
    Ok((!parts.is_empty()).then(|| parts.join(", ")))
}
