//! Reading Rust types back out of decoded [`Value`]s.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use uuid::Uuid;

use super::Value;
#[cfg(any(feature = "postgres", feature = "sqlite", feature = "mysql"))]
use super::raw::RawColumn;

/// Why a value could not become the requested Rust type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot read {found} as {wanted}{}", detail.as_deref().map(|d| format!(": {d}")).unwrap_or_default())]
pub struct ConversionError {
    /// The variant found (`NULL`, `i64`, `string`, ...).
    pub found: &'static str,
    /// The Rust type asked for.
    pub wanted: &'static str,
    /// More about the failure (the out-of-range number, the parse error).
    pub detail: Option<String>,
}

impl ConversionError {
    /// A failure to read `found` as `wanted`.
    pub fn new(found: &Value, wanted: &'static str) -> Self {
        ConversionError {
            found: found.kind(),
            wanted,
            detail: None,
        }
    }

    /// A failure to read `found` as `wanted`, with details.
    pub fn with(found: &Value, wanted: &'static str, detail: impl std::fmt::Display) -> Self {
        ConversionError {
            found: found.kind(),
            wanted,
            detail: Some(detail.to_string()),
        }
    }
}

/// A Rust type that can be read from a [`Value`]. Implemented for every type [`Value`] carries
/// and for `Option<T>` (`NULL` → `None`; `NULL` into a non-`Option` is an error).
pub trait FromValue: Sized {
    /// Converts, checking ranges and formats.
    fn from_value(v: Value) -> Result<Self, ConversionError>;

    /// Reads a column straight from the driver's representation, skipping [`Value`]: the
    /// fast path of [`Row::get`](crate::driver::Row::get). Must return exactly what
    /// `from_value` would return for the decoded column, or `None` to leave the column (and
    /// any error) to the `Value` path; the default always leaves it.
    #[doc(hidden)]
    #[cfg(any(feature = "postgres", feature = "sqlite", feature = "mysql"))]
    #[inline]
    fn from_raw(_column: &RawColumn<'_>) -> Option<Self> {
        None
    }
}

impl FromValue for Value {
    fn from_value(v: Value) -> Result<Self, ConversionError> {
        Ok(v)
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: Value) -> Result<Self, ConversionError> {
        match v {
            Value::Null => Ok(None),
            v => T::from_value(v).map(Some),
        }
    }

    #[cfg(any(feature = "postgres", feature = "sqlite", feature = "mysql"))]
    #[inline]
    fn from_raw(column: &RawColumn<'_>) -> Option<Self> {
        if column.is_null() {
            return Some(None);
        }
        T::from_raw(column).map(Some)
    }
}

/// The integer inside any integer variant, widened to i128 so every range check is exact.
fn integer(v: &Value) -> Option<i128> {
    Some(match *v {
        Value::I8(x) => x.into(),
        Value::I16(x) => x.into(),
        Value::I32(x) => x.into(),
        Value::I64(x) => x.into(),
        Value::U8(x) => x.into(),
        Value::U16(x) => x.into(),
        Value::U32(x) => x.into(),
        Value::U64(x) => x.into(),
        _ => return None,
    })
}

macro_rules! int_from_value {
    ($($t:ty),*) => {$(
        impl FromValue for $t {
            fn from_value(v: Value) -> Result<Self, ConversionError> {
                match integer(&v) {
                    Some(n) => <$t>::try_from(n).map_err(|_| {
                        ConversionError::with(&v, stringify!($t), format_args!("{n} is out of range"))
                    }),
                    None => Err(ConversionError::new(&v, stringify!($t))),
                }
            }

            #[cfg(any(feature = "postgres", feature = "sqlite", feature = "mysql"))]
            #[inline]
            fn from_raw(column: &RawColumn<'_>) -> Option<Self> {
                // Out of range: the `Value` path reports it.
                column.int().and_then(|n| <$t>::try_from(n).ok())
            }
        }
    )*};
}

int_from_value!(i8, i16, i32, i64, u8, u16, u32, u64);

