//! Projections (`select`) and grouped aggregates (`group_by(..).aggregate(..)`).

use std::marker::PhantomData;

use super::column::{Column, Nullable, Required};
use super::entity::Entity;
use super::predicate::{Aggregate, Order};
use crate::builder::{Expr, Select};
use crate::client::Client;
use crate::driver::{Io, Row, now};
use crate::error::Error;
use crate::value::{FromValue, Value};

/// Columns of `E` read together: a [`Column`] or a tuple of up to six, with the Rust type
/// they read as (`Option<T>` for nullable columns).
pub trait Projection<E> {
    /// What one row reads as.
    type Output;
    /// The column names, in order.
    fn columns(&self) -> Vec<&'static str>;
    /// Reads the columns from index `at`.
    fn read(row: &Row<'_>, at: usize) -> Result<Self::Output, Error>;
    /// How many columns it reads.
    const WIDTH: usize;
}

impl<E, T: FromValue + Into<Value>> Projection<E> for Column<E, T, Required> {
    type Output = T;
    const WIDTH: usize = 1;
    fn columns(&self) -> Vec<&'static str> {
        vec![self.name()]
    }
    fn read(row: &Row<'_>, at: usize) -> Result<T, Error> {
        row.get(at)
    }
}

impl<E, T: FromValue + Into<Value>> Projection<E> for Column<E, T, Nullable> {
    type Output = Option<T>;
    const WIDTH: usize = 1;
    fn columns(&self) -> Vec<&'static str> {
        vec![self.name()]
    }
    fn read(row: &Row<'_>, at: usize) -> Result<Option<T>, Error> {
        row.get(at)
    }
}

macro_rules! tuple_projection {
    ($($p:ident $i:tt),+) => {
        impl<E, $($p: Projection<E>),+> Projection<E> for ($($p,)+) {
            type Output = ($($p::Output,)+);
            const WIDTH: usize = 0 $(+ $p::WIDTH)+;
            fn columns(&self) -> Vec<&'static str> {
                let mut out = Vec::new();
                $(out.extend(self.$i.columns());)+
                out
            }
            #[allow(unused_assignments)]
            fn read(row: &Row<'_>, at: usize) -> Result<Self::Output, Error> {
                let mut at = at;
                Ok(($({
                    let v = $p::read(row, at)?;
                    at += $p::WIDTH;
                    v
                },)+))
            }
        }
    };
}

tuple_projection!(A 0);
tuple_projection!(A 0, B 1);
tuple_projection!(A 0, B 1, C 2);
tuple_projection!(A 0, B 1, C 2, D 3);
tuple_projection!(A 0, B 1, C 2, D 3, F 4);
tuple_projection!(A 0, B 1, C 2, D 3, F 4, G 5);

/// The types a selection reads, and the lifetime of its default client type.
type Marker<'c, E, P> = PhantomData<fn() -> (&'c (), E, P)>;

/// A query reading only some columns (`query().select(..)`), on client `C`.
pub struct Selection<'c, E, P, C = &'c Client> {
    client: C,
    select: Select,
    distinct: bool,
    projection: Marker<'c, E, P>,
}

impl<'c, E: Entity, P: Projection<E>, C> Selection<'c, E, P, C> {
    pub(crate) fn new(client: C, mut select: Select, projection: P) -> Self {
        select.set_columns(projection.columns().into_iter().map(Expr::col));
        Selection {
            client,
            select,
            distinct: false,
            projection: PhantomData,
        }
    }

    /// Only distinct rows (`SELECT DISTINCT`).
    pub fn distinct(mut self) -> Self {
        self.distinct = true;
        self
    }

    /// The client and the SELECT to run.
    pub(crate) fn into_run_parts(self) -> (C, Select) {
        let select = if self.distinct {
            self.select.distinct()
        } else {
            self.select
        };
        (self.client, select)
    }

    /// At most one row.
    pub(crate) fn limit_one(mut self) -> Self {
        self.select.set_limit(Some(1));
        self
    }
}

