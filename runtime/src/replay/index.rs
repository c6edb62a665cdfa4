//! `CREATE [UNIQUE] INDEX`, `DROP INDEX`, `ALTER INDEX … RENAME TO`.

use sqlparser::ast::{CreateIndex, Expr, IndexColumn, IndexType, OrderBySort};

use super::error::{StmtError, StmtResult};
use super::expr;
use super::model::Model;
use super::names::{ident, object};
use crate::dialect::Dialect;
use crate::schema::{Index, IndexKey, IndexPart, Table};

/// `CREATE INDEX`; `text` is the statement as written (SQLite keeps it, and the inspector reads
/// expression parts and predicates from it).
pub(crate) fn create(model: &mut Model, ci: &CreateIndex, text: &str) -> StmtResult {
    let d = model.dialect;
    if d == Dialect::Mysql {
        // Per-table names, and the index the server makes for a foreign key.
        return super::mysql::create_index(model, ci);
    }
    let name = match &ci.name {
        Some(n) => object(d, n)?,
        None => return Err(StmtError::unsupported("an index without a name")),
    };
    if ci.if_not_exists && model.index_table(&name).is_some() {
        return Ok(());
    }
    if !ci.include.is_empty() || ci.nulls_distinct.is_some() || !ci.with.is_empty() {
        return Err(StmtError::unsupported(
            "INCLUDE, NULLS DISTINCT or WITH on an index",
        ));
    }
    let table_name = object(d, &ci.table_name)?;
    model.check_index_name_free(&name)?;
    let table = model.table(&table_name)?;
    let index = match d {
        Dialect::Postgres => postgres_index(table, ci, name)?,
        Dialect::Sqlite => sqlite_index(table, ci, name, text)?,
        Dialect::Mysql => unreachable!("MySQL's CREATE INDEX returned above"),
    };
    model.table_mut(&table_name)?.indexes.push(index);
    Ok(())
}

fn postgres_index(table: &Table, ci: &CreateIndex, name: String) -> StmtResult<Index> {
    let mut parts = Vec::new();
    for c in &ci.columns {
        if c.operator_class.is_some() {
            return Err(StmtError::unsupported("an operator class on an index part"));
        }
        let column = plain_column(Dialect::Postgres, table, &c.column.expr).ok_or_else(|| {
            StmtError::unsupported(format!(
                "PostgreSQL stores the index expression `{}` in its own spelling, which cannot be predicted offline",
                c.column.expr
            ))
        })?;
        parts.push(IndexPart {
            key: IndexKey::Column(column),
            desc: is_desc(c)?,
        });
    }
    let predicate = ci
        .predicate
        .as_ref()
        .map(|p| expr::postgres_condition(table, p, "index predicate"))
        .transpose()?;
    let method = match &ci.using {
        None | Some(IndexType::BTree) => None,
        Some(IndexType::Custom(m)) => Some(m.value.to_ascii_lowercase()),
        Some(other) => Some(other.to_string().to_ascii_lowercase()),
    }
    .filter(|m| m != "btree");
    Ok(Index {
        name,
        unique: ci.unique,
        parts,
        predicate,
        method,
    })
}

#[cfg(feature = "sqlite")]
fn sqlite_index(table: &Table, ci: &CreateIndex, name: String, text: &str) -> StmtResult<Index> {
    if ci.using.is_some() {
        return Err(StmtError::invalid("SQLite has no index methods (USING)"));
    }
    // The inspector reads expression parts and the predicate from the stored text.
    let stored = crate::inspect::sqlite::ddl::parse_create_index(text);
    let mut parts = Vec::new();
    for (i, c) in ci.columns.iter().enumerate() {
        let key = match plain_column(Dialect::Sqlite, table, &c.column.expr) {
            Some(col) => IndexKey::Column(col),
            None => IndexKey::Expr(stored.parts.get(i).cloned().ok_or_else(|| {
                StmtError::unsupported(format!("the index part `{}`", c.column.expr))
            })?),
        };
        parts.push(IndexPart {
            key,
            desc: is_desc(c)?,
        });
    }
    Ok(Index {
        name,
        unique: ci.unique,
        parts,
        predicate: ci.predicate.as_ref().and(stored.predicate),
        method: None,
    })
}

#[cfg(not(feature = "sqlite"))]
fn sqlite_index(_: &Table, _: &CreateIndex, _: String, _: &str) -> StmtResult<Index> {
    Err(StmtError::unsupported(
        "SQLite (this build has no SQLite support)",
    ))
}

/// Key columns of a constraint (`PRIMARY KEY (a, b)`, `UNIQUE (a)`), checked to exist.
pub(crate) fn column_parts(
    d: Dialect,
    table: &Table,
    columns: &[IndexColumn],
) -> StmtResult<Vec<String>> {
    columns
        .iter()
        .map(|c| {
            plain_column(d, table, &c.column.expr).ok_or_else(|| {
                StmtError::invalid(format!(
                    "`{}` is not a column of table `{}`",
                    c.column.expr, table.name
                ))
            })
        })
        .collect()
}

/// The table's name for a part that is a plain column reference (SQLite matches names without
/// regard to case and reports the declared spelling).
fn plain_column(d: Dialect, table: &Table, e: &Expr) -> Option<String> {
    let id = match e {
        Expr::Identifier(id) => id,
        Expr::Nested(inner) if d == Dialect::Sqlite => return plain_column(d, table, inner),
        _ => return None,
    };
    let name = ident(d, id);
    table
        .columns
        .iter()
        .find(|c| c.name == name || (d == Dialect::Sqlite && c.name.eq_ignore_ascii_case(&name)))
        .map(|c| c.name.clone())
}

fn is_desc(c: &IndexColumn) -> StmtResult<bool> {
    if c.column.options.nulls_first.is_some() {
        return Err(StmtError::unsupported(
            "NULLS FIRST / LAST on an index part",
        ));
    }
    match &c.column.options.sort {
        None | Some(OrderBySort::Asc) => Ok(false),
        Some(OrderBySort::Desc) => Ok(true),
        Some(other) => Err(StmtError::unsupported(format!(
            "the index ordering `{other:?}`"
        ))),
    }
}

/// `DROP INDEX [IF EXISTS] name`.
pub(crate) fn drop(model: &mut Model, name: &str, if_exists: bool) -> StmtResult {
    match model.index_table(name) {
        Some(t) => {
            model.table_mut(&t)?.indexes.retain(|i| i.name != name);
            Ok(())
        }
        None if if_exists => Ok(()),
        None => Err(StmtError::invalid(format!("index `{name}` does not exist"))),
    }
}

/// `ALTER INDEX from RENAME TO to`.
pub(crate) fn rename(model: &mut Model, from: &str, to: &str) -> StmtResult {
    let t = model
        .index_table(from)
        .ok_or_else(|| StmtError::invalid(format!("index `{from}` does not exist")))?;
    model.check_index_name_free(to)?;
    for i in &mut model.table_mut(&t)?.indexes {
        if i.name == from {
            i.name = to.to_owned();
        }
    }
    Ok(())
}
