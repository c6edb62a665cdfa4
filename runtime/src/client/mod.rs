//! The client generated code wraps: a pool of [`Driver`]s (or one connection) plus registered
//! [`Hooks`], transactions that carry both, and the helpers generated builders call (`only`,
//! `first`, eager loading, validators).
//!
//! A generated `create().save()` is, in outline:
//! ```ignore
//! let m = Mutation::new("User", Op::CREATE).with_sensitive(user::SENSITIVE);
//! // setters: m.set(user::NAME, name) ...
//! client.mutate(m, |drv, m| {
//!     let q = m.to_insert(user::TABLE).returning([user::ID]).build(drv.dialect())?;
//!     let id: i64 = client::only(drv.query(&q, |r| r.get(0))?, "user")?;
//!     Ok((id, Outcome { affected: 1, ids: vec![id.into()] }))
//! })
//! ```

pub(crate) mod eager;
mod hooks;
pub mod validate;

pub use eager::{Groups, load_edge};
pub use hooks::{Hook, Hooks, Mutation, Op, Outcome};

use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};

use crate::builder::Query;
use crate::dialect::Dialect;
use crate::driver::pool::{self, Pool, PoolOptions, PooledDriver};
use crate::driver::{DbUrl, Driver, Logger};
use crate::error::Error;

/// What generated per-entity clients run on: connections, hooks and a statement logger.
///
/// A `Client` is `Clone + Send + Sync`: clones share the pool, the hooks and the logger, so one
/// client serves every thread of a program. Each call checks a connection out of the pool for
/// as long as it runs (a query and its eager loads, a create and its edges); a transaction
/// ([`Client::tx`]) holds one connection until it is committed, rolled back or dropped.
#[derive(Clone)]
pub struct Client {
    conns: Conns,
    hooks: Arc<RwLock<Arc<Hooks>>>,
    logger: Option<Logger>,
    dialect: Dialect,
    /// For the client of a transaction: set once the transaction is committed or rolled back,
    /// after which its calls (from clones, or from a call that was still on its way) fail
    /// instead of running on the connection outside the transaction.
    tx_ended: Option<Arc<AtomicBool>>,
}

/// Where a client's connections come from.
#[derive(Clone)]
enum Conns {
    /// A pool: a connection per call.
    Pool(Pool),
    /// One connection every call goes through in turn: one the application owns, or the one a
    /// transaction holds.
    One(Arc<Mutex<Held>>),
}

/// The one connection of [`Conns::One`].
enum Held {
    Owned(Driver),
    Pooled(PooledDriver),
}

impl Deref for Held {
    type Target = Driver;
    fn deref(&self) -> &Driver {
        match self {
            Held::Owned(d) => d,
            Held::Pooled(d) => d,
        }
    }
}

impl DerefMut for Held {
    fn deref_mut(&mut self) -> &mut Driver {
        match self {
            Held::Owned(d) => d,
            Held::Pooled(d) => d,
        }
    }
}

/// A connection checked out for one call: dereferences to the [`Driver`].
pub struct Conn<'a> {
    inner: ConnInner<'a>,
}

// The guard lives on the stack for one call; boxing the pooled connection would allocate on
// every checkout.
#[allow(clippy::large_enum_variant)]
enum ConnInner<'a> {
    Pooled(PooledDriver),
    Held(MutexGuard<'a, Held>),
}

impl Deref for Conn<'_> {
    type Target = Driver;
    #[inline]
    fn deref(&self) -> &Driver {
        match &self.inner {
            ConnInner::Pooled(d) => d,
            ConnInner::Held(d) => d,
        }
    }
}

impl DerefMut for Conn<'_> {
    #[inline]
    fn deref_mut(&mut self) -> &mut Driver {
        match &mut self.inner {
            ConnInner::Pooled(d) => d,
            ConnInner::Held(d) => d,
        }
    }
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let conns = match &self.conns {
            Conns::Pool(p) => format!("pool of {}", p.max_size()),
            Conns::One(_) => "one connection".to_owned(),
        };
        f.debug_struct("Client")
            .field("dialect", &self.dialect)
            .field("connections", &conns)
            .field("debug", &self.logger.is_some())
            .finish()
    }
}

impl Client {
    /// Opens a pool of connections to `url` (see [`DbUrl`]) with the default
    /// [`PoolOptions`] (up to 10 connections).
    pub fn open(url: &str) -> Result<Client, Error> {
        Client::open_with(url, &PoolOptions::default())
    }

    /// Opens a pool of connections to `url`, sized and timed by `opts`.
    pub fn open_with(url: &str, opts: &PoolOptions) -> Result<Client, Error> {
        let url = DbUrl::parse(url)?;
        Ok(Client::from_pool(pool::open(&url, opts)?, url.dialect()))
    }

