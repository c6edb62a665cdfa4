//! The terminal methods of the typed builders on an [`AsyncClient`]: each takes its
//! builder's parts, runs the hooks, and runs the same `*_on` function the sync client runs, on
//! a connection of the async client (see [`on_conn`]).

use super::{AsyncClient, on_conn};
use crate::client::{self, Mutation, Outcome};
use crate::error::Error;
use crate::typed::{
    Create, CreateBulk, Delete, DeleteOne, Entity, FromAggregates, GroupBy, Many, One, Projection,
    Query, Selection, Update, after_bulk, all_on, count_on, create_on, delete_on, delete_one_on,
    exist_on, groups_on, ids_on, insert_rows_on, prepare_bulk, selection_on, update_many_on,
    update_one_on,
};

impl<E: Entity> Query<E, &AsyncClient> {
    /// Every matching row, with the requested edges loaded (one connection for the rows and
    /// every eager load).
    pub async fn all(self) -> Result<Vec<E>, Error> {
        let (client, select, eager) = self.into_client_parts();
        on_conn!(client, |conn| all_on(conn, select, eager))
    }

    /// The first row; [`Error::NotFound`] when none.
    pub async fn first(self) -> Result<E, Error> {
        client::first(self.limit(1).all().await?, E::LABEL)
    }

    /// The only row; [`Error::NotFound`] when none, [`Error::NotSingular`] when more.
    pub async fn only(self) -> Result<E, Error> {
        client::only(self.limit(2).all().await?, E::LABEL)
    }

    /// The ids of the matching rows.
    pub async fn ids(self) -> Result<Vec<E::Id>, Error> {
        let (client, select, _) = self.into_client_parts();
        on_conn!(client, |conn| ids_on::<_, E>(conn, select))
    }

    /// The first row's id; [`Error::NotFound`] when none.
    pub async fn first_id(self) -> Result<E::Id, Error> {
        client::first(self.limit(1).ids().await?, E::LABEL)
    }

    /// The only row's id; [`Error::NotFound`] / [`Error::NotSingular`] otherwise.
    pub async fn only_id(self) -> Result<E::Id, Error> {
        client::only(self.limit(2).ids().await?, E::LABEL)
    }

    /// The number of matching rows.
    pub async fn count(self) -> Result<u64, Error> {
        let (client, select, _) = self.into_client_parts();
        on_conn!(client, |conn| count_on::<_, E>(conn, select))
    }

    /// Whether any row matches.
    pub async fn exist(self) -> Result<bool, Error> {
        let (client, select, _) = self.into_client_parts();
        on_conn!(client, |conn| exist_on(conn, select))
    }
}

impl<E: Entity, P: Projection<E>> Selection<'_, E, P, &AsyncClient>
where
    P::Output: Send + 'static,
{
    /// Every row's values.
    pub async fn all(self) -> Result<Vec<P::Output>, Error> {
        let (client, select) = self.into_run_parts();
        on_conn!(client, |conn| selection_on::<_, E, P>(conn, select))
    }

    /// The first row's values; [`Error::NotFound`] when none.
    pub async fn first(self) -> Result<P::Output, Error> {
        client::first(self.limit_one().all().await?, E::LABEL)
    }
}

impl<E: Entity, P: Projection<E>> GroupBy<'_, E, P, &AsyncClient>
where
    P::Output: Send + 'static,
{
    /// Reads each group as `(grouped values, R)`, where `R` reads the aggregates.
    pub async fn scan<R: FromAggregates + Send + 'static>(
        self,
    ) -> Result<Vec<(P::Output, R)>, Error> {
        let (client, select) = self.into_run_parts();
        on_conn!(client, |conn| groups_on::<_, E, P, R>(conn, select))
    }
}

/// Runs `$run` (a future over `conn` and `&m` giving `(R, Outcome)`) between the before and
/// after hooks of `$client`, on one of its connections.
macro_rules! mutate {
    ($client:expr, $m:expr, |$conn:ident, $mm:ident| $run:expr) => {{
        let client: &AsyncClient = $client;
        let mut m: Mutation = $m;
        let hooks = client.hooks();
        hooks.run_before(&mut m)?;
        let (r, outcome, m): (_, Outcome, Mutation) = on_conn!(client, |$conn| async move {
            let $mm = &m;
            let (r, outcome) = $run.await?;
            Ok((r, outcome, m))
        })?;
        hooks.run_after(&m, &outcome)?;
        Ok(r)
    }};
}

impl<E: Entity> Create<E, &AsyncClient> {
    /// Creates the row and returns it as stored; [`Error::NotFound`] when `do_nothing`
    /// skipped it.
    pub async fn save(self) -> Result<E, Error> {
        self.run()
            .await?
            .ok_or(Error::NotFound { entity: E::LABEL })
    }

    /// Creates the row; a row `do_nothing` skipped is not an error.
    pub async fn exec(self) -> Result<(), Error> {
        self.run().await.map(|_| ())
    }

    /// Creates the row and returns its id.
    pub async fn id(self) -> Result<E::Id, Error> {
        self.save().await.map(|e| e.id())
    }

    async fn run(self) -> Result<Option<E>, Error> {
        let (client, m, rest) = self.into_run_parts();
        mutate!(client, m, |conn, m| create_on::<_, E>(conn, m, &rest))
    }
}

impl<E: Entity> CreateBulk<E, &AsyncClient> {
    /// Creates every row, returning the rows created in the order given (see the sync
    /// `CreateBulk::save` for runs, upserts and hooks).
    pub async fn save(self) -> Result<Vec<E>, Error> {
        let (client, rows) = self.into_parts();
        let hooks = client.hooks();
        let bulk = prepare_bulk(&hooks, rows)?;
        let (inserted, bulk) = on_conn!(client, |conn| async move {
            let inserted = insert_rows_on::<_, E>(conn, &bulk).await?;
            Ok((inserted, bulk))
        })?;
        after_bulk(&hooks, &bulk, inserted)
    }

    /// Creates every row.
    pub async fn exec(self) -> Result<(), Error> {
        self.save().await.map(|_| ())
    }
}

impl<E: Entity> Update<E, &AsyncClient, Many> {
    /// Runs the update; returns the number of rows it matched.
    pub async fn exec(self) -> Result<u64, Error> {
        let (client, m, edges) = self.into_run_parts();
        mutate!(client, m, |conn, m| update_many_on::<_, E>(conn, m, &edges))
    }
}

impl<E: Entity> Update<E, &AsyncClient, One> {
    /// Runs the update and returns the row as stored; [`Error::NotFound`] when no row has
    /// the id.
    pub async fn save(self) -> Result<E, Error> {
        let (client, m, edges) = self.into_run_parts();
        mutate!(client, m, |conn, m| update_one_on::<_, E>(conn, m, &edges))
    }

    /// Runs the update.
    pub async fn exec(self) -> Result<(), Error> {
        self.save().await.map(|_| ())
    }
}

impl<E: Entity> Delete<E, &AsyncClient> {
    /// Runs the delete; returns the number of rows deleted.
    pub async fn exec(self) -> Result<u64, Error> {
        let (client, m) = self.into_run_parts();
        mutate!(client, m, |conn, m| delete_on::<_, E>(conn, m))
    }
}

impl<E: Entity> DeleteOne<E, &AsyncClient> {
    /// Runs the delete; [`Error::NotFound`] when no row has the id.
    pub async fn exec(self) -> Result<(), Error> {
        let (client, m) = self.into_run_parts();
        mutate!(client, m, |conn, m| delete_one_on::<_, E>(conn, m))
    }
}
