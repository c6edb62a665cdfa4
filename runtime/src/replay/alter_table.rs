//! `ALTER TABLE`: add, drop, rename and change columns; add and drop constraints; rename the
//! table.

use sqlparser::ast::{AlterColumnOperation, AlterTable, AlterTableOperation, RenameTableNameKind};

use super::column::column;
use super::constraint;
use super::error::{StmtError, StmtResult};
use super::expr;
use super::model::Model;
use super::mysql;
use super::names::{ident, object};
use crate::dialect::Dialect;
use crate::schema::Table;

/// Applies each operation of `at` in order; `text` is the statement as written.
pub(crate) fn alter(model: &mut Model, at: &AlterTable, text: &str) -> StmtResult {
    let d = model.dialect;
    let mut name = object(d, &at.name)?;
    if at.if_exists && !model.has_table(&name) {
        return Ok(());
    }
    if d == Dialect::Mysql {
        return alter_mysql(model, name, &at.operations);
    }
    for op in in_execution_order(d, &at.operations) {
        match op {
            AlterTableOperation::RenameTable { table_name } => {
                let (RenameTableNameKind::To(to) | RenameTableNameKind::As(to)) = table_name;
                let to = object(d, to)?;
                model.rename_table(&name, &to)?;
                name = to;
            }
            other => operation(model, &name, other, text)?,
        }
    }
    Ok(())
}

/// MySQL runs an `ALTER TABLE` as one change of the table, checked as a whole (see
/// [`mysql::Alter`]); operations are applied in the written order.
fn alter_mysql(model: &mut Model, mut name: String, ops: &[AlterTableOperation]) -> StmtResult {
    let d = Dialect::Mysql;
    let mut table = model.table(&name)?.clone();
    let mut alter = mysql::Alter::new(&table, model.generated_of(&name));
    for op in ops {
        match op {
            AlterTableOperation::RenameTable { table_name } => {
                let (RenameTableNameKind::To(to) | RenameTableNameKind::As(to)) = table_name;
                let to = object(d, to)?;
                *model.table_mut(&name)? = table;
                model.set_generated(&name, alter.generated.clone());
                model.rename_table(&name, &to)?;
                name = to;
                table = model.table(&name)?.clone();
                continue;
            }
            AlterTableOperation::AddColumn {
                column_def,
                if_not_exists,
                column_position,
                ..
            } => {
                if *if_not_exists && table.get_column(&ident(d, &column_def.name)).is_some() {
                    continue;
                }
                mysql::place_column(&mut table, column_def, None, column_position.as_ref())?;
            }
            AlterTableOperation::ModifyColumn {
                col_name,
                data_type,
                options,
                column_position,
            } => {
                let def = column_def(col_name, data_type, options);
                let old = ident(d, col_name);
                mysql::place_column(&mut table, &def, Some(&old), column_position.as_ref())?;
            }
            AlterTableOperation::ChangeColumn {
                old_name,
                new_name,
                data_type,
                options,
                column_position,
            } => {
                let (old, new) = (ident(d, old_name), ident(d, new_name));
                if old != new {
                    rename_column(d, &mut table, &old, &new)?;
                    model.rename_referenced_column(&name, &old, &new);
                }
                let def = column_def(new_name, data_type, options);
                mysql::place_column(&mut table, &def, Some(&new), column_position.as_ref())?;
            }
            AlterTableOperation::RenameColumn {
                old_column_name,
                new_column_name,
            } => {
                let (old, new) = (ident(d, old_column_name), ident(d, new_column_name));
                rename_column(d, &mut table, &old, &new)?;
                model.rename_referenced_column(&name, &old, &new);
            }
            AlterTableOperation::DropColumn {
                column_names,
                if_exists,
                ..
            } => {
                for c in column_names {
                    let c = ident(d, c);
                    if *if_exists && table.get_column(&c).is_none() {
                        continue;
                    }
                    if table.get_column(&c).is_none() {
                        return Err(StmtError::invalid(format!(
                            "column `{c}` of table `{name}` does not exist"
                        )));
                    }
                    mysql::drop_column(&mut table, &c)?;
                }
            }
            AlterTableOperation::AlterColumn {
                column_name,
                op:
                    op @ (AlterColumnOperation::SetDefault { .. } | AlterColumnOperation::DropDefault),
            } => alter_column(d, &mut table, &ident(d, column_name), op)?,
            AlterTableOperation::AddConstraint {
                constraint,
                not_valid: false,
            } => mysql::add_constraint(&mut table, constraint)?,
            AlterTableOperation::DropConstraint {
                if_exists, name: c, ..
            } => {
                let c = ident(d, c);
                if table.checks.iter().any(|k| k.name == c) {
                    table.checks.retain(|k| k.name != c);
                } else if table.foreign_keys.iter().any(|k| k.symbol == c) {
                    alter.drop_foreign_key(&mut table, &c)?;
                } else if !*if_exists {
                    return Err(StmtError::invalid(format!(
                        "constraint `{c}` of table `{name}` does not exist"
                    )));
                }
            }
            AlterTableOperation::DropForeignKey { name: fk, .. } => {
                alter.drop_foreign_key(&mut table, &ident(d, fk))?;
            }
            AlterTableOperation::DropIndex { name: i } => {
                alter.drop_index(&mut table, &ident(d, i))?;
            }
            AlterTableOperation::DropPrimaryKey { .. } => table.primary_key.clear(),
            op if mysql::ignorable(op) => {}
            other => {
                return Err(StmtError::unsupported(format!(
                    "the ALTER TABLE operation `{other}`"
                )));
            }
        }
        alter.settle(&mut table);
    }
    let generated = alter.finish(&table)?;
    model.set_generated(&name, generated);
    *model.table_mut(&name)? = table;
    Ok(())
}

