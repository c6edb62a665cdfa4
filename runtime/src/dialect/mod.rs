//! SQL dialects: quoting, type spellings, canonical forms and DDL rendering.
//!
//! # Why an enum and not a trait
//! [`Dialect`] is a small `Copy` enum. The set of dialects is closed and known at compile time
//! (the CLI and generated code pick one by name), the value travels inside plain data such as
//! [`crate::diff::DiffOptions`], and every `match` on it is exhaustive, so adding MySQL makes the
//! compiler list each place that needs a MySQL answer. Per-dialect behaviour still lives in its
//! own file (`postgres.rs`, `sqlite.rs`); the enum only dispatches. A trait object would buy
//! third-party dialects, which entgen does not need, at the cost of boxing and of losing those
//! exhaustiveness checks.

mod canonical;
mod ddl;
mod error;
pub(crate) mod expr;
pub(crate) mod lexer;
pub(crate) mod mysql;
mod postgres;
mod sqlite;
mod types;

pub use ddl::{MYSQL_CHARSET, MYSQL_COLLATION, generation_clause, identity_clause};
pub use error::RenderError;
pub use expr::{may_wrap, normalize_expr, parse_default};
pub use mysql::DEFAULT_STRING_LEN as MYSQL_DEFAULT_STRING_LEN;

use crate::schema::ColumnType;

/// An SQL dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Dialect {
    /// PostgreSQL 10 or newer.
    Postgres,
    /// SQLite 3.35 or newer.
    Sqlite,
    /// MySQL 8 or MariaDB 10.5 or newer.
    Mysql,
}

impl Dialect {
    /// The dialect's name as used on the command line: `postgres`, `sqlite` or `mysql`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Postgres => "postgres",
            Self::Sqlite => "sqlite",
            Self::Mysql => "mysql",
        }
    }

    /// Parses a dialect name (`postgres`, `postgresql`, `pg`, `sqlite`, `sqlite3`, `mysql`,
    /// `mariadb`).
    pub fn from_name(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" | "pg" => Some(Self::Postgres),
            "sqlite" | "sqlite3" => Some(Self::Sqlite),
            "mysql" | "mariadb" => Some(Self::Mysql),
            _ => None,
        }
    }

    /// Quotes an identifier, doubling the quote character inside it. PostgreSQL uses `"`; SQLite
    /// and MySQL use backticks, as Atlas does in their migration files.
    pub fn quote_ident(self, name: &str) -> String {
        let q = match self {
            Self::Postgres => '"',
            Self::Sqlite | Self::Mysql => '`',
        };
        let mut out = String::with_capacity(name.len() + 2);
        out.push(q);
        for c in name.chars() {
            if c == q {
                out.push(q);
            }
            out.push(c);
        }
        out.push(q);
        out
    }

    /// Quotes a string literal (`'` doubled; backslashes are literal on PostgreSQL, which has
    /// `standard_conforming_strings` on, and on SQLite, and escaped on MySQL).
    pub fn quote_string(self, s: &str) -> String {
        match self {
            Self::Mysql => mysql::quote_string(s),
            Self::Postgres | Self::Sqlite => format!("'{}'", s.replace('\'', "''")),
        }
    }

    /// The bind-parameter placeholder for the `n`-th argument (1-based): `$n` or `?`.
    pub fn placeholder(self, n: usize) -> String {
        match self {
            Self::Postgres => format!("${n}"),
            Self::Sqlite | Self::Mysql => "?".to_owned(),
        }
    }

    /// Longest identifier in bytes the database keeps (`None` when unlimited). PostgreSQL
    /// silently truncates longer names, so the planner rejects them instead; MySQL refuses
    /// names over 64 characters.
    pub fn max_identifier_len(self) -> Option<usize> {
        match self {
            Self::Postgres => Some(63),
            Self::Mysql => Some(64),
            Self::Sqlite => None,
        }
    }

    /// Checks that `name` can be used as an identifier without being altered by the database.
    pub fn check_identifier(self, name: &str) -> Result<(), RenderError> {
        if name.is_empty() {
            return Err(RenderError::EmptyIdentifier);
        }
        if name.contains('\0') {
            return Err(RenderError::NulInIdentifier {
                name: name.to_owned(),
            });
        }
        match self.max_identifier_len() {
            Some(max) if name.len() > max => Err(RenderError::IdentifierTooLong {
                name: name.to_owned(),
                len: name.len(),
                max,
                dialect: self.name(),
            }),
            _ => Ok(()),
        }
    }

    /// Whether the dialect stores table and column comments.
    pub fn supports_comments(self) -> bool {
        matches!(self, Self::Postgres)
    }

    /// Renders a column type for this dialect (ent's type mapping).
    pub fn render_type(self, ty: &ColumnType) -> String {
        match self {
            Self::Postgres => postgres::render_type(ty),
            Self::Sqlite => sqlite::render_type(ty),
            Self::Mysql => mysql::render_type(ty),
        }
    }

    /// Reads a type as the database reports it back into the model, normalizing aliases.
    pub fn parse_type(self, raw: &str) -> ColumnType {
        match self {
            Self::Postgres => postgres::parse_type(raw),
            Self::Sqlite => sqlite::parse_type(raw),
            Self::Mysql => mysql::parse_type(raw),
        }
    }

    /// The type as inspection returns it after a round trip through the database:
    /// `parse_type(render_type(ty))`. Two types are the same in this dialect when their canonical
    /// forms are equal (ent's `int8` and `int16` are both `smallint` on PostgreSQL).
    /// An identifier as the database keeps it: PostgreSQL cuts names longer than 63 bytes to
    /// 63 bytes (at a character boundary, as its `pg_mbcliplen` does), with a notice; SQLite
    /// keeps every name whole, and MySQL refuses a longer name rather than cutting it.
    pub fn stored_identifier(self, name: &str) -> String {
        match (self, self.max_identifier_len()) {
            (Self::Postgres, Some(max)) if name.len() > max => {
                name[..name.floor_char_boundary(max)].to_owned()
            }
            _ => name.to_owned(),
        }
    }

    pub fn canonical_type(self, ty: &ColumnType) -> ColumnType {
        self.parse_type(&self.render_type(ty))
    }
}

