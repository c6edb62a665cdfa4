//! Table constraints (`PRIMARY KEY`, `UNIQUE`, `FOREIGN KEY`, `CHECK`) onto a table, with the
//! names the database would give them.

use sqlparser::ast::{ReferentialAction, TableConstraint};

use super::error::{StmtError, StmtResult};
use super::expr;
use super::index::column_parts;
use super::model::Model;
use super::names::{ident, idents, object, postgres_constraint_name};
use crate::dialect::Dialect;
use crate::schema::{Check, ForeignKey, Index, ReferenceAction, Table};

/// Adds `constraint` to `table`. `sqlite_checks` are the CHECK texts the inspector's DDL reader
/// found in the stored statement (SQLite keeps the text as written); `autoindex` numbers
/// SQLite's indexes for `UNIQUE` constraints.
pub(crate) fn add(
    model: &Model,
    table: &mut Table,
    constraint: &TableConstraint,
    sqlite_check: Option<Check>,
    autoindex: &mut u32,
) -> StmtResult {
    let d = model.dialect;
    match constraint {
        TableConstraint::PrimaryKey(pk) => {
            if !table.primary_key.is_empty() {
                return Err(StmtError::invalid(format!(
                    "table `{}` has two primary keys",
                    table.name
                )));
            }
            let parts = column_parts(d, table, &pk.columns)?;
            table.primary_key = parts;
            if d == Dialect::Sqlite && !is_rowid_alias(table) {
                *autoindex += 1;
            }
        }
        TableConstraint::Unique(u) => {
            let columns = column_parts(d, table, &u.columns)?;
            let name = match (d, &u.name) {
                (Dialect::Sqlite, _) => {
                    *autoindex += 1;
                    format!("sqlite_autoindex_{}_{}", table.name, autoindex)
                }
                (_, Some(n)) => ident(d, n),
                (_, None) => postgres_constraint_name(&table.name, &columns, "key", |n| {
                    model.constraint_taken(table, n)
                })?,
            };
            model.check_index_name_free(&name)?;
            table.indexes.push(Index::new(name, columns).unique());
        }
        TableConstraint::ForeignKey(fk) => {
            let columns = idents(d, &fk.columns);
            for c in &columns {
                known_column(table, c)?;
            }
            let symbol = match (d, &fk.name) {
                (_, Some(n)) => ident(d, n),
                (Dialect::Sqlite, None) => String::new(),
                (_, None) => postgres_constraint_name(&table.name, &columns, "fkey", |n| {
                    model.constraint_taken(table, n)
                })?,
            };
            let ref_table = object(d, &fk.foreign_table)?;
            if d == Dialect::Postgres && ref_table != table.name && !model.has_table(&ref_table) {
                return Err(StmtError::invalid(format!(
                    "table `{ref_table}` does not exist"
                )));
            }
            table.foreign_keys.push(ForeignKey {
                symbol,
                columns,
                ref_table,
                ref_columns: idents(d, &fk.referred_columns),
                on_delete: action(fk.on_delete)?,
                on_update: action(fk.on_update)?,
            });
        }
        TableConstraint::Check(ck) => {
            let check = match sqlite_check {
                Some(c) => c,
                None if d == Dialect::Sqlite => Check {
                    name: ck.name.as_ref().map(|n| ident(d, n)).unwrap_or_default(),
                    expr: crate::dialect::normalize_expr(&ck.expr.to_string()),
                },
                None => {
                    let text = expr::postgres_condition(table, &ck.expr, "check")?;
                    let name = match &ck.name {
                        Some(n) => ident(d, n),
                        None => {
                            let cols = expr::columns_in(d, table, &text);
                            let cols = if cols.len() == 1 { cols } else { Vec::new() };
                            postgres_constraint_name(&table.name, &cols, "check", |n| {
                                model.constraint_taken(table, n)
                            })?
                        }
                    };
                    Check::new(name, text)
                }
            };
            table.checks.push(check);
        }
        other => {
            return Err(StmtError::unsupported(format!(
                "the table constraint `{other}`"
            )));
        }
    }
    Ok(())
}

/// SQLite: a single-column `INTEGER PRIMARY KEY` is the rowid and gets no index.
pub(crate) fn is_rowid_alias(table: &Table) -> bool {
    match table.primary_key.as_slice() {
        [pk] => table.get_column(pk).is_some_and(|c| {
            matches!(&c.ty, crate::schema::ColumnType::Int { .. })
                && crate::dialect::Dialect::Sqlite.render_type(&c.ty) == "integer"
        }),
        _ => false,
    }
}

fn known_column(table: &Table, name: &str) -> StmtResult {
    if table.get_column(name).is_none() {
        return Err(StmtError::invalid(format!(
            "column `{name}` of table `{}` does not exist",
            table.name
        )));
    }
    Ok(())
}

pub(crate) fn action(a: Option<ReferentialAction>) -> StmtResult<ReferenceAction> {
    Ok(match a {
        None | Some(ReferentialAction::NoAction) => ReferenceAction::NoAction,
        Some(ReferentialAction::Restrict) => ReferenceAction::Restrict,
        Some(ReferentialAction::Cascade) => ReferenceAction::Cascade,
        Some(ReferentialAction::SetNull) => ReferenceAction::SetNull,
        Some(ReferentialAction::SetDefault) => ReferenceAction::SetDefault,
    })
}
