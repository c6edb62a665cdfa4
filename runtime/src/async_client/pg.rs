//! PostgreSQL for the async client: tokio-postgres connections in a deadpool pool.
//!
//! Why deadpool rather than bb8: its `managed::Manager` gives `recycle` the connection itself
//! (`&mut`) as an async step on checkout, which is where a connection that comes back dirty (a
//! caller's future dropped in the middle of a transaction) is rolled back before anyone else
//! gets it, while a clean one costs no round trip; it needs no background task of its own, and
//! deadpool-postgres, built on the same crate, is the pool most tokio-postgres services use.
//! Our own manager (not deadpool-postgres's) because the pooled value is a [`PgConn`]:
//! the client plus its statement cache and transaction state, as the sync pool keeps whole
//! `Driver`s.
//!
//! Binding, decoding and error codes are the sync driver's (`driver/postgres.rs`, written
//! against `tokio_postgres` types): nothing here depends on the `postgres` crate.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use deadpool::managed::{self, Metrics, RecycleError, RecycleResult};
use tokio_postgres::Statement;
use tokio_postgres::types::{Kind, ToSql};

use crate::builder::{Query, SqlType};
use crate::dialect::Dialect;
use crate::driver::pool::{PING_AFTER_IDLE, PoolOptions};
use crate::driver::postgres::{CACHE_CAPACITY, config, connect_error, map_err};
use crate::driver::{DbUrl, Io, Logger, Row, Target};
use crate::error::Error;

/// One async PostgreSQL connection: the client, its prepared statements and its transaction
/// levels. Implements [`Io`], so the typed builders' terminal logic runs on it unchanged.
pub struct PgConn {
    client: tokio_postgres::Client,
    cache: HashMap<String, Statement>,
    depth: u32,
    /// The first statement the server refused inside the open transaction (see
    /// `Driver::end`): a COMMIT then rolls back and says so.
    failed: Option<(u32, String)>,
    /// An operation started and not finished: its future was dropped (cancelled) midway, so
    /// the server may be inside a transaction the levels above do not show.
    busy: bool,
    logger: Option<Logger>,
    /// The pool's DDL counter as this connection's cache last saw it.
    epoch_seen: u64,
}

impl std::fmt::Debug for PgConn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgConn")
            .field("transaction_depth", &self.depth)
            .finish()
    }
}

impl PgConn {
    /// The tokio-postgres client, for statements of the application's own.
    pub fn client(&self) -> &tokio_postgres::Client {
        &self.client
    }

    /// Whether a transaction level is open (or may be, after a cancelled call).
    pub fn is_dirty(&self) -> bool {
        self.depth > 0 || self.busy
    }

    /// Whether a call on it stopped midway (its future was dropped).
    pub(crate) fn was_cancelled(&self) -> bool {
        self.busy
    }

    pub(crate) fn set_logger(&mut self, logger: Option<Logger>) {
        self.logger = logger;
    }

    pub(crate) fn depth(&self) -> u32 {
        self.depth
    }

    /// Rolls back whatever is open (all levels) and forgets the levels.
    pub(crate) async fn rollback_all(&mut self) -> Result<(), Error> {
        self.depth = 0;
        self.failed = None;
        self.busy = false;
        self.log_text("ROLLBACK");
        // Outside a transaction PostgreSQL only warns.
        self.client.batch_execute("ROLLBACK").await.map_err(map_err)
    }

    /// Drops cached statements when the client's DDL counter moved.
    pub(crate) fn sync_epoch(&mut self, epoch: &AtomicU64) {
        let now = epoch.load(Ordering::Acquire);
        if now != self.epoch_seen {
            self.epoch_seen = now;
            self.cache.clear();
        }
    }

    fn log(&self, q: &Query) {
        if let Some(l) = &self.logger {
            l(q);
        }
    }

    fn log_text(&self, sql: &str) {
        if let Some(l) = &self.logger {
            l(&Query::new(sql, Vec::new()));
        }
    }

    /// The prepared statement of `sql`, from this connection's cache (prepared on first use):
    /// what the client's own calls use, for statements of the application's own.
    pub async fn prepare_cached(&mut self, sql: &str) -> Result<Statement, Error> {
        self.statement(sql).await
    }

