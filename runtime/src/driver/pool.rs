//! A pool of [`Driver`]s (r2d2), what a shared client checks connections out of.
//!
//! r2d2's adaptor crates (`r2d2_postgres`, `r2d2_sqlite`) wrap the bare driver connections;
//! the pool here holds whole [`Driver`]s instead, so a checked-out connection keeps its
//! prepared-statement cache and its transaction state. A connection is checked on checkout only
//! when it sat idle for more than [`PING_AFTER_IDLE`] (HikariCP's rule): a busy pool pays
//! nothing, and a connection the server closed meanwhile is replaced instead of failing the
//! next call.
//!
//! SQLite files are opened in WAL mode with a busy timeout, so readers and one writer proceed
//! together and writers wait for each other; `sqlite::memory:` is one database: a named
//! in-memory database the pool keeps alive, and a pool of one connection.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use super::Driver;
use super::url::{DbUrl, Target};
use crate::error::Error;

/// A connection idle longer than this is pinged before it is handed out.
pub const PING_AFTER_IDLE: Duration = Duration::from_millis(500);

/// How a pool is sized and how long it waits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolOptions {
    /// The most connections open at once (default 10). `sqlite::memory:` always has one.
    pub max_size: u32,
    /// Connections kept open while idle (default 0: opened on demand).
    pub min_idle: u32,
    /// How long a call waits for a free connection before [`Error::PoolTimeout`] (default
    /// 30 s).
    pub connection_timeout: Duration,
    /// Idle connections above `min_idle` are closed after this (default 10 min).
    pub idle_timeout: Option<Duration>,
    /// Connections are replaced after this (default 30 min).
    pub max_lifetime: Option<Duration>,
    /// How long an SQLite statement waits for another connection's write lock (default 5 s).
    pub busy_timeout: Duration,
}

impl Default for PoolOptions {
    fn default() -> Self {
        PoolOptions {
            max_size: 10,
            min_idle: 0,
            connection_timeout: Duration::from_secs(30),
            idle_timeout: Some(Duration::from_secs(600)),
            max_lifetime: Some(Duration::from_secs(1800)),
            busy_timeout: Duration::from_secs(5),
        }
    }
}

impl PoolOptions {
    /// Sets [`PoolOptions::max_size`].
    #[must_use]
    pub fn max_size(mut self, n: u32) -> Self {
        self.max_size = n.max(1);
        self
    }

    /// Sets [`PoolOptions::min_idle`].
    #[must_use]
    pub fn min_idle(mut self, n: u32) -> Self {
        self.min_idle = n;
        self
    }

    /// Sets [`PoolOptions::connection_timeout`].
    #[must_use]
    pub fn connection_timeout(mut self, t: Duration) -> Self {
        self.connection_timeout = t;
        self
    }

    /// Sets [`PoolOptions::busy_timeout`].
    #[must_use]
    pub fn busy_timeout(mut self, t: Duration) -> Self {
        self.busy_timeout = t;
        self
    }
}

/// Opens [`Driver`]s for r2d2.
pub struct Manager {
    url: DbUrl,
    busy_timeout: Duration,
    /// Bumped whenever a connection of the pool changes tables (DDL), so the others drop their
    /// prepared statements on their next checkout.
    epoch: Arc<AtomicU64>,
    /// For `sqlite::memory:`: the named in-memory database and a connection that keeps it alive
    /// while the pool lives.
    memory: Option<(String, Mutex<Driver>)>,
}

impl std::fmt::Debug for Manager {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Manager")
            .field("url", &self.url.masked())
            .finish()
    }
}

impl r2d2::ManageConnection for Manager {
    type Connection = Driver;
    type Error = Error;

    fn connect(&self) -> Result<Driver, Error> {
        let mut driver = match &self.memory {
            Some((name, _)) => Driver::open_shared_memory(name)?,
            None => Driver::connect(&self.url, self.busy_timeout)?,
        };
        driver.join_epoch(self.epoch.clone());
        Ok(driver)
    }

    fn is_valid(&self, conn: &mut Driver) -> Result<(), Error> {
        if conn.idle_for() > PING_AFTER_IDLE {
            conn.ping()?;
        }
        Ok(())
    }

    fn has_broken(&self, conn: &mut Driver) -> bool {
        conn.is_broken()
    }
}

/// A pool of connections to one database; cloning shares it.
pub type Pool = r2d2::Pool<Manager>;

/// A connection checked out of a [`Pool`], returned when dropped.
pub type PooledDriver = r2d2::PooledConnection<Manager>;

/// The pools' shared housekeeping threads, which also open connections (r2d2 starts three per pool otherwise).
fn housekeeping() -> Arc<scheduled_thread_pool::ScheduledThreadPool> {
    static POOL: OnceLock<Arc<scheduled_thread_pool::ScheduledThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        Arc::new(
            scheduled_thread_pool::ScheduledThreadPool::builder()
                .num_threads(3)
                .thread_name_pattern("entgen-pool-{}")
                .build(),
        )
    })
    .clone()
}

/// Opens a pool on `url`. One connection is opened first, so that a wrong URL, a server that
/// is down or a refused password fails here with its cause ([`Error::Connect`]).
pub fn open(url: &DbUrl, opts: &PoolOptions) -> Result<Pool, Error> {
    let memory = match url.target() {
        Target::SqliteMemory => {
            static NEXT: AtomicUsize = AtomicUsize::new(0);
            let name = format!(
                "entgen-memory-{}-{}",
                std::process::id(),
                NEXT.fetch_add(1, Ordering::Relaxed)
            );
            let keeper = Driver::open_shared_memory(&name)?;
            Some((name, Mutex::new(keeper)))
        }
        _ => None,
    };
    let max_size = if memory.is_some() { 1 } else { opts.max_size };
    let manager = Manager {
        url: url.clone(),
        busy_timeout: opts.busy_timeout,
        epoch: Arc::new(AtomicU64::new(0)),
        memory,
    };
    let first = r2d2::ManageConnection::connect(&manager)?;
    drop(first);
    Ok(r2d2::Pool::builder()
        .max_size(max_size)
        .min_idle(Some(opts.min_idle.min(max_size)))
        .connection_timeout(opts.connection_timeout)
        .idle_timeout(opts.idle_timeout)
        .max_lifetime(opts.max_lifetime)
        .test_on_check_out(true)
        .thread_pool(housekeeping())
        .build_unchecked(manager))
}

/// A connection out of `pool`, or [`Error::PoolTimeout`] when none came free in time.
#[inline]
pub fn checkout(pool: &Pool) -> Result<PooledDriver, Error> {
    let mut conn = pool.get().map_err(|e| Error::PoolTimeout {
        timeout: pool.connection_timeout(),
        max_size: pool.max_size(),
        last_error: Some(e.to_string())
            .filter(|s| !s.is_empty() && s != "timed out waiting for connection"),
    })?;
    conn.sync_epoch();
    Ok(conn)
}