impl<'c, E: Entity, P: Projection<E>> Selection<'c, E, P> {
    /// Every row's values.
    pub fn all(self) -> Result<Vec<P::Output>, Error> {
        let (client, select) = self.into_run_parts();
        now(selection_on::<_, E, P>(&mut *client.conn()?, select))
    }

    /// The first row's values; [`Error::NotFound`] when none.
    pub fn first(self) -> Result<P::Output, Error> {
        crate::client::first(self.limit_one().all()?, E::LABEL)
    }
}

/// The rows of a projection's SELECT.
pub(crate) async fn selection_on<D: Io, E: Entity, P: Projection<E>>(
    drv: &mut D,
    select: Select,
) -> Result<Vec<P::Output>, Error> {
    let q = select.build(drv.dialect());
    drv.query(&q, |r| P::read(r, 0)).await
}

/// Rows grouped by some columns, with aggregates (`query().group_by(..).aggregate(..)`), on
/// client `C`.
pub struct GroupBy<'c, E, P, C = &'c Client> {
    client: C,
    select: Select,
    projection: Marker<'c, E, P>,
}

impl<'c, E: Entity, P: Projection<E>, C> GroupBy<'c, E, P, C> {
    pub(crate) fn new(client: C, mut select: Select, projection: P) -> Self {
        let columns = projection.columns();
        select.set_columns(columns.iter().map(|c| Expr::col(*c)));
        for c in columns {
            select = select.group_by(c);
        }
        GroupBy {
            client,
            select,
            projection: PhantomData,
        }
    }

    /// Adds an aggregate column after the grouped ones (and the earlier aggregates).
    pub fn aggregate(mut self, aggregate: Aggregate<E>) -> Self {
        self.select = self.select.expr(aggregate.expr);
        self
    }

    /// Orders the groups (by a grouped column).
    pub fn order(mut self, order: Order<E>) -> Self {
        self.select.add_order(order.order);
        self
    }

    /// The client and the SELECT to run.
    pub(crate) fn into_run_parts(self) -> (C, Select) {
        (self.client, self.select)
    }
}

impl<'c, E: Entity, P: Projection<E>> GroupBy<'c, E, P> {
    /// Reads each group as `(grouped values, R)`, where `R` reads the aggregates
    /// (`i64` for one count, a tuple for several).
    pub fn scan<R: FromAggregates>(self) -> Result<Vec<(P::Output, R)>, Error> {
        let (client, select) = self.into_run_parts();
        now(groups_on::<_, E, P, R>(&mut *client.conn()?, select))
    }
}

/// The groups of a GROUP BY SELECT with their aggregates.
pub(crate) async fn groups_on<D: Io, E: Entity, P: Projection<E>, R: FromAggregates>(
    drv: &mut D,
    select: Select,
) -> Result<Vec<(P::Output, R)>, Error> {
    let q = select.build(drv.dialect());
    drv.query(&q, |r| Ok((P::read(r, 0)?, R::read(r, P::WIDTH)?)))
        .await
}

/// Aggregate results read from a row, starting at a column index.
pub trait FromAggregates: Sized {
    /// Reads from index `at`.
    fn read(row: &Row<'_>, at: usize) -> Result<Self, Error>;
}

macro_rules! scalar_aggregates {
    ($($t:ty),*) => {$(
        impl FromAggregates for $t {
            fn read(row: &Row<'_>, at: usize) -> Result<Self, Error> {
                row.get(at)
            }
        }
        impl FromAggregates for Option<$t> {
            fn read(row: &Row<'_>, at: usize) -> Result<Self, Error> {
                row.get(at)
            }
        }
    )*};
}
scalar_aggregates!(i64, u64, i32, f64, f32, String, Value);

macro_rules! tuple_aggregates {
    ($($p:ident $i:tt),+) => {
        impl<$($p: FromValue),+> FromAggregates for ($($p,)+) {
            fn read(row: &Row<'_>, at: usize) -> Result<Self, Error> {
                Ok(($(row.get::<$p>(at + $i)?,)+))
            }
        }
    };
}
tuple_aggregates!(A 0);
tuple_aggregates!(A 0, B 1);
tuple_aggregates!(A 0, B 1, C 2);
tuple_aggregates!(A 0, B 1, C 2, D 3);
