//! UPDATE and DELETE statements.

use super::predicate::Pred;
use super::{Ident, Query, Writer};
use crate::dialect::Dialect;
use crate::error::Error;
use crate::value::Value;

/// The right-hand side of `SET column = ...`.
#[derive(Debug, Clone, PartialEq)]
pub enum Assign {
    /// `= $n` (`set_<field>`).
    Value(Value),
    /// `= COALESCE(table.column, 0) + $n` (`add_<field>`).
    Add(Value),
    /// `= NULL` (`clear_<field>`).
    Null,
    /// `= EXCLUDED.column` (upserts: the value the INSERT proposed).
    Excluded,
    /// `= table.other`.
    Column(Ident),
}

impl Assign {
    pub(crate) fn render(&self, w: &mut Writer, table: &str, column: &str, secret: bool) {
        w.ident(column);
        w.raw(" = ");
        match self {
            Assign::Value(v) => w.arg_maybe_secret(v.clone(), secret),
            Assign::Add(v) => {
                w.raw("COALESCE(");
                w.column(Some(table), column);
                w.raw(", 0) + ");
                w.arg_maybe_secret(v.clone(), secret);
            }
            Assign::Null => w.raw("NULL"),
            // MySQL's `ON DUPLICATE KEY UPDATE` names the new row's value `VALUES(c)`.
            Assign::Excluded if w.dialect() == Dialect::Mysql => {
                w.raw("VALUES(");
                w.ident(column);
                w.raw(")");
            }
            Assign::Excluded => {
                w.raw("EXCLUDED.");
                w.ident(column);
            }
            Assign::Column(other) => w.column(Some(table), other),
        }
    }
}

/// `UPDATE table SET ... [WHERE ...] [RETURNING ...]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Update {
    table: Ident,
    sets: Vec<(Ident, Assign, bool)>,
    filter: Option<Pred>,
    returning: Vec<Ident>,
}

impl Update {
    /// An UPDATE of `table`.
    pub fn table(table: impl Into<Ident>) -> Update {
        Update {
            table: table.into(),
            sets: Vec::new(),
            filter: None,
            returning: Vec::new(),
        }
    }

    /// `SET column = value`.
    pub fn set(mut self, column: impl Into<Ident>, value: impl Into<Value>) -> Update {
        self.push(column, Assign::Value(value.into()), false);
        self
    }

    /// `SET column = value`, the value redacted in the debug log.
    pub fn set_sensitive(mut self, column: impl Into<Ident>, value: impl Into<Value>) -> Update {
        self.push(column, Assign::Value(value.into()), true);
        self
    }

    /// `SET column = COALESCE(column, 0) + value`.
    pub fn add(mut self, column: impl Into<Ident>, value: impl Into<Value>) -> Update {
        self.push(column, Assign::Add(value.into()), false);
        self
    }

    /// `SET column = NULL`.
    pub fn clear(mut self, column: impl Into<Ident>) -> Update {
        self.push(column, Assign::Null, false);
        self
    }

    /// Adds an assignment in place; a later one for the same column replaces the earlier.
    pub fn push(&mut self, column: impl Into<Ident>, assign: Assign, sensitive: bool) {
        let column = column.into();
        match self.sets.iter_mut().find(|(c, ..)| *c == column) {
            Some(slot) => *slot = (column, assign, sensitive),
            None => self.sets.push((column, assign, sensitive)),
        }
    }

    /// Whether there is anything to set.
    pub fn is_empty(&self) -> bool {
        self.sets.is_empty()
    }

    /// ANDs a predicate into WHERE.
    pub fn filter(mut self, pred: Pred) -> Update {
        self.filter = Some(match self.filter.take() {
            None => pred,
            Some(p) => p.and_also(pred),
        });
        self
    }

    /// `RETURNING columns`.
    pub fn returning<C: Into<Ident>>(mut self, columns: impl IntoIterator<Item = C>) -> Update {
        self.returning = columns.into_iter().map(Into::into).collect();
        self
    }

    /// Renders the statement; an error when there is nothing to set.
    pub fn build(&self, dialect: Dialect) -> Result<Query, Error> {
        if self.sets.is_empty() {
            return Err(Error::Build("UPDATE without SET".into()));
        }
        if dialect == Dialect::Mysql && !self.returning.is_empty() {
            return Err(Error::Build(
                format!(
                    "UPDATE {} ... RETURNING: MySQL and MariaDB have no UPDATE ... RETURNING \
                     (select the rows after the update, in one transaction)",
                    self.table
                )
                .into(),
            ));
        }
        let mut w = Writer::new(dialect);
        w.raw("UPDATE ");
        w.ident(&self.table);
        w.raw(" SET ");
        for (i, (c, a, secret)) in self.sets.iter().enumerate() {
            if i > 0 {
                w.raw(", ");
            }
            a.render(&mut w, &self.table, c, *secret);
        }
        if let Some(p) = &self.filter {
            w.raw(" WHERE ");
            p.render(&mut w, Some(&self.table));
        }
        for (i, c) in self.returning.iter().enumerate() {
            w.raw(if i == 0 { " RETURNING " } else { ", " });
            w.ident(c);
        }
        Ok(w.finish())
    }
}

/// `DELETE FROM table [WHERE ...]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Delete {
    table: Ident,
    filter: Option<Pred>,
}

impl Delete {
    /// A DELETE from `table`.
    pub fn from(table: impl Into<Ident>) -> Delete {
        Delete {
            table: table.into(),
            filter: None,
        }
    }

    /// ANDs a predicate into WHERE.
    pub fn filter(mut self, pred: Pred) -> Delete {
        self.filter = Some(match self.filter.take() {
            None => pred,
            Some(p) => p.and_also(pred),
        });
        self
    }

    /// Renders the statement.
    pub fn build(&self, dialect: Dialect) -> Query {
        let mut w = Writer::new(dialect);
        w.raw("DELETE FROM ");
        w.ident(&self.table);
        if let Some(p) = &self.filter {
            w.raw(" WHERE ");
            p.render(&mut w, Some(&self.table));
        }
        w.finish()
    }
}
