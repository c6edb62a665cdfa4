//! Columns as the driver received them, for decoding straight into a Rust type.
//!
//! Reading a row through [`Value`](super::Value) costs an enum per column (and a match on
//! each side of it); for the common column types a [`FromValue`](super::FromValue) type can
//! read the driver's bytes directly instead. Every accessor here answers only when the
//! result is exactly what the `Value` path would give, and `None` otherwise (an unusual column
//! type, a NULL, bytes that do not decode): the caller then takes the `Value` path, which
//! converts or reports the error as before. The fast path is an optimization only.

use chrono::{DateTime, Utc};
use uuid::Uuid;

/// One column of a result row, undecoded.
#[doc(hidden)]
pub struct RawColumn<'a> {
    inner: Inner<'a>,
}

enum Inner<'a> {
    #[cfg(any(feature = "postgres", feature = "async"))]
    Pg {
        ty: &'a tokio_postgres::types::Type,
        raw: Option<&'a [u8]>,
    },
    #[cfg(feature = "sqlite")]
    Sqlite(rusqlite::types::ValueRef<'a>),
    /// A MySQL value of the binary protocol and its column's type and flags (`mysql_common`'s
    /// types: the sync `mysql` crate's rows and `mysql_async`'s alike).
    #[cfg(any(feature = "mysql", feature = "async-mysql"))]
    Mysql {
        value: &'a MyValue,
        column: &'a MyColumn,
    },
}

#[cfg(any(feature = "postgres", feature = "async"))]
use tokio_postgres::types::{FromSql, Type};

#[cfg(any(feature = "mysql", feature = "async-mysql"))]
use crate::driver::mysql_wire::{is_binary, is_decimal, is_unsigned, utc_instant};
#[cfg(any(feature = "mysql", feature = "async-mysql"))]
use mysql_common::{packets::Column as MyColumn, value::Value as MyValue};

