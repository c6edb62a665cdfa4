//! PostgreSQL through the `postgres` crate: a statement cache, binding [`Value`]s to whatever
//! type the server inferred for each parameter (with range checks), decoding columns by their
//! type, and SQLSTATE → [`ConstraintKind`].
//!
//! Binding, decoding and error mapping are written against `tokio_postgres`'s types, which the
//! `postgres` crate re-exports: the async client (feature `async`, no `postgres` crate) uses
//! them as they are. The connection itself (`PgConn`, `connect`) is the sync driver's.

#[cfg(feature = "postgres")]
use std::collections::HashMap;
use std::error::Error as StdError;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
#[cfg(feature = "postgres")]
use postgres::{Client, Statement};
use tokio_postgres::types::{FromSql, IsNull, Kind, ToSql, Type, to_sql_checked};
use uuid::Uuid;

#[cfg(feature = "postgres")]
use crate::builder::{Query, SqlType};
use crate::error::{ConstraintKind, DriverError, Error};
use crate::value::{FromValue, RawColumn, Value};

#[cfg(feature = "postgres")]
use super::{Row, RowSink};

/// Statements kept per connection; the cache is emptied when full.
pub(crate) const CACHE_CAPACITY: usize = 512;

#[cfg(feature = "postgres")]
pub(crate) struct PgConn {
    pub(crate) client: Client,
    cache: HashMap<String, Statement>,
}

type BoxError = Box<dyn StdError + Sync + Send>;

/// Why a value could not be bound; carried through the `postgres` crate's error.
#[derive(Debug)]
struct BindError(String);

impl std::fmt::Display for BindError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl StdError for BindError {}

/// Connects with the driver URL, binding the session to `search_path` when given. Errors
/// carry the masked URL and their cause.
#[cfg(feature = "postgres")]
pub(crate) fn connect(
    masked: &str,
    driver_url: &str,
    search_path: Option<&str>,
) -> Result<Client, Error> {
    let config = postgres::Config::from(config(masked, driver_url, search_path)?);
    config
        .connect(postgres::NoTls)
        .map_err(|e| connect_error(masked, &e))
}

/// A failed connection's error: the masked URL, the cause and the server's message.
pub(crate) fn connect_error(masked: &str, e: &tokio_postgres::Error) -> Error {
    Error::Connect {
        url: masked.to_owned(),
        cause: super::error::postgres_connect_cause(e),
        message: super::error::describe_postgres(e),
    }
}

/// The connection settings of a driver URL (a 10 s connect timeout unless it sets one), with
/// the session bound to `search_path` when given; the sync and the async driver share it.
pub(crate) fn config(
    masked: &str,
    driver_url: &str,
    search_path: Option<&str>,
) -> Result<tokio_postgres::Config, Error> {
    use std::str::FromStr;
    let mut config = tokio_postgres::Config::from_str(driver_url).map_err(|e| Error::Url {
        url: masked.to_owned(),
        reason: e.to_string(),
    })?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(std::time::Duration::from_secs(10));
    }
    if let Some(path) = search_path {
        let mut options = config.get_options().unwrap_or("").to_owned();
        if !options.is_empty() {
            options.push(' ');
        }
        options.push_str("-c search_path=");
        options.push_str(&path.replace('\\', "\\\\").replace(' ', "\\ "));
        config.options(&options);
    }
    Ok(config)
}

#[cfg(feature = "postgres")]
impl PgConn {
    /// One round trip: whether the server still answers.
    pub(crate) fn ping(&mut self) -> Result<(), Error> {
        self.client.simple_query("").map(drop).map_err(map_err)
    }

    pub(crate) fn new(client: Client) -> PgConn {
        PgConn {
            client,
            cache: HashMap::new(),
        }
    }

    fn statement(&mut self, sql: &str) -> Result<Statement, postgres::Error> {
        if let Some(s) = self.cache.get(sql) {
            return Ok(s.clone());
        }
        let stmt = self.client.prepare(sql)?;
        if self.cache.len() >= CACHE_CAPACITY {
            self.cache.clear();
        }
        self.cache.insert(sql.to_owned(), stmt.clone());
        Ok(stmt)
    }