/// The column definition `MODIFY` and `CHANGE` restate.
fn column_def(
    name: &sqlparser::ast::Ident,
    data_type: &sqlparser::ast::DataType,
    options: &[sqlparser::ast::ColumnOption],
) -> sqlparser::ast::ColumnDef {
    sqlparser::ast::ColumnDef {
        name: name.clone(),
        data_type: data_type.clone(),
        options: options
            .iter()
            .map(|o| sqlparser::ast::ColumnOptionDef {
                name: None,
                option: o.clone(),
            })
            .collect(),
    }
}

/// PostgreSQL runs the subcommands of one `ALTER TABLE` in passes, not as written: drops, type
/// changes, added columns, column attributes, then constraints (so a constraint may name a
/// column added after it in the text). Within a pass the written order holds.
fn in_execution_order(d: Dialect, ops: &[AlterTableOperation]) -> Vec<&AlterTableOperation> {
    let pass = |op: &AlterTableOperation| match op {
        AlterTableOperation::DropColumn { .. } | AlterTableOperation::DropConstraint { .. } => 0,
        AlterTableOperation::AlterColumn {
            op: AlterColumnOperation::DropNotNull | AlterColumnOperation::DropDefault,
            ..
        } => 0,
        AlterTableOperation::AlterColumn {
            op: AlterColumnOperation::SetDataType { .. },
            ..
        } => 1,
        AlterTableOperation::AddColumn { .. } => 2,
        AlterTableOperation::AlterColumn { .. } => 3,
        AlterTableOperation::AddConstraint { .. } => 4,
        _ => 5,
    };
    let mut ops: Vec<&AlterTableOperation> = ops.iter().collect();
    if d == Dialect::Postgres {
        ops.sort_by_key(|op| pass(op));
    }
    ops
}

