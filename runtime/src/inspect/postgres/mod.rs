//! PostgreSQL inspection through `pg_catalog`, with a fixed number of queries (see
//! [`queries`]). Requires PostgreSQL 12 or newer (`attgenerated`).
//!
//! Limits: generated columns are read as plain columns; exclusion constraints are skipped;
//! unique constraints are read as unique indexes; foreign keys to other schemas keep only the
//! table name.

mod forms;
pub mod queries;

pub use forms::database_forms;

use std::collections::HashMap;

use postgres::types::ToSql;
use postgres::{GenericClient, Row};

use super::{InspectError, InspectOptions};
use crate::dialect::{Dialect, normalize_expr, parse_default};
use crate::schema::{
    Check, Column, ForeignKey, Identity, IdentityGeneration, Index, IndexKey, IndexPart,
    ReferenceAction, Schema, Table,
};
use queries::*;

const D: Dialect = Dialect::Postgres;

/// Reads the tables of a schema (the connection's current schema unless `opts.schema` is set).
pub fn inspect(
    client: &mut impl GenericClient,
    opts: &InspectOptions,
) -> Result<Schema, InspectError> {
    inspect_counted(client, opts).map(|(s, _)| s)
}

/// Like [`inspect`], also returning the number of queries run (for benchmarks and tests).
pub fn inspect_counted(
    client: &mut impl GenericClient,
    opts: &InspectOptions,
) -> Result<(Schema, usize), InspectError> {
    let mut count = 0;
    let mut run = |name: &'static str, sql: &str, params: &[&(dyn ToSql + Sync)]| {
        count += 1;
        client
            .query(sql, params)
            .map_err(|source| InspectError::Postgres {
                query: name,
                source,
            })
    };
    let schema = match &opts.schema {
        Some(s) => s.clone(),
        None => {
            let rows = run("CURRENT_SCHEMA_QUERY", CURRENT_SCHEMA_QUERY, &[])?;
            rows.first()
                .and_then(|r| r.try_get::<_, Option<String>>(0).ok().flatten())
                .ok_or(InspectError::NoSchema)?
        }
    };
    let tables: Option<Vec<String>> = opts.tables.clone();

    let mut out: Vec<Table> = Vec::new();
    let mut oids: Vec<u32> = Vec::new();
    for row in run("TABLES_QUERY", TABLES_QUERY, &[&schema, &tables])? {
        let q = "TABLES_QUERY";
        let mut t = Table::new(get::<String>(&row, "name", q)?);
        t.comment = get::<Option<String>>(&row, "comment", q)?.filter(|c| !c.is_empty());
        oids.push(get(&row, "oid", q)?);
        out.push(t);
    }
    // The other queries select by oid: the table filter above runs once.
    let pos: HashMap<u32, usize> = oids.iter().enumerate().map(|(i, &o)| (o, i)).collect();
    let params: [&(dyn ToSql + Sync); 1] = [&oids];
    let table_of = |row: &Row, q: &'static str| -> Result<Option<usize>, InspectError> {
        Ok(pos.get(&get::<u32>(row, "table_oid", q)?).copied())
    };

    for row in run("COLUMNS_QUERY", COLUMNS_QUERY, &params)? {
        let Some(ti) = table_of(&row, "COLUMNS_QUERY")? else {
            continue;
        };
        out[ti].columns.push(column(&row)?);
    }

    let mut current: Option<(usize, String)> = None;
    for row in run("INDEXES_QUERY", INDEXES_QUERY, &params)? {
        let q = "INDEXES_QUERY";
        let Some(ti) = table_of(&row, q)? else {
            continue;
        };
        let name: String = get(&row, "index_name", q)?;
        let column: Option<String> = get(&row, "column_name", q)?;
        if get::<bool>(&row, "is_primary", q)? {
            let column = column.ok_or_else(|| InspectError::Catalog {
                table: out[ti].name.clone(),
                detail: format!("primary key {name:?} has an expression part"),
            })?;
            out[ti].primary_key.push(column);
            continue;
        }
        if get::<Option<String>>(&row, "constraint_type", q)?.as_deref() == Some("x") {
            continue;
        }
        let part = IndexPart {
            key: match column {
                Some(c) => IndexKey::Column(c),
                None => IndexKey::Expr(normalize_expr(&get::<String>(&row, "expr", q)?)),
            },
            desc: get(&row, "descending", q)?,
        };
        if current.as_ref() == Some(&(ti, name.clone())) {
            if let Some(i) = out[ti].indexes.last_mut() {
                i.parts.push(part);
            }
            continue;
        }
        current = Some((ti, name.clone()));
        let method: String = get(&row, "method", q)?;
        out[ti].indexes.push(Index {
            name,
            unique: get(&row, "is_unique", q)?,
            parts: vec![part],
            predicate: get::<Option<String>>(&row, "predicate", q)?.map(|p| normalize_expr(&p)),
            method: (method != "btree").then_some(method),
        });
    }

    for row in run("FOREIGN_KEYS_QUERY", FOREIGN_KEYS_QUERY, &params)? {
        let q = "FOREIGN_KEYS_QUERY";
        let Some(ti) = table_of(&row, q)? else {
            continue;
        };
        let table = out[ti].name.clone();
        let action = |col: &str| -> Result<ReferenceAction, InspectError> {
            let code: String = get(&row, col, q)?;
            action_code(&code).ok_or_else(|| InspectError::Catalog {
                table: table.clone(),
                detail: format!("unknown foreign-key action code {code:?}"),
            })
        };
        let fk = ForeignKey {
            symbol: get(&row, "name", q)?,
            columns: get(&row, "columns", q)?,
            ref_table: get(&row, "ref_table", q)?,
            ref_columns: get(&row, "ref_columns", q)?,
            on_update: action("on_update")?,
            on_delete: action("on_delete")?,
        };
        out[ti].foreign_keys.push(fk);
    }

    for row in run("CHECKS_QUERY", CHECKS_QUERY, &params)? {
        let q = "CHECKS_QUERY";
        let Some(ti) = table_of(&row, q)? else {
            continue;
        };
        let expr: Option<String> = get(&row, "expr", q)?;
        out[ti].checks.push(Check {
            name: get(&row, "name", q)?,
            expr: normalize_expr(&expr.unwrap_or_default()),
        });
    }
    Ok((Schema { tables: out }.sorted(), count))
}

