//! What the two MySQL drivers share: the sync one (`mysql` crate, `driver/mysql.rs`) and the
//! async client's (`mysql_async`, `async_client/mysql.rs`) both speak through `mysql_common`'s
//! types, so binding [`Value`]s, decoding rows (through [`Value`] or straight into a field's
//! type), the session's setup, how INSERTs get their ids back (RETURNING, or MySQL's
//! `LAST_INSERT_ID()` and its step) and reading the server's error numbers are written once,
//! here.

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use mysql_common::constants::{ColumnFlags, ColumnType};
use mysql_common::packets::Column;
use mysql_common::params::Params;
use mysql_common::row::Row as MyRow;
use mysql_common::value::Value as MyValue;

use crate::error::{ConnectCause, ConstraintKind, Error};
use crate::value::{ConversionError, FromValue, RawColumn, Value};

/// Statements kept per connection.
pub(crate) const CACHE_CAPACITY: usize = 256;

/// What every session runs first: UTC, so that a `timestamp` column (stored in UTC, converted
/// to the session's zone on the way out) reads back as the instant that was written whatever
/// the server's zone.
pub(crate) const SESSION_SETUP: &str = "SET time_zone = '+00:00'";

/// What every connection asks the server once, for its [`InsertPath`]. The handshake's
/// version will not do: MariaDB 10 sends `5.5.5-10.11.6-MariaDB`, which the `mysql` crate
/// reads as 5.5.5.
pub(crate) const SESSION_PROBE: &str = "SELECT VERSION(), @@auto_increment_increment";

/// MySQL's number for the binary character set: a string column with it holds bytes.
const BINARY_CHARSET: u16 = 63;

/// How INSERTs on one connection get their rows back: with `INSERT ... RETURNING` (MariaDB
/// 10.5+), or (MySQL, which has none; MariaDB with `?returning=false`) from
/// `LAST_INSERT_ID()` and the session's `auto_increment_increment`, the rows then read back
/// by id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct InsertPath {
    returning: bool,
    /// `@@auto_increment_increment`: the step between the ids of one INSERT.
    step: u64,
}

/// RETURNING, as on the other dialects.
impl Default for InsertPath {
    fn default() -> InsertPath {
        InsertPath {
            returning: true,
            step: 1,
        }
    }
}

impl InsertPath {
    /// From the answer to [`SESSION_PROBE`]; `url_choice` is the URL's `returning=`, which
    /// wins over the version.
    pub(crate) fn detect(version: &str, step: u64, url_choice: Option<bool>) -> InsertPath {
        InsertPath {
            returning: url_choice.unwrap_or_else(|| returning_of(version)),
            step: step.max(1),
        }
    }

    /// Whether INSERTs return their rows with `RETURNING`.
    pub(crate) fn returning(&self) -> bool {
        self.returning
    }

    /// The ids an INSERT of `rows` rows generated when `LAST_INSERT_ID()` after it was
    /// `last_insert_id`: that one (the first row's) and the next ones by the step. Empty when
    /// the INSERT generated none (`LAST_INSERT_ID()` is 0: the rows gave their ids).
    ///
    /// The ids of one multi-row `INSERT ... VALUES` are consecutive in that sense under every
    /// `innodb_autoinc_lock_mode`: the statement is a "simple insert" (its row count is known
    /// before it runs), for which InnoDB reserves all its values in one step, under the
    /// table's AUTO-INC lock (modes 0 and 1) or the counter's mutex (2, MySQL 8's default).
    /// It does not hold for `INSERT ... SELECT`, for an INSERT where some rows give their ids
    /// ("mixed-mode"), nor for `ON DUPLICATE KEY UPDATE` and `INSERT IGNORE`, whose updated or
    /// skipped rows use up values too; the client does not derive ids for those.
    pub(crate) fn inserted_ids(&self, last_insert_id: u64, rows: usize) -> Vec<u64> {
        match last_insert_id {
            0 => Vec::new(),
            first => (0..rows as u64).map(|i| first + i * self.step).collect(),
        }
    }
}

/// Whether a server whose `VERSION()` is `version` has `INSERT ... RETURNING`: MariaDB from
/// 10.5 on; MySQL (8.x, 9.x) has none.
fn returning_of(version: &str) -> bool {
    let Some(release) = version
        .strip_suffix("-MariaDB")
        .or_else(|| version.find("-MariaDB").map(|at| &version[..at]))
    else {
        return false;
    };
    let release = release.strip_prefix("5.5.5-").unwrap_or(release);
    let mut parts = release.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    (major, minor) >= (10, 5)
}