    /// The types the server gives the parameters of `sql` (prepared through the statement
    /// cache, so asked once per connection), as element types of array parameters; `None`
    /// when one has no plain array form (array, domain, composite and range types).
    pub(crate) fn param_types(&mut self, sql: &str) -> Result<Option<Vec<SqlType>>, Error> {
        let stmt = self.statement(sql).map_err(map_err)?;
        let mut types = Vec::with_capacity(stmt.params().len());
        for ty in stmt.params() {
            match ty.kind() {
                Kind::Simple | Kind::Enum(_) => types.push(SqlType::new(ty.schema(), ty.name())),
                _ => return Ok(None),
            }
        }
        Ok(Some(types))
    }

    /// Forgets every prepared statement (after DDL changed the tables they read).
    pub(crate) fn clear_cache(&mut self) {
        self.cache.clear();
    }

    fn forget(&mut self, sql: &str, e: &tokio_postgres::Error) {
        if e.as_db_error().is_some() {
            // A cached plan may be stale (`cached plan must not change result type`).
            self.cache.remove(sql);
        }
    }

    pub(crate) fn execute(&mut self, q: &Query) -> Result<u64, Error> {
        let stmt = self.statement(&q.sql).map_err(map_err)?;
        let params: Vec<&(dyn ToSql + Sync)> =
            q.args.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        self.client.execute(&stmt, &params).map_err(|e| {
            self.forget(&q.sql, &e);
            map_err(e)
        })
    }

    pub(crate) fn for_each(&mut self, q: &Query, sink: &mut dyn RowSink) -> Result<(), Error> {
        let stmt = self.statement(&q.sql).map_err(map_err)?;
        let params: Vec<&(dyn ToSql + Sync)> =
            q.args.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        // `query` collects the rows in one trip through the client's runtime; streaming with
        // `query_raw` costs a `block_on` per row (~40% slower on 10k rows).
        let rows = self.client.query(&stmt, &params).map_err(|e| {
            self.forget(&q.sql, &e);
            map_err(e)
        })?;
        sink.reserve(rows.len());
        for row in &rows {
            sink.row(&Row::pg(row))?;
        }
        Ok(())
    }

    pub(crate) fn batch(&mut self, sql: &str) -> Result<(), Error> {
        self.client.batch_execute(sql).map_err(map_err)
    }
}

/// The `postgres` crate's error as ours: constraint violations typed, bind failures with their
/// parameter, the rest wrapped.
pub(crate) fn map_err(e: tokio_postgres::Error) -> Error {
    if let Some(db) = e.as_db_error()
        && let Some(kind) = ConstraintKind::from_sqlstate(db.code().code())
    {
        let constraint = match kind {
            ConstraintKind::NotNull => db.column().map(|c| {
                db.table()
                    .map_or_else(|| c.to_owned(), |t| format!("{t}.{c}"))
            }),
            _ => db.constraint().map(str::to_owned),
        };
        return Error::Constraint {
            kind,
            constraint,
            message: db.message().to_owned(),
            server: super::ServerError::from_postgres(&e).map(Box::new),
        };
    }
    if let Some(bind) = e.source().and_then(|s| s.downcast_ref::<BindError>()) {
        // "error serializing parameter N" (0-based)
        let index = e
            .to_string()
            .rsplit(' ')
            .next()
            .and_then(|n| n.parse::<usize>().ok())
            .map_or(0, |n| n + 1);
        return Error::Bind {
            index,
            reason: bind.0.clone(),
        };
    }
    Error::Driver(DriverError::Postgres(e))
}

fn mismatch(v: &Value, ty: &Type) -> BoxError {
    Box::new(BindError(format!(
        "cannot bind a {} value to a parameter of type {}",
        v.kind(),
        ty.name()
    )))
}

fn out_of_range(n: i128, ty: &Type) -> BoxError {
    Box::new(BindError(format!(
        "{n} is out of range for type {}",
        ty.name()
    )))
}

fn is_text(ty: &Type) -> bool {
    matches!(
        *ty,
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN
    ) || ty.name() == "citext"
}

