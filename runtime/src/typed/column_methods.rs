//! The setters generated builders call with a column or edge constant: `set_name(v)` is
//! `self.put(NAME, v)`, `clear_title()` is `self.put_null(TITLE)`, `set_owner(user)` is
//! `self.put_target(OWNER, user)`. As with the edge methods, the constant carries the column's
//! name and Rust type, so a generated setter is one short call without a string literal (every
//! byte of generated code is parsed and formatted on each cold `entgen generate`).

use super::arg::Arg;
use super::column::Column;
use super::edge::EdgeRef;
use super::edge_write::EdgeOp;
use super::entity::Entity;
use super::id_of::{IdOf, id_value};
use super::mutate::{Create, Update};
use crate::builder::{Edge, EdgeStorage};
use crate::value::Value;

impl<E: Entity, C> Create<E, C> {
    /// Sets `column` to `value` (generated `set_<field>`).
    pub fn put<T: Into<Value>, N>(self, column: Column<E, T, N>, value: impl Arg<T>) -> Self {
        self.set(column.name(), value.into_arg())
    }

    /// Sets `column` when `value` is `Some` (generated `set_optional_<field>`).
    pub fn put_some<T: Into<Value>, N>(
        self,
        column: Column<E, T, N>,
        value: Option<impl Arg<T>>,
    ) -> Self {
        match value {
            Some(value) => self.put(column, value),
            None => self,
        }
    }

    /// Sets the unique edge `edge` to `target` (generated `set_<edge>`): the foreign key when
    /// `E`'s table holds it, a link otherwise. A symmetric one (`spouse`) also points the
    /// target's row back at the new row.
    pub fn put_target<T: Entity>(self, edge: EdgeRef<E, T>, target: impl IdOf<T>) -> Self {
        match edge.edge.storage {
            EdgeStorage::SourceFk(column) if edge.bidi => {
                let id = id_value::<T>(target);
                let back = mirror(&edge.edge, column);
                self.set(column, id.clone()).add_edge(back, false, vec![id])
            }
            EdgeStorage::SourceFk(column) => self.set(column, id_value::<T>(target)),
            _ => self.link(edge, [target]),
        }
    }
}

/// The other direction of a symmetric O2O edge kept in `E`'s own table (`spouse`): the same
/// foreign key column, on the target's row. Writing it through this edge points the target
/// back at the source (`Add`) or clears every row that points at the source (`Clear`).
fn mirror(edge: &Edge, column: &'static str) -> Edge {
    Edge {
        storage: EdgeStorage::TargetFk(column),
        ..*edge
    }
}

impl<E: Entity, C, K> Update<E, C, K> {
    /// Sets `column` to `value` (generated `set_<field>`).
    pub fn put<T: Into<Value>, N>(self, column: Column<E, T, N>, value: impl Arg<T>) -> Self {
        self.set(column.name(), value.into_arg())
    }

    /// Adds `value` to the numeric `column` (generated `add_<field>`).
    pub fn increment<T: Into<Value>, N>(self, column: Column<E, T, N>, value: T) -> Self {
        self.add(column.name(), value)
    }

    /// Sets `column` to NULL (generated `clear_<field>`).
    pub fn put_null<T, N>(self, column: Column<E, T, N>) -> Self {
        self.clear(column.name())
    }

    /// Sets the unique edge `edge` to `target` (generated `set_<edge>`): the foreign key when
    /// `E`'s table holds it; otherwise any link of the updated rows is replaced. A symmetric
    /// one (`spouse`) also releases the rows' previous partner and points the target back.
    pub fn put_target<T: Entity>(self, edge: EdgeRef<E, T>, target: impl IdOf<T>) -> Self {
        match edge.edge.storage {
            EdgeStorage::SourceFk(column) if edge.bidi => {
                let id = id_value::<T>(target);
                let back = mirror(&edge.edge, column);
                self.set(column, id.clone())
                    .edge(back, false, EdgeOp::Clear)
                    .edge(back, false, EdgeOp::Add(vec![id]))
            }
            EdgeStorage::SourceFk(column) => self.set(column, id_value::<T>(target)),
            _ => self.unlink_all(edge).link(edge, [target]),
        }
    }

    /// Unlinks every target of `edge` (generated `clear_<edge>`): the foreign key is set to
    /// NULL when `E`'s table holds it (and, for a symmetric one, the partner's too).
    pub fn put_no_target<T: Entity>(self, edge: EdgeRef<E, T>) -> Self {
        match edge.edge.storage {
            EdgeStorage::SourceFk(column) if edge.bidi => {
                let back = mirror(&edge.edge, column);
                self.clear(column).edge(back, false, EdgeOp::Clear)
            }
            EdgeStorage::SourceFk(column) => self.clear(column),
            _ => self.unlink_all(edge),
        }
    }
}
