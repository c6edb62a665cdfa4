//! Typed edges: an edge's storage plus how to reach and fill the parent struct, so predicates
//! (`has_posts`), traversals (`query_posts`) and eager loading (`with_posts`) are generic.

use std::collections::HashMap;

use super::entity::{Detached, Entity};
use super::predicate::Predicate;
use super::query::Query;
use crate::builder::{Edge, EdgeStorage, Expr};
use crate::client::eager::load_edge_reusing_key;
use crate::driver::{Driver, Io, now};
use crate::error::Error;

/// Reads the FK value of an edge held by the parent's own table.
pub type ForeignKeyOf<E, T> = fn(&E) -> Option<<T as Entity>::Id>;

/// The edge from `E` to `T`, generated as a constant in `E`'s module
/// (`pub const POSTS: EdgeRef<User, Post> = ...`).
pub struct EdgeRef<E: Entity, T: Entity> {
    /// Where the edge is stored.
    pub edge: Edge,
    /// A symmetric M2M edge (`friends`): links are written in both directions.
    pub bidi: bool,
    /// For an FK held by `E` ([`EdgeStorage::SourceFk`]): the parent's FK value.
    pub fk: Option<ForeignKeyOf<E, T>>,
    /// Stores loaded targets in the parent's edges (the first one for unique edges).
    pub set: fn(&mut E, Vec<T>),
}

impl<E: Entity, T: Entity> Clone for EdgeRef<E, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<E: Entity, T: Entity> Copy for EdgeRef<E, T> {}

impl<E: Entity, T: Entity> std::fmt::Debug for EdgeRef<E, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.edge.fmt(f)
    }
}

impl<E: Entity, T: Entity> EdgeRef<E, T> {
    /// At least one row at the other end (`has_<edge>()`).
    pub fn has(&self) -> Predicate<E> {
        Predicate::new(crate::builder::Pred::has_edge(self.edge))
    }

    /// At least one row at the other end matching all `preds` (`has_<edge>_with(..)`).
    pub fn has_with(&self, preds: impl IntoIterator<Item = Predicate<T>>) -> Predicate<E> {
        Predicate::new(crate::builder::Pred::has_edge_with(
            self.edge,
            preds.into_iter().map(Predicate::into_pred),
        ))
    }
}

/// One eager-loading request of a query over `E`: an edge and the query over its targets.
///
/// A trait object (a query holds loads of different target types), so it has one method per
/// kind of connection; both run the one generic [`EdgeLoad::load_on`].
pub(crate) trait Load<E>: Send {
    /// Loads the edge for every parent, in one query (plus one per nested level).
    fn load(self: Box<Self>, driver: &mut Driver, parents: &mut [E]) -> Result<(), Error>;

    /// [`Load::load`] on the async client's PostgreSQL connection.
    #[cfg(feature = "async")]
    fn load_async<'a>(
        self: Box<Self>,
        conn: &'a mut crate::async_client::PgConn,
        parents: &'a mut [E],
    ) -> crate::async_client::BoxFuture<'a, ()>;

    /// [`Load::load`] on the async client's MySQL connection.
    #[cfg(feature = "async-mysql")]
    fn load_mysql<'a>(
        self: Box<Self>,
        conn: &'a mut crate::async_client::MysqlConn,
        parents: &'a mut [E],
    ) -> crate::async_client::BoxFuture<'a, ()>;
}

/// A connection eager loads run on: how it runs a boxed [`Load`].
pub(crate) trait LoadIo: Io + Sized {
    /// Runs `load` on this connection.
    fn run_load<'a, E>(
        &'a mut self,
        load: Box<dyn Load<E>>,
        parents: &'a mut [E],
    ) -> impl Future<Output = Result<(), Error>> + 'a;
}

impl LoadIo for Driver {
    fn run_load<'a, E>(
        &'a mut self,
        load: Box<dyn Load<E>>,
        parents: &'a mut [E],
    ) -> impl Future<Output = Result<(), Error>> + 'a {
        std::future::ready(load.load(self, parents))
    }
}

