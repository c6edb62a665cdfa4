//! The edge methods generated builders call with an edge constant: `add_posts(ids)` is
//! `self.link(POSTS, ids)`, `with_posts(f)` is `self.eager(POSTS, f)` (private forwarders the
//! `create_type!`, `update_type!` and `query_type!` macros declare, which call the methods
//! here). The constant carries the target type, the storage and the symmetry, so a generated
//! method is one short call (every byte of generated code is formatted on each cold
//! `entgen generate`).

use std::marker::PhantomData;

use super::edge::EdgeRef;
use super::edge_write::{EdgeOp, LinkEdge, through};
use super::entity::{Detached, Entity};
use super::id_of::{IdOf, id_values};
use super::mutate::{Create, Update};
use super::query::Query;

/// An edge links can be written over: an [`EdgeRef`], or an `@through` edge whose links are
/// rows of an edge schema ([`EdgeRef::through`]).
pub trait Linkable<E: Entity>: Copy {
    /// The entity at the other end.
    type Target: Entity;
    /// The edge, with its edge schema when it has one.
    fn link_edge(self) -> LinkEdge;
    /// A symmetric M2M edge: links are written in both directions.
    fn bidi(self) -> bool;
}

impl<E: Entity, T: Entity> Linkable<E> for EdgeRef<E, T> {
    type Target = T;
    fn link_edge(self) -> LinkEdge {
        self.edge.into()
    }
    fn bidi(self) -> bool {
        self.bidi
    }
}

/// An `@through` edge whose links are rows of the edge schema `L`, with `L`'s creation
/// defaults (generated `add_<edge>` setters of such edges pass `EDGE.through::<L>()`).
pub struct Through<L, E: Entity, T: Entity> {
    edge: EdgeRef<E, T>,
    schema: PhantomData<fn() -> L>,
}

impl<L, E: Entity, T: Entity> Clone for Through<L, E, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<L, E: Entity, T: Entity> Copy for Through<L, E, T> {}

impl<E: Entity, T: Entity> EdgeRef<E, T> {
    /// This edge, its links being rows of the edge schema `L`.
    pub fn through<L: Entity>(self) -> Through<L, E, T> {
        Through {
            edge: self,
            schema: PhantomData,
        }
    }
}

impl<L: Entity, E: Entity, T: Entity> Linkable<E> for Through<L, E, T> {
    type Target = T;
    fn link_edge(self) -> LinkEdge {
        through::<L>(self.edge.edge)
    }
    fn bidi(self) -> bool {
        self.edge.bidi
    }
}

impl<E: Entity, C> Create<E, C> {
    /// Links the new row to `targets` over `edge` (generated `add_<edge>`, and `set_<edge>`
    /// of a unique edge stored outside the row).
    pub fn link<L: Linkable<E>>(
        self,
        edge: L,
        targets: impl IntoIterator<Item = impl IdOf<L::Target>>,
    ) -> Self {
        self.add_edge(
            edge.link_edge(),
            edge.bidi(),
            id_values::<L::Target>(targets),
        )
    }
}

impl<E: Entity, C, K> Update<E, C, K> {
    /// Links the updated rows to `targets` over `edge` (generated `add_<edge>`).
    pub fn link<L: Linkable<E>>(
        self,
        edge: L,
        targets: impl IntoIterator<Item = impl IdOf<L::Target>>,
    ) -> Self {
        let ids = id_values::<L::Target>(targets);
        self.edge(edge.link_edge(), edge.bidi(), EdgeOp::Add(ids))
    }

    /// Unlinks `targets` from the updated rows (generated `remove_<edge>`).
    pub fn unlink<T: Entity>(
        self,
        edge: EdgeRef<E, T>,
        targets: impl IntoIterator<Item = impl IdOf<T>>,
    ) -> Self {
        let ids = id_values::<T>(targets);
        self.edge(edge.edge, edge.bidi, EdgeOp::Remove(ids))
    }

    /// Unlinks every target of the updated rows (generated `clear_<edge>`).
    pub fn unlink_all<T: Entity>(self, edge: EdgeRef<E, T>) -> Self {
        self.edge(edge.edge, edge.bidi, EdgeOp::Clear)
    }
}

impl<E: Entity, C> Query<E, C> {
    /// Eager-loads `edge`, `f` narrowing the targets' generated query type `Q` (generated
    /// `with_<edge>`).
    pub fn with_edge<T: Entity, Q>(self, edge: EdgeRef<E, T>, f: impl FnOnce(Q) -> Q) -> Self
    where
        Q: From<Query<T, Detached>> + Into<Query<T, Detached>>,
    {
        self.with(edge, |q| f(Q::from(q)).into())
    }
}