fn column(row: &Row) -> Result<Column, InspectError> {
    let q = "COLUMNS_QUERY";
    let ty = D.parse_type(&get::<String>(row, "type", q)?);
    let identity = match get::<String>(row, "identity", q)?.as_str() {
        "a" => Some(IdentityGeneration::Always),
        "d" => Some(IdentityGeneration::ByDefault),
        _ => None,
    }
    .map(|generation| -> Result<Identity, InspectError> {
        Ok(Identity {
            generation,
            start: get::<Option<i64>>(row, "identity_start", q)?.unwrap_or(1),
            increment: get::<Option<i64>>(row, "identity_increment", q)?.unwrap_or(1),
        })
    })
    .transpose()?;
    let default = match get::<Option<String>>(row, "default_expr", q)? {
        Some(d) if identity.is_none() => parse_default(&d, &ty),
        _ => None,
    };
    Ok(Column {
        name: get(row, "name", q)?,
        nullable: !get::<bool>(row, "not_null", q)?,
        default,
        identity,
        comment: get::<Option<String>>(row, "comment", q)?.filter(|c| !c.is_empty()),
        ty,
    })
}

/// `pg_constraint.confupdtype` / `confdeltype` codes.
fn action_code(code: &str) -> Option<ReferenceAction> {
    Some(match code {
        "a" | "" | " " => ReferenceAction::NoAction,
        "r" => ReferenceAction::Restrict,
        "c" => ReferenceAction::Cascade,
        "n" => ReferenceAction::SetNull,
        "d" => ReferenceAction::SetDefault,
        _ => return None,
    })
}

/// Reads a column, turning a type mismatch into an error that names the query.
fn get<T: for<'a> postgres::types::FromSql<'a>>(
    row: &Row,
    col: &str,
    query: &'static str,
) -> Result<T, InspectError> {
    row.try_get(col)
        .map_err(|source| InspectError::Postgres { query, source })
}