pub(crate) struct EdgeLoad<E: Entity, T: Entity> {
    pub(crate) edge: EdgeRef<E, T>,
    pub(crate) query: Query<T, Detached>,
}

impl<E: Entity, T: Entity> Load<E> for EdgeLoad<E, T> {
    fn load(self: Box<Self>, driver: &mut Driver, parents: &mut [E]) -> Result<(), Error> {
        now(self.load_on(driver, parents))
    }

    #[cfg(feature = "async")]
    fn load_async<'a>(
        self: Box<Self>,
        conn: &'a mut crate::async_client::PgConn,
        parents: &'a mut [E],
    ) -> crate::async_client::BoxFuture<'a, ()> {
        Box::pin(self.load_on(conn, parents))
    }

    #[cfg(feature = "async-mysql")]
    fn load_mysql<'a>(
        self: Box<Self>,
        conn: &'a mut crate::async_client::MysqlConn,
        parents: &'a mut [E],
    ) -> crate::async_client::BoxFuture<'a, ()> {
        Box::pin(self.load_on(conn, parents))
    }
}

impl<E: Entity, T: Entity> EdgeLoad<E, T> {
    async fn load_on<D: LoadIo>(
        self: Box<Self>,
        driver: &mut D,
        parents: &mut [E],
    ) -> Result<(), Error> {
        let EdgeLoad { edge, query } = *self;
        let (mut select, eager) = query.into_parts();
        select.set_columns(T::COLUMNS.iter().map(|c| Expr::col(*c)));
        match (edge.edge.storage, edge.fk) {
            (EdgeStorage::SourceFk(_), Some(fk)) => {
                let keys: Vec<T::Id> = parents.iter().filter_map(fk).collect();
                let groups =
                    load_edge_reusing_key(driver, &edge.edge, keys, select, T::from_row).await?;
                let groups = load_nested(driver, eager, groups).await?;
                for p in parents.iter_mut() {
                    let found = fk(p).and_then(|k| groups.get(&k)).cloned();
                    (edge.set)(p, found.unwrap_or_default());
                }
            }
            _ => {
                let keys: Vec<E::Id> = parents.iter().map(E::id).collect();
                let groups =
                    load_edge_reusing_key(driver, &edge.edge, keys, select, T::from_row).await?;
                let mut groups = load_nested(driver, eager, groups).await?;
                for p in parents.iter_mut() {
                    let found = groups.remove(&p.id()).unwrap_or_default();
                    (edge.set)(p, found);
                }
            }
        }
        Ok(())
    }
}

/// Runs the eager loads of a query over `rows` (none when there are no rows).
pub(crate) async fn load_all<D: LoadIo, E>(
    driver: &mut D,
    eager: Vec<Box<dyn Load<E>>>,
    rows: &mut [E],
) -> Result<(), Error> {
    if !rows.is_empty() {
        for load in eager {
            driver.run_load(load, rows).await?;
        }
    }
    Ok(())
}

/// Runs the nested eager loads over all targets of one level at once, keeping the groups.
async fn load_nested<D: LoadIo, K: std::hash::Hash + Eq, T>(
    driver: &mut D,
    eager: Vec<Box<dyn Load<T>>>,
    groups: HashMap<K, Vec<T>>,
) -> Result<HashMap<K, Vec<T>>, Error> {
    if eager.is_empty() {
        return Ok(groups);
    }
    let mut sizes = Vec::with_capacity(groups.len());
    let mut items = Vec::new();
    for (k, v) in groups {
        sizes.push((k, v.len()));
        items.extend(v);
    }
    for load in eager {
        driver.run_load(load, &mut items).await?;
    }
    let mut items = items.into_iter();
    Ok(sizes
        .into_iter()
        .map(|(k, n)| (k, items.by_ref().take(n).collect()))
        .collect())
}