    async fn statement(&mut self, sql: &str) -> Result<Statement, Error> {
        if let Some(s) = self.cache.get(sql) {
            return Ok(s.clone());
        }
        let stmt = self.client.prepare(sql).await.map_err(map_err)?;
        if self.cache.len() >= CACHE_CAPACITY {
            self.cache.clear();
        }
        self.cache.insert(sql.to_owned(), stmt.clone());
        Ok(stmt)
    }

    /// The error of a statement: a cached plan the server refused is forgotten (it may be
    /// stale), and the first failure inside a transaction is remembered.
    fn failure(&mut self, sql: &str, e: tokio_postgres::Error) -> Error {
        if e.as_db_error().is_some() {
            self.cache.remove(sql);
        }
        let error = map_err(e);
        if self.depth > 0 && self.failed.is_none() && error.is_server_error() {
            self.failed = Some((self.depth, error.to_string()));
        }
        error
    }

    async fn rows(&mut self, q: &Query) -> Result<Vec<tokio_postgres::Row>, Error> {
        self.log(q);
        self.busy = true;
        let stmt = self.statement(&q.sql).await?;
        let params: Vec<&(dyn ToSql + Sync)> =
            q.args.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        let rows = match self.client.query(&stmt, &params).await {
            Ok(rows) => rows,
            Err(e) => {
                self.busy = false;
                return Err(self.failure(&q.sql, e));
            }
        };
        self.busy = false;
        Ok(rows)
    }

    async fn batch(&mut self, sql: &str) -> Result<(), Error> {
        self.log_text(sql);
        self.client
            .batch_execute(sql)
            .await
            .map_err(|e| self.failure(sql, e))
    }
}

impl Io for PgConn {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    async fn execute(&mut self, q: &Query) -> Result<u64, Error> {
        self.log(q);
        self.busy = true;
        let stmt = self.statement(&q.sql).await?;
        let params: Vec<&(dyn ToSql + Sync)> =
            q.args.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        let result = self.client.execute(&stmt, &params).await;
        self.busy = false;
        result.map_err(|e| self.failure(&q.sql, e))
    }

    async fn query<T, F>(&mut self, q: &Query, mut f: F) -> Result<Vec<T>, Error>
    where
        F: FnMut(&Row<'_>) -> Result<T, Error>,
    {
        let rows = self.rows(q).await?;
        // Sized up front: collecting through `Result` would grow the vector by doubling.
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            out.push(f(&Row::pg(r))?);
        }
        Ok(out)
    }

    async fn for_each<F>(&mut self, q: &Query, mut f: F) -> Result<(), Error>
    where
        F: FnMut(&Row<'_>) -> Result<(), Error>,
    {
        for r in &self.rows(q).await? {
            f(&Row::pg(r))?;
        }
        Ok(())
    }

    async fn array_param_types(&mut self, q: &Query) -> Result<Option<Vec<SqlType>>, Error> {
        let stmt = self.statement(&q.sql).await?;
        let mut types = Vec::with_capacity(stmt.params().len());
        for ty in stmt.params() {
            match ty.kind() {
                Kind::Simple | Kind::Enum(_) => types.push(SqlType::new(ty.schema(), ty.name())),
                _ => return Ok(None),
            }
        }
        Ok(Some(types))
    }

    async fn execute_batch(&mut self, sql: &str) -> Result<(), Error> {
        // Marked busy while it runs: DDL cancelled midway leaves the connection to be rolled
        // back (an auto-migration's transaction) before its next use.
        self.busy = true;
        let r = self.batch(sql).await;
        self.busy = false;
        // The tables cached statements read may have changed (the client's DDL counter tells
        // the other pooled connections).
        self.cache.clear();
        r
    }

    fn in_transaction(&self) -> bool {
        self.depth > 0
    }

    async fn begin(&mut self) -> Result<(), Error> {
        let sql = crate::driver::begin_sql(self.depth, Dialect::Postgres);
        // Counted before it is sent: a call cancelled here leaves the connection marked
        // dirty, and it is rolled back before its next use.
        self.busy = true;
        self.batch(&sql).await?;
        self.busy = false;
        self.depth += 1;
        Ok(())
    }

    async fn end(&mut self, commit: bool) -> Result<(), Error> {
        if self.depth == 0 {
            return Err(Error::Build("no transaction is open".into()));
        }
        // A statement that failed inside the transaction aborted it: committing rolls back.
        let aborted = match commit && self.depth == 1 {
            true => self.failed.take().map(|(_, cause)| cause),
            false => None,
        };
        let commit = commit && aborted.is_none();
        if !commit
            && self
                .failed
                .as_ref()
                .is_some_and(|(at, _)| *at >= self.depth)
        {
            self.failed = None;
        }
        self.depth -= 1;
        let sql = crate::driver::end_sql(self.depth, commit);
        self.busy = true;
        let r = self.batch(&sql).await;
        self.busy = false;
        r?;
        match aborted {
            Some(cause) => Err(Error::TransactionAborted { cause }),
            None => Ok(()),
        }
    }
}

/// Opens and recycles [`PgConn`]s for deadpool.
#[derive(Debug)]
pub(crate) struct Manager {
    config: tokio_postgres::Config,
    masked: String,
    epoch: Arc<AtomicU64>,
}

impl managed::Manager for Manager {
    type Type = PgConn;
    type Error = Error;

