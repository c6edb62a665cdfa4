//! MySQL and MariaDB for the async client: `mysql_async` connections from its own pool.
//!
//! Binding, row decoding (straight into a field's type where it can), the session's setup (UTC,
//! matched rows counted), how INSERTs get their ids back and the server's error numbers are
//! the sync driver's (`driver/mysql_wire.rs`, over `mysql_common`, which both crates speak), so
//! typed errors (duplicate key, foreign key, check, deadlock) are the same.
//!
//! INSERT ... RETURNING or not: as the sync driver, each connection asks the server its
//! `VERSION()` and `@@auto_increment_increment` once ([`InsertPath`]; the URL's
//! `?returning=` overrides the version). The pool does not say when it opens a connection, so
//! the answer is kept by the server's connection id, and a connection the pool hands out
//! again is not asked again.
//!
//! Cancellation: a call whose future is dropped midway leaves the connection marked `busy`,
//! and a transaction level left open leaves it at `depth > 0`; such a connection is never
//! handed out again: dropping it closes it (the server then rolls back what was open and
//! releases the session's named locks) and the pool opens a new one. A call dropped in the
//! middle of a protocol exchange leaves the stream unreadable (`mysql_async` marks it
//! disconnected): nothing is sent on it again, not even a `ROLLBACK` (it could read the
//! dropped call's answer as its own); it is closed, which rolls back. Clean connections go
//! back to the pool as they are, their prepared statements kept (the pool's reset on return,
//! which would empty them, is off).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use mysql_async::prelude::Queryable;

use crate::builder::{Query, SqlType};
use crate::dialect::Dialect;
use crate::driver::mysql_wire::{
    CACHE_CAPACITY, InsertPath, SESSION_PROBE, SESSION_SETUP, connect_cause, constraint_error,
    ignored_refusal, is_insert_ignore, params,
};
use crate::driver::pool::PoolOptions;
use crate::driver::{DbUrl, Io, Logger, Row, ServerError, Target};
use crate::error::{DriverError, Error};

/// One async MySQL connection out of the pool, with its transaction levels. Implements
/// [`Io`], so the typed builders' terminal logic, inspection and auto-migration run on it.
pub struct MysqlConn {
    /// Always there; taken only when the connection is dropped.
    conn: Option<mysql_async::Conn>,
    depth: u32,
    /// An operation started and not finished: its future was dropped midway.
    busy: bool,
    logger: Option<Logger>,
    /// How INSERTs get their rows back on this connection.
    insert_path: InsertPath,
    /// The id the last statement run through [`Io::execute`] generated, read before anything
    /// else (`SHOW WARNINGS`) replaces the server's answer it came in.
    last_insert_id: u64,
}

impl std::fmt::Debug for MysqlConn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MysqlConn")
            .field("transaction_depth", &self.depth)
            .finish()
    }
}

/// The pool and what a checkout needs to report a timeout.
#[derive(Clone)]
pub(crate) struct MysqlPool {
    pool: mysql_async::Pool,
    timeout: Duration,
    max_size: u32,
    masked: String,
    /// The URL's `?returning=`, which wins over the server's version.
    returning: Option<bool>,
    /// Each connection's [`InsertPath`], by the server's connection id.
    insert_paths: Arc<Mutex<HashMap<u32, InsertPath>>>,
}

