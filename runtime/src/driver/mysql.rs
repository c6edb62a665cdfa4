//! MySQL 8 and MariaDB through the `mysql` crate (sync): statements prepared once per connection
//! (the crate's statement cache). Binding, row decoding, the session's setup (UTC) and the
//! server's error numbers are `mysql_wire.rs`'s, shared with the async client's driver.

use mysql::prelude::Queryable;
use mysql::{Conn, Opts, OptsBuilder};

use super::mysql_wire::{
    CACHE_CAPACITY, InsertPath, SESSION_PROBE, SESSION_SETUP, connect_cause, constraint_error,
    ignored_refusal, is_insert_ignore, params,
};
use super::{Row, RowSink};
use crate::builder::Query;
use crate::error::{ConnectCause, DriverError, Error};

pub(crate) struct MysqlConn {
    pub(crate) conn: Conn,
    /// How INSERTs get their rows back on this connection (RETURNING, or LAST_INSERT_ID()
    /// and its step), asked once when connecting.
    insert_path: InsertPath,
    /// The id the last statement run through [`MysqlConn::execute`] generated, read before
    /// anything else (`SHOW WARNINGS`) replaces the server's answer it came in.
    last_insert_id: u64,
}

/// Connects to a `mysql://` URL (as the `mysql` crate reads it), the session in UTC.
/// `returning` is the URL's choice of how INSERTs read their rows back; without one, the
/// server's version decides ([`InsertPath::detect`]).
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
        .init(vec![SESSION_SETUP]);
    let mut conn = Conn::new(opts).map_err(|e| Error::Connect {
        url: masked.to_owned(),
        cause: cause(&e),
        message: e.to_string(),
    })?;
    // The handshake's version is `5.5.5-10.11.6-MariaDB` on MariaDB 10, which the crate reads
    // as 5.5.5: ask the server (once per connection, with the step of AUTO_INCREMENT ids).
    let (version, step): (String, u64) = conn
        .query_first(SESSION_PROBE)
        .map_err(map_err)?
        .unwrap_or_default();
    Ok(MysqlConn {
        conn,
        insert_path: InsertPath::detect(&version, step, returning),
        last_insert_id: 0,
    })
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

    /// The id the last INSERT run with [`MysqlConn::execute`] generated (`LAST_INSERT_ID()`:
    /// the first of a multi-row INSERT; an upsert's `id = LAST_INSERT_ID(id)` sets it to the
    /// updated row's).
    pub(crate) fn last_insert_id(&self) -> u64 {
        self.last_insert_id
    }

    /// The ids the last INSERT run with [`MysqlConn::execute`] generated for its `rows` rows
    /// (see [`InsertPath::inserted_ids`]).
    pub(crate) fn inserted_ids(&self, rows: usize) -> Vec<u64> {
        self.insert_path.inserted_ids(self.last_insert_id, rows)
    }

    /// Whether INSERTs on this connection return their rows with `RETURNING`.
    pub(crate) fn returning(&self) -> bool {
        self.insert_path.returning()
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
