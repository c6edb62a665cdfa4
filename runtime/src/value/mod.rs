//! The values that travel between generated code, the SQL builder and the drivers.
//!
//! [`Value`] is a small closed enum. Going in, `From` impls turn every supported Rust type into a
//! `Value` (`Option<T>` becomes [`Value::Null`] when `None`). Coming out, [`FromValue`] turns what
//! a driver decoded back into the Rust type, converting across storage forms where a dialect
//! lacks the type (SQLite keeps times, UUIDs and JSON as text, booleans as integers; unsigned
//! integers live in the next wider signed type) and checking ranges instead of truncating.

mod convert;
#[cfg(any(feature = "postgres", feature = "sqlite", feature = "mysql"))]
mod raw;

pub use convert::{ConversionError, FromValue};
#[cfg(any(feature = "postgres", feature = "sqlite", feature = "mysql"))]
#[doc(hidden)]
pub use raw::RawColumn;

use chrono::{DateTime, Utc};
use uuid::Uuid;

/// One SQL value: a bind parameter or a decoded column.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// SQL `NULL`.
    Null,
    /// A boolean.
    Bool(bool),
    /// An 8-bit signed integer (`smallint` on PostgreSQL).
    I8(i8),
    /// A 16-bit signed integer.
    I16(i16),
    /// A 32-bit signed integer.
    I32(i32),
    /// A 64-bit signed integer.
    I64(i64),
    /// An 8-bit unsigned integer (`smallint` on PostgreSQL).
    U8(u8),
    /// A 16-bit unsigned integer (`integer` on PostgreSQL).
    U16(u16),
    /// A 32-bit unsigned integer (`bigint` on PostgreSQL).
    U32(u32),
    /// A 64-bit unsigned integer (`bigint`: values above `i64::MAX` are refused when bound).
    U64(u64),
    /// A 32-bit float.
    F32(f32),
    /// A 64-bit float.
    F64(f64),
    /// Text.
    String(String),
    /// Bytes.
    Bytes(Vec<u8>),
    /// An instant (`timestamp with time zone`; text on SQLite).
    Time(DateTime<Utc>),
    /// A UUID (`uuid`; text on SQLite).
    Uuid(Uuid),
    /// A JSON document (`jsonb`/`json`; text on SQLite).
    Json(serde_json::Value),
    /// A list bound as one PostgreSQL array parameter (the builder's `col = ANY($n)` for IN
    /// lists); SQLite has no arrays and refuses it.
    Array(Vec<Value>),
}

impl Value {
    /// Whether this is [`Value::Null`].
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Feeds the value to `state` so that equal values (`==`) hash alike: for sets of values,
    /// which a derived `Hash` cannot give (floats and JSON have none). JSON documents hash by
    /// variant only, leaving them to `==`.
    pub fn hash_key(&self, state: &mut impl std::hash::Hasher) {
        use std::hash::Hash;
        std::mem::discriminant(self).hash(state);
        match self {
            Value::Null | Value::Json(_) => {}
            Value::Bool(v) => v.hash(state),
            Value::I8(v) => v.hash(state),
            Value::I16(v) => v.hash(state),
            Value::I32(v) => v.hash(state),
            Value::I64(v) => v.hash(state),
            Value::U8(v) => v.hash(state),
            Value::U16(v) => v.hash(state),
            Value::U32(v) => v.hash(state),
            Value::U64(v) => v.hash(state),
            // `-0.0 == 0.0`: adding zero makes both positive zero before taking the bits.
            Value::F32(v) => (v + 0.0).to_bits().hash(state),
            Value::F64(v) => (v + 0.0).to_bits().hash(state),
            Value::String(v) => v.hash(state),
            Value::Bytes(v) => v.hash(state),
            Value::Time(v) => v.hash(state),
            Value::Uuid(v) => v.hash(state),
            Value::Array(items) => {
                items.len().hash(state);
                for item in items {
                    item.hash_key(state);
                }
            }
        }
    }