fn operation(model: &mut Model, name: &str, op: &AlterTableOperation, text: &str) -> StmtResult {
    let d = model.dialect;
    // Work on a copy so constraint naming can see the rest of the model.
    let mut table = model.table(name)?.clone();
    match op {
        AlterTableOperation::AddColumn {
            column_def,
            if_not_exists,
            column_position: None,
            ..
        } => {
            let mut parsed = column(d, column_def)?;
            if parsed.serial {
                model.serial(name, &mut parsed.column)?;
            }
            if table.get_column(&parsed.column.name).is_some() {
                if *if_not_exists {
                    return Ok(());
                }
                return Err(StmtError::invalid(format!(
                    "column `{}` of table `{name}` already exists",
                    parsed.column.name
                )));
            }
            if parsed.primary_key {
                return Err(StmtError::unsupported("adding a PRIMARY KEY column"));
            }
            table.columns.push(parsed.column);
            let mut checks = added_column_checks(d, text).into_iter();
            let mut autoindex = u32::MAX / 2;
            for c in &parsed.constraints {
                if d == Dialect::Sqlite && matches!(c, sqlparser::ast::TableConstraint::Unique(_)) {
                    return Err(StmtError::invalid("SQLite cannot add a UNIQUE column"));
                }
                let check = match c {
                    sqlparser::ast::TableConstraint::Check(_) => checks.next(),
                    _ => None,
                };
                constraint::add(model, &mut table, c, check, &mut autoindex)?;
            }
        }
        AlterTableOperation::DropColumn {
            column_names,
            if_exists,
            ..
        } => {
            for c in column_names {
                let c = ident(d, c);
                if table.get_column(&c).is_none() {
                    if *if_exists {
                        continue;
                    }
                    return Err(StmtError::invalid(format!(
                        "column `{c}` of table `{name}` does not exist"
                    )));
                }
                drop_column(d, &mut table, &c)?;
                model.drop_sequence_of(name, &c);
            }
        }
        AlterTableOperation::RenameColumn {
            old_column_name,
            new_column_name,
        } => rename_column(
            d,
            &mut table,
            &ident(d, old_column_name),
            &ident(d, new_column_name),
        )?,
        AlterTableOperation::AlterColumn { column_name, op } if d == Dialect::Postgres => {
            alter_column(d, &mut table, &ident(d, column_name), op)?
        }
        AlterTableOperation::AddConstraint {
            constraint: c,
            not_valid: false,
        } if d == Dialect::Postgres => {
            let mut none = 0;
            constraint::add(model, &mut table, c, None, &mut none)?;
        }
        AlterTableOperation::DropConstraint {
            if_exists, name: c, ..
        } if d == Dialect::Postgres => {
            let c = ident(d, c);
            let before = (
                table.checks.len(),
                table.foreign_keys.len(),
                table.indexes.len(),
            );
            table.checks.retain(|k| k.name != c);
            table.foreign_keys.retain(|k| k.symbol != c);
            // A UNIQUE constraint is read back as its index.
            table.indexes.retain(|i| !(i.unique && i.name == c));
            let after = (
                table.checks.len(),
                table.foreign_keys.len(),
                table.indexes.len(),
            );
            if before == after && !*if_exists {
                return Err(StmtError::invalid(format!(
                    "constraint `{c}` of table `{name}` does not exist"
                )));
            }
        }
        other => {
            return Err(StmtError::unsupported(format!(
                "the ALTER TABLE operation `{other}`"
            )));
        }
    }
    *model.table_mut(name)? = table;
    Ok(())
}

/// SQLite appends an added column's definition to the stored `CREATE TABLE` text, so its
/// CHECK constraints are read as the inspector reads them: from the text as written.
fn added_column_checks(d: Dialect, text: &str) -> Vec<crate::schema::Check> {
    let toks = crate::dialect::lexer::significant(text);
    let Some(add) = toks.iter().position(|t| t.is_word(text, "ADD")) else {
        return Vec::new();
    };
    let mut from = add + 1;
    if toks.get(from).is_some_and(|t| t.is_word(text, "COLUMN")) {
        from += 1;
    }
    let Some(start) = toks.get(from) else {
        return Vec::new();
    };
    let body = text[start.start..].trim().trim_end_matches(';');
    super::create_table::sqlite_checks(d, &format!("CREATE TABLE t ({body})"))
}

/// Drops a column; PostgreSQL drops the indexes and constraints that use it too (SQLite
/// refuses to drop such a column, which the dev database would report).
fn drop_column(d: Dialect, table: &mut Table, col: &str) -> StmtResult {
    if table.in_primary_key(col) {
        return Err(StmtError::unsupported("dropping a primary-key column"));
    }
    if d == Dialect::Sqlite && uses(d, table, col) {
        return Err(StmtError::invalid(format!(
            "SQLite cannot drop column `{col}`: an index or constraint uses it"
        )));
    }
    table.indexes.retain(|i| {
        !i.column_names().any(|c| c == col)
            && !i
                .parts
                .iter()
                .any(|p| matches!(&p.key, crate::schema::IndexKey::Expr(e) if mentions(d, e, col)))
            && !i.predicate.as_deref().is_some_and(|p| mentions(d, p, col))
    });
    table
        .foreign_keys
        .retain(|f| !f.columns.iter().any(|c| c == col));
    table.checks.retain(|c| !mentions(d, &c.expr, col));
    table.columns.retain(|c| c.name != col);
    Ok(())
}