pub(crate) fn params(args: &[Value]) -> Result<Params, Error> {
    if args.is_empty() {
        return Ok(Params::Empty);
    }
    args.iter()
        .enumerate()
        .map(|(i, v)| {
            to_mysql(v).map_err(|reason| Error::Bind {
                index: i + 1,
                reason,
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Params::Positional)
}

/// A value in MySQL's binary protocol: times as UTC datetimes (the session is in UTC), UUIDs
/// and JSON as text, booleans as integers.
fn to_mysql(v: &Value) -> Result<MyValue, String> {
    use MyValue as M;
    Ok(match v {
        Value::Null => M::NULL,
        Value::Bool(b) => M::Int((*b).into()),
        Value::I8(n) => M::Int((*n).into()),
        Value::I16(n) => M::Int((*n).into()),
        Value::I32(n) => M::Int((*n).into()),
        Value::I64(n) => M::Int(*n),
        Value::U8(n) => M::UInt((*n).into()),
        Value::U16(n) => M::UInt((*n).into()),
        Value::U32(n) => M::UInt((*n).into()),
        Value::U64(n) => M::UInt(*n),
        Value::F32(f) => M::Float(*f),
        Value::F64(f) => M::Double(*f),
        Value::String(s) => M::Bytes(s.as_bytes().to_vec()),
        Value::Bytes(b) => M::Bytes(b.clone()),
        Value::Time(t) => M::Date(
            u16::try_from(t.year()).map_err(|_| format!("year {} is out of range", t.year()))?,
            t.month() as u8,
            t.day() as u8,
            t.hour() as u8,
            t.minute() as u8,
            t.second() as u8,
            t.timestamp_subsec_micros(),
        ),
        Value::Uuid(u) => M::Bytes(u.to_string().into_bytes()),
        Value::Json(j) => M::Bytes(j.to_string().into_bytes()),
        Value::Array(_) => return Err("MySQL has no array parameters".into()),
    })
}

/// Column `i` read straight into `T` when [`FromValue::from_raw`] knows its type; `None`
/// leaves it (and any error) to [`decode`].
#[inline]
pub(crate) fn decode_direct<T: FromValue>(row: &MyRow, i: usize) -> Option<T> {
    let (value, column) = (row.as_ref(i)?, row.columns_ref().get(i)?);
    T::from_raw(&RawColumn::mysql(value, column))
}

/// Whether a column's integers are unsigned (an `Int` then holds a `u64`).
pub(crate) fn is_unsigned(column: &Column) -> bool {
    column.flags().contains(ColumnFlags::UNSIGNED_FLAG)
}

/// Whether a column is a decimal, whose text [`decode`] reads as a number.
pub(crate) fn is_decimal(column: &Column) -> bool {
    matches!(
        column.column_type(),
        ColumnType::MYSQL_TYPE_NEWDECIMAL | ColumnType::MYSQL_TYPE_DECIMAL
    )
}

/// Whether a string column holds bytes (the binary character set), not text.
pub(crate) fn is_binary(column: &Column) -> bool {
    column.character_set() == BINARY_CHARSET
}

/// Column `i` as a [`Value`], by the column's type: integers (unsigned ones as `u64`),
/// floats, `timestamp`/`datetime` as UTC instants, binary strings as bytes, other strings
/// (JSON, which MariaDB keeps as `longtext`, and decimals included) as text.
pub(crate) fn decode(row: &MyRow, i: usize) -> Result<Value, Error> {
    let columns = row.columns_ref();
    let column_name = || {
        columns
            .get(i)
            .map_or_else(|| i.to_string(), |c| c.name_str().into_owned())
    };
    let (Some(value), Some(column)) = (row.as_ref(i), columns.get(i)) else {
        return Err(Error::Decode {
            column: column_name(),
            source: ConversionError {
                found: "nothing",
                wanted: "value",
                detail: Some(format!("the row has {} columns", row.len())),
            },
        });
    };
    let unsigned = is_unsigned(column);
    let bad = |found: &'static str, detail: String| Error::Decode {
        column: column_name(),
        source: ConversionError {
            found,
            wanted: "value",
            detail: Some(detail),
        },
    };
    Ok(match value {
        MyValue::NULL => Value::Null,
        MyValue::Int(n) if unsigned => Value::U64(*n as u64),
        MyValue::Int(n) => Value::I64(*n),
        MyValue::UInt(n) => Value::U64(*n),
        MyValue::Float(f) => Value::F32(*f),
        MyValue::Double(f) => Value::F64(*f),
        &MyValue::Date(y, mo, d, h, mi, s, us) => Value::Time(
            utc_instant(y, mo, d, h, mi, s, us)
                .ok_or_else(|| bad("date", format!("{y}-{mo}-{d} {h}:{mi}:{s}.{us}")))?,
        ),
        MyValue::Time(neg, d, h, m, s, us) => Value::String(format!(
            "{}{}:{m:02}:{s:02}.{us:06}",
            if *neg { "-" } else { "" },
            u32::from(*h) + d * 24
        )),
        // An integral decimal (what SUM of integers gives) as an integer, so that it reads
        // into integer and float types alike; others as a float.
        MyValue::Bytes(b) if is_decimal(column) => {
            let text = std::str::from_utf8(b).unwrap_or_default();
            match text.parse::<i64>() {
                Ok(n) => Value::I64(n),
                Err(_) => text
                    .parse::<f64>()
                    .map(Value::F64)
                    .map_err(|e| bad("decimal", format!("{text:?}: {e}")))?,
            }
        }
        MyValue::Bytes(b) if is_binary(column) => Value::Bytes(b.clone()),
        MyValue::Bytes(b) => match String::from_utf8(b.clone()) {
            Ok(s) => Value::String(s),
            Err(e) => return Err(bad("text", e.to_string())),
        },
    })
}

/// A `timestamp`/`datetime` value's fields as an instant, read in the session's UTC; `None`
/// for a date that does not exist (`0000-00-00`).
pub(crate) fn utc_instant(
    y: u16,
    mo: u8,
    d: u8,
    h: u8,
    mi: u8,
    s: u8,
    us: u32,
) -> Option<DateTime<Utc>> {
    NaiveDate::from_ymd_opt(y.into(), mo.into(), d.into())
        .and_then(|date| date.and_hms_micro_opt(h.into(), mi.into(), s.into(), us))
        .map(|t| t.and_utc())
}

/// `ER_DUP_ENTRY`: the one warning of an `INSERT IGNORE` that DO NOTHING means.
pub(crate) const DUPLICATE_ENTRY: u16 = 1062;

/// The server's error number for a deadlock (`ER_LOCK_DEADLOCK`).
pub(crate) const DEADLOCK: u16 = 1213;

/// The kind of a MySQL/MariaDB error number, if it is one of the four.
pub(crate) fn constraint_kind(code: u16) -> Option<ConstraintKind> {
    match code {
        // ER_DUP_ENTRY, ER_DUP_UNIQUE, ER_DUP_ENTRY_WITH_KEY_NAME
        1062 | 1169 | 1586 => Some(ConstraintKind::Unique),
        // ER_ROW_IS_REFERENCED(_2), ER_NO_REFERENCED_ROW(_2)
        1216 | 1217 | 1451 | 1452 => Some(ConstraintKind::ForeignKey),
        // MySQL 8 ER_CHECK_CONSTRAINT_VIOLATED; MariaDB ER_CONSTRAINT_FAILED
        3819 | 4025 => Some(ConstraintKind::Check),
        // ER_BAD_NULL_ERROR
        1048 => Some(ConstraintKind::NotNull),
        _ => None,
    }
}

/// The constraint a message names: `... for key 'users.email'` (MySQL 8 prefixes the table),
/// `CONSTRAINT `fk` FOREIGN KEY`, `Check constraint 'c' is violated`, `CONSTRAINT `c` failed`.
pub(crate) fn constraint_name(kind: ConstraintKind, message: &str) -> Option<String> {
    let between = |after: &str, open: char, close: char| {
        let rest = &message[message.find(after)? + after.len()..];
        let rest = rest.trim_start().strip_prefix(open)?;
        Some(rest[..rest.find(close)?].to_owned())
    };
    match kind {
        ConstraintKind::Unique => {
            between("for key", '\'', '\'').map(|k| k.rsplit('.').next().unwrap_or(&k).to_owned())
        }
        ConstraintKind::ForeignKey => between("CONSTRAINT", '`', '`'),
        ConstraintKind::Check => {
            between("constraint", '\'', '\'').or_else(|| between("CONSTRAINT", '`', '`'))
        }
        ConstraintKind::NotNull => between("Column", '\'', '\''),
    }
}

/// A server error with a constraint's number as [`Error::Constraint`] (`server` is the error
/// as [`super::ServerError`] prints it); `None` for the other numbers, which each driver wraps
/// in its own crate's error.
pub(crate) fn constraint_error(
    code: u16,
    message: &str,
    server: impl FnOnce() -> super::ServerError,
) -> Option<Error> {
    let kind = constraint_kind(code)?;
    Some(Error::Constraint {
        kind,
        constraint: constraint_name(kind, message),
        message: message.to_owned(),
        server: Some(Box::new(server())),
    })
}

/// `INSERT IGNORE` is how the builder says DO NOTHING, which skips rows that hit a unique key.
/// IGNORE also downgrades the server's other refusals (a missing referenced row, a value out of
/// range) to warnings: the first of those (`SHOW WARNINGS` rows: level, code, message) is to be
/// an error again, as it is on the other dialects.
pub(crate) fn ignored_refusal(warnings: Vec<(String, u16, String)>) -> Option<(u16, String)> {
    warnings
        .into_iter()
        .find(|(_, code, _)| *code != DUPLICATE_ENTRY)
        .map(|(_, code, message)| (code, message))
}

/// Why a connection could not be opened, from what either driver's error says: the socket's
/// IO error kind, the server's error number, else the text.
pub(crate) fn connect_cause(
    io: Option<std::io::ErrorKind>,
    server_code: Option<u16>,
    text: &str,
) -> ConnectCause {
    match (io, server_code) {
        (Some(std::io::ErrorKind::ConnectionRefused), _) => ConnectCause::Refused,
        (Some(std::io::ErrorKind::TimedOut), _) => ConnectCause::Timeout,
        // 1044/1045: access denied; 1049: unknown database.
        (_, Some(1044 | 1045 | 1049)) => ConnectCause::Authentication,
        (_, Some(_)) => ConnectCause::Other,
        // "Could not connect to address `h:1': Connection refused (os error 111)".
        _ => super::error::classify_text(&text.to_ascii_lowercase()),
    }
}

/// Whether a statement is the builder's DO NOTHING (see [`ignored_refusal`]).
pub(crate) fn is_insert_ignore(sql: &str) -> bool {
    sql.starts_with("INSERT IGNORE ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn returning_from_mariadb_10_5_on_and_never_on_mysql() {
        assert!(returning_of("10.11.6-MariaDB-0+deb12u1"));
        assert!(returning_of("5.5.5-10.5.0-MariaDB"));
        assert!(returning_of("11.4.2-MariaDB"));
        assert!(!returning_of("10.4.32-MariaDB"));
        assert!(!returning_of("8.0.36"));
        assert!(!returning_of("8.4.0-0ubuntu0.24.04.1"));
        assert!(!returning_of(""));
    }

    #[test]
    fn the_url_choice_wins_over_the_version() {
        assert!(!InsertPath::detect("10.11.6-MariaDB", 1, Some(false)).returning());
        assert!(InsertPath::detect("8.0.36", 1, Some(true)).returning());
        assert!(InsertPath::detect("10.11.6-MariaDB", 1, None).returning());
    }

    #[test]
    fn inserted_ids_step_by_the_increment_and_none_without_a_generated_id() {
        let path = InsertPath::detect("8.0.36", 3, None);
        assert_eq!(path.inserted_ids(7, 3), vec![7, 10, 13]);
        assert_eq!(path.inserted_ids(0, 3), Vec::<u64>::new());
        // A step of 0 (never the server's, but a bad answer) counts as 1.
        assert_eq!(
            InsertPath::detect("8.0.36", 0, None).inserted_ids(5, 2),
            vec![5, 6]
        );
    }

    #[test]
    fn names_the_constraint_in_each_message_form() {
        let name = |kind, m: &str| constraint_name(kind, m);
        assert_eq!(
            name(
                ConstraintKind::Unique,
                "Duplicate entry 'a' for key 'users.email'"
            ),
            Some("email".into())
        );
        assert_eq!(
            name(
                ConstraintKind::Unique,
                "Duplicate entry 'a' for key 'email'"
            ),
            Some("email".into())
        );
        assert_eq!(
            name(
                ConstraintKind::ForeignKey,
                "Cannot add or update a child row: a foreign key constraint fails (`db`.`pets`, CONSTRAINT `pets_users_pets` FOREIGN KEY (`user_pets`) REFERENCES `users` (`id`))"
            ),
            Some("pets_users_pets".into())
        );
        assert_eq!(
            name(
                ConstraintKind::Check,
                "CONSTRAINT `age_ok` failed for `db`.`users`"
            ),
            Some("age_ok".into())
        );
        assert_eq!(
            name(
                ConstraintKind::Check,
                "Check constraint 'age_ok' is violated."
            ),
            Some("age_ok".into())
        );
        assert_eq!(
            name(ConstraintKind::NotNull, "Column 'name' cannot be null"),
            Some("name".into())
        );
    }
}