/// Opens the pool for `url` (no connection is made until the first call).
pub(crate) fn open_pool(url: &DbUrl, opts: &PoolOptions) -> Result<MysqlPool, Error> {
    let Target::Mysql {
        driver_url,
        returning,
    } = url.target()
    else {
        return Err(Error::Url {
            url: url.masked().to_owned(),
            reason: "not a MySQL URL".into(),
        });
    };
    let parsed = mysql_async::Opts::from_url(driver_url).map_err(|e| Error::Url {
        url: url.masked().to_owned(),
        reason: e.to_string(),
    })?;
    let max = opts.max_size.max(1) as usize;
    let constraints =
        mysql_async::PoolConstraints::new(opts.min_idle.min(opts.max_size) as usize, max)
            .ok_or_else(|| Error::Url {
                url: url.masked().to_owned(),
                reason: "the pool's min_idle exceeds its max_size".into(),
            })?;
    let mut pool_opts = mysql_async::PoolOpts::default()
        .with_constraints(constraints)
        // Dirty connections are closed instead (see the module's comment).
        .with_reset_connection(false)
        .with_abs_conn_ttl(opts.max_lifetime);
    if let Some(idle) = opts.idle_timeout {
        pool_opts = pool_opts.with_inactive_connection_ttl(idle);
    }
    let builder = mysql_async::OptsBuilder::from_opts(parsed)
        .pool_opts(pool_opts)
        .stmt_cache_size(CACHE_CAPACITY)
        .prefer_socket(false)
        // Rows matched, not rows changed, as PostgreSQL and SQLite count an UPDATE.
        .client_found_rows(true)
        .setup(vec![SESSION_SETUP]);
    Ok(MysqlPool {
        pool: mysql_async::Pool::new(builder),
        timeout: opts.connection_timeout,
        max_size: opts.max_size.max(1),
        masked: url.masked().to_owned(),
        returning: *returning,
        insert_paths: Arc::default(),
    })
}

impl MysqlPool {
    /// The most connections open at once.
    pub(crate) fn max_size(&self) -> u32 {
        self.max_size
    }

    /// A connection of the pool, waiting up to the pool's connection timeout.
    pub(crate) async fn checkout(&self) -> Result<MysqlConn, Error> {
        let conn = match tokio::time::timeout(self.timeout, self.pool.get_conn()).await {
            Ok(Ok(conn)) => conn,
            Ok(Err(e)) => return Err(self.connect_error(e)),
            Err(_) => {
                return Err(Error::PoolTimeout {
                    timeout: self.timeout,
                    max_size: self.max_size,
                    last_error: None,
                });
            }
        };
        let known = self.known_path(conn.id());
        let mut conn = MysqlConn {
            conn: Some(conn),
            depth: 0,
            busy: false,
            logger: None,
            // Replaced below, once known.
            insert_path: InsertPath::default(),
            last_insert_id: 0,
        };
        conn.insert_path = match known {
            Some(path) => path,
            None => self.ask(&mut conn).await?,
        };
        Ok(conn)
    }

    fn known_path(&self, id: u32) -> Option<InsertPath> {
        let paths = self
            .insert_paths
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        paths.get(&id).copied()
    }

    /// Asks a connection the pool opened since it was last seen how its INSERTs get their rows
    /// back, and keeps the answer by its id.
    async fn ask(&self, conn: &mut MysqlConn) -> Result<InsertPath, Error> {
        let (version, step) = conn.probe().await?;
        let path = InsertPath::detect(&version, step, self.returning);
        let id = conn.conn()?.id();
        let mut paths = self
            .insert_paths
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        // The ids of connections the pool has since closed are never removed (the pool does
        // not say): forget them all now and then, the live ones being asked again.
        if paths.len() >= 4 * self.max_size as usize {
            paths.clear();
        }
        paths.insert(id, path);
        Ok(path)
    }

    fn connect_error(&self, e: mysql_async::Error) -> Error {
        let (io, code) = match &e {
            mysql_async::Error::Io(mysql_async::IoError::Io(io)) => (Some(io.kind()), None),
            mysql_async::Error::Server(s) => (None, Some(s.code)),
            _ => (None, None),
        };
        Error::Connect {
            url: self.masked.clone(),
            cause: connect_cause(io, code, &e.to_string()),
            message: e.to_string(),
        }
    }
}

impl MysqlConn {
    /// The `mysql_async` connection, for statements of the application's own; an error once a
    /// call cancelled midway has left it unusable (see the module's comment).
    pub fn conn(&mut self) -> Result<&mut mysql_async::Conn, Error> {
        match self.conn.as_mut() {
            Some(c) if !c.is_disconnected() => Ok(c),
            _ => Err(Error::Driver(DriverError::MysqlAsync(
                mysql_async::Error::Driver(mysql_async::DriverError::ConnectionClosed),
            ))),
        }
    }

    /// The id the last `INSERT` run with [`Io::execute`] on this connection generated for an
    /// `AUTO_INCREMENT` column (`LAST_INSERT_ID()`: the first of a multi-row insert; an
    /// upsert's `id = LAST_INSERT_ID(id)` sets it to the updated row's), as
    /// [`Driver::last_insert_id`](crate::driver::Driver::last_insert_id) gives it on the sync
    /// driver: `Some(0)` when the statement generated none.
    pub fn last_insert_id(&self) -> Option<u64> {
        Some(self.last_insert_id)
    }