impl<'a> RawColumn<'a> {
    /// A PostgreSQL column: its type and its binary value (`None` for NULL).
    #[cfg(any(feature = "postgres", feature = "async"))]
    #[inline]
    pub(crate) fn pg(ty: &'a Type, raw: Option<&'a [u8]>) -> RawColumn<'a> {
        RawColumn {
            inner: Inner::Pg { ty, raw },
        }
    }

    /// An SQLite column.
    #[cfg(feature = "sqlite")]
    #[inline]
    pub(crate) fn sqlite(v: rusqlite::types::ValueRef<'a>) -> RawColumn<'a> {
        RawColumn {
            inner: Inner::Sqlite(v),
        }
    }

    /// A MySQL column: its value and its metadata.
    #[cfg(any(feature = "mysql", feature = "async-mysql"))]
    #[inline]
    pub(crate) fn mysql(value: &'a MyValue, column: &'a MyColumn) -> RawColumn<'a> {
        RawColumn {
            inner: Inner::Mysql { value, column },
        }
    }

    /// Whether the column is NULL.
    #[inline]
    pub fn is_null(&self) -> bool {
        match self.inner {
            #[cfg(any(feature = "postgres", feature = "async"))]
            Inner::Pg { raw, .. } => raw.is_none(),
            #[cfg(feature = "sqlite")]
            Inner::Sqlite(v) => matches!(v, rusqlite::types::ValueRef::Null),
            #[cfg(any(feature = "mysql", feature = "async-mysql"))]
            Inner::Mysql { value, .. } => matches!(value, MyValue::NULL),
        }
    }

    /// An integer column (`smallint`, `integer`, `bigint`; SQLite INTEGER).
    #[inline]
    pub fn int(&self) -> Option<i64> {
        match self.inner {
            #[cfg(any(feature = "postgres", feature = "async"))]
            Inner::Pg { ty, raw } => {
                let raw = raw?;
                match *ty {
                    Type::INT8 => i64::from_sql(ty, raw).ok(),
                    Type::INT4 => i32::from_sql(ty, raw).ok().map(i64::from),
                    Type::INT2 => i16::from_sql(ty, raw).ok().map(i64::from),
                    _ => None,
                }
            }
            #[cfg(feature = "sqlite")]
            Inner::Sqlite(v) => match v {
                rusqlite::types::ValueRef::Integer(n) => Some(n),
                _ => None,
            },
            // `driver::mysql_wire::decode`: an unsigned column's `Int` is a `u64`.
            #[cfg(any(feature = "mysql", feature = "async-mysql"))]
            Inner::Mysql { value, column } => match *value {
                MyValue::Int(n) if is_unsigned(column) => (n >= 0).then_some(n),
                MyValue::Int(n) => Some(n),
                MyValue::UInt(n) => i64::try_from(n).ok(),
                _ => None,
            },
        }
    }

    /// A boolean column (SQLite: the integers 0 and 1).
    #[inline]
    pub fn bool(&self) -> Option<bool> {
        match self.inner {
            #[cfg(any(feature = "postgres", feature = "async"))]
            Inner::Pg { ty, raw } => match *ty {
                Type::BOOL => bool::from_sql(ty, raw?).ok(),
                _ => None,
            },
            #[cfg(feature = "sqlite")]
            Inner::Sqlite(v) => match v {
                rusqlite::types::ValueRef::Integer(0) => Some(false),
                rusqlite::types::ValueRef::Integer(1) => Some(true),
                _ => None,
            },
            #[cfg(any(feature = "mysql", feature = "async-mysql"))]
            Inner::Mysql { value, .. } => match value {
                MyValue::Int(0) => Some(false),
                MyValue::Int(1) => Some(true),
                _ => None,
            },
        }
    }

    /// A `double precision` column (SQLite REAL).
    #[inline]
    pub fn f64(&self) -> Option<f64> {
        match self.inner {
            #[cfg(any(feature = "postgres", feature = "async"))]
            Inner::Pg { ty, raw } => match *ty {
                Type::FLOAT8 => f64::from_sql(ty, raw?).ok(),
                Type::FLOAT4 => f32::from_sql(ty, raw?).ok().map(f64::from),
                _ => None,
            },
            #[cfg(feature = "sqlite")]
            Inner::Sqlite(v) => match v {
                rusqlite::types::ValueRef::Real(f) => Some(f),
                _ => None,
            },
            #[cfg(any(feature = "mysql", feature = "async-mysql"))]
            Inner::Mysql { value, .. } => match *value {
                MyValue::Double(f) => Some(f),
                MyValue::Float(f) => Some(f.into()),
                _ => None,
            },
        }
    }

    /// A `real` column (PostgreSQL only: SQLite has no 32-bit floats).
    #[inline]
    pub fn f32(&self) -> Option<f32> {
        match self.inner {
            #[cfg(any(feature = "postgres", feature = "async"))]
            Inner::Pg { ty, raw } => match *ty {
                Type::FLOAT4 => f32::from_sql(ty, raw?).ok(),
                _ => None,
            },
            #[cfg(feature = "sqlite")]
            Inner::Sqlite(_) => None,
            #[cfg(any(feature = "mysql", feature = "async-mysql"))]
            Inner::Mysql { value, .. } => match *value {
                MyValue::Float(f) => Some(f),
                _ => None,
            },
        }
    }

    /// A text column holding valid UTF-8.
    #[inline]
    pub fn text(&self) -> Option<&'a str> {
        match self.inner {
            #[cfg(any(feature = "postgres", feature = "async"))]
            Inner::Pg { ty, raw } => match *ty {
                Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => {
                    std::str::from_utf8(raw?).ok()
                }
                _ => None,
            },
            #[cfg(feature = "sqlite")]
            Inner::Sqlite(v) => match v {
                rusqlite::types::ValueRef::Text(t) => std::str::from_utf8(t).ok(),
                _ => None,
            },
            // Text columns (not decimals, which `decode` reads as numbers), UTF-8 checked.
            #[cfg(any(feature = "mysql", feature = "async-mysql"))]
            Inner::Mysql { value, column } => match value {
                MyValue::Bytes(b) if !is_decimal(column) && !is_binary(column) => {
                    std::str::from_utf8(b).ok()
                }
                _ => None,
            },
        }
    }

    /// A binary column (`bytea`; SQLite BLOB).
    #[inline]
    pub fn bytes(&self) -> Option<&'a [u8]> {
        match self.inner {
            #[cfg(any(feature = "postgres", feature = "async"))]
            Inner::Pg { ty, raw } => match *ty {
                Type::BYTEA => raw,
                _ => None,
            },
            #[cfg(feature = "sqlite")]
            Inner::Sqlite(v) => match v {
                rusqlite::types::ValueRef::Blob(b) => Some(b),
                _ => None,
            },
            #[cfg(any(feature = "mysql", feature = "async-mysql"))]
            Inner::Mysql { value, column } => match value {
                MyValue::Bytes(b) if !is_decimal(column) && is_binary(column) => Some(b),
                _ => None,
            },
        }
    }

    /// A `timestamptz` or `timestamp` column (SQLite keeps times as text: `None`, parsed by
    /// the `Value` path).
    #[inline]
    pub fn time(&self) -> Option<DateTime<Utc>> {
        match self.inner {
            #[cfg(any(feature = "postgres", feature = "async"))]
            Inner::Pg { ty, raw } => match *ty {
                Type::TIMESTAMPTZ => DateTime::<Utc>::from_sql(ty, raw?).ok(),
                Type::TIMESTAMP => chrono::NaiveDateTime::from_sql(ty, raw?)
                    .ok()
                    .map(|t| t.and_utc()),
                _ => None,
            },
            #[cfg(feature = "sqlite")]
            Inner::Sqlite(_) => None,
            // `timestamp`/`datetime` in the session's UTC, as `driver::mysql_wire::decode` reads them.
            #[cfg(any(feature = "mysql", feature = "async-mysql"))]
            Inner::Mysql { value, .. } => match *value {
                MyValue::Date(y, mo, d, h, mi, s, us) => utc_instant(y, mo, d, h, mi, s, us),
                _ => None,
            },
        }
    }

    /// A `uuid` column (SQLite keeps UUIDs as text: `None`).
    #[inline]
    pub fn uuid(&self) -> Option<Uuid> {
        match self.inner {
            #[cfg(any(feature = "postgres", feature = "async"))]
            Inner::Pg { ty, raw } => match *ty {
                Type::UUID => Uuid::from_sql(ty, raw?).ok(),
                _ => None,
            },
            #[cfg(feature = "sqlite")]
            Inner::Sqlite(_) => None,
            // Kept as `char(36)`: what `Uuid`'s conversion of the text gives.
            #[cfg(any(feature = "mysql", feature = "async-mysql"))]
            Inner::Mysql { .. } => self.text().and_then(|t| Uuid::parse_str(t).ok()),
        }
    }

    /// A `json` or `jsonb` column (SQLite keeps JSON as text: `None`).
    #[inline]
    pub fn json(&self) -> Option<serde_json::Value> {
        match self.inner {
            #[cfg(any(feature = "postgres", feature = "async"))]
            Inner::Pg { ty, raw } => match *ty {
                Type::JSON | Type::JSONB => serde_json::Value::from_sql(ty, raw?).ok(),
                _ => None,
            },
            #[cfg(feature = "sqlite")]
            Inner::Sqlite(_) => None,
            #[cfg(any(feature = "mysql", feature = "async-mysql"))]
            Inner::Mysql { .. } => None,
        }
    }
}
