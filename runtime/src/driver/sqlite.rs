//! SQLite through `rusqlite` (bundled): cached statements, [`Value`]s bound in SQLite's storage
//! classes (times, UUIDs and JSON as text, booleans as integers, `u64` above `i64::MAX`
//! refused), and extended result codes → [`ConstraintKind`].

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, ToSql};

use crate::builder::Query;
use crate::error::{ConstraintKind, DriverError, Error};
use crate::value::{ConversionError, FromValue, RawColumn, Value};

use super::{Row, RowSink};

/// Statements kept per connection.
const CACHE_CAPACITY: usize = 256;

/// How [`open_file`] treats the file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FileMode {
    /// Create the file when missing.
    pub(crate) create: bool,
    /// Switch the file to the WAL journal (a lasting property of the file).
    pub(crate) wal: bool,
}

impl FileMode {
    /// A client's pool: created when missing, WAL.
    pub(crate) const POOL: FileMode = FileMode {
        create: true,
        wal: true,
    };
}

pub(crate) struct SqliteConn {
    pub(crate) conn: Connection,
}

/// Opens an SQLite file. For a pool ([`FileMode::POOL`]): created when missing, WAL journal
/// so that readers do not wait for the writer. Always `busy_timeout`, so that writers wait for
/// each other instead of failing with "database is locked". Other URL parameters go to SQLite
/// as a `file:` URI.
pub(crate) fn open_file(
    masked: &str,
    path: &std::path::Path,
    params: &[(String, String)],
    busy_timeout: std::time::Duration,
    mode: FileMode,
) -> Result<Connection, Error> {
    use rusqlite::OpenFlags;
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if mode.create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let cannot_open = |e: rusqlite::Error| Error::Connect {
        url: masked.to_owned(),
        cause: crate::driver::ConnectCause::CannotOpen,
        message: e.to_string(),
    };
    let conn = if params.is_empty() {
        Connection::open_with_flags(path, flags)
    } else {
        flags |= OpenFlags::SQLITE_OPEN_URI;
        let query: String = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(params)
            .finish();
        let path = path
            .to_string_lossy()
            .replace('%', "%25")
            .replace('?', "%3f")
            .replace('#', "%23");
        Connection::open_with_flags(format!("file:{path}?{query}"), flags)
    }
    .map_err(cannot_open)?;
    conn.busy_timeout(busy_timeout).map_err(map_err)?;
    let read_only = params.iter().any(|(k, v)| k == "mode" && v == "ro");
    if mode.wal && !read_only {
        // WAL is a property of the file: set once, every later connection finds it.
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(map_err)?;
        if mode.eq_ignore_ascii_case("wal") {
            conn.execute_batch("PRAGMA synchronous = NORMAL")
                .map_err(map_err)?;
        }
    }
    Ok(conn)
}

impl SqliteConn {
    /// Wraps a connection, switching foreign keys on (SQLite's default is off) and enlarging
    /// the statement cache.
    pub(crate) fn new(conn: Connection) -> Result<SqliteConn, Error> {
        conn.execute_batch("PRAGMA foreign_keys = ON")
            .map_err(map_err)?;
        conn.set_prepared_statement_cache_capacity(CACHE_CAPACITY);
        Ok(SqliteConn { conn })
    }

    pub(crate) fn execute(&mut self, q: &Query) -> Result<u64, Error> {
        check_args(&q.args)?;
        let mut stmt = self.conn.prepare_cached(&q.sql).map_err(map_err)?;
        if stmt.column_count() > 0 {
            // A statement with RETURNING: run it to the end; each row is one changed row.
            let mut rows = stmt
                .query(rusqlite::params_from_iter(q.args.iter()))
                .map_err(map_err)?;
            let mut n = 0;
            while rows.next().map_err(map_err)?.is_some() {
                n += 1;
            }
            return Ok(n);
        }
        let n = stmt
            .execute(rusqlite::params_from_iter(q.args.iter()))
            .map_err(map_err)?;
        Ok(n as u64)
    }

    pub(crate) fn for_each(&mut self, q: &Query, sink: &mut dyn RowSink) -> Result<(), Error> {
        check_args(&q.args)?;
        let mut stmt = self.conn.prepare_cached(&q.sql).map_err(map_err)?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(q.args.iter()))
            .map_err(map_err)?;
        while let Some(row) = rows.next().map_err(map_err)? {
            sink.row(&Row::sqlite(row))?;
        }
        Ok(())
    }

    pub(crate) fn batch(&mut self, sql: &str) -> Result<(), Error> {
        self.conn.execute_batch(sql).map_err(map_err)
    }

    pub(crate) fn clear_cache(&mut self) {
        self.conn.flush_prepared_statement_cache();
    }
}

