//! `CREATE TABLE`: columns, then inline and table constraints in the order the database
//! processes them (which decides SQLite's `sqlite_autoindex_*` numbers).

use sqlparser::ast::{CreateTable, TableConstraint};

use super::column::column;
use super::constraint;
use super::error::{StmtError, StmtResult};
use super::model::Model;
use super::names::object;
use crate::dialect::Dialect;
use crate::schema::{Check, Table};

/// Adds the table `ct` creates; `text` is the statement as written.
pub(crate) fn create(model: &mut Model, ct: &CreateTable, text: &str) -> StmtResult {
    let d = model.dialect;
    if ct.query.is_some() || ct.like.is_some() || ct.clone.is_some() || ct.temporary {
        return Err(StmtError::unsupported(
            "CREATE TABLE … AS, LIKE, CLONE or TEMPORARY",
        ));
    }
    let mysql_options = match (&ct.table_options, d) {
        (sqlparser::ast::CreateTableOptions::Plain(o), Dialect::Mysql) => {
            super::mysql::table_options(o)?;
            true
        }
        _ => false,
    };
    let plain = (mysql_options
        || matches!(ct.table_options, sqlparser::ast::CreateTableOptions::None))
        && ct.sqlite_table_options.options.is_empty()
        && ct.partition_by.is_none()
        && ct.partition_of.is_none()
        && ct.inherits.is_none()
        && !ct.unlogged;
    if !plain {
        return Err(StmtError::unsupported(
            "table options (WITHOUT ROWID, STRICT, WITH, PARTITION, INHERITS, UNLOGGED)",
        ));
    }
    let mut table = Table::new(object(d, &ct.name)?);
    if ct.if_not_exists && model.has_table(&table.name) {
        return Ok(());
    }
    let mut constraints: Vec<TableConstraint> = Vec::new();
    let mut inline_pk = Vec::new();
    for def in &ct.columns {
        let mut parsed = column(d, def)?;
        if parsed.serial {
            model.serial(&table.name, &mut parsed.column)?;
        }
        if table.get_column(&parsed.column.name).is_some() {
            return Err(StmtError::invalid(format!(
                "column `{}` is declared twice",
                parsed.column.name
            )));
        }
        if parsed.primary_key {
            inline_pk.push(parsed.column.name.clone());
        }
        table.columns.push(parsed.column);
        // SQLite numbers autoindexes as it reads: a column's PRIMARY KEY, then its UNIQUE.
        if parsed.primary_key {
            constraints.push(TableConstraint::PrimaryKey(primary_key(&def.name)));
        }
        constraints.extend(parsed.constraints);
    }
    constraints.extend(ct.constraints.iter().cloned());
    let mut sqlite_checks = sqlite_checks(d, text).into_iter();
    let mut autoindex = 0;
    for c in &constraints {
        if d == Dialect::Mysql {
            super::mysql::add_constraint(&mut table, c)?;
            continue;
        }
        let check = match c {
            TableConstraint::Check(_) => sqlite_checks.next(),
            _ => None,
        };
        constraint::add(model, &mut table, c, check, &mut autoindex)?;
    }
    if inline_pk.len() > 1 {
        return Err(StmtError::invalid("two columns are declared PRIMARY KEY"));
    }
    model.create(table, ct.if_not_exists)
}

/// The CHECK constraints as the SQLite inspector reads them from the stored text, in
/// declaration order; none on PostgreSQL, which prints its own form.
#[cfg(feature = "sqlite")]
pub(crate) fn sqlite_checks(d: Dialect, text: &str) -> Vec<Check> {
    match d {
        Dialect::Sqlite => crate::inspect::sqlite::ddl::parse_create_table(text).checks,
        Dialect::Postgres | Dialect::Mysql => Vec::new(),
    }
}

#[cfg(not(feature = "sqlite"))]
pub(crate) fn sqlite_checks(_: Dialect, _: &str) -> Vec<Check> {
    Vec::new()
}

fn primary_key(col: &sqlparser::ast::Ident) -> sqlparser::ast::PrimaryKeyConstraint {
    sqlparser::ast::PrimaryKeyConstraint {
        name: None,
        index_name: None,
        index_type: None,
        columns: vec![sqlparser::ast::IndexColumn {
            column: sqlparser::ast::OrderByExpr {
                expr: sqlparser::ast::Expr::Identifier(col.clone()),
                options: Default::default(),
                with_fill: None,
            },
            operator_class: None,
        }],
        include: Vec::new(),
        index_options: Vec::new(),
        characteristics: None,
    }
}
