//! SQLite inspection through the table-valued pragma functions (`pragma_table_xinfo`,
//! `pragma_index_list`, `pragma_index_xinfo`, `pragma_foreign_key_list`) and the stored DDL text
//! (for AUTOINCREMENT, CHECK constraints, foreign-key names, index predicates and expressions),
//! with a fixed number of queries (see [`queries`]).
//!
//! Limits: generated and hidden columns are skipped; `UNIQUE` constraints are read as unique
//! indexes named `sqlite_autoindex_*`.

pub(crate) mod ddl;
pub mod queries;

use std::collections::HashMap;

use super::rows::run;
use super::{InspectError, InspectOptions};
use crate::dialect::{Dialect, parse_default};
use crate::driver::{Driver, Io, now};
use crate::schema::{
    Column, ForeignKey, Identity, Index, IndexKey, IndexPart, ReferenceAction, Schema, Table,
};
use ddl::{
    ParsedForeignKey, ParsedTable, is_plain_identifier, parse_create_index, parse_create_table,
};
use queries::*;

const D: Dialect = Dialect::Sqlite;

/// Reads the tables of the `main` database.
pub fn inspect(driver: &mut Driver, opts: &InspectOptions) -> Result<Schema, InspectError> {
    now(inspect_on(driver, opts))
}

/// [`inspect`] on any connection.
pub(crate) async fn inspect_on<D: Io>(
    driver: &mut D,
    opts: &InspectOptions,
) -> Result<Schema, InspectError> {
    // Tables and their DDL.
    let mut tables: Vec<Table> = Vec::new();
    let mut parsed: Vec<ParsedTable> = Vec::new();
    for row in run(driver, "TABLES_QUERY", TABLES_QUERY, Vec::new())
        .await?
        .iter()
    {
        let name: String = row.at(0)?;
        let sql = row.at::<Option<String>>(1)?.unwrap_or_default();
        if !opts.wants(&name) {
            continue;
        }
        parsed.push(parse_create_table(&sql));
        tables.push(Table::new(name));
    }
    let pos: HashMap<String, usize> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();

    // Columns and primary keys.
    let mut pks: Vec<Vec<(i64, String)>> = vec![Vec::new(); tables.len()];
    for row in run(driver, "COLUMNS_QUERY", COLUMNS_QUERY, Vec::new())
        .await?
        .iter()
    {
        let table: String = row.at(0)?;
        let Some(&ti) = pos.get(&table) else { continue };
        if row.at::<i64>(7)? != 0 {
            // Hidden (and generated) columns.
            continue;
        }
        let name: String = row.at(2)?;
        let ty = D.parse_type(row.at::<Option<String>>(3)?.as_deref().unwrap_or(""));
        let identity =
            (parsed[ti].autoincrement.as_deref() == Some(name.as_str())).then(Identity::default);
        let pk: i64 = row.at(6)?;
        if pk > 0 {
            pks[ti].push((pk, name.clone()));
        }
        tables[ti].columns.push(Column {
            default: row
                .at::<Option<String>>(5)?
                .and_then(|d| parse_default(&d, &ty)),
            nullable: row.at::<i64>(4)? == 0,
            identity,
            comment: None,
            ty,
            name,
        });
    }
    for (t, mut pk) in tables.iter_mut().zip(pks) {
        pk.sort();
        t.primary_key = pk.into_iter().map(|(_, c)| c).collect();
    }

    // Indexes.
    let index_rows = run(driver, "INDEXES_QUERY", INDEXES_QUERY, Vec::new()).await?;
    let rows = index_rows
        .iter()
        .map(|r| -> Result<IndexRow, InspectError> {
            Ok(IndexRow {
                table: r.at(0)?,
                name: r.at(1)?,
                unique: r.at::<i64>(2)? != 0,
                origin: r.at(3)?,
                partial: r.at::<i64>(4)? != 0,
                seqno: r.at(5)?,
                cid: r.at(6)?,
                column: r.at(7)?,
                desc: r.at::<i64>(8)? != 0,
                sql: r.at(9)?,
            })
        });
    let mut current: Option<(usize, String, Vec<String>)> = None;
    for row in rows {
        let row = row?;
        let Some(&ti) = pos.get(&row.table) else {
            continue;
        };
        if row.origin == "pk" {
            continue;
        }
        let same = matches!(&current, Some((t, n, _)) if *t == ti && *n == row.name);
        if !same {
            let p = row
                .sql
                .as_deref()
                .map(parse_create_index)
                .unwrap_or_default();
            tables[ti].indexes.push(Index {
                name: row.name.clone(),
                unique: row.unique,
                parts: Vec::new(),
                predicate: if row.partial { p.predicate } else { None },
                method: None,
            });
            current = Some((ti, row.name.clone(), p.parts));
        }
        let exprs = current
            .as_ref()
            .map(|(_, _, parts)| parts.as_slice())
            .unwrap_or_default();
        let key = match (row.cid, row.column) {
            (-1, _) => IndexKey::Column("rowid".into()),
            (c, Some(name)) if c >= 0 => IndexKey::Column(name),
            _ => {
                let text = usize::try_from(row.seqno)
                    .ok()
                    .and_then(|i| exprs.get(i))
                    .cloned();
                match text {
                    Some(t) if !is_plain_identifier(&t) => IndexKey::Expr(t),
                    _ => {
                        return Err(InspectError::Catalog {
                            table: row.table,
                            detail: format!(
                                "cannot read expression part {} of index {:?}",
                                row.seqno, row.name
                            ),
                        });
                    }
                }
            }
        };
        if let Some(i) = tables[ti].indexes.last_mut() {
            i.parts.push(IndexPart {
                key,
                desc: row.desc,
            });
        }
    }

    // Foreign keys: the pragma gives columns and actions; names come from the DDL.
    let fk_rows = run(driver, "FOREIGN_KEYS_QUERY", FOREIGN_KEYS_QUERY, Vec::new()).await?;
    let rows = fk_rows.iter().map(|r| -> Result<FkRow, InspectError> {
        Ok(FkRow {
            table: r.at(0)?,
            id: r.at(1)?,
            ref_table: r.at(3)?,
            from: r.at(4)?,
            to: r.at(5)?,
            on_update: r.at(6)?,
            on_delete: r.at(7)?,
        })
    });
    let mut fks: Vec<(usize, i64, ForeignKey, Vec<Option<String>>)> = Vec::new();
    for row in rows {
        let row = row?;
        let Some(&ti) = pos.get(&row.table) else {
            continue;
        };
        let action = |s: &str| {
            ReferenceAction::from_sql(s).ok_or_else(|| InspectError::Catalog {
                table: row.table.clone(),
                detail: format!("unknown foreign-key action {s:?}"),
            })
        };
        match fks.last_mut() {
            Some((t, id, fk, to)) if *t == ti && *id == row.id => {
                fk.columns.push(row.from.clone());
                to.push(row.to.clone());
            }
            _ => fks.push((
                ti,
                row.id,
                ForeignKey {
                    symbol: String::new(),
                    columns: vec![row.from.clone()],
                    ref_table: row.ref_table.clone(),
                    ref_columns: Vec::new(),
                    on_update: action(&row.on_update)?,
                    on_delete: action(&row.on_delete)?,
                },
                vec![row.to.clone()],
            )),
        }
    }
    // The pragma lists keys last-declared first; restore declaration order before naming.
    fks.sort_by_key(|f| (f.0, std::cmp::Reverse(f.1)));
    let mut used: Vec<Vec<bool>> = parsed
        .iter()
        .map(|p| vec![false; p.foreign_keys.len()])
        .collect();
    for (ti, _, mut fk, to) in fks {
        fk.ref_columns = match to.iter().cloned().collect::<Option<Vec<String>>>() {
            Some(cols) => cols,
            None => referenced_primary_key(&tables, &fk).ok_or_else(|| InspectError::Catalog {
                table: tables[ti].name.clone(),
                detail: format!(
                    "cannot resolve the columns referenced by foreign key {:?}",
                    fk.columns
                ),
            })?,
        };
        fk.symbol = name_of(&parsed[ti].foreign_keys, &mut used[ti], &fk);
        tables[ti].foreign_keys.push(fk);
    }

    for (t, p) in tables.iter_mut().zip(parsed) {
        t.checks = p.checks;
    }
    Ok(Schema { tables }.sorted())
}