/// Refuses what SQLite cannot store before running anything, naming the parameter.
fn check_args(args: &[Value]) -> Result<(), Error> {
    for (i, v) in args.iter().enumerate() {
        let reason = match v {
            Value::U64(n) if i64::try_from(*n).is_err() => {
                format!("{n} is out of range for SQLite's 64-bit integers")
            }
            Value::Array(_) => "SQLite has no array parameters".to_owned(),
            _ => continue,
        };
        return Err(Error::Bind {
            index: i + 1,
            reason,
        });
    }
    Ok(())
}

#[derive(Debug)]
struct BindError(String);

impl std::fmt::Display for BindError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BindError {}

impl ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        use rusqlite::types::Value as Owned;
        Ok(match self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Bool(b) => ToSqlOutput::Owned(Owned::Integer((*b).into())),
            Value::I8(v) => ToSqlOutput::Owned(Owned::Integer((*v).into())),
            Value::I16(v) => ToSqlOutput::Owned(Owned::Integer((*v).into())),
            Value::I32(v) => ToSqlOutput::Owned(Owned::Integer((*v).into())),
            Value::I64(v) => ToSqlOutput::Owned(Owned::Integer(*v)),
            Value::U8(v) => ToSqlOutput::Owned(Owned::Integer((*v).into())),
            Value::U16(v) => ToSqlOutput::Owned(Owned::Integer((*v).into())),
            Value::U32(v) => ToSqlOutput::Owned(Owned::Integer((*v).into())),
            Value::U64(v) => match i64::try_from(*v) {
                Ok(v) => ToSqlOutput::Owned(Owned::Integer(v)),
                Err(_) => {
                    return Err(rusqlite::Error::ToSqlConversionFailure(Box::new(
                        BindError(format!("{v} is out of range for SQLite's 64-bit integers")),
                    )));
                }
            },
            Value::F32(v) => ToSqlOutput::Owned(Owned::Real((*v).into())),
            Value::F64(v) => ToSqlOutput::Owned(Owned::Real(*v)),
            Value::String(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Value::Bytes(b) => ToSqlOutput::Borrowed(ValueRef::Blob(b)),
            Value::Time(t) => ToSqlOutput::Owned(Owned::Text(Value::sqlite_time_text(t))),
            Value::Uuid(u) => ToSqlOutput::Owned(Owned::Text(u.to_string())),
            Value::Json(j) => ToSqlOutput::Owned(Owned::Text(j.to_string())),
            Value::Array(_) => {
                return Err(rusqlite::Error::ToSqlConversionFailure(Box::new(
                    BindError("SQLite has no array parameters".into()),
                )));
            }
        })
    }
}

/// Column `i` read straight into `T` when [`FromValue::from_raw`] knows its storage class;
/// `None` otherwise (including a missing column), for the [`Value`] path to decide.
#[inline]
pub(crate) fn decode_direct<T: FromValue>(row: &rusqlite::Row<'_>, i: usize) -> Option<T> {
    T::from_raw(&RawColumn::sqlite(row.get_ref(i).ok()?))
}

pub(crate) fn decode(row: &rusqlite::Row<'_>, i: usize) -> Result<Value, Error> {
    let column = || {
        row.as_ref()
            .column_name(i)
            .map_or_else(|_| i.to_string(), str::to_owned)
    };
    let v = row.get_ref(i).map_err(|e| Error::Decode {
        column: column(),
        source: ConversionError {
            found: "column",
            wanted: "value",
            detail: Some(e.to_string()),
        },
    })?;
    Ok(match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(n) => Value::I64(n),
        ValueRef::Real(f) => Value::F64(f),
        ValueRef::Text(t) => match std::str::from_utf8(t) {
            Ok(s) => Value::String(s.to_owned()),
            Err(e) => {
                return Err(Error::Decode {
                    column: column(),
                    source: ConversionError {
                        found: "text",
                        wanted: "String",
                        detail: Some(e.to_string()),
                    },
                });
            }
        },
        ValueRef::Blob(b) => Value::Bytes(b.to_vec()),
    })
}

/// `rusqlite`'s error as ours.
pub(crate) fn map_err(e: rusqlite::Error) -> Error {
    match e {
        rusqlite::Error::SqliteFailure(ref f, ref msg) => {
            if let Some(kind) = ConstraintKind::from_sqlite_extended_code(f.extended_code) {
                let message = msg.clone().unwrap_or_else(|| f.to_string());
                // "UNIQUE constraint failed: users.email", "CHECK constraint failed: positive"
                let constraint = message
                    .split_once("constraint failed: ")
                    .map(|(_, name)| name.to_owned());
                return Error::Constraint {
                    kind,
                    constraint,
                    message,
                    server: None,
                };
            }
            Error::Driver(DriverError::Sqlite(e))
        }
        rusqlite::Error::ToSqlConversionFailure(inner) => {
            let reason = inner.to_string();
            Error::Bind { index: 0, reason }
        }
        e => Error::Driver(DriverError::Sqlite(e)),
    }
}
