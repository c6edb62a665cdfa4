//! Global unique ids (ent's `WithGlobalUniqueID`): table `ent_types(id, type)` lists the tables
//! with an identity primary key in the order they were first seen; the k-th one (from 0) owns
//! the ids `[k << 32, (k + 1) << 32)`, so an id names its table. New tables get the next free
//! range; a table that is dropped and created again gets its old range back.
//!
//! The range start is the identity start of the table's id column: `START WITH` on PostgreSQL,
//! a row in `sqlite_sequence` on SQLite, the table option `AUTO_INCREMENT = n` on MySQL (at
//! `CREATE TABLE`, and for a table that exists with its counter below its range, `ALTER TABLE
//! … AUTO_INCREMENT = n`, as ent's `verifyRange` did). Range 0 starts at 1 (identities cannot
//! start at 0). Tables created before global ids were turned on keep their sequences on
//! PostgreSQL and SQLite (on PostgreSQL the identity's `START WITH` is updated, which does not
//! move the current value).

use super::MigrateError;
use crate::dialect::Dialect;
use crate::plan::PlannedStatement;
use crate::schema::{Column, ColumnType, Index, IntWidth, Schema, Table};

/// ent's table name.
pub const TYPES_TABLE: &str = "ent_types";

/// ent's `MaxTypes`: the most tables that can have a range.
pub const MAX_TYPES: usize = 65535;

/// The first id of range `k`.
pub fn range_start(k: usize) -> i64 {
    // k ≤ MAX_TYPES, so the shift cannot overflow.
    ((k as i64) << 32).max(1)
}

/// ent's `ent_types` table: `id` (unsigned, identity, primary key) and `type` (string, unique).
pub fn types_table(dialect: Dialect) -> Table {
    let ty = match dialect {
        Dialect::Postgres => ColumnType::string(),
        Dialect::Sqlite => ColumnType::Text,
        // `varchar(255)`: MySQL cannot index an unbounded text column.
        Dialect::Mysql => ColumnType::string(),
    };
    Table::new(TYPES_TABLE)
        .column(Column::new("id", ColumnType::uint(IntWidth::W64)).identity())
        .column(Column::new("type", ty))
        .primary_key(["id"])
        .index(Index::new(format!("{TYPES_TABLE}_type_key"), ["type"]).unique())
}

/// The query that reads the recorded types in range order.
pub(crate) fn select_types(dialect: Dialect) -> String {
    format!(
        "SELECT {} FROM {} ORDER BY {}",
        dialect.quote_ident("type"),
        dialect.quote_ident(TYPES_TABLE),
        dialect.quote_ident("id")
    )
}

/// Adds `ent_types` to the desired schema (first, as ent creates it before the others) unless
/// the caller put it there.
pub(crate) fn add_types_table(desired: &mut Schema, dialect: Dialect) {
    if desired.get(TYPES_TABLE).is_none() {
        desired.tables.insert(0, types_table(dialect));
    }
}

/// Sets the identity start of every desired table with an identity primary key to its range,
/// appending tables not in `types` to it. Returns the new types, in order.
pub(crate) fn assign_ranges(
    desired: &mut Schema,
    types: &mut Vec<String>,
    dialect: Dialect,
) -> Result<Vec<String>, MigrateError> {
    let mut new = Vec::new();
    for t in &mut desired.tables {
        if t.name == TYPES_TABLE || t.primary_key.len() != 1 {
            continue;
        }
        let pk = t.primary_key[0].clone();
        let Some(column) = t
            .columns
            .iter_mut()
            .find(|c| c.name == pk && c.identity.is_some())
        else {
            continue;
        };
        let k = match types.iter().position(|ty| *ty == t.name) {
            Some(k) => k,
            None => {
                if types.len() >= MAX_TYPES {
                    return Err(MigrateError::GlobalIds(format!(
                        "max number of types exceeded: {MAX_TYPES}"
                    )));
                }
                types.push(t.name.clone());
                new.push(t.name.clone());
                types.len() - 1
            }
        };
        if k > 0
            && dialect == Dialect::Postgres
            && dialect.canonical_type(&column.ty) != dialect.canonical_type(&ColumnType::int64())
        {
            return Err(MigrateError::GlobalIds(format!(
                "table {:?}: id column {:?} must be a 64-bit integer to hold the range starting at {}",
                t.name,
                column.name,
                range_start(k)
            )));
        }
        if let Some(id) = &mut column.identity {
            id.start = range_start(k);
        }
    }
    Ok(new)
}