impl FromValue for bool {
    fn from_value(v: Value) -> Result<Self, ConversionError> {
        match v {
            Value::Bool(b) => Ok(b),
            ref other => match integer(other) {
                Some(0) => Ok(false),
                Some(1) => Ok(true),
                Some(n) => Err(ConversionError::with(
                    other,
                    "bool",
                    format_args!("{n} is neither 0 nor 1"),
                )),
                None => Err(ConversionError::new(other, "bool")),
            },
        }
    }

    #[cfg(any(feature = "postgres", feature = "sqlite", feature = "mysql"))]
    #[inline]
    fn from_raw(column: &RawColumn<'_>) -> Option<Self> {
        column.bool()
    }
}

impl FromValue for f64 {
    fn from_value(v: Value) -> Result<Self, ConversionError> {
        match v {
            Value::F64(f) => Ok(f),
            Value::F32(f) => Ok(f.into()),
            ref other => match integer(other) {
                // Integers in float columns (SQLite stores 2.0 as 2 under some affinities).
                Some(n) if n.unsigned_abs() <= 1 << 53 => Ok(n as f64),
                _ => Err(ConversionError::new(other, "f64")),
            },
        }
    }

    #[cfg(any(feature = "postgres", feature = "sqlite", feature = "mysql"))]
    #[inline]
    fn from_raw(column: &RawColumn<'_>) -> Option<Self> {
        column.f64()
    }
}

impl FromValue for f32 {
    fn from_value(v: Value) -> Result<Self, ConversionError> {
        match v {
            Value::F32(f) => Ok(f),
            Value::F64(f) => {
                let narrowed = f as f32;
                if f.is_finite() && !narrowed.is_finite() {
                    Err(ConversionError::with(&Value::F64(f), "f32", "out of range"))
                } else {
                    Ok(narrowed)
                }
            }
            ref other => match integer(other) {
                Some(n) if n.unsigned_abs() <= 1 << 24 => Ok(n as f32),
                _ => Err(ConversionError::new(other, "f32")),
            },
        }
    }

    #[cfg(any(feature = "postgres", feature = "sqlite", feature = "mysql"))]
    #[inline]
    fn from_raw(column: &RawColumn<'_>) -> Option<Self> {
        column.f32()
    }
}

impl FromValue for String {
    fn from_value(v: Value) -> Result<Self, ConversionError> {
        match v {
            Value::String(s) => Ok(s),
            Value::Bytes(b) => String::from_utf8(b).map_err(|e| ConversionError {
                found: "bytes",
                wanted: "String",
                detail: Some(e.utf8_error().to_string()),
            }),
            other => Err(ConversionError::new(&other, "String")),
        }
    }

    #[cfg(any(feature = "postgres", feature = "sqlite", feature = "mysql"))]
    #[inline]
    fn from_raw(column: &RawColumn<'_>) -> Option<Self> {
        column.text().map(str::to_owned)
    }
}

impl FromValue for Vec<u8> {
    fn from_value(v: Value) -> Result<Self, ConversionError> {
        match v {
            Value::Bytes(b) => Ok(b),
            Value::String(s) => Ok(s.into_bytes()),
            other => Err(ConversionError::new(&other, "Vec<u8>")),
        }
    }

    #[cfg(any(feature = "postgres", feature = "sqlite", feature = "mysql"))]
    #[inline]
    fn from_raw(column: &RawColumn<'_>) -> Option<Self> {
        column.bytes().map(<[u8]>::to_vec)
    }
}

impl FromValue for Uuid {
    fn from_value(v: Value) -> Result<Self, ConversionError> {
        match v {
            Value::Uuid(u) => Ok(u),
            Value::String(ref s) => {
                Uuid::parse_str(s).map_err(|e| ConversionError::with(&v, "Uuid", e))
            }
            Value::Bytes(ref b) => {
                Uuid::from_slice(b).map_err(|e| ConversionError::with(&v, "Uuid", e))
            }
            other => Err(ConversionError::new(&other, "Uuid")),
        }
    }

    #[cfg(any(feature = "postgres", feature = "sqlite", feature = "mysql"))]
    #[inline]
    fn from_raw(column: &RawColumn<'_>) -> Option<Self> {
        column.uuid()
    }
}

