//! SELECT statements.

use super::predicate::Pred;
use super::{Ident, Query, Writer};
use crate::dialect::Dialect;

/// An aggregate function (ent's `Count`, `Sum`, `Min`, `Max`, `Mean`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AggFunc {
    /// `COUNT(*)` or `COUNT(col)`.
    Count,
    /// `COUNT(DISTINCT col)`.
    CountDistinct,
    /// `SUM(col)`.
    Sum,
    /// `MIN(col)`.
    Min,
    /// `MAX(col)`.
    Max,
    /// `AVG(col)`.
    Mean,
}

/// One item of a SELECT list.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A column of the statement's table.
    Col(Ident),
    /// A column of another (joined) table.
    Qualified(Ident, Ident),
    /// An aggregate over a column (or `*` for `COUNT` without one), with an optional alias.
    Agg {
        /// The function.
        func: AggFunc,
        /// The column, if any.
        column: Option<Ident>,
        /// `AS alias`.
        alias: Option<Ident>,
    },
    /// The constant `1`.
    One,
}

impl Expr {
    /// A column of the statement's table.
    pub fn col(name: impl Into<Ident>) -> Expr {
        Expr::Col(name.into())
    }
    fn agg(func: AggFunc, column: Option<Ident>) -> Expr {
        Expr::Agg {
            func,
            column,
            alias: None,
        }
    }
    /// `COUNT(*)`.
    pub fn count() -> Expr {
        Self::agg(AggFunc::Count, None)
    }
    /// `COUNT(DISTINCT col)`.
    pub fn count_distinct(column: impl Into<Ident>) -> Expr {
        Self::agg(AggFunc::CountDistinct, Some(column.into()))
    }
    /// `SUM(col)`.
    pub fn sum(column: impl Into<Ident>) -> Expr {
        Self::agg(AggFunc::Sum, Some(column.into()))
    }
    /// `MIN(col)`.
    pub fn min(column: impl Into<Ident>) -> Expr {
        Self::agg(AggFunc::Min, Some(column.into()))
    }
    /// `MAX(col)`.
    pub fn max(column: impl Into<Ident>) -> Expr {
        Self::agg(AggFunc::Max, Some(column.into()))
    }
    /// `AVG(col)`.
    pub fn mean(column: impl Into<Ident>) -> Expr {
        Self::agg(AggFunc::Mean, Some(column.into()))
    }
    /// This aggregate with `AS alias` (ignored for columns).
    pub fn alias(self, alias: impl Into<Ident>) -> Expr {
        match self {
            Expr::Agg { func, column, .. } => Expr::Agg {
                func,
                column,
                alias: Some(alias.into()),
            },
            other => other,
        }
    }

    fn render(&self, w: &mut Writer, scope: &str) {
        match self {
            Expr::Col(c) => w.column(Some(scope), c),
            Expr::Qualified(t, c) => w.column(Some(t), c),
            Expr::One => w.raw("1"),
            Expr::Agg {
                func,
                column,
                alias,
            } => {
                w.raw(match func {
                    AggFunc::Count => "COUNT(",
                    AggFunc::CountDistinct => "COUNT(DISTINCT ",
                    AggFunc::Sum => "SUM(",
                    AggFunc::Min => "MIN(",
                    AggFunc::Max => "MAX(",
                    AggFunc::Mean => "AVG(",
                });
                match column {
                    Some(c) => w.column(Some(scope), c),
                    None => w.raw("*"),
                }
                w.raw(")");
                if let Some(a) = alias {
                    w.raw(" AS ");
                    w.ident(a);
                }
            }
        }
    }
}

impl From<&'static str> for Expr {
    fn from(c: &'static str) -> Expr {
        Expr::Col(c.into())
    }
}

/// One ORDER BY term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderBy {
    /// The column (or alias of a selected aggregate).
    pub column: Ident,
    /// Descending.
    pub desc: bool,
    /// `column` is an alias from the SELECT list, written unqualified.
    pub is_alias: bool,
}

