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
use std::collections::hash_map::Entry;
use std::hash::Hash;

use crate::builder::{Edge, EdgeStorage, Expr, Pred, Select, max_params};
use crate::dialect::Dialect;
use crate::driver::{Driver, Io, Row, now};
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
    now(load_groups(driver, edge, keys, select, decode, false))
}

/// [`load_edge`], for callers whose `decode` reads only its own columns: when `select`
/// already reads the key column of the target table (an O2M edge's FK among the target's
/// columns), the key is read from there instead of selecting it a second time.
pub(crate) async fn load_edge_reusing_key<D: Io, K, T>(
    driver: &mut D,
    edge: &Edge,
    keys: impl IntoIterator<Item = K>,
    select: Select,
    decode: impl FnMut(&Row<'_>) -> Result<T, Error>,
) -> Result<Groups<K, T>, Error>
where
    K: FromValue + Into<Value> + Clone + Eq + Hash,
{
    load_groups(driver, edge, keys, select, decode, true).await
}

async fn load_groups<D: Io, K, T>(
    driver: &mut D,
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
    // Each distinct key once, with the slot its rows go to; `values` are the keys as sent.
    let keys = keys.into_iter();
    let mut slot_of: HashMap<K, usize, KeyState> =
        HashMap::with_capacity_and_hasher(keys.size_hint().0, KeyState::default());
    let mut values: Vec<Value> = Vec::with_capacity(keys.size_hint().0);
    for k in keys {
        if let Entry::Vacant(e) = slot_of.entry(k) {
            values.push(e.key().clone().into());
            e.insert(values.len() - 1);
        }
    }
    if values.is_empty() {
        return Ok(HashMap::new());
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
        values.len()
    } else {
        let own_args = base.build(dialect).args.len();
        max_params(dialect).saturating_sub(own_args).max(1)
    };
    let parts: Vec<Vec<Value>> = if values.len() <= chunk {
        vec![values]
    } else {
        values.chunks(chunk).map(<[Value]>::to_vec).collect()
    };
    let mut slots: Vec<Vec<T>> = Vec::new();
    slots.resize_with(slot_of.len(), Vec::new);
    // Rows of one parent usually come together (stored together, or ordered): the previous
    // row's key is compared before the map is asked.
    let mut last: Option<(K, usize)> = None;
    for part in parts {
        let q = base.clone().filter(key_filter(part)).build(dialect);
        driver
            .for_each(&q, |row| {
                let key: K = row.get(key_index)?;
                let item = decode(row)?;
                let slot = match &last {
                    Some((k, slot)) if *k == key => *slot,
                    _ => {
                        let slot = match slot_of.get(&key) {
                            Some(&slot) => slot,
                            None => {
                                // Not a key asked for (a driver returning more): its own group.
                                slots.push(Vec::new());
                                slot_of.insert(key.clone(), slots.len() - 1);
                                slots.len() - 1
                            }
                        };
                        last = Some((key, slot));
                        slot
                    }
                };
                slots[slot].push(item);
                Ok(())
            })
            .await?;
    }
    let mut groups: Groups<K, T> = HashMap::with_capacity(slots.len());
    for (key, slot) in slot_of {
        let items = std::mem::take(&mut slots[slot]);
        if !items.is_empty() {
            groups.insert(key, items);
        }
    }
    Ok(groups)
}

/// The hasher of the per-row group look-up (one look-up per row of the edge's target):
/// foldhash, seeded at random per map, several times cheaper than SipHash on the integer ids
/// that are the usual keys. The groups handed back use std's default hasher.
type KeyState = foldhash::fast::RandomState;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_hashes_spread_and_depend_on_the_seed() {
        use std::hash::BuildHasher;
        let s = KeyState::default();
        let hashes: std::collections::HashSet<u64> =
            (0..10_000i64).map(|k| s.hash_one(k)).collect();
        assert_eq!(hashes.len(), 10_000);
        assert_ne!(s.hash_one(7i64), KeyState::default().hash_one(7i64));
        let mut m: HashMap<String, usize, KeyState> = HashMap::with_hasher(s);
        m.insert("x".repeat(20), 1);
        assert_eq!(m.get(&"x".repeat(20)), Some(&1));
    }
}
