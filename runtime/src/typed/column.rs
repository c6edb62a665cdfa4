//! Typed column handles: `Column<User, String>` offers `contains`, `Column<User, i64>` offers
//! `gt`, `Column<User, i64, Nullable>` adds `is_null`. Generated as constants:
//! `pub const NAME: Column<User, String> = Column::new("name");`.

use std::marker::PhantomData;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::arg::Arg;
use super::predicate::{Aggregate, Order, Predicate};
use crate::builder::{Expr, OrderBy, Pred};
use crate::value::Value;

/// Marks a NOT NULL column.
#[derive(Debug, Clone, Copy)]
pub struct Required;

/// Marks a nullable column (an optional field): adds `is_null` / `not_null`.
#[derive(Debug, Clone, Copy)]
pub struct Nullable;

/// Types with an order, which get `gt`/`ge`/`lt`/`le` (ent's numeric, string, time and UUID
/// operator sets; not bool, enums, bytes or JSON).
pub trait Ordered: Into<Value> {}

macro_rules! ordered {
    ($($t:ty),*) => {$(impl Ordered for $t {})*};
}
ordered!(
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    f32,
    f64,
    String,
    DateTime<Utc>,
    Uuid
);

type Marker<E, T, N> = fn() -> (E, T, N);

/// A column of entity `E` holding values of type `T` (`N`: [`Required`] or [`Nullable`]).
pub struct Column<E, T, N = Required> {
    name: &'static str,
    sensitive: bool,
    marker: PhantomData<Marker<E, T, N>>,
}

impl<E, T, N> Clone for Column<E, T, N> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<E, T, N> Copy for Column<E, T, N> {}

impl<E, T, N> std::fmt::Debug for Column<E, T, N> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Column({})", self.name)
    }
}

impl<E, T, N> Column<E, T, N> {
    /// The column called `name`.
    pub const fn new(name: &'static str) -> Self {
        Column {
            name,
            sensitive: false,
            marker: PhantomData,
        }
    }

    /// A sensitive column: values in its predicates are redacted in the debug log.
    pub const fn sensitive(name: &'static str) -> Self {
        Column {
            name,
            sensitive: true,
            marker: PhantomData,
        }
    }

    /// The column's name.
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// Whether values of this column are redacted in logs.
    pub const fn is_sensitive(&self) -> bool {
        self.sensitive
    }

    fn pred(&self, pred: Pred) -> Predicate<E> {
        Predicate::new(if self.sensitive {
            pred.sensitive()
        } else {
            pred
        })
    }

    /// Ascending order.
    pub fn asc(&self) -> Order<E> {
        Order::new(OrderBy::asc(self.name))
    }

    /// Descending order.
    pub fn desc(&self) -> Order<E> {
        Order::new(OrderBy::desc(self.name))
    }

    /// `COUNT(DISTINCT column)`.
    pub fn count_distinct(&self) -> Aggregate<E> {
        Aggregate::new(Expr::count_distinct(self.name))
    }

    /// `SUM(column)`.
    pub fn sum(&self) -> Aggregate<E> {
        Aggregate::new(Expr::sum(self.name))
    }

    /// `MIN(column)`.
    pub fn min(&self) -> Aggregate<E> {
        Aggregate::new(Expr::min(self.name))
    }

    /// `MAX(column)`.
    pub fn max(&self) -> Aggregate<E> {
        Aggregate::new(Expr::max(self.name))
    }

    /// `AVG(column)` (ent's `Mean`).
    pub fn mean(&self) -> Aggregate<E> {
        Aggregate::new(Expr::mean(self.name))
    }
}

impl<E, T: Into<Value>, N> Column<E, T, N> {
    /// `column = v`.
    pub fn eq(&self, v: impl Arg<T>) -> Predicate<E> {
        self.pred(Pred::eq(self.name, v.into_arg()))
    }

    /// `column <> v`.
    pub fn ne(&self, v: impl Arg<T>) -> Predicate<E> {
        self.pred(Pred::ne(self.name, v.into_arg()))
    }