    /// The name of the variant, for error messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "NULL",
            Value::Bool(_) => "bool",
            Value::I8(_) => "i8",
            Value::I16(_) => "i16",
            Value::I32(_) => "i32",
            Value::I64(_) => "i64",
            Value::U8(_) => "u8",
            Value::U16(_) => "u16",
            Value::U32(_) => "u32",
            Value::U64(_) => "u64",
            Value::F32(_) => "f32",
            Value::F64(_) => "f64",
            Value::String(_) => "string",
            Value::Bytes(_) => "bytes",
            Value::Time(_) => "time",
            Value::Uuid(_) => "uuid",
            Value::Json(_) => "json",
            Value::Array(_) => "array",
        }
    }

    /// The value as an `i64` when it is an integer that fits (unsigned ones included).
    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            Value::I8(v) => Some(v.into()),
            Value::I16(v) => Some(v.into()),
            Value::I32(v) => Some(v.into()),
            Value::I64(v) => Some(v),
            Value::U8(v) => Some(v.into()),
            Value::U16(v) => Some(v.into()),
            Value::U32(v) => Some(v.into()),
            Value::U64(v) => i64::try_from(v).ok(),
            _ => None,
        }
    }

    /// Formats an instant the way it is stored as text on SQLite: fixed width (so text order
    /// is time order), nanoseconds, explicit UTC offset (`2024-05-01 10:20:30.000000000+00:00`),
    /// readable by SQLite's date functions.
    pub fn sqlite_time_text(t: &DateTime<Utc>) -> String {
        t.format("%Y-%m-%d %H:%M:%S%.9f+00:00").to_string()
    }
}

impl std::fmt::Display for Value {
    /// A literal-like rendering for logs: strings quoted, bytes in hex, NULL as `NULL`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Null => f.write_str("NULL"),
            Value::Bool(v) => write!(f, "{v}"),
            Value::I8(v) => write!(f, "{v}"),
            Value::I16(v) => write!(f, "{v}"),
            Value::I32(v) => write!(f, "{v}"),
            Value::I64(v) => write!(f, "{v}"),
            Value::U8(v) => write!(f, "{v}"),
            Value::U16(v) => write!(f, "{v}"),
            Value::U32(v) => write!(f, "{v}"),
            Value::U64(v) => write!(f, "{v}"),
            Value::F32(v) => write!(f, "{v}"),
            Value::F64(v) => write!(f, "{v}"),
            Value::String(v) => write!(f, "{v:?}"),
            Value::Bytes(v) => {
                f.write_str("x'")?;
                for b in v {
                    write!(f, "{b:02x}")?;
                }
                f.write_str("'")
            }
            Value::Time(v) => write!(f, "{:?}", v.to_rfc3339()),
            Value::Uuid(v) => write!(f, "{:?}", v.to_string()),
            Value::Json(v) => write!(f, "{v}"),
            Value::Array(vs) => {
                f.write_str("[")?;
                for (i, v) in vs.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str("]")
            }
        }
    }
}

macro_rules! from_impls {
    ($($t:ty => $variant:ident),* $(,)?) => {$(
        impl From<$t> for Value {
            fn from(v: $t) -> Value {
                Value::$variant(v)
            }
        }
    )*};
}

from_impls! {
    bool => Bool, i8 => I8, i16 => I16, i32 => I32, i64 => I64,
    u8 => U8, u16 => U16, u32 => U32, u64 => U64, f32 => F32, f64 => F64,
    String => String, Vec<u8> => Bytes, DateTime<Utc> => Time, Uuid => Uuid,
    serde_json::Value => Json,
}

impl From<&str> for Value {
    fn from(v: &str) -> Value {
        Value::String(v.to_owned())
    }
}

impl From<&String> for Value {
    fn from(v: &String) -> Value {
        Value::String(v.clone())
    }
}

impl From<&[u8]> for Value {
    fn from(v: &[u8]) -> Value {
        Value::Bytes(v.to_vec())
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}
