//! MySQL 8 and MariaDB through the `mysql` crate (sync): statements prepared once per connection
//! (the crate's statement cache). Binding, row decoding, the session's setup (UTC) and the
//! server's error numbers are `mysql_wire.rs`'s, shared with the async client's driver.

use mysql::prelude::Queryable;
use mysql::{Conn, Opts, OptsBuilder};

use super::mysql_wire::{
    CACHE_CAPACITY, SESSION_SETUP, connect_cause, constraint_error, ignored_refusal,
    is_insert_ignore, params,
};
use super::{Row, RowSink};
use crate::builder::Query;
use crate::error::{ConnectCause, DriverError, Error};

pub(crate) struct MysqlConn {
    pub(crate) conn: Conn,
}

/// Connects to a `mysql://` URL (as the `mysql` crate reads it), the session in UTC.
pub(crate) fn connect(masked: &str, driver_url: &str) -> Result<MysqlConn, Error> {
    let opts = Opts::from_url(driver_url).map_err(|e| Error::Url {
        url: masked.to_owned(),
        reason: e.to_string(),
    })?;
    let opts = OptsBuilder::from_opts(opts)
        .stmt_cache_size(CACHE_CAPACITY)
        .prefer_socket(false)
        // Rows matched, not rows changed, as PostgreSQL and SQLite count an UPDATE.
        .additional_capabilities(mysql::consts::CapabilityFlags::CLIENT_FOUND_ROWS)
        .init(vec![SESSION_SETUP]);
    let conn = Conn::new(opts).map_err(|e| Error::Connect {
        url: masked.to_owned(),
        cause: cause(&e),
        message: e.to_string(),
    })?;
    Ok(MysqlConn { conn })
}

fn cause(e: &mysql::Error) -> ConnectCause {
    let (io, code) = match e {
        mysql::Error::IoError(io) => (Some(io.kind()), None),
        mysql::Error::MySqlError(m) => (None, Some(m.code)),
        _ => (None, None),
    };
    connect_cause(io, code, &e.to_string())
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
        self.check_ignored(&q.sql)?;
        Ok(if had_rows { returned } else { affected })
    }

    /// `INSERT IGNORE` is how the builder says DO NOTHING, which skips rows that hit a unique
    /// key. IGNORE also downgrades the server's other refusals (a missing referenced row, a
    /// value out of range) to warnings: those are errors again here, as they are on the other
    /// dialects. (The statement's other rows stay; callers that insert several rows do so in a
    /// transaction, which the error rolls back.)
    fn check_ignored(&mut self, sql: &str) -> Result<(), Error> {
        if !is_insert_ignore(sql) || self.conn.warnings() == 0 {
            return Ok(());
        }
        let warnings = self.conn.query("SHOW WARNINGS").map_err(map_err)?;
        match ignored_refusal(warnings) {
            Some((code, message)) => Err(map_err(mysql::Error::MySqlError(mysql::MySqlError {
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

    /// The id the last INSERT generated on this connection (`LAST_INSERT_ID()`).
    pub(crate) fn last_insert_id(&self) -> u64 {
        self.conn.last_insert_id()
    }

    /// Nothing to do: the server re-prepares a cached statement whose tables changed by itself
    /// (and `COM_RESET_CONNECTION`, the crate's way to empty its cache, would also end an open
    /// transaction).
    pub(crate) fn clear_cache(&mut self) {}
}

/// The `mysql` crate's error as ours.
pub(crate) fn map_err(e: mysql::Error) -> Error {
    if let mysql::Error::MySqlError(m) = &e
        && let Some(constraint) =
            constraint_error(m.code, &m.message, || super::ServerError::from_mysql(m))
    {
        return constraint;
    }
    Error::Driver(DriverError::Mysql(e))
}
