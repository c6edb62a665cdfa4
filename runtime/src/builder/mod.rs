//! The SQL builder: statements as plain data, rendered per dialect into SQL text plus bind
//! arguments ([`Query`]).
//!
//! Identifiers are always quoted (`"users"` on PostgreSQL, `` `users` `` on SQLite, with the
//! quote character doubled inside, as [`Dialect::quote_ident`] does), values are always bind
//! parameters (`$n` / `?`), and only integers the builder owns (LIMIT, OFFSET) are written as
//! literals, so no caller string ever reaches the SQL text unquoted. Columns in a SELECT's
//! clauses are qualified with the table name, which lets predicates correlate sub-selects
//! (`EXISTS (SELECT 1 FROM "pets" AS "__t1" WHERE "__t1"."owner_id" = "users"."id")`).
//!
//! Rendering never fails for SELECT and DELETE; INSERT and UPDATE return
//! [`Error::Build`](crate::error::Error::Build) for statements that cannot exist (no rows,
//! nothing to set, rows of different widths).

mod edge;
mod insert;
mod predicate;
mod select;
mod update;

pub use edge::{Edge, EdgeStorage};
pub use insert::{ConflictAction, Insert, OnConflict, SqlType, UNNEST_ROWS};
pub use predicate::{LikeKind, Op, Pred};
pub use select::{AggFunc, Expr, Lock, OrderBy, Select};
pub use update::{Assign, Delete, Update};

use std::borrow::Cow;

use crate::dialect::Dialect;
use crate::value::Value;

/// An identifier (table, column, alias). Generated code passes `&'static str` constants.
pub type Ident = Cow<'static, str>;

/// The most bind parameters one statement may carry: PostgreSQL's and MySQL's protocol limit
/// (65 535) and SQLite's `SQLITE_MAX_VARIABLE_NUMBER` (32 766 since 3.32; the bundled library
/// is newer).
pub fn max_params(dialect: Dialect) -> usize {
    match dialect {
        Dialect::Postgres | Dialect::Mysql => 65_535,
        Dialect::Sqlite => 32_766,
    }
}

/// A rendered statement: SQL text and its bind arguments, in placeholder order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Query {
    /// The SQL text.
    pub sql: String,
    /// The arguments, one per placeholder.
    pub args: Vec<Value>,
    /// Indices into `args` of sensitive values, shown as `<redacted>` by the debug log.
    pub redacted: Vec<usize>,
}

impl Query {
    /// A statement written by hand.
    pub fn new(sql: impl Into<String>, args: Vec<Value>) -> Query {
        Query {
            sql: sql.into(),
            args,
            redacted: Vec::new(),
        }
    }

    /// Marks argument `index` (0-based) as sensitive.
    pub fn redact(mut self, index: usize) -> Query {
        if !self.redacted.contains(&index) {
            self.redacted.push(index);
        }
        self
    }

    /// Whether argument `index` is sensitive.
    pub fn is_redacted(&self, index: usize) -> bool {
        self.redacted.contains(&index)
    }

    /// The arguments as the debug log prints them: `[1, "bob", <redacted>]`.
    pub fn display_args(&self) -> String {
        let mut out = String::from("[");
        for (i, v) in self.args.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            if self.is_redacted(i) {
                out.push_str("<redacted>");
            } else {
                out.push_str(&v.to_string());
            }
        }
        out.push(']');
        out
    }
}

impl std::fmt::Display for Query {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "query={} args={}", self.sql, self.display_args())
    }
}

/// Accumulates SQL text and arguments for one statement.
pub(crate) struct Writer {
    dialect: Dialect,
    sql: String,
    args: Vec<Value>,
    redacted: Vec<usize>,
    /// Above zero while rendering a sensitive part: its arguments are redacted.
    secret: u32,
    /// Sub-select aliases handed out so far.
    aliases: u32,
}

impl Writer {
    pub(crate) fn new(dialect: Dialect) -> Writer {
        Writer {
            dialect,
            // A SELECT of a few qualified columns is already longer than 128 bytes.
            sql: String::with_capacity(256),
            args: Vec::new(),
            redacted: Vec::new(),
            secret: 0,
            aliases: 0,
        }
    }

    pub(crate) fn dialect(&self) -> Dialect {
        self.dialect
    }

    pub(crate) fn raw(&mut self, s: &str) {
        self.sql.push_str(s);
    }

    /// A quoted identifier, quote characters doubled (the rule of [`Dialect::quote_ident`],
    /// written in place instead of through a new `String`).
    pub(crate) fn ident(&mut self, name: &str) {
        let q = match self.dialect {
            Dialect::Postgres => '"',
            // SQLite reads backticks as MySQL does.
            Dialect::Sqlite | Dialect::Mysql => '`',
        };
        self.sql.push(q);
        if name.contains(q) {
            for c in name.chars() {
                if c == q {
                    self.sql.push(q);
                }
                self.sql.push(c);
            }
        } else {
            // The usual case, copied whole: statements are rendered on every call.
            self.sql.push_str(name);
        }
        self.sql.push(q);
    }

    /// `"scope"."name"`, or `"name"` without a scope.
    pub(crate) fn column(&mut self, scope: Option<&str>, name: &str) {
        if let Some(scope) = scope {
            self.ident(scope);
            self.sql.push('.');
        }
        self.ident(name);
    }

    /// A bind parameter.
    pub(crate) fn arg(&mut self, v: Value) {
        self.args.push(v);
        let n = self.args.len();
        if self.secret > 0 {
            self.redacted.push(n - 1);
        }
        match self.dialect {
            Dialect::Postgres => {
                self.sql.push('$');
                self.integer(n as u64);
            }
            _ => self.sql.push('?'),
        }
    }

    /// A bind parameter, redacted when `secret`.
    pub(crate) fn arg_maybe_secret(&mut self, v: Value, secret: bool) {
        if secret {
            self.secret += 1;
            self.arg(v);
            self.secret -= 1;
        } else {
            self.arg(v);
        }
    }

    pub(crate) fn enter_secret(&mut self) {
        self.secret += 1;
    }

    pub(crate) fn leave_secret(&mut self) {
        self.secret = self.secret.saturating_sub(1);
    }

    /// A fresh alias for a sub-select's table: `__t1`, `__t2`, ...
    pub(crate) fn alias(&mut self) -> String {
        self.aliases += 1;
        format!("__t{}", self.aliases)
    }

    /// A decimal integer, without going through `fmt` (placeholders are written per argument).
    pub(crate) fn integer(&mut self, n: u64) {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        let mut n = n;
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        // Only ASCII digits were written.
        self.sql
            .push_str(std::str::from_utf8(&digits[i..]).unwrap_or_default());
    }

    pub(crate) fn finish(self) -> Query {
        Query {
            sql: self.sql,
            args: self.args,
            redacted: self.redacted,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_and_identifiers_render() {
        let mut w = Writer::new(Dialect::Postgres);
        for n in [0, 7, 10, 99, 65_535, u64::MAX] {
            w.integer(n);
            w.raw(" ");
        }
        w.ident("plain");
        w.ident("with\"quote");
        assert_eq!(
            w.finish().sql,
            "0 7 10 99 65535 18446744073709551615 \"plain\"\"with\"\"quote\""
        );
        let mut w = Writer::new(Dialect::Sqlite);
        w.ident("a`b");
        w.ident("c");
        assert_eq!(w.finish().sql, "`a``b``c`");
    }
}