    /// `column IN (vs)` (false for an empty list).
    pub fn is_in<V: Arg<T>>(&self, vs: impl IntoIterator<Item = V>) -> Predicate<E> {
        self.pred(Pred::is_in(self.name, vs.into_iter().map(|v| v.into_arg())))
    }

    /// `column NOT IN (vs)` (true for an empty list).
    pub fn not_in<V: Arg<T>>(&self, vs: impl IntoIterator<Item = V>) -> Predicate<E> {
        self.pred(Pred::not_in(
            self.name,
            vs.into_iter().map(|v| v.into_arg()),
        ))
    }
}

impl<E, T: Ordered, N> Column<E, T, N> {
    /// `column > v`.
    pub fn gt(&self, v: impl Arg<T>) -> Predicate<E> {
        self.pred(Pred::gt(self.name, v.into_arg()))
    }

    /// `column >= v`.
    pub fn ge(&self, v: impl Arg<T>) -> Predicate<E> {
        self.pred(Pred::ge(self.name, v.into_arg()))
    }

    /// `column < v`.
    pub fn lt(&self, v: impl Arg<T>) -> Predicate<E> {
        self.pred(Pred::lt(self.name, v.into_arg()))
    }

    /// `column <= v`.
    pub fn le(&self, v: impl Arg<T>) -> Predicate<E> {
        self.pred(Pred::le(self.name, v.into_arg()))
    }
}

impl<E, N> Column<E, String, N> {
    /// The column contains `s` (case-sensitive).
    pub fn contains(&self, s: impl Arg<String>) -> Predicate<E> {
        self.pred(Pred::contains(self.name, s.into_arg()))
    }

    /// The column starts with `s`.
    pub fn has_prefix(&self, s: impl Arg<String>) -> Predicate<E> {
        self.pred(Pred::has_prefix(self.name, s.into_arg()))
    }

    /// The column ends with `s`.
    pub fn has_suffix(&self, s: impl Arg<String>) -> Predicate<E> {
        self.pred(Pred::has_suffix(self.name, s.into_arg()))
    }

    /// The column equals `s`, ignoring case.
    pub fn equal_fold(&self, s: impl Arg<String>) -> Predicate<E> {
        self.pred(Pred::equal_fold(self.name, s.into_arg()))
    }

    /// The column contains `s`, ignoring case.
    pub fn contains_fold(&self, s: impl Arg<String>) -> Predicate<E> {
        self.pred(Pred::contains_fold(self.name, s.into_arg()))
    }
}

impl<E, T> Column<E, T, Nullable> {
    /// `column IS NULL`.
    pub fn is_null(&self) -> Predicate<E> {
        Predicate::new(Pred::is_null(self.name))
    }

    /// `column IS NOT NULL`.
    pub fn not_null(&self) -> Predicate<E> {
        Predicate::new(Pred::not_null(self.name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builder::Select;
    use crate::dialect::Dialect;

    struct User;

    const AGE: Column<User, i16, Nullable> = Column::new("age");
    const NAME: Column<User, String> = Column::new("name");
    const PASSWORD: Column<User, String> = Column::sensitive("password");

    fn sql(p: Predicate<User>) -> crate::builder::Query {
        Select::from("users")
            .filter(p.into_pred())
            .build(Dialect::Sqlite)
    }

    #[test]
    fn literals_take_the_column_type_and_predicates_render() {
        // `-100` is an `i16` here, not an `i32` that `Into<i16>` would refuse.
        let q = sql(AGE.ge(-100) & AGE.is_null().or_else(NAME.has_prefix("a%")));
        assert_eq!(
            q.sql,
            "SELECT `users`.* FROM `users` WHERE `users`.`age` >= ? AND (`users`.`age` IS NULL OR `users`.`name` GLOB ?)"
        );
        assert_eq!(q.args, [Value::I16(-100), Value::String("a%*".into())]);
    }

    #[test]
    fn sensitive_columns_redact_their_arguments() {
        let q = sql(PASSWORD.eq("hunter2") & NAME.eq("ada"));
        assert_eq!(q.display_args(), "[<redacted>, \"ada\"]");
    }
}