impl OrderBy {
    /// Ascending by a column.
    pub fn asc(column: impl Into<Ident>) -> OrderBy {
        OrderBy {
            column: column.into(),
            desc: false,
            is_alias: false,
        }
    }
    /// Descending by a column.
    pub fn desc(column: impl Into<Ident>) -> OrderBy {
        OrderBy {
            column: column.into(),
            desc: true,
            is_alias: false,
        }
    }
    /// By an alias of the SELECT list (an aggregate).
    pub fn alias(alias: impl Into<Ident>, desc: bool) -> OrderBy {
        OrderBy {
            column: alias.into(),
            desc,
            is_alias: true,
        }
    }
}

/// Row locking (PostgreSQL and MySQL; ignored on SQLite, which locks the whole database).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lock {
    /// `FOR UPDATE`.
    Update,
    /// `FOR SHARE`.
    Share,
}

#[derive(Debug, Clone, PartialEq)]
struct Join {
    table: Ident,
    column: Ident,
    other: Ident,
}

/// A SELECT over one table (plus inner joins), its clauses qualified with the table's name.
#[derive(Debug, Clone, PartialEq)]
pub struct Select {
    table: Ident,
    distinct: bool,
    columns: Vec<Expr>,
    joins: Vec<Join>,
    filter: Option<Pred>,
    group_by: Vec<Ident>,
    order: Vec<OrderBy>,
    limit: Option<u64>,
    offset: Option<u64>,
    lock: Option<Lock>,
}

impl Select {
    /// `SELECT ... FROM table`.
    pub fn from(table: impl Into<Ident>) -> Select {
        Select {
            table: table.into(),
            distinct: false,
            columns: Vec::new(),
            joins: Vec::new(),
            filter: None,
            group_by: Vec::new(),
            order: Vec::new(),
            limit: None,
            offset: None,
            lock: None,
        }
    }

    /// The table.
    pub fn table(&self) -> &str {
        &self.table
    }

    /// Adds a column of the table.
    pub fn column(mut self, column: impl Into<Ident>) -> Select {
        self.columns.push(Expr::Col(column.into()));
        self
    }

    /// Adds columns of the table.
    pub fn columns<C: Into<Ident>>(mut self, columns: impl IntoIterator<Item = C>) -> Select {
        self.columns
            .extend(columns.into_iter().map(|c| Expr::Col(c.into())));
        self
    }

    /// Adds an expression (aggregate, joined column).
    pub fn expr(mut self, expr: Expr) -> Select {
        self.columns.push(expr);
        self
    }

    /// Replaces the SELECT list.
    pub fn set_columns(&mut self, exprs: impl IntoIterator<Item = Expr>) {
        self.columns = exprs.into_iter().collect();
    }

    /// The SELECT list.
    pub fn select_list(&self) -> &[Expr] {
        &self.columns
    }

    /// `SELECT DISTINCT`.
    pub fn distinct(mut self) -> Select {
        self.distinct = true;
        self
    }

    /// `JOIN table ON table.column = <this table>.other`.
    pub fn join(
        mut self,
        table: impl Into<Ident>,
        column: impl Into<Ident>,
        other: impl Into<Ident>,
    ) -> Select {
        self.joins.push(Join {
            table: table.into(),
            column: column.into(),
            other: other.into(),
        });
        self
    }

    /// ANDs a predicate into WHERE.
    pub fn filter(mut self, pred: Pred) -> Select {
        self.add_filter(pred);
        self
    }

    /// ANDs a predicate into WHERE, in place.
    pub fn add_filter(&mut self, pred: Pred) {
        self.filter = Some(match self.filter.take() {
            None => pred,
            Some(p) => p.and_also(pred),
        });
    }

    /// The WHERE predicate.
    pub fn predicate(&self) -> Option<&Pred> {
        self.filter.as_ref()
    }

    /// Adds a GROUP BY column.
    pub fn group_by(mut self, column: impl Into<Ident>) -> Select {
        self.group_by.push(column.into());
        self
    }

    /// Adds an ORDER BY term.
    pub fn order_by(mut self, order: OrderBy) -> Select {
        self.order.push(order);
        self
    }

    /// Adds an ORDER BY term, in place.
    pub fn add_order(&mut self, order: OrderBy) {
        self.order.push(order);
    }

    /// `LIMIT n`.
    pub fn limit(mut self, n: u64) -> Select {
        self.limit = Some(n);
        self
    }