    async fn create(&self) -> Result<PgConn, Error> {
        let (client, connection) = self
            .config
            .connect(tokio_postgres::NoTls)
            .await
            .map_err(|e| connect_error(&self.masked, &e))?;
        // The connection's IO runs as its own task; it ends when the client is dropped.
        tokio::spawn(connection);
        Ok(PgConn {
            client,
            cache: HashMap::new(),
            depth: 0,
            failed: None,
            busy: false,
            logger: None,
            epoch_seen: self.epoch.load(Ordering::Acquire),
        })
    }

    async fn recycle(&self, conn: &mut PgConn, metrics: &Metrics) -> RecycleResult<Error> {
        if conn.client.is_closed() {
            return Err(RecycleError::message("the server closed the connection"));
        }
        if conn.is_dirty() {
            conn.rollback_all().await.map_err(RecycleError::Backend)?;
        } else if metrics.last_used() > PING_AFTER_IDLE {
            conn.client
                .simple_query("")
                .await
                .map_err(|e| RecycleError::Backend(map_err(e)))?;
        }
        Ok(())
    }
}

/// A pool of async PostgreSQL connections.
pub(crate) type PgPool = managed::Pool<Manager>;

/// A checked-out connection.
pub(crate) type PgObject = managed::Object<Manager>;

/// Opens the pool for `url` (no connection is made until the first call).
pub(crate) fn open_pool(
    url: &DbUrl,
    opts: &PoolOptions,
    epoch: Arc<AtomicU64>,
) -> Result<PgPool, Error> {
    let Target::Postgres {
        driver_url,
        search_path,
    } = url.target()
    else {
        return Err(Error::Url {
            url: url.masked().to_owned(),
            reason: "not a PostgreSQL URL".into(),
        });
    };
    let config = config(url.masked(), driver_url, search_path.as_deref())?;
    let manager = Manager {
        config,
        masked: url.masked().to_owned(),
        epoch,
    };
    managed::Pool::builder(manager)
        .max_size(opts.max_size.max(1) as usize)
        .wait_timeout(Some(opts.connection_timeout))
        .create_timeout(Some(Duration::from_secs(10).min(opts.connection_timeout)))
        .runtime(deadpool::Runtime::Tokio1)
        .build()
        .map_err(|e| Error::Url {
            url: url.masked().to_owned(),
            reason: format!("cannot build the connection pool: {e}"),
        })
}

/// A connection of `pool`, with its cache in step with the client's DDL counter.
pub(crate) async fn checkout(
    pool: &PgPool,
    opts_timeout: Duration,
    epoch: &AtomicU64,
) -> Result<PgObject, Error> {
    let mut conn = pool.get().await.map_err(|e| match e {
        managed::PoolError::Backend(e) => e,
        other => Error::PoolTimeout {
            timeout: opts_timeout,
            max_size: pool.status().max_size as u32,
            last_error: match other {
                managed::PoolError::Timeout(_) => None,
                other => Some(other.to_string()),
            },
        },
    })?;
    conn.sync_epoch(epoch);
    Ok(conn)
}