/// Renames a column. Expressions that mention it would be rewritten by the database in its own
/// way; those are refused.
fn rename_column(d: Dialect, table: &mut Table, from: &str, to: &str) -> StmtResult {
    if table.get_column(from).is_none() {
        return Err(StmtError::invalid(format!(
            "column `{from}` of table `{}` does not exist",
            table.name
        )));
    }
    if table.get_column(to).is_some() {
        return Err(StmtError::invalid(format!(
            "column `{to}` of table `{}` already exists",
            table.name
        )));
    }
    let in_expr = table.checks.iter().any(|c| mentions(d, &c.expr, from))
        || table.indexes.iter().any(|i| {
            i.predicate.as_deref().is_some_and(|p| mentions(d, p, from))
                || i.parts.iter().any(
                    |p| matches!(&p.key, crate::schema::IndexKey::Expr(e) if mentions(d, e, from)),
                )
        });
    if in_expr {
        return Err(StmtError::unsupported(format!(
            "renaming column `{from}`, which a CHECK or index expression uses (the database rewrites the expression)"
        )));
    }
    let rename = |c: &mut String| {
        if c == from {
            *c = to.to_owned();
        }
    };
    for c in &mut table.columns {
        rename(&mut c.name);
    }
    table.primary_key.iter_mut().for_each(rename);
    for i in &mut table.indexes {
        for p in &mut i.parts {
            if let crate::schema::IndexKey::Column(c) = &mut p.key {
                rename(c);
            }
        }
    }
    for f in &mut table.foreign_keys {
        f.columns.iter_mut().for_each(rename);
        if f.ref_table == table.name {
            f.ref_columns.iter_mut().for_each(rename);
        }
    }
    Ok(())
}

/// PostgreSQL's `ALTER COLUMN`.
fn alter_column(
    d: Dialect,
    table: &mut Table,
    name: &str,
    op: &AlterColumnOperation,
) -> StmtResult {
    let in_pk = table.in_primary_key(name);
    let col = table
        .columns
        .iter_mut()
        .find(|c| c.name == name)
        .ok_or_else(|| StmtError::invalid(format!("column `{name}` does not exist")))?;
    match op {
        AlterColumnOperation::SetNotNull => col.nullable = false,
        AlterColumnOperation::DropNotNull if in_pk || col.identity.is_some() => {
            return Err(StmtError::invalid(format!(
                "column `{name}` is in a primary key or an identity column"
            )));
        }
        AlterColumnOperation::DropNotNull => col.nullable = true,
        AlterColumnOperation::SetDefault { value } => {
            col.default = expr::default(d, value, &col.ty)?;
        }
        AlterColumnOperation::DropDefault => col.default = None,
        AlterColumnOperation::SetDataType {
            data_type,
            using: None,
            ..
        } => {
            col.ty = d.parse_type(&data_type.to_string());
            // The stored default is re-typed by the server; only literals can be re-read.
            if let Some(crate::schema::DefaultValue::Literal(l)) = col.default.clone() {
                col.default = Some(crate::schema::DefaultValue::Literal(
                    crate::dialect::expr::canonical_literal(l, &col.ty),
                ));
            } else if col.default.is_some() {
                return Err(StmtError::unsupported(
                    "changing the type of a column whose default is an expression",
                ));
            }
        }
        other => {
            return Err(StmtError::unsupported(format!(
                "the ALTER COLUMN operation `{other}`"
            )));
        }
    }
    Ok(())
}

/// Whether an index or constraint of `table` uses `col`.
fn uses(d: Dialect, table: &Table, col: &str) -> bool {
    table.indexes.iter().any(|i| {
        i.column_names().any(|c| c == col)
            || i.predicate.as_deref().is_some_and(|p| mentions(d, p, col))
            || i.parts
                .iter()
                .any(|p| matches!(&p.key, crate::schema::IndexKey::Expr(e) if mentions(d, e, col)))
    }) || table
        .foreign_keys
        .iter()
        .any(|f| f.columns.iter().any(|c| c == col))
        || table.checks.iter().any(|c| mentions(d, &c.expr, col))
}

/// Whether the expression text names the column.
fn mentions(d: Dialect, text: &str, col: &str) -> bool {
    let probe = Table::new("").column(crate::schema::Column::new(
        col,
        crate::schema::ColumnType::Text,
    ));
    !expr::columns_in(d, &probe, text).is_empty()
}
