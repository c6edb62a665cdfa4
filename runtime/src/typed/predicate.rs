//! Predicates, orderings and aggregates typed by the entity they apply to, so a predicate on
//! posts cannot filter users.

use std::marker::PhantomData;

use crate::builder::{Expr, OrderBy, Pred};

/// A WHERE condition on entity `E` (`user::NAME.eq("a")`, `user::has_posts()`).
pub struct Predicate<E> {
    pred: Pred,
    entity: PhantomData<fn() -> E>,
}

impl<E> Clone for Predicate<E> {
    fn clone(&self) -> Self {
        Predicate::new(self.pred.clone())
    }
}

impl<E> std::fmt::Debug for Predicate<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.pred.fmt(f)
    }
}

impl<E> Predicate<E> {
    /// Wraps an untyped predicate over `E`'s table (custom SQL predicates).
    pub fn new(pred: Pred) -> Self {
        Predicate {
            pred,
            entity: PhantomData,
        }
    }

    /// The untyped predicate.
    pub fn into_pred(self) -> Pred {
        self.pred
    }

    /// All of `preds` (`TRUE` when empty).
    pub fn and(preds: impl IntoIterator<Item = Predicate<E>>) -> Self {
        Predicate::new(Pred::and(preds.into_iter().map(|p| p.pred)))
    }

    /// Any of `preds` (`FALSE` when empty).
    pub fn or(preds: impl IntoIterator<Item = Predicate<E>>) -> Self {
        Predicate::new(Pred::or(preds.into_iter().map(|p| p.pred)))
    }

    /// The negation of `pred`.
    #[allow(clippy::should_implement_trait)]
    pub fn not(pred: Predicate<E>) -> Self {
        Predicate::new(Pred::not(pred.pred))
    }

    /// `self AND other`.
    pub fn and_also(self, other: Predicate<E>) -> Self {
        Predicate::new(self.pred.and_also(other.pred))
    }

    /// `self OR other`.
    pub fn or_else(self, other: Predicate<E>) -> Self {
        Predicate::or([self, other])
    }
}

impl<E> std::ops::Not for Predicate<E> {
    type Output = Predicate<E>;
    fn not(self) -> Predicate<E> {
        Predicate::not(self)
    }
}

impl<E> std::ops::BitAnd for Predicate<E> {
    type Output = Predicate<E>;
    fn bitand(self, rhs: Predicate<E>) -> Predicate<E> {
        self.and_also(rhs)
    }
}

impl<E> std::ops::BitOr for Predicate<E> {
    type Output = Predicate<E>;
    fn bitor(self, rhs: Predicate<E>) -> Predicate<E> {
        self.or_else(rhs)
    }
}

/// An ORDER BY term on entity `E` (`user::NAME.asc()`).
pub struct Order<E> {
    pub(crate) order: OrderBy,
    entity: PhantomData<fn() -> E>,
}

impl<E> Clone for Order<E> {
    fn clone(&self) -> Self {
        Order::new(self.order.clone())
    }
}

impl<E> std::fmt::Debug for Order<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.order.fmt(f)
    }
}

impl<E> Order<E> {
    /// Wraps an untyped ordering.
    pub fn new(order: OrderBy) -> Self {
        Order {
            order,
            entity: PhantomData,
        }
    }
}

/// An aggregate over entity `E`'s rows (`typed::count()`, `user::AGE.sum()`), for
/// `group_by(..).aggregate(..)`.
pub struct Aggregate<E> {
    pub(crate) expr: Expr,
    entity: PhantomData<fn() -> E>,
}

impl<E> Clone for Aggregate<E> {
    fn clone(&self) -> Self {
        Aggregate::new(self.expr.clone())
    }
}

impl<E> std::fmt::Debug for Aggregate<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.expr.fmt(f)
    }
}

impl<E> Aggregate<E> {
    /// Wraps an untyped aggregate expression.
    pub fn new(expr: Expr) -> Self {
        Aggregate {
            expr,
            entity: PhantomData,
        }
    }

    /// Names the result column (`AS alias`), for ordering by it.
    pub fn alias(self, alias: &'static str) -> Self {
        Aggregate::new(self.expr.alias(alias))
    }
}

/// `COUNT(*)`.
pub fn count<E>() -> Aggregate<E> {
    Aggregate::new(Expr::count())
}
