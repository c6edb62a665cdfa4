//! Eager loading: the rows at the other end of an edge for a whole set of parents, in one
//! query per edge level, grouped by parent key. Never one query per parent.
//!
//! - FK on the target (O2M): `SELECT <cols>, t.fk FROM t WHERE t.fk IN (parent ids)`,
//!   grouped by `fk`.
//! - FK on the source (M2O): the parents' FK values are the keys:
//!   `SELECT <cols>, t.id FROM t WHERE t.id IN (fk values)`, grouped by `id`; the caller maps
//!   each parent through its FK.
//! - Join table (M2M): `SELECT <cols>, j.source FROM t JOIN j ON j.target = t.id WHERE
//!   j.source IN (parent ids)`, grouped by `j.source` (a target linked to two parents appears
//!   in both groups).
//!
//! The key list is deduplicated. On PostgreSQL it is one array parameter (`= ANY($1)`), so a
//! level is always one query; on SQLite it is split only past the parameter limit (32 766
//! keys per query). Nested eager
//! loading calls this once per level with the keys the previous level returned.

use std::collections::HashMap;
use std::hash::Hash;

use crate::builder::{Edge, EdgeStorage, Expr, Pred, Select, max_params};
use crate::dialect::Dialect;
use crate::driver::{Driver, Row};
use crate::error::Error;
use crate::value::{FromValue, Value};

/// Rows of the edge's target grouped by the parent key they belong to, each group in query
/// order.
pub type Groups<K, T> = HashMap<K, Vec<T>>;

/// Loads the rows at the other end of `edge` for the parents whose keys are `keys` (their ids;
/// for an FK on the source, the parents' FK values). `select` is a SELECT over the target
/// table with the columns `decode` reads (from index 0) plus any filters and order the caller
/// wants; the group key is appended as the last column.
pub fn load_edge<K, T>(
    driver: &mut Driver,
    edge: &Edge,
    keys: impl IntoIterator<Item = K>,
    select: Select,
    decode: impl FnMut(&Row<'_>) -> Result<T, Error>,
) -> Result<Groups<K, T>, Error>
where
    K: FromValue + Into<Value> + Clone + Eq + Hash,
{
    load_groups(driver, edge, keys, select, decode, false)
}

/// [`load_edge`], for callers whose `decode` reads only its own columns: when `select`
/// already reads the key column of the target table (an O2M edge's FK among the target's
/// columns), the key is read from there instead of selecting it a second time.
pub(crate) fn load_edge_reusing_key<K, T>(
    driver: &mut Driver,
    edge: &Edge,
    keys: impl IntoIterator<Item = K>,
    select: Select,
    decode: impl FnMut(&Row<'_>) -> Result<T, Error>,
) -> Result<Groups<K, T>, Error>
where
    K: FromValue + Into<Value> + Clone + Eq + Hash,
{
    load_groups(driver, edge, keys, select, decode, true)
}

fn load_groups<K, T>(
    driver: &mut Driver,
    edge: &Edge,
    keys: impl IntoIterator<Item = K>,
    select: Select,
    mut decode: impl FnMut(&Row<'_>) -> Result<T, Error>,
    reuse_key: bool,
) -> Result<Groups<K, T>, Error>
where
    K: FromValue + Into<Value> + Clone + Eq + Hash,
{
    if select.table() != edge.target_table {
        return Err(Error::Build(
            format!(
                "eager loading of edge {} selects from {}, not its target {}",
                edge.name,
                select.table(),
                edge.target_table
            )
            .into(),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    let keys: Vec<K> = keys
        .into_iter()
        .filter(|k| seen.insert(k.clone()))
        .collect();
    let mut groups: Groups<K, T> = HashMap::with_capacity(keys.len());
    if keys.is_empty() {
        return Ok(groups);
    }
    let dialect = driver.dialect();
    let own_key = match edge.storage {
        EdgeStorage::TargetFk(fk) => Some(fk),
        EdgeStorage::SourceFk(_) => Some(edge.target_key),
        EdgeStorage::Join { .. } => None,
    };
    let selected = own_key.filter(|_| reuse_key).and_then(|key| {
        select
            .select_list()
            .iter()
            .position(|e| matches!(e, Expr::Col(c) if c == key))
    });
    let key_index = selected.unwrap_or(select.select_list().len());
    let base = match edge.storage {
        _ if selected.is_some() => select,
        EdgeStorage::TargetFk(fk) => select.expr(Expr::col(fk)),
        EdgeStorage::SourceFk(_) => select.expr(Expr::col(edge.target_key)),
        EdgeStorage::Join {
            table,
            source_column,
            target_column,
        } => select
            .join(table, target_column, edge.target_key)
            .expr(Expr::Qualified(table.into(), source_column.into())),
    };
    let key_filter = |keys: Vec<Value>| match edge.storage {
        EdgeStorage::TargetFk(fk) => Pred::is_in(fk, keys),
        EdgeStorage::SourceFk(_) => Pred::is_in(edge.target_key, keys),
        EdgeStorage::Join {
            table,
            source_column,
            ..
        } => Pred::on(table, Pred::is_in(source_column, keys)),
    };
    let chunk = if dialect == Dialect::Postgres {
        // The keys travel as one array parameter (`= ANY($n)`): never split.
        keys.len()
    } else {
        let own_args = base.build(dialect).args.len();
        max_params(dialect).saturating_sub(own_args).max(1)
    };
    for part in keys.chunks(chunk) {
        let values: Vec<Value> = part.iter().cloned().map(Into::into).collect();
        let q = base.clone().filter(key_filter(values)).build(dialect);
        driver.for_each(&q, |row| {
            let key: K = row.get(key_index)?;
            let item = decode(row)?;
            groups.entry(key).or_default().push(item);
            Ok(())
        })?;
    }
    Ok(groups)
}