    /// The server's `VERSION()` and `@@auto_increment_increment` ([`SESSION_PROBE`]).
    async fn probe(&mut self) -> Result<(String, u64), Error> {
        self.log(&Query::new(SESSION_PROBE, Vec::new()));
        self.busy = true;
        let answer = match self.conn() {
            Ok(conn) => conn.query_first(SESSION_PROBE).await.map_err(map_err),
            Err(e) => Err(e),
        };
        self.busy = false;
        Ok(answer?.unwrap_or_default())
    }

    /// Whether a transaction level is open (or may be, after a cancelled call).
    pub fn is_dirty(&self) -> bool {
        self.depth > 0 || self.busy
    }

    pub(crate) fn was_cancelled(&self) -> bool {
        self.busy
    }

    pub(crate) fn depth(&self) -> u32 {
        self.depth
    }

    pub(crate) fn set_logger(&mut self, logger: Option<Logger>) {
        self.logger = logger;
    }

    /// Rolls back whatever is open (all levels) and forgets the levels: a `ROLLBACK`, or, on
    /// a connection a cancelled call left unreadable, closing it.
    pub(crate) async fn rollback_all(&mut self) -> Result<(), Error> {
        self.depth = 0;
        self.busy = false;
        if self.conn.as_ref().is_some_and(|c| c.is_disconnected()) {
            // Dropped, the pool discards it and its socket closes.
            self.conn = None;
            return Ok(());
        }
        self.batch("ROLLBACK").await
    }

    fn log(&self, q: &Query) {
        if let Some(l) = &self.logger {
            l(q);
        }
    }