    /// Sets or clears LIMIT, in place.
    pub fn set_limit(&mut self, n: Option<u64>) {
        self.limit = n;
    }

    /// `OFFSET n`.
    pub fn offset(mut self, n: u64) -> Select {
        self.offset = Some(n);
        self
    }

    /// Sets or clears OFFSET, in place.
    pub fn set_offset(&mut self, n: Option<u64>) {
        self.offset = n;
    }

    /// `FOR UPDATE` / `FOR SHARE` (PostgreSQL; MySQL's `LOCK IN SHARE MODE`; none on SQLite).
    pub fn lock(mut self, lock: Lock) -> Select {
        self.lock = Some(lock);
        self
    }

    /// `SELECT COUNT(*) FROM (<this>)`, for counting with DISTINCT, LIMIT or GROUP BY intact.
    /// Without those it is just this statement with `COUNT(*)` as its list, unordered.
    pub fn build_count(&self, dialect: Dialect) -> Query {
        let mut w = Writer::new(dialect);
        if self.distinct
            || self.limit.is_some()
            || self.offset.is_some()
            || !self.group_by.is_empty()
        {
            w.raw("SELECT COUNT(*) FROM (");
            self.render(&mut w);
            w.raw(") AS ");
            w.ident("__count");
        } else {
            let mut plain = self.clone();
            plain.columns = vec![Expr::count()];
            plain.order.clear();
            plain.lock = None;
            plain.render(&mut w);
        }
        w.finish()
    }

    /// Renders the statement.
    pub fn build(&self, dialect: Dialect) -> Query {
        let mut w = Writer::new(dialect);
        self.render(&mut w);
        w.finish()
    }

    pub(crate) fn render(&self, w: &mut Writer) {
        let scope: &str = &self.table;
        w.raw(if self.distinct {
            "SELECT DISTINCT "
        } else {
            "SELECT "
        });
        if self.columns.is_empty() {
            w.ident(scope);
            w.raw(".*");
        }
        for (i, c) in self.columns.iter().enumerate() {
            if i > 0 {
                w.raw(", ");
            }
            c.render(w, scope);
        }
        w.raw(" FROM ");
        w.ident(scope);
        for j in &self.joins {
            w.raw(" JOIN ");
            w.ident(&j.table);
            w.raw(" ON ");
            w.column(Some(&j.table), &j.column);
            w.raw(" = ");
            w.column(Some(scope), &j.other);
        }
        if let Some(p) = &self.filter {
            w.raw(" WHERE ");
            p.render(w, Some(scope));
        }
        for (i, g) in self.group_by.iter().enumerate() {
            w.raw(if i == 0 { " GROUP BY " } else { ", " });
            w.column(Some(scope), g);
        }
        for (i, o) in self.order.iter().enumerate() {
            w.raw(if i == 0 { " ORDER BY " } else { ", " });
            if o.is_alias {
                w.ident(&o.column);
            } else {
                w.column(Some(scope), &o.column);
            }
            if o.desc {
                w.raw(" DESC");
            }
        }
        match (self.limit, self.offset) {
            (Some(l), _) => {
                w.raw(" LIMIT ");
                w.integer(l);
            }
            // SQLite and MySQL need a LIMIT before OFFSET: -1 means none on SQLite, MySQL takes
            // the largest unsigned 64-bit number.
            (None, Some(_)) if w.dialect() == Dialect::Sqlite => w.raw(" LIMIT -1"),
            (None, Some(_)) if w.dialect() == Dialect::Mysql => {
                w.raw(" LIMIT 18446744073709551615")
            }
            _ => {}
        }
        if let Some(o) = self.offset {
            w.raw(" OFFSET ");
            w.integer(o);
        }
        match (self.lock, w.dialect()) {
            (Some(Lock::Update), Dialect::Postgres | Dialect::Mysql) => w.raw(" FOR UPDATE"),
            (Some(Lock::Share), Dialect::Postgres) => w.raw(" FOR SHARE"),
            // MariaDB has no FOR SHARE; both servers take the older spelling.
            (Some(Lock::Share), Dialect::Mysql) => w.raw(" LOCK IN SHARE MODE"),
            _ => {}
        }
    }
}