impl FromValue for DateTime<Utc> {
    fn from_value(v: Value) -> Result<Self, ConversionError> {
        match v {
            Value::Time(t) => Ok(t),
            Value::String(ref s) => parse_time(s).ok_or_else(|| {
                ConversionError::with(&v, "DateTime<Utc>", format_args!("unrecognized time {s:?}"))
            }),
            ref other => match integer(other) {
                // Unix seconds, as SQLite's `unixepoch()` stores them.
                Some(n) => i64::try_from(n)
                    .ok()
                    .and_then(|n| DateTime::from_timestamp(n, 0))
                    .ok_or_else(|| ConversionError::with(other, "DateTime<Utc>", "out of range")),
                None => Err(ConversionError::new(other, "DateTime<Utc>")),
            },
        }
    }

    #[cfg(any(feature = "postgres", feature = "sqlite", feature = "mysql"))]
    #[inline]
    fn from_raw(column: &RawColumn<'_>) -> Option<Self> {
        column.time()
    }
}

/// Parses the text forms of an instant found in SQLite databases: RFC 3339, SQLite's
/// `YYYY-MM-DD HH:MM:SS[.fff][±HH:MM|Z]` (no offset means UTC), and a bare date.
pub(crate) fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    for fmt in ["%Y-%m-%d %H:%M:%S%.f%:z", "%Y-%m-%d %H:%M:%S%.f%#z"] {
        if let Ok(t) = DateTime::parse_from_str(s, fmt) {
            return Some(t.with_timezone(&Utc));
        }
    }
    let naive = s.strip_suffix('Z').unwrap_or(s);
    for fmt in [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(naive, fmt) {
            return Some(t.and_utc());
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
}

impl FromValue for serde_json::Value {
    fn from_value(v: Value) -> Result<Self, ConversionError> {
        match v {
            Value::Json(j) => Ok(j),
            Value::String(ref s) => {
                serde_json::from_str(s).map_err(|e| ConversionError::with(&v, "JSON", e))
            }
            Value::Bytes(ref b) => {
                serde_json::from_slice(b).map_err(|e| ConversionError::with(&v, "JSON", e))
            }
            other => Err(ConversionError::new(&other, "JSON")),
        }
    }

    #[cfg(any(feature = "postgres", feature = "sqlite", feature = "mysql"))]
    #[inline]
    fn from_raw(column: &RawColumn<'_>) -> Option<Self> {
        column.json()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_convert_with_range_checks() {
        assert_eq!(u64::from_value(Value::I64(5)), Ok(5));
        assert!(u64::from_value(Value::I64(-1)).is_err());
        assert!(i8::from_value(Value::I16(300)).is_err());
        assert_eq!(i8::from_value(Value::I16(-128)), Ok(-128));
        assert!(i64::from_value(Value::U64(u64::MAX)).is_err());
        assert!(i32::from_value(Value::Null).is_err());
        assert_eq!(Option::<i32>::from_value(Value::Null), Ok(None));
    }

    #[test]
    fn text_forms_convert() {
        let t = DateTime::parse_from_rfc3339("2024-05-01T10:20:30.123456789Z")
            .unwrap()
            .with_timezone(&Utc);
        let text = Value::sqlite_time_text(&t);
        assert_eq!(text, "2024-05-01 10:20:30.123456789+00:00");
        assert_eq!(DateTime::<Utc>::from_value(Value::String(text)), Ok(t));
        assert!(DateTime::<Utc>::from_value(Value::String("2024-05-01 10:20:30".into())).is_ok());
        assert!(DateTime::<Utc>::from_value(Value::String("nope".into())).is_err());
        assert!(bool::from_value(Value::I64(2)).is_err());
        assert_eq!(bool::from_value(Value::I64(1)), Ok(true));
        let u = Uuid::from_u128(7);
        assert_eq!(Uuid::from_value(Value::String(u.to_string())), Ok(u));
        assert_eq!(Uuid::from_value(Value::Bytes(u.as_bytes().to_vec())), Ok(u));
        assert!(serde_json::Value::from_value(Value::String("{".into())).is_err());
        assert!(String::from_value(Value::Bytes(vec![0xff])).is_err());
    }
}
