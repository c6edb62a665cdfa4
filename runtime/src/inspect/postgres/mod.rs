//! PostgreSQL inspection through `pg_catalog`, with a fixed number of queries (see
//! [`queries`]). Requires PostgreSQL 12 or newer (`attgenerated`).
//!
//! Limits: generated columns are read as plain columns; exclusion constraints are skipped;
//! unique constraints are read as unique indexes; foreign keys to other schemas keep only the
//! table name.

mod forms;
pub mod queries;

pub use forms::database_forms;
pub(crate) use forms::database_forms_on;

use std::collections::HashMap;

use super::rows::Rec;
use super::{InspectError, InspectOptions};
use crate::dialect::{Dialect, normalize_expr, parse_default};
use crate::driver::{Driver, Io, now};
use crate::schema::{
    Check, Column, ForeignKey, Identity, IdentityGeneration, Index, IndexKey, IndexPart,
    ReferenceAction, Schema, Table,
};
use crate::value::Value;
use queries::*;

const D: Dialect = Dialect::Postgres;

/// Reads the tables of a schema (the connection's current schema unless `opts.schema` is set).
pub fn inspect(driver: &mut Driver, opts: &InspectOptions) -> Result<Schema, InspectError> {
    now(inspect_on(driver, opts))
}

/// Like [`inspect`], also returning the number of queries run (for benchmarks and tests).
pub fn inspect_counted(
    driver: &mut Driver,
    opts: &InspectOptions,
) -> Result<(Schema, usize), InspectError> {
    now(inspect_counted_on(driver, opts))
}

/// [`inspect`] on any connection.
pub(crate) async fn inspect_on<D: Io>(
    driver: &mut D,
    opts: &InspectOptions,
) -> Result<Schema, InspectError> {
    inspect_counted_on(driver, opts).await.map(|(s, _)| s)
}

/// [`inspect_counted`] on any connection.
pub(crate) async fn inspect_counted_on<D: Io>(
    driver: &mut D,
    opts: &InspectOptions,
) -> Result<(Schema, usize), InspectError> {
    let mut count = 0;
    // One catalog query, counted, named after its constant in errors.
    macro_rules! run {
        ($query:ident, $args:expr) => {{
            count += 1;
            super::rows::run(driver, stringify!($query), $query, $args).await
        }};
    }
    let schema = match &opts.schema {
        Some(s) => s.clone(),
        None => {
            let rows = run!(CURRENT_SCHEMA_QUERY, Vec::new())?;
            rows.iter()
                .next()
                .map(|r| r.at::<Option<String>>(0))
                .transpose()?
                .flatten()
                .ok_or(InspectError::NoSchema)?
        }
    };
    let tables = match &opts.tables {
        Some(ts) => Value::Array(ts.iter().map(Value::from).collect()),
        None => Value::Null,
    };

    let mut out: Vec<Table> = Vec::new();
    let mut oids: Vec<u32> = Vec::new();
    for row in run!(TABLES_QUERY, vec![Value::from(&schema), tables])?.iter() {
        let mut t = Table::new(row.get::<String>("name")?);
        t.comment = row
            .get::<Option<String>>("comment")?
            .filter(|c| !c.is_empty());
        oids.push(row.get("oid")?);
        out.push(t);
    }
    // The other queries select by oid: the table filter above runs once.
    let pos: HashMap<u32, usize> = oids.iter().enumerate().map(|(i, &o)| (o, i)).collect();
    let params = || vec![Value::Array(oids.iter().map(|&o| Value::U32(o)).collect())];
    let table_of = |row: &Rec<'_>| -> Result<Option<usize>, InspectError> {
        Ok(pos.get(&row.get::<u32>("table_oid")?).copied())
    };

    for row in run!(COLUMNS_QUERY, params())?.iter() {
        let Some(ti) = table_of(&row)? else {
            continue;
        };
        out[ti].columns.push(column(&row)?);
    }

    let mut current: Option<(usize, String)> = None;
    for row in run!(INDEXES_QUERY, params())?.iter() {
        let Some(ti) = table_of(&row)? else {
            continue;
        };
        let name: String = row.get("index_name")?;
        let column: Option<String> = row.get("column_name")?;
        if row.get::<bool>("is_primary")? {
            let column = column.ok_or_else(|| InspectError::Catalog {
                table: out[ti].name.clone(),
                detail: format!("primary key {name:?} has an expression part"),
            })?;
            out[ti].primary_key.push(column);
            continue;
        }
        if row.get::<Option<String>>("constraint_type")?.as_deref() == Some("x") {
            continue;
        }
        let part = IndexPart {
            key: match column {
                Some(c) => IndexKey::Column(c),
                None => IndexKey::Expr(normalize_expr(&row.get::<String>("expr")?)),
            },
            desc: row.get("descending")?,
        };
        if current.as_ref() == Some(&(ti, name.clone())) {
            if let Some(i) = out[ti].indexes.last_mut() {
                i.parts.push(part);
            }
            continue;
        }
        current = Some((ti, name.clone()));
        let method: String = row.get("method")?;
        out[ti].indexes.push(Index {
            name,
            unique: row.get("is_unique")?,
            parts: vec![part],
            predicate: row
                .get::<Option<String>>("predicate")?
                .map(|p| normalize_expr(&p)),
            method: (method != "btree").then_some(method),
        });
    }

    for row in run!(FOREIGN_KEYS_QUERY, params())?.iter() {
        let Some(ti) = table_of(&row)? else {
            continue;
        };
        let table = out[ti].name.clone();
        let action = |col: &str| -> Result<ReferenceAction, InspectError> {
            let code: String = row.get(col)?;
            action_code(&code).ok_or_else(|| InspectError::Catalog {
                table: table.clone(),
                detail: format!("unknown foreign-key action code {code:?}"),
            })
        };
        let fk = ForeignKey {
            symbol: row.get("name")?,
            columns: row.strings("columns")?,
            ref_table: row.get("ref_table")?,
            ref_columns: row.strings("ref_columns")?,
            on_update: action("on_update")?,
            on_delete: action("on_delete")?,
        };
        out[ti].foreign_keys.push(fk);
    }

    for row in run!(CHECKS_QUERY, params())?.iter() {
        let Some(ti) = table_of(&row)? else {
            continue;
        };
        let expr: Option<String> = row.get("expr")?;
        out[ti].checks.push(Check {
            name: row.get("name")?,
            expr: normalize_expr(&expr.unwrap_or_default()),
        });
    }
    Ok((Schema { tables: out }.sorted(), count))
}

fn column(row: &Rec<'_>) -> Result<Column, InspectError> {
    let ty = D.parse_type(&row.get::<String>("type")?);
    let identity = match row.get::<String>("identity")?.as_str() {
        "a" => Some(IdentityGeneration::Always),
        "d" => Some(IdentityGeneration::ByDefault),
        _ => None,
    }
    .map(|generation| -> Result<Identity, InspectError> {
        Ok(Identity {
            generation,
            start: row.get::<Option<i64>>("identity_start")?.unwrap_or(1),
            increment: row.get::<Option<i64>>("identity_increment")?.unwrap_or(1),
        })
    })
    .transpose()?;
    let default = match row.get::<Option<String>>("default_expr")? {
        Some(d) if identity.is_none() => parse_default(&d, &ty),
        _ => None,
    };
    Ok(Column {
        name: row.get("name")?,
        nullable: !row.get::<bool>("not_null")?,
        default,
        identity,
        comment: row
            .get::<Option<String>>("comment")?
            .filter(|c| !c.is_empty()),
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