impl ToSql for Value {
    fn to_sql(&self, ty: &Type, out: &mut bytes::BytesMut) -> Result<IsNull, BoxError> {
        if let Some(n) = int128(self) {
            return match *ty {
                Type::INT2 => i16::try_from(n)
                    .map_err(|_| out_of_range(n, ty))?
                    .to_sql(ty, out),
                Type::INT4 => i32::try_from(n)
                    .map_err(|_| out_of_range(n, ty))?
                    .to_sql(ty, out),
                Type::INT8 => i64::try_from(n)
                    .map_err(|_| out_of_range(n, ty))?
                    .to_sql(ty, out),
                Type::CHAR => i8::try_from(n)
                    .map_err(|_| out_of_range(n, ty))?
                    .to_sql(ty, out),
                Type::OID => u32::try_from(n)
                    .map_err(|_| out_of_range(n, ty))?
                    .to_sql(ty, out),
                Type::FLOAT8 => (n as f64).to_sql(ty, out),
                Type::FLOAT4 => (n as f32).to_sql(ty, out),
                Type::NUMERIC => encode_numeric(&n.to_string(), out),
                _ if is_text(ty) => n.to_string().to_sql(&Type::TEXT, out),
                _ => Err(mismatch(self, ty)),
            };
        }
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Bool(b) => match *ty {
                Type::BOOL => b.to_sql(ty, out),
                _ => Err(mismatch(self, ty)),
            },
            Value::F32(f) => match *ty {
                Type::FLOAT4 => f.to_sql(ty, out),
                Type::FLOAT8 => f64::from(*f).to_sql(ty, out),
                Type::NUMERIC => encode_numeric(&f.to_string(), out),
                _ => Err(mismatch(self, ty)),
            },
            Value::F64(f) => match *ty {
                Type::FLOAT8 => f.to_sql(ty, out),
                Type::NUMERIC => encode_numeric(&f.to_string(), out),
                Type::FLOAT4 => {
                    let narrowed = *f as f32;
                    if f.is_finite() && !narrowed.is_finite() {
                        return Err(Box::new(BindError(format!(
                            "{f} is out of range for type float4"
                        ))));
                    }
                    narrowed.to_sql(ty, out)
                }
                _ => Err(mismatch(self, ty)),
            },
            Value::String(s) => match *ty {
                _ if is_text(ty) => s.as_str().to_sql(&Type::TEXT, out),
                Type::UUID => Uuid::parse_str(s)
                    .map_err(|e| BindError(format!("{s:?} is not a UUID: {e}")))?
                    .to_sql(ty, out),
                _ if matches!(ty.kind(), Kind::Enum(_)) => {
                    out.extend_from_slice(s.as_bytes());
                    Ok(IsNull::No)
                }
                _ => Err(mismatch(self, ty)),
            },
            Value::Bytes(b) => match *ty {
                Type::BYTEA => b.as_slice().to_sql(ty, out),
                _ => Err(mismatch(self, ty)),
            },
            Value::Time(t) => match *ty {
                Type::TIMESTAMPTZ => t.to_sql(ty, out),
                Type::TIMESTAMP => t.naive_utc().to_sql(ty, out),
                Type::DATE => t.date_naive().to_sql(ty, out),
                _ if is_text(ty) => t.to_rfc3339().to_sql(&Type::TEXT, out),
                _ => Err(mismatch(self, ty)),
            },
            Value::Uuid(u) => match *ty {
                Type::UUID => u.to_sql(ty, out),
                _ if is_text(ty) => u.to_string().to_sql(&Type::TEXT, out),
                _ => Err(mismatch(self, ty)),
            },
            Value::Array(vs) => match ty.kind() {
                Kind::Array(_) => vs.as_slice().to_sql(ty, out),
                _ => Err(mismatch(self, ty)),
            },
            Value::Json(j) => match *ty {
                Type::JSON | Type::JSONB => j.to_sql(ty, out),
                _ if is_text(ty) => j.to_string().to_sql(&Type::TEXT, out),
                _ => Err(mismatch(self, ty)),
            },
            _ => Err(mismatch(self, ty)),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

fn int128(v: &Value) -> Option<i128> {
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

/// A column decoded by its type.
pub(crate) struct Decoded(pub(crate) Value);

impl<'a> FromSql<'a> for Decoded {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        // The most common column types first: the match compares one by one.
        let v = match *ty {
            Type::INT8 => Value::I64(i64::from_sql(ty, raw)?),
            Type::TEXT | Type::VARCHAR => Value::String(std::str::from_utf8(raw)?.to_owned()),
            Type::INT4 => Value::I32(i32::from_sql(ty, raw)?),
            Type::TIMESTAMPTZ => Value::Time(DateTime::<Utc>::from_sql(ty, raw)?),
            Type::BOOL => Value::Bool(bool::from_sql(ty, raw)?),
            Type::CHAR => Value::I8(i8::from_sql(ty, raw)?),
            Type::INT2 => Value::I16(i16::from_sql(ty, raw)?),
            Type::OID => Value::U32(u32::from_sql(ty, raw)?),
            Type::FLOAT4 => Value::F32(f32::from_sql(ty, raw)?),
            Type::FLOAT8 => Value::F64(f64::from_sql(ty, raw)?),
            Type::NUMERIC => numeric(raw)?,
            Type::BYTEA => Value::Bytes(raw.to_vec()),
            Type::TIMESTAMP => Value::Time(NaiveDateTime::from_sql(ty, raw)?.and_utc()),
            Type::DATE => Value::Time(
                NaiveDate::from_sql(ty, raw)?
                    .and_hms_opt(0, 0, 0)
                    .ok_or("date out of range")?
                    .and_utc(),
            ),
            Type::UUID => Value::Uuid(Uuid::from_sql(ty, raw)?),
            Type::JSON | Type::JSONB => Value::Json(serde_json::Value::from_sql(ty, raw)?),
            _ if is_text(ty) || matches!(ty.kind(), Kind::Enum(_)) => {
                Value::String(std::str::from_utf8(raw)?.to_owned())
            }
            // One-dimensional arrays of any type above (catalog queries return `name[]`).
            _ if matches!(ty.kind(), Kind::Array(_)) => Value::Array(
                Vec::<Decoded>::from_sql(ty, raw)?
                    .into_iter()
                    .map(|d| d.0)
                    .collect(),
            ),
            _ => return Err(format!("unsupported column type {}", ty.name()).into()),
        };
        Ok(Decoded(v))
    }

    fn from_sql_null(_: &Type) -> Result<Self, BoxError> {
        Ok(Decoded(Value::Null))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// PostgreSQL's binary NUMERIC (aggregates over integers return it): an `I64` when integral and
/// in range, otherwise an `F64`.
/// A float bound to a `numeric` parameter, in PostgreSQL's binary form (base-10000 digits),
/// from its shortest decimal text (Rust's `Display` of floats never uses an exponent).
fn encode_numeric(text: &str, out: &mut bytes::BytesMut) -> Result<IsNull, BoxError> {
    use bytes::BufMut;
    if text == "NaN" {
        out.put_slice(&[0, 0, 0, 0, 0xC0, 0, 0, 0]);
        return Ok(IsNull::No);
    }
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    if !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return Err(Box::new(BindError(format!(
            "{text} is not a finite number"
        ))));
    }
    let int_pad = (4 - int.len() % 4) % 4;
    let frac_pad = (4 - frac.len() % 4) % 4;
    let all: String = "0".repeat(int_pad) + int + frac + &"0".repeat(frac_pad);
    let mut digits: Vec<i16> = all
        .as_bytes()
        .chunks(4)
        .map(|c| c.iter().fold(0i16, |n, d| n * 10 + i16::from(d - b'0')))
        .collect();
    let mut weight = ((int.len() + int_pad) / 4) as i16 - 1;
    while digits.first() == Some(&0) {
        digits.remove(0);
        weight -= 1;
    }
    while digits.last() == Some(&0) {
        digits.pop();
    }
    if digits.is_empty() {
        weight = 0;
    }
    out.put_i16(digits.len() as i16);
    out.put_i16(weight);
    out.put_u16(if negative && !digits.is_empty() {
        0x4000
    } else {
        0
    });
    out.put_u16(frac.len() as u16);
    for d in digits {
        out.put_i16(d);
    }
    Ok(IsNull::No)
}

fn numeric(raw: &[u8]) -> Result<Value, BoxError> {
    let word = |i: usize| -> Result<i16, BoxError> {
        raw.get(i * 2..i * 2 + 2)
            .map(|b| i16::from_be_bytes([b[0], b[1]]))
            .ok_or_else(|| "truncated numeric".into())
    };
    let ndigits = usize::try_from(word(0)?).map_err(|_| "bad numeric")?;
    let weight = i32::from(word(1)?);
    let sign = word(2)? as u16;
    let dscale = word(3)?;
    match sign {
        0xC000 => return Ok(Value::F64(f64::NAN)),
        0xD000 => return Ok(Value::F64(f64::INFINITY)),
        0xF000 => return Ok(Value::F64(f64::NEG_INFINITY)),
        0x0000 | 0x4000 => {}
        _ => return Err("bad numeric sign".into()),
    }
    let mut digits = Vec::with_capacity(ndigits);
    for i in 0..ndigits {
        digits.push(i32::from(word(4 + i)?));
    }
    let negative = sign == 0x4000;
    let integral = dscale == 0 && digits.len() as i32 <= weight + 1;
    if integral {
        let mut n: i128 = 0;
        let mut ok = true;
        for i in 0..=weight {
            let d = digits.get(i as usize).copied().unwrap_or(0);
            match n.checked_mul(10_000).and_then(|n| n.checked_add(d.into())) {
                Some(v) => n = v,
                None => {
                    ok = false;
                    break;
                }
            }
        }
        if ok && let Ok(v) = i64::try_from(if negative { -n } else { n }) {
            return Ok(Value::I64(v));
        }
    }
    let mut f = 0f64;
    for (i, d) in digits.iter().enumerate() {
        f += f64::from(*d) * 10_000f64.powi(weight - i as i32);
    }
    Ok(Value::F64(if negative { -f } else { f }))
}

/// Column `i` read straight into `T` when [`FromValue::from_raw`] knows its type; `None`
/// otherwise (including a missing column), for the [`Value`] path to decide.
#[inline]
pub(crate) fn decode_direct<T: FromValue>(row: &tokio_postgres::Row, i: usize) -> Option<T> {
    row.try_get::<_, Direct<T>>(i).ok().and_then(|d| d.0)
}

/// A column as `T` through [`FromValue::from_raw`] (`None` when it declines).
struct Direct<T>(Option<T>);

impl<'a, T: FromValue> FromSql<'a> for Direct<T> {
    #[inline]
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        Ok(Direct(T::from_raw(&RawColumn::pg(ty, Some(raw)))))
    }

    #[inline]
    fn from_sql_null(ty: &Type) -> Result<Self, BoxError> {
        Ok(Direct(T::from_raw(&RawColumn::pg(ty, None))))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

pub(crate) fn decode(row: &tokio_postgres::Row, i: usize) -> Result<Value, Error> {
    row.try_get::<_, Decoded>(i)
        .map(|d| d.0)
        .map_err(|e| Error::Decode {
            column: row
                .columns()
                .get(i)
                .map_or_else(|| i.to_string(), |c| c.name().to_owned()),
            source: crate::value::ConversionError {
                found: "column",
                wanted: "value",
                detail: Some(e.source().map_or_else(|| e.to_string(), |s| s.to_string())),
            },
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(ndigits: i16, weight: i16, sign: u16, dscale: i16, digits: &[i16]) -> Vec<u8> {
        let mut v = Vec::new();
        for w in [ndigits, weight, sign as i16, dscale] {
            v.extend_from_slice(&w.to_be_bytes());
        }
        for d in digits {
            v.extend_from_slice(&d.to_be_bytes());
        }
        v
    }

    #[test]
    fn decodes_numeric() {
        // 12345678 = 1234 * 10000 + 5678
        assert_eq!(
            numeric(&enc(2, 1, 0, 0, &[1234, 5678])).unwrap(),
            Value::I64(12_345_678)
        );
        // -20000 (trailing zero groups omitted)
        assert_eq!(
            numeric(&enc(1, 1, 0x4000, 0, &[2])).unwrap(),
            Value::I64(-20_000)
        );
        // 2.5
        assert_eq!(
            numeric(&enc(2, 0, 0, 1, &[2, 5000])).unwrap(),
            Value::F64(2.5)
        );
        assert!(numeric(&[0, 1]).is_err());
        assert!(numeric(&enc(1, 0, 0x1234, 0, &[1])).is_err());
    }
}