struct IndexRow {
    table: String,
    name: String,
    unique: bool,
    origin: String,
    partial: bool,
    seqno: i64,
    cid: i64,
    column: Option<String>,
    desc: bool,
    sql: Option<String>,
}

struct FkRow {
    table: String,
    id: i64,
    ref_table: String,
    from: String,
    to: Option<String>,
    on_update: String,
    on_delete: String,
}

/// The primary key of the referenced table, for keys declared without referenced columns.
fn referenced_primary_key(tables: &[Table], fk: &ForeignKey) -> Option<Vec<String>> {
    let t = tables
        .iter()
        .find(|t| t.name.eq_ignore_ascii_case(&fk.ref_table))?;
    (t.primary_key.len() == fk.columns.len()).then(|| t.primary_key.clone())
}

/// The declared name of the first unused parsed key with the same columns and referenced table.
fn name_of(parsed: &[ParsedForeignKey], used: &mut [bool], fk: &ForeignKey) -> String {
    let found = parsed.iter().enumerate().position(|(i, p)| {
        !used[i] && p.columns == fk.columns && p.ref_table.eq_ignore_ascii_case(&fk.ref_table)
    });
    match found {
        Some(i) => {
            used[i] = true;
            parsed[i].name.clone()
        }
        None => String::new(),
    }
}