/// `INSERT INTO ent_types (type) VALUES (...)` for the new types, with ent's comment.
pub(crate) fn insert_types(new: &[String], dialect: Dialect) -> Option<PlannedStatement> {
    if new.is_empty() {
        return None;
    }
    let values: Vec<String> = new
        .iter()
        .map(|t| format!("({})", dialect.quote_string(t)))
        .collect();
    let list: Vec<String> = new.iter().map(|t| dialect.quote_string(t)).collect();
    let (table, column) = (
        dialect.quote_ident(TYPES_TABLE),
        dialect.quote_ident("type"),
    );
    Some(PlannedStatement {
        sql: format!(
            "INSERT INTO {table} ({column}) VALUES {}",
            values.join(", ")
        ),
        comment: format!("add pk ranges for {} tables", new.join(",")),
        reverse: vec![format!(
            "DELETE FROM {table} WHERE {column} IN ({})",
            list.join(", ")
        )],
    })
}

/// Every table's `AUTO_INCREMENT` counter, as `<counter> <table>` (0 for a table without one).
pub(crate) const MYSQL_COUNTERS: &str = "SELECT CONCAT(COALESCE(AUTO_INCREMENT, 0), ' ', TABLE_NAME) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()";

/// MySQL: `ALTER TABLE … AUTO_INCREMENT = <range start>` for each desired table that exists
/// (is in `current`) with its counter below its range (`counters` as [`MYSQL_COUNTERS`] reads
/// them). A table created in this run gets its range from `CREATE TABLE`. The server never moves a counter below the
/// largest id in use, so the statement cannot make ids collide. (MySQL 8 may report a counter
/// cached for `information_schema_stats_expiry` seconds; a stale one below the range only
/// repeats the statement. MariaDB reports the live counter.)
pub(crate) fn keep_mysql_ranges(
    counters: &[String],
    desired: &Schema,
    current: &Schema,
) -> Vec<PlannedStatement> {
    let d = Dialect::Mysql;
    let counter = |table: &str| {
        counters.iter().find_map(|row| {
            let (n, name) = row.split_once(' ')?;
            (name == table).then(|| n.parse::<i64>().ok()).flatten()
        })
    };
    let mut out = Vec::new();
    for t in desired
        .tables
        .iter()
        .filter(|t| current.get(&t.name).is_some())
    {
        let Some(start) = t
            .columns
            .iter()
            .find_map(|c| c.identity)
            .map(|id| id.start)
            .filter(|s| *s > 1)
        else {
            continue;
        };
        if counter(&t.name).is_some_and(|n| n < start) {
            out.push(PlannedStatement {
                sql: format!(
                    "ALTER TABLE {} AUTO_INCREMENT = {start}",
                    d.quote_ident(&t.name)
                ),
                comment: crate::planner::comments::set_sequence(&t.name),
                reverse: Vec::new(),
            });
        }
    }
    out
}

/// SQLite forgets a table's `sqlite_sequence` row when the planner rebuilds it; for each
/// rebuilt table with a range, move its sequence up to the range start again.
pub(crate) fn keep_sqlite_ranges(
    statements: &[PlannedStatement],
    desired: &Schema,
) -> Vec<PlannedStatement> {
    let d = Dialect::Sqlite;
    let mut out = Vec::new();
    for t in &desired.tables {
        let Some(start) = t
            .columns
            .iter()
            .find_map(|c| c.identity)
            .map(|id| id.start)
            .filter(|s| *s > 1)
        else {
            continue;
        };
        let marker =
            crate::planner::comments::rename_temporary(&format!("new_{}", t.name), &t.name);
        if !statements.iter().any(|s| s.comment == marker) {
            continue;
        }
        let name = d.quote_string(&t.name);
        let seq = start - 1;
        out.push(PlannedStatement {
            sql: format!("UPDATE sqlite_sequence SET seq = max(seq, {seq}) WHERE name = {name}"),
            comment: crate::planner::comments::set_sequence(&t.name),
            reverse: Vec::new(),
        });
        out.push(PlannedStatement {
            sql: format!(
                "INSERT INTO sqlite_sequence (name, seq) SELECT {name}, {seq} WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = {name})"
            ),
            comment: crate::planner::comments::set_sequence(&t.name),
            reverse: vec![format!("DELETE FROM sqlite_sequence WHERE name = {name}")],
        });
    }
    out
}
