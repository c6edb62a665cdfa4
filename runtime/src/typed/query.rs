//! The generic query builder generated `<Entity>Query` types wrap.

use super::edge::{EdgeLoad, EdgeRef, Load, LoadIo, load_all};
use super::entity::{Detached, Entity};
use super::predicate::{Order, Predicate};
use super::select::{GroupBy, Projection, Selection};
use crate::builder::{Expr, Lock, Pred, Select};
use crate::client::{self, Client};
use crate::driver::{Io, now};
use crate::error::Error;

/// A query over entity `E`, run on client `C` (`&Client`, or [`Detached`] when nested).
pub struct Query<E: Entity, C> {
    client: C,
    select: Select,
    eager: Vec<Box<dyn Load<E>>>,
}

impl<E: Entity, C: std::fmt::Debug> std::fmt::Debug for Query<E, C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Query")
            .field("select", &self.select)
            .field("eager", &self.eager.len())
            .finish()
    }
}

impl<E: Entity, C> Query<E, C> {
    /// All rows of `E`, to be narrowed.
    pub fn new(client: C) -> Self {
        Query {
            client,
            select: Select::from(E::TABLE),
            eager: Vec::new(),
        }
    }

    /// Keeps the rows matching `pred` (several calls are ANDed).
    pub fn filter(mut self, pred: Predicate<E>) -> Self {
        self.select.add_filter(pred.into_pred());
        self
    }

    /// Orders by `order` (after any earlier orders).
    pub fn order(mut self, order: Order<E>) -> Self {
        self.select.add_order(order.order);
        self
    }

    /// At most `n` rows.
    pub fn limit(mut self, n: u64) -> Self {
        self.select.set_limit(Some(n));
        self
    }

    /// Skips the first `n` rows.
    pub fn offset(mut self, n: u64) -> Self {
        self.select.set_offset(Some(n));
        self
    }

    /// Locks the rows read until the transaction ends (`SELECT ... FOR UPDATE`, ent's
    /// `ForUpdate`): other transactions wait to change them or to lock them themselves. Run
    /// it on a transaction's client; in autocommit the lock ends with the statement. Ignored
    /// on SQLite, whose write transactions lock the whole database.
    pub fn for_update(mut self) -> Self {
        self.select = self.select.lock(Lock::Update);
        self
    }

    /// Locks the rows read against changes until the transaction ends, letting other readers
    /// lock them the same way (`FOR SHARE`; `LOCK IN SHARE MODE` on MySQL and MariaDB, which
    /// both take it; ent's `ForShare`). Ignored on SQLite.
    pub fn for_share(mut self) -> Self {
        self.select = self.select.lock(Lock::Share);
        self
    }

    /// Eager-loads `edge` for every row returned, with `f` narrowing (or nesting into) the
    /// targets' query: one query per edge level, whatever the number of rows.
    pub fn with<T: Entity>(
        mut self,
        edge: EdgeRef<E, T>,
        f: impl FnOnce(Query<T, Detached>) -> Query<T, Detached>,
    ) -> Self {
        let query = f(Query::new(Detached));
        self.eager.push(Box::new(EdgeLoad { edge, query }));
        self
    }

    /// The rows at the other end of `edge` from the rows this query selects (ent's
    /// `Query<Edge>()`); eager loads of this query are dropped.
    pub fn query_edge<T: Entity>(self, edge: EdgeRef<E, T>) -> Query<T, C> {
        let mut target = Query::new(self.client);
        target.select.add_filter(edge.edge.traverse(self.select));
        target
    }

    /// The SELECT built so far (columns are chosen when it runs).
    pub fn select_statement(&self) -> &Select {
        &self.select
    }

    pub(crate) fn into_parts(self) -> (Select, Vec<Box<dyn Load<E>>>) {
        (self.select, self.eager)
    }

    /// The client, the SELECT and the eager loads, for a terminal method.
    #[cfg_attr(not(feature = "async"), allow(dead_code))]
    pub(crate) fn into_client_parts(self) -> (C, Select, Vec<Box<dyn Load<E>>>) {
        (self.client, self.select, self.eager)
    }
}

// What the terminal methods run on a connection, for the sync and the async client alike.

/// Every row `select` matches, with `eager`'s edges loaded, on one connection.
pub(crate) async fn all_on<D: LoadIo, E: Entity>(
    drv: &mut D,
    mut select: Select,
    eager: Vec<Box<dyn Load<E>>>,
) -> Result<Vec<E>, Error> {
    select.set_columns(E::COLUMNS.iter().map(|c| Expr::col(*c)));
    let q = select.build(drv.dialect());
    let mut rows = drv.query(&q, E::from_row).await?;
    load_all(drv, eager, &mut rows).await?;
    Ok(rows)
}

