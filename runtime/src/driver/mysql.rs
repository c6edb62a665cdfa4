//! MySQL 8 and MariaDB through the `mysql` crate (sync): statements prepared once per connection
//! (the crate's statement cache), [`Value`]s bound in MySQL's binary protocol, rows decoded by
//! column type, and server error numbers → [`ConstraintKind`].
//!
//! Every session runs in UTC (`time_zone = '+00:00'`): a `timestamp` column is stored in UTC and
//! converted to the session's zone on the way out, so reading it back in UTC gives the instant
//! that was written whatever the server's zone.

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use mysql::consts::{ColumnFlags, ColumnType};
use mysql::prelude::Queryable;
use mysql::{Conn, Opts, OptsBuilder, Params};

use crate::builder::Query;
use crate::error::{ConnectCause, ConstraintKind, DriverError, Error};
use crate::value::{ConversionError, FromValue, RawColumn, Value};

use super::{Row, RowSink};

/// Statements kept per connection.
const CACHE_CAPACITY: usize = 256;

/// MySQL's number for the binary character set: a string column with it holds bytes.
const BINARY_CHARSET: u16 = 63;

pub(crate) struct MysqlConn {
    pub(crate) conn: Conn,
    /// Whether INSERTs return their rows with `RETURNING` (see [`returning_of`]).
    returning: bool,
    /// The id the last statement run through [`MysqlConn::execute`] generated, read before
    /// anything else (`SHOW WARNINGS`) replaces the server's answer it came in.
    last_insert_id: u64,
    /// `@@auto_increment_increment` when connecting: the step between the ids of one INSERT.
    step: u64,
}