    /// A client over a pool the application owns (from [`pool::open`]); `dialect` is the
    /// pool's database's.
    pub fn from_pool(pool: Pool, dialect: Dialect) -> Client {
        Client::with_conns(Conns::Pool(pool), dialect)
    }

    /// A client over one connection: every call goes through it in turn, and a transaction on
    /// it is one for every clone of the client.
    pub fn new(driver: Driver) -> Client {
        let dialect = driver.dialect();
        Client::with_conns(
            Conns::One(Arc::new(Mutex::new(Held::Owned(driver)))),
            dialect,
        )
    }

    fn with_conns(conns: Conns, dialect: Dialect) -> Client {
        Client {
            conns,
            hooks: Arc::default(),
            logger: None,
            dialect,
            tx_ended: None,
        }
    }

    /// A client over a PostgreSQL client the application already owns (one connection; see
    /// [`Client::new`]).
    pub fn from_postgres(client: crate::typed::PostgresConnection) -> Client {
        #[cfg(feature = "postgres")]
        return Client::new(Driver::from_postgres(client));
        #[cfg(not(feature = "postgres"))]
        match client {}
    }

    /// A client over an SQLite connection the application already owns (one connection; see
    /// [`Client::new`]).
    pub fn from_sqlite(conn: crate::typed::SqliteConnection) -> Result<Client, Error> {
        #[cfg(feature = "sqlite")]
        return Ok(Client::new(Driver::from_sqlite(conn)?));
        #[cfg(not(feature = "sqlite"))]
        match conn {}
    }

    /// Logs every statement with its arguments to stderr.
    pub fn debug(mut self) -> Client {
        self.logger = Some(Arc::new(|q: &Query| eprintln!("entgen: {q}")));
        self
    }

    /// Sends every statement to `logger` (sensitive arguments redacted when displayed).
    pub fn with_logger(mut self, logger: impl Fn(&Query) + Send + Sync + 'static) -> Client {
        self.logger = Some(Arc::new(logger));
        self
    }

    /// The dialect.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// The pool, when the client has one (not inside a transaction).
    pub fn pool(&self) -> Option<&Pool> {
        match &self.conns {
            Conns::Pool(p) => Some(p),
            Conns::One(_) => None,
        }
    }