/// The ids of the rows `select` matches.
pub(crate) async fn ids_on<D: Io, E: Entity>(
    drv: &mut D,
    mut select: Select,
) -> Result<Vec<E::Id>, Error> {
    select.set_columns([Expr::col(E::ID)]);
    let q = select.build(drv.dialect());
    drv.query(&q, |r| r.get(0)).await
}

/// The number of rows `select` matches.
pub(crate) async fn count_on<D: Io, E: Entity>(drv: &mut D, select: Select) -> Result<u64, Error> {
    let q = select.build_count(drv.dialect());
    let n: i64 = client::only(drv.query(&q, |r| r.get(0)).await?, E::LABEL)?;
    Ok(n.max(0) as u64)
}

/// Whether `select` matches a row.
pub(crate) async fn exist_on<D: Io>(drv: &mut D, mut select: Select) -> Result<bool, Error> {
    select.set_columns([Expr::One]);
    select.set_limit(Some(1));
    let q = select.build(drv.dialect());
    Ok(!drv.query(&q, |_| Ok(())).await?.is_empty())
}

impl<'c, E: Entity> Query<E, &'c Client> {
    /// Every matching row, with the requested edges loaded.
    pub fn all(self) -> Result<Vec<E>, Error> {
        let Query {
            client,
            select,
            eager,
        } = self;
        // One connection for the rows and every eager load.
        now(all_on(&mut *client.conn()?, select, eager))
    }

    /// The first row; [`Error::NotFound`] when none.
    pub fn first(self) -> Result<E, Error> {
        client::first(self.limit(1).all()?, E::LABEL)
    }

    /// The only row; [`Error::NotFound`] when none, [`Error::NotSingular`] when more.
    pub fn only(self) -> Result<E, Error> {
        client::only(self.limit(2).all()?, E::LABEL)
    }

    /// The ids of the matching rows.
    pub fn ids(self) -> Result<Vec<E::Id>, Error> {
        now(ids_on::<_, E>(&mut *self.client.conn()?, self.select))
    }

    /// The first row's id; [`Error::NotFound`] when none.
    pub fn first_id(self) -> Result<E::Id, Error> {
        client::first(self.limit(1).ids()?, E::LABEL)
    }

    /// The only row's id; [`Error::NotFound`] / [`Error::NotSingular`] otherwise.
    pub fn only_id(self) -> Result<E::Id, Error> {
        client::only(self.limit(2).ids()?, E::LABEL)
    }

    /// The number of matching rows.
    pub fn count(self) -> Result<u64, Error> {
        now(count_on::<_, E>(&mut *self.client.conn()?, self.select))
    }

    /// Whether any row matches.
    pub fn exist(self) -> Result<bool, Error> {
        now(exist_on(&mut *self.client.conn()?, self.select))
    }

    /// Only the columns of `projection` (a column or a tuple of columns), read as their Rust
    /// types: `query().select((user::NAME, user::AGE)).all()` is a `Vec<(String, Option<i64>)>`.
    pub fn select<P: Projection<E>>(self, projection: P) -> Selection<'c, E, P> {
        let Query { client, select, .. } = self;
        Selection::new(client, select, projection)
    }

    /// Groups the rows by the columns of `projection`, for [`GroupBy::aggregate`].
    pub fn group_by<P: Projection<E>>(self, projection: P) -> GroupBy<'c, E, P> {
        let Query { client, select, .. } = self;
        GroupBy::new(client, select, projection)
    }
}

#[cfg(feature = "async")]
impl<'c, E: Entity> Query<E, &'c crate::async_client::AsyncClient> {
    /// Only the columns of `projection`, read as their Rust types (`select(..).all().await`).
    pub fn select<P: Projection<E>>(
        self,
        projection: P,
    ) -> Selection<'c, E, P, &'c crate::async_client::AsyncClient> {
        let Query { client, select, .. } = self;
        Selection::new(client, select, projection)
    }

    /// Groups the rows by the columns of `projection`, for [`GroupBy::aggregate`].
    pub fn group_by<P: Projection<E>>(
        self,
        projection: P,
    ) -> GroupBy<'c, E, P, &'c crate::async_client::AsyncClient> {
        let Query { client, select, .. } = self;
        GroupBy::new(client, select, projection)
    }
}

impl<E: Entity, C> Query<E, C> {
    /// Keeps the rows whose id is `id`.
    pub fn filter_id(self, id: E::Id) -> Self {
        let mut s = self;
        s.select.add_filter(Pred::eq(E::ID, id));
        s
    }
}