/// Connects to a `mysql://` URL (as the `mysql` crate reads it), the session in UTC.
/// `returning` is the URL's choice of how INSERTs read their rows back; without one, the
/// server's version decides ([`returning_of`]).
pub(crate) fn connect(
    masked: &str,
    driver_url: &str,
    returning: Option<bool>,
) -> Result<MysqlConn, Error> {
    let opts = Opts::from_url(driver_url).map_err(|e| Error::Url {
        url: masked.to_owned(),
        reason: e.to_string(),
    })?;
    let opts = OptsBuilder::from_opts(opts)
        .stmt_cache_size(CACHE_CAPACITY)
        .prefer_socket(false)
        // Rows matched, not rows changed, as PostgreSQL and SQLite count an UPDATE.
        .additional_capabilities(mysql::consts::CapabilityFlags::CLIENT_FOUND_ROWS)
        .init(vec!["SET time_zone = '+00:00'"]);
    let mut conn = Conn::new(opts).map_err(|e| Error::Connect {
        url: masked.to_owned(),
        cause: connect_cause(&e),
        message: e.to_string(),
    })?;
    // The handshake's version is `5.5.5-10.11.6-MariaDB` on MariaDB 10, which the crate reads
    // as 5.5.5: ask the server (once per connection, with the step of AUTO_INCREMENT ids).
    let (version, step): (String, u64) = conn
        .query_first("SELECT VERSION(), @@auto_increment_increment")
        .map_err(map_err)?
        .unwrap_or_default();
    Ok(MysqlConn {
        conn,
        returning: returning.unwrap_or_else(|| returning_of(&version)),
        last_insert_id: 0,
        step: step.max(1),
    })
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

fn connect_cause(e: &mysql::Error) -> ConnectCause {
    match e {
        mysql::Error::IoError(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => ConnectCause::Refused,
            std::io::ErrorKind::TimedOut => ConnectCause::Timeout,
            _ => super::error::classify_text(&io.to_string().to_ascii_lowercase()),
        },
        // 1044/1045: access denied; 1049: unknown database.
        mysql::Error::MySqlError(m) if matches!(m.code, 1044 | 1045 | 1049) => {
            ConnectCause::Authentication
        }
        mysql::Error::MySqlError(_) => ConnectCause::Other,
        // "Could not connect to address `h:1': Connection refused (os error 111)".
        other => super::error::classify_text(&other.to_string().to_ascii_lowercase()),
    }
}

impl MysqlConn {
    pub(crate) fn execute(&mut self, q: &Query) -> Result<u64, Error> {
        let params = params(&q.args)?;
        let mut result = self.conn.exec_iter(&q.sql, params).map_err(map_err)?;
        // Without a result set the OK packet is there before any iteration.
        let affected = result.affected_rows();
        // A statement with RETURNING (MariaDB): each row is one changed row.
        let mut returned = 0u64;
        let mut had_rows = false;
        while let Some(set) = result.iter() {
            if !set.columns().as_ref().is_empty() {
                had_rows = true;
            }
            for row in set {
                row.map_err(map_err)?;
                returned += 1;
            }
        }
        drop(result);
        self.last_insert_id = self.conn.last_insert_id();
        self.check_ignored(&q.sql)?;
        Ok(if had_rows { returned } else { affected })
    }

    /// `INSERT IGNORE` is how the builder says DO NOTHING, which skips rows that hit a unique
    /// key. IGNORE also downgrades the server's other refusals (a missing referenced row, a
    /// value out of range) to warnings: those are errors again here, as they are on the other
    /// dialects. (The statement's other rows stay; callers that insert several rows do so in a
    /// transaction, which the error rolls back.)
    fn check_ignored(&mut self, sql: &str) -> Result<(), Error> {
        if !sql.starts_with("INSERT IGNORE ") || self.conn.warnings() == 0 {
            return Ok(());
        }
        let warnings: Vec<(String, u16, String)> =
            self.conn.query("SHOW WARNINGS").map_err(map_err)?;
        match warnings
            .into_iter()
            .find(|(_, code, _)| *code != DUPLICATE_ENTRY)
        {
            Some((_, code, message)) => Err(map_err(mysql::Error::MySqlError(mysql::MySqlError {
                state: "23000".into(),
                message,
                code,
            }))),
            None => Ok(()),
        }
    }

    pub(crate) fn for_each(&mut self, q: &Query, sink: &mut dyn RowSink) -> Result<(), Error> {
        let params = params(&q.args)?;
        let mut result = self.conn.exec_iter(&q.sql, params).map_err(map_err)?;
        while let Some(set) = result.iter() {
            for row in set {
                let row = row.map_err(map_err)?;
                sink.row(&Row::mysql(&row))?;
            }
        }
        drop(result);
        self.check_ignored(&q.sql)
    }

    pub(crate) fn batch(&mut self, sql: &str) -> Result<(), Error> {
        self.conn.query_drop(sql).map_err(map_err)
    }

    pub(crate) fn ping(&mut self) -> Result<(), Error> {
        self.conn.ping().map_err(map_err)
    }

    /// The id the last INSERT run with [`MysqlConn::execute`] generated (`LAST_INSERT_ID()`:
    /// the first of a multi-row INSERT; an upsert's `id = LAST_INSERT_ID(id)` sets it to the
    /// updated row's).
    pub(crate) fn last_insert_id(&self) -> u64 {
        self.last_insert_id
    }

    /// The step between the ids one INSERT generates (`auto_increment_increment`).
    pub(crate) fn auto_increment_step(&self) -> u64 {
        self.step
    }

    /// Whether INSERTs on this connection return their rows with `RETURNING`.
    pub(crate) fn returning(&self) -> bool {
        self.returning
    }

    /// Nothing to do: the server re-prepares a cached statement whose tables changed by itself
    /// (and `COM_RESET_CONNECTION`, the crate's way to empty its cache, would also end an open
    /// transaction).
    pub(crate) fn clear_cache(&mut self) {}
}

fn params(args: &[Value]) -> Result<Params, Error> {
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
fn to_mysql(v: &Value) -> Result<mysql::Value, String> {
    use mysql::Value as M;
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
pub(crate) fn decode_direct<T: FromValue>(row: &mysql::Row, i: usize) -> Option<T> {
    let (value, column) = (row.as_ref(i)?, row.columns_ref().get(i)?);
    T::from_raw(&RawColumn::mysql(value, column))
}

/// Column `i` as a [`Value`], by the column's type: integers (unsigned ones as `u64`),
/// floats, `timestamp`/`datetime` as UTC instants, binary strings as bytes, other strings
/// (JSON, which MariaDB keeps as `longtext`, and decimals included) as text.
pub(crate) fn decode(row: &mysql::Row, i: usize) -> Result<Value, Error> {
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
    let unsigned = column.flags().contains(ColumnFlags::UNSIGNED_FLAG);
    let bad = |found: &'static str, detail: String| Error::Decode {
        column: column_name(),
        source: ConversionError {
            found,
            wanted: "value",
            detail: Some(detail),
        },
    };
    Ok(match value {
        mysql::Value::NULL => Value::Null,
        mysql::Value::Int(n) if unsigned => Value::U64(*n as u64),
        mysql::Value::Int(n) => Value::I64(*n),
        mysql::Value::UInt(n) => Value::U64(*n),
        mysql::Value::Float(f) => Value::F32(*f),
        mysql::Value::Double(f) => Value::F64(*f),
        mysql::Value::Date(y, mo, d, h, mi, s, us) => {
            let t = NaiveDate::from_ymd_opt((*y).into(), (*mo).into(), (*d).into())
                .and_then(|date| {
                    date.and_hms_micro_opt((*h).into(), (*mi).into(), (*s).into(), *us)
                })
                .ok_or_else(|| bad("date", format!("{y}-{mo}-{d} {h}:{mi}:{s}.{us}")))?;
            Value::Time(DateTime::<Utc>::from_naive_utc_and_offset(t, Utc))
        }
        mysql::Value::Time(neg, d, h, m, s, us) => Value::String(format!(
            "{}{}:{m:02}:{s:02}.{us:06}",
            if *neg { "-" } else { "" },
            u32::from(*h) + d * 24
        )),
        mysql::Value::Bytes(b) => match column.column_type() {
            // An integral decimal (what SUM of integers gives) as an integer, so that it reads
            // into integer and float types alike; others as a float.
            ColumnType::MYSQL_TYPE_NEWDECIMAL | ColumnType::MYSQL_TYPE_DECIMAL => {
                let text = std::str::from_utf8(b).unwrap_or_default();
                match text.parse::<i64>() {
                    Ok(n) => Value::I64(n),
                    Err(_) => text
                        .parse::<f64>()
                        .map(Value::F64)
                        .map_err(|e| bad("decimal", format!("{text:?}: {e}")))?,
                }
            }
            _ if column.character_set() == BINARY_CHARSET => Value::Bytes(b.clone()),
            _ => match String::from_utf8(b.clone()) {
                Ok(s) => Value::String(s),
                Err(e) => return Err(bad("text", e.to_string())),
            },
        },
    })
}

/// `ER_DUP_ENTRY`: the one warning of an `INSERT IGNORE` that DO NOTHING means.
const DUPLICATE_ENTRY: u16 = 1062;

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
fn constraint_name(kind: ConstraintKind, message: &str) -> Option<String> {
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

/// The `mysql` crate's error as ours.
pub(crate) fn map_err(e: mysql::Error) -> Error {
    if let mysql::Error::MySqlError(m) = &e
        && let Some(kind) = constraint_kind(m.code)
    {
        return Error::Constraint {
            kind,
            constraint: constraint_name(kind, &m.message),
            message: m.message.clone(),
            server: Some(Box::new(super::ServerError::from_mysql(m))),
        };
    }
    Error::Driver(DriverError::Mysql(e))
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