impl std::fmt::Display for Dialect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_hostile_identifiers() {
        assert_eq!(Dialect::Postgres.quote_ident(r#"a"b"#), r#""a""b""#);
        assert_eq!(Dialect::Sqlite.quote_ident("a`b"), "`a``b`");
        assert_eq!(Dialect::Postgres.quote_ident("select"), "\"select\"");
        assert_eq!(Dialect::Postgres.quote_string("it's"), "'it''s'");
        assert_eq!(Dialect::Postgres.placeholder(3), "$3");
        assert_eq!(Dialect::Sqlite.placeholder(3), "?");
    }

    #[test]
    fn postgres_keeps_63_bytes_of_a_name_at_a_character_boundary() {
        let long = format!("{}_key", "x".repeat(70));
        assert_eq!(Dialect::Postgres.stored_identifier(&long), "x".repeat(63));
        assert_eq!(Dialect::Sqlite.stored_identifier(&long), long);
        // `é` is two bytes at 62..64: PostgreSQL's cut leaves it out.
        let accented = format!("{}é{}", "a".repeat(62), "b".repeat(10));
        assert_eq!(
            Dialect::Postgres.stored_identifier(&accented),
            "a".repeat(62)
        );
        assert_eq!(Dialect::Postgres.stored_identifier("short"), "short");
    }

    #[test]
    fn checks_identifier_length() {
        let long = "x".repeat(64);
        assert!(Dialect::Postgres.check_identifier(&long).is_err());
        assert!(Dialect::Postgres.check_identifier(&long[..63]).is_ok());
        assert!(Dialect::Sqlite.check_identifier(&"x".repeat(100)).is_ok());
        assert!(Dialect::Sqlite.check_identifier("a\0b").is_err());
        assert!(Dialect::Sqlite.check_identifier("").is_err());
    }
}