    /// A connection for one call, with the client's logger: out of the pool, or the client's
    /// one connection (waiting for other threads using it). Hold it only while running
    /// statements: a thread holding one while asking for another can exhaust the pool.
    #[inline]
    pub fn conn(&self) -> Result<Conn<'_>, Error> {
        Ok(match &self.conns {
            Conns::Pool(p) => {
                let mut conn = pool::checkout(p)?;
                conn.set_logger(self.logger.clone());
                Conn {
                    inner: ConnInner::Pooled(conn),
                }
            }
            Conns::One(one) => {
                let mut conn = one.lock().unwrap_or_else(PoisonError::into_inner);
                if self
                    .tx_ended
                    .as_ref()
                    .is_some_and(|ended| ended.load(Ordering::Acquire))
                {
                    return Err(Error::TransactionDone);
                }
                // A connection the application wrapped keeps its own logger unless the client
                // has one.
                if self.logger.is_some() {
                    conn.set_logger(self.logger.clone());
                }
                Conn {
                    inner: ConnInner::Held(conn),
                }
            }
        })
    }

    /// Gives the one connection back, when the client wraps one ([`Client::new`]) and no clone
    /// or transaction of it is left.
    pub fn into_driver(self) -> Option<Driver> {
        match self.conns {
            Conns::One(one) => match Arc::try_unwrap(one).ok()?.into_inner() {
                Ok(Held::Owned(d)) => Some(d),
                _ => None,
            },
            Conns::Pool(_) => None,
        }
    }

    /// Registers a hook after the ones already registered (see [`hooks`](Hooks) for order),
    /// for this client and every clone of it.
    pub fn use_hook(&self, hook: Hook) {
        let mut hooks = self.hooks.write().unwrap_or_else(PoisonError::into_inner);
        Arc::make_mut(&mut hooks).push(hook);
    }

    /// The registered hooks.
    pub fn hooks(&self) -> Arc<Hooks> {
        self.hooks
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Runs a mutation: before hooks (which may change it), `exec` with a connection, then
    /// after hooks with the outcome `exec` reports.
    pub fn mutate<R>(
        &self,
        mut m: Mutation,
        exec: impl FnOnce(&mut Driver, &Mutation) -> Result<(R, Outcome), Error>,
    ) -> Result<R, Error> {
        let hooks = self.hooks();
        hooks.run_before(&mut m)?;
        let (r, outcome) = {
            let mut conn = self.conn()?;
            exec(&mut conn, &m)?
        };
        hooks.run_after(&m, &outcome)?;
        Ok(r)
    }

    /// Migrates the database to `desired` ([`automigrate::run`]) on one connection of the
    /// client; the other connections of the pool drop their prepared statements afterwards, as
    /// the tables they read may have changed. The lock is the database's (an advisory lock, a
    /// write transaction), so clients on other connections or processes wait for each other.
    pub fn migrate(
        &self,
        desired: &crate::schema::Schema,
        opts: &mut crate::automigrate::Options<'_>,
    ) -> Result<crate::automigrate::Report, crate::automigrate::MigrateError> {
        let mut conn = self.conn()?;
        let report = crate::automigrate::run(&mut conn, desired, opts);
        conn.clear_statement_cache();
        report
    }

    /// Writes a migration file into `dir` with the statements that take the database (or the
    /// directory replayed on it) to `desired` ([`versioned::diff`](crate::versioned::diff)).
    #[cfg(feature = "migrate-dir")]
    pub fn diff_dir(
        &self,
        desired: &crate::schema::Schema,
        name: &str,
        dir: &std::path::Path,
        options: &crate::versioned::DiffOptions,
    ) -> Result<crate::versioned::DiffOutcome, crate::versioned::DiffError> {
        let mut conn = self.conn()?;
        let outcome = crate::versioned::diff(&mut conn, desired, name, dir, options);
        conn.clear_statement_cache();
        outcome
    }

    /// Opens a transaction (a savepoint inside one) with the same hooks and logger, on one
    /// connection of the pool it holds until the transaction ends; rolled back on drop unless
    /// committed.
    pub fn tx(&self) -> Result<Tx, Error> {
        let held = match &self.conns {
            Conns::Pool(p) => {
                let mut conn = pool::checkout(p)?;
                conn.set_logger(self.logger.clone());
                conn.begin()?;
                Arc::new(Mutex::new(Held::Pooled(conn)))
            }
            Conns::One(one) => {
                let mut conn = self.conn()?;
                conn.begin()?;
                drop(conn);
                one.clone()
            }
        };
        Ok(Tx {
            client: Client {
                conns: Conns::One(held),
                hooks: self.hooks.clone(),
                logger: self.logger.clone(),
                dialect: self.dialect,
                tx_ended: Some(Arc::default()),
            },
            done: false,
        })
    }
}

/// A transaction: dereferences to a [`Client`] whose calls all run in it, so generated
/// builders work unchanged inside. Rolled back when dropped uncommitted; its connection goes
/// back to the pool when the transaction and every clone of its client are gone.
#[derive(Debug)]
pub struct Tx {
    client: Client,
    done: bool,
}

impl Tx {
    /// Commits.
    pub fn commit(mut self) -> Result<(), Error> {
        self.done = true;
        self.end(true)
    }

    /// Rolls back.
    pub fn rollback(mut self) -> Result<(), Error> {
        self.done = true;
        self.end(false)
    }

    /// Ends the transaction and marks its client ended while still holding the connection, so
    /// that no call of a clone can slip in between and run outside the transaction.
    fn end(&self, commit: bool) -> Result<(), Error> {
        let mut conn = self.client.conn()?;
        let result = conn.end(commit);
        if let Some(ended) = &self.client.tx_ended {
            ended.store(true, Ordering::Release);
        }
        result
    }

    /// The transaction's client (clones of it run in the transaction too).
    pub fn client(&self) -> &Client {
        &self.client
    }
}

impl Deref for Tx {
    type Target = Client;
    fn deref(&self) -> &Client {
        &self.client
    }
}

impl Drop for Tx {
    fn drop(&mut self) {
        if !self.done {
            // Errors cannot surface from drop; a broken connection is dropped by the pool.
            let _ = self.end(false);
        }
    }
}

/// The only element: [`Error::NotFound`] when empty, [`Error::NotSingular`] when more.
pub fn only<T>(rows: Vec<T>, entity: &'static str) -> Result<T, Error> {
    let mut it = rows.into_iter();
    match (it.next(), it.next()) {
        (Some(v), None) => Ok(v),
        (None, _) => Err(Error::NotFound { entity }),
        (Some(_), Some(_)) => Err(Error::NotSingular { entity }),
    }
}

/// The first element, [`Error::NotFound`] when empty.
pub fn first<T>(rows: Vec<T>, entity: &'static str) -> Result<T, Error> {
    rows.into_iter().next().ok_or(Error::NotFound { entity })
}