    /// Runs `q`, handing every row of every result set to `f` (the first error of `f` is
    /// returned once the rows are read); returns the rows seen and whether there was a
    /// result set, and the rows the server says changed. The connection is `busy` until the
    /// call finishes, with or without an error: only a dropped future leaves it so.
    async fn run<F>(&mut self, q: &Query, f: F) -> Result<Outcome, Error>
    where
        F: FnMut(&Row<'_>) -> Result<(), Error>,
    {
        self.log(q);
        let params = params(&q.args)?;
        self.busy = true;
        let result = self.exec(q, params, f).await;
        self.busy = false;
        result
    }

    async fn exec<F>(
        &mut self,
        q: &Query,
        params: mysql_async::Params,
        mut f: F,
    ) -> Result<Outcome, Error>
    where
        F: FnMut(&Row<'_>) -> Result<(), Error>,
    {
        let mut rows = 0u64;
        let mut had_rows = false;
        let mut failed = None;
        let mut result = self
            .conn()?
            .exec_iter(q.sql.as_str(), params)
            .await
            .map_err(map_err)?;
        // Without a result set the OK packet is there before any row is read.
        let affected = result.affected_rows();
        while !result.is_empty() {
            had_rows |= !result.columns_ref().is_empty();
            result
                .for_each(|row| {
                    rows += 1;
                    if failed.is_none()
                        && let Err(e) = f(&Row::mysql(&row))
                    {
                        failed = Some(e);
                    }
                })
                .await
                .map_err(map_err)?;
        }
        drop(result);
        // The sync driver's 0 when the statement generated none.
        let last_insert_id = self.conn.as_ref().and_then(|c| c.last_insert_id());
        let last_insert_id = last_insert_id.unwrap_or(0);
        self.check_ignored(&q.sql).await?;
        match failed {
            Some(e) => Err(e),
            None => Ok(Outcome {
                rows,
                had_rows,
                affected,
                last_insert_id,
            }),
        }
    }

    /// DO NOTHING's `INSERT IGNORE`: a warning other than a duplicate key is an error again
    /// (see `mysql_wire::ignored_refusal`).
    async fn check_ignored(&mut self, sql: &str) -> Result<(), Error> {
        if !is_insert_ignore(sql) || self.conn()?.get_warnings() == 0 {
            return Ok(());
        }
        let warnings = self.conn()?.query("SHOW WARNINGS").await.map_err(map_err)?;
        match ignored_refusal(warnings) {
            Some((code, message)) => Err(map_err(mysql_async::Error::Server(
                mysql_async::ServerError {
                    code,
                    message,
                    state: "23000".into(),
                },
            ))),
            None => Ok(()),
        }
    }

    async fn batch(&mut self, sql: &str) -> Result<(), Error> {
        if let Some(l) = &self.logger {
            l(&Query::new(sql, Vec::new()));
        }
        self.busy = true;
        let result = match self.conn() {
            Ok(conn) => conn.query_drop(sql).await.map_err(map_err),
            Err(e) => Err(e),
        };
        self.busy = false;
        result
    }
}

/// What a statement did.
struct Outcome {
    rows: u64,
    had_rows: bool,
    affected: u64,
    last_insert_id: u64,
}

impl Drop for MysqlConn {
    fn drop(&mut self) {
        let Some(conn) = self.conn.take() else {
            return;
        };
        if !self.is_dirty() || conn.is_disconnected() {
            // Back to the pool, which discards one left unreadable (closing its socket).
            return drop(conn);
        }
        // Closed, not reused: the server rolls back what was open and releases the session's
        // locks; the pool opens a new connection in its place.
        if let Ok(rt) = tokio::runtime::Handle::try_current() {
            rt.spawn(async move {
                let _ = conn.disconnect().await;
            });
        }
    }
}

impl Io for MysqlConn {
    fn dialect(&self) -> Dialect {
        Dialect::Mysql
    }

    async fn execute(&mut self, q: &Query) -> Result<u64, Error> {
        let outcome = self.run(q, |_| Ok(())).await?;
        self.last_insert_id = outcome.last_insert_id;
        // A statement with RETURNING (MariaDB): each row is one changed row.
        Ok(match outcome.had_rows {
            true => outcome.rows,
            false => outcome.affected,
        })
    }

    async fn query<T, F>(&mut self, q: &Query, mut f: F) -> Result<Vec<T>, Error>
    where
        F: FnMut(&Row<'_>) -> Result<T, Error>,
    {
        let mut out = Vec::new();
        self.run(q, |row| {
            out.push(f(row)?);
            Ok(())
        })
        .await?;
        Ok(out)
    }

    async fn for_each<F>(&mut self, q: &Query, f: F) -> Result<(), Error>
    where
        F: FnMut(&Row<'_>) -> Result<(), Error>,
    {
        self.run(q, f).await.map(|_| ())
    }

    async fn array_param_types(&mut self, _: &Query) -> Result<Option<Vec<SqlType>>, Error> {
        Ok(None)
    }

    async fn execute_batch(&mut self, sql: &str) -> Result<(), Error> {
        // The server re-prepares a cached statement whose tables changed by itself.
        self.batch(sql).await
    }

    fn in_transaction(&self) -> bool {
        self.depth > 0
    }

    fn insert_returning(&self) -> bool {
        self.insert_path.returning()
    }

    fn inserted_ids(&self, rows: usize) -> Vec<u64> {
        self.insert_path.inserted_ids(self.last_insert_id, rows)
    }

    async fn begin(&mut self) -> Result<(), Error> {
        let sql = crate::driver::begin_sql(self.depth, Dialect::Mysql);
        // Counted once sent: a call cancelled before it returns leaves the connection busy,
        // and a busy connection is closed rather than reused.
        self.batch(&sql).await?;
        self.depth += 1;
        Ok(())
    }

    async fn end(&mut self, commit: bool) -> Result<(), Error> {
        if self.depth == 0 {
            return Err(Error::Build("no transaction is open".into()));
        }
        // The level is gone whatever the outcome (a failed COMMIT has ended the transaction).
        self.depth -= 1;
        let sql = crate::driver::end_sql(self.depth, commit);
        self.batch(&sql).await
    }
}

/// A `mysql_async` error as ours: constraint numbers as [`Error::Constraint`], as the sync
/// driver reads them.
fn map_err(e: mysql_async::Error) -> Error {
    if let mysql_async::Error::Server(s) = &e
        && let Some(constraint) =
            constraint_error(s.code, &s.message, || ServerError::from_mysql_async(s))
    {
        return constraint;
    }
    Error::Driver(DriverError::MysqlAsync(e))
}
