//! The async client (feature `async`): what a generated `AsyncClient` wraps, as
//! [`Client`](crate::client::Client) is for the sync one.
//!
//! The typed builders are the same (`Query<E, &AsyncClient>`, `Create<E, &AsyncClient>`, …);
//! their terminal methods here are futures that run the same connection logic as the sync
//! ones (the `*_on` functions over [`Io`](crate::driver::Io)) on:
//!
//! - PostgreSQL: tokio-postgres connections in a deadpool pool ([`pg`]); no `postgres` crate.
//! - SQLite: the sync pool of rusqlite `Driver`s, each call one trip to tokio's blocking pool
//!   (SQLite has no async engine; a call never blocks a runtime worker).
//! - MySQL/MariaDB (feature `async-mysql`): `mysql_async` connections from its own pool
//!   ([`MysqlConn`]); no sync `mysql` crate.
//!
//! `AsyncClient` is `Clone + Send + Sync` and every future it returns is `Send`. A future
//! dropped midway (a `select!`, a timeout, a client that hung up) never leaves a transaction
//! open on a pooled connection: the PostgreSQL connection is marked dirty and rolled back
//! before its next use, a dirty MySQL connection is closed instead of going back to its pool,
//! and an SQLite call runs to its end on its blocking thread.

#[cfg(feature = "async-mysql")]
pub(crate) mod mysql;
pub(crate) mod pg;
mod terminal;
mod tx;

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

#[cfg(feature = "async-mysql")]
pub use mysql::MysqlConn;
pub use pg::PgConn;
pub use tx::AsyncTx;

use crate::builder::Query;
use crate::client::{Client, Hook, Hooks};
use crate::dialect::Dialect;
use crate::driver::pool::PoolOptions;
use crate::driver::{DbUrl, Logger};
use crate::error::Error;
use crate::typed::LoadIo;

/// A boxed `Send` future (eager loads of different target types behind one trait object).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'a>>;

/// What async generated clients run on: connections, hooks and a statement logger.
#[derive(Clone)]
pub struct AsyncClient {
    conns: Conns,
    hooks: Arc<RwLock<Arc<Hooks>>>,
    logger: Option<Logger>,
    dialect: Dialect,
}

/// Where an async client's connections come from.
#[derive(Clone)]
pub(crate) enum Conns {
    /// PostgreSQL: a pool, with the DDL counter its connections' caches follow.
    Pg {
        pool: pg::PgPool,
        epoch: Arc<AtomicU64>,
        timeout: Duration,
    },
    /// PostgreSQL: the one connection a transaction holds, and whether that transaction has
    /// ended (a call after that fails instead of running outside it).
    PgHeld(Arc<tokio::sync::Mutex<pg::PgObject>>, Arc<AtomicBool>),
    /// MySQL: `mysql_async`'s pool.
    #[cfg(feature = "async-mysql")]
    Mysql(mysql::MysqlPool),
    /// MySQL: the one connection a transaction holds, and whether that transaction has ended.
    #[cfg(feature = "async-mysql")]
    MysqlHeld(Arc<tokio::sync::Mutex<Box<MysqlConn>>>, Arc<AtomicBool>),
    /// SQLite: the sync client (its pool, or the connection a transaction holds), reached
    /// through tokio's blocking pool.
    Blocking(Client),
}

impl std::fmt::Debug for AsyncClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let conns = match &self.conns {
            Conns::Pg { pool, .. } => format!("pool of {}", pool.status().max_size),
            Conns::PgHeld(..) => "one connection".to_owned(),
            #[cfg(feature = "async-mysql")]
            Conns::Mysql(pool) => format!("pool of {}", pool.max_size()),
            #[cfg(feature = "async-mysql")]
            Conns::MysqlHeld(..) => "one connection".to_owned(),
            Conns::Blocking(c) => format!("{c:?}"),
        };
        f.debug_struct("AsyncClient")
            .field("dialect", &self.dialect)
            .field("connections", &conns)
            .field("debug", &self.logger.is_some())
            .finish()
    }
}

impl AsyncClient {
    /// Opens a pool of connections to `url` (see [`DbUrl`]) with the default
    /// [`PoolOptions`]; no connection is made until the first call on PostgreSQL.
    pub async fn open(url: &str) -> Result<AsyncClient, Error> {
        AsyncClient::open_with(url, &PoolOptions::default()).await
    }

    /// Opens a pool of connections to `url`, sized and timed by `opts`.
    pub async fn open_with(url: &str, opts: &PoolOptions) -> Result<AsyncClient, Error> {
        let url = DbUrl::parse(url)?;
        let dialect = url.dialect();
        let conns = match dialect {
            Dialect::Postgres => {
                let epoch = Arc::new(AtomicU64::new(0));
                let pool = pg::open_pool(&url, opts, epoch.clone())?;
                Conns::Pg {
                    pool,
                    epoch,
                    timeout: opts.connection_timeout,
                }
            }
            #[cfg(feature = "async-mysql")]
            Dialect::Mysql => Conns::Mysql(mysql::open_pool(&url, opts)?),
            #[cfg(not(feature = "async-mysql"))]
            Dialect::Mysql => {
                return Err(Error::Url {
                    url: url.masked().to_owned(),
                    reason: "this build of entgen-runtime lacks the async MySQL driver (cargo \
                             feature `async-mysql`)"
                        .into(),
                });
            }
            Dialect::Sqlite => {
                // Opening SQLite files (and creating them) is blocking IO.
                let (u, o) = (url.clone(), opts.clone());
                let pool = blocking(move || crate::driver::pool::open(&u, &o)).await?;
                Conns::Blocking(Client::from_pool(pool, dialect))
            }
        };
        Ok(AsyncClient {
            conns,
            hooks: Arc::default(),
            logger: None,
            dialect,
        })
    }

    /// An async client over a sync SQLite client (its pool, hooks are the async client's
    /// own).
    pub fn from_sqlite_client(client: Client) -> AsyncClient {
        AsyncClient {
            dialect: client.dialect(),
            conns: Conns::Blocking(client),
            hooks: Arc::default(),
            logger: None,
        }
    }

    /// Logs every statement with its arguments to stderr.
    pub fn debug(self) -> AsyncClient {
        self.with_logger(|q: &Query| eprintln!("entgen: {q}"))
    }

    /// Sends every statement to `logger` (sensitive arguments redacted when displayed).
    pub fn with_logger(mut self, logger: impl Fn(&Query) + Send + Sync + 'static) -> AsyncClient {
        let logger: Logger = Arc::new(logger);
        if let Conns::Blocking(c) = self.conns {
            let l = logger.clone();
            self.conns = Conns::Blocking(c.with_logger(move |q| l(q)));
        }
        self.logger = Some(logger);
        self
    }

    /// The dialect.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Registers a hook after the ones already registered, for this client and its clones.
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

    pub(crate) fn conns(&self) -> &Conns {
        &self.conns
    }

    /// A PostgreSQL connection for one call, for statements of the application's own: out of
    /// the pool, or the transaction's (held until the guard is dropped). An error on SQLite.
    pub async fn pg_conn(&self) -> Result<PgGuard, Error> {
        let mut guard = match &self.conns {
            Conns::Pg {
                pool,
                epoch,
                timeout,
            } => PgGuard(Guard::Pooled(pg::checkout(pool, *timeout, epoch).await?)),
            Conns::PgHeld(held, ended) => {
                let conn = held.clone().lock_owned().await;
                if ended.load(Ordering::Acquire) {
                    return Err(Error::TransactionDone);
                }
                PgGuard(Guard::Held(conn))
            }
            _ => {
                return Err(Error::Build(
                    format!(
                        "a PostgreSQL connection was asked of a {:?} client",
                        self.dialect
                    )
                    .into(),
                ));
            }
        };
        guard.set_logger(self.logger.clone());
        Ok(guard)
    }

    /// A MySQL connection for one call, for statements of the application's own: out of the
    /// pool, or the transaction's (held until the guard is dropped). An error on the other
    /// databases.
    #[cfg(feature = "async-mysql")]
    pub async fn mysql_conn(&self) -> Result<MysqlGuard, Error> {
        let mut guard = match &self.conns {
            Conns::Mysql(pool) => MysqlGuard::Pooled(pool.checkout().await?),
            Conns::MysqlHeld(held, ended) => {
                let conn = held.clone().lock_owned().await;
                if ended.load(Ordering::Acquire) {
                    return Err(Error::TransactionDone);
                }
                MysqlGuard::Held(conn)
            }
            _ => {
                return Err(Error::Build(
                    format!(
                        "a MySQL connection was asked of a {:?} client",
                        self.dialect
                    )
                    .into(),
                ));
            }
        };
        guard.set_logger(self.logger.clone());
        Ok(guard)
    }

    /// Migrates the database to `desired` ([`automigrate::run`](crate::automigrate::run))
    /// with the options `configure` sets.
    ///
    /// The one auto-migration engine, on a connection of this client: on PostgreSQL awaited
    /// on a tokio-postgres connection of the pool (no sync driver); on SQLite the sync client's
    /// run on a blocking thread. Options may hold hooks and writers that are not `Send`, so
    /// they are made by `configure` and the run is driven where they live: on a thread of
    /// tokio's blocking pool (its statements' IO still on the runtime), which keeps this
    /// future `Send`. A run whose future is dropped goes on to its end there. Afterwards every
    /// pooled connection drops its prepared statements.
    pub async fn migrate(
        &self,
        desired: crate::schema::Schema,
        configure: impl FnOnce(&mut crate::automigrate::Options<'_>) + Send + 'static,
    ) -> Result<crate::automigrate::Report, crate::automigrate::MigrateError> {
        let report = match &self.conns {
            Conns::Blocking(sync) => {
                let sync = sync.clone();
                blocking(move || {
                    let mut opts = crate::automigrate::Options::default();
                    configure(&mut opts);
                    Ok(sync.migrate(&desired, &mut opts))
                })
                .await?
            }
            #[cfg(feature = "async-mysql")]
            Conns::Mysql(_) | Conns::MysqlHeld(..) => {
                migrate_on(self.mysql_conn().await?, desired, configure).await
            }
            _ => migrate_on(self.pg_conn().await?, desired, configure).await,
        };
        self.ddl_done();
        report
    }

    /// Writes a migration file into `dir` with the statements that take the database (or the
    /// directory replayed on it) to `desired` ([`versioned::diff`](crate::versioned::diff)):
    /// the one implementation, on a connection of this client as [`AsyncClient::migrate`]
    /// runs (on PostgreSQL a tokio-postgres connection); offline without any connection.
    #[cfg(feature = "migrate-dir")]
    pub async fn diff_dir(
        &self,
        desired: crate::schema::Schema,
        name: String,
        dir: std::path::PathBuf,
        options: crate::versioned::DiffOptions,
    ) -> Result<crate::versioned::DiffOutcome, crate::versioned::DiffError> {
        if options.mode == crate::versioned::Mode::Offline {
            let dialect = self.dialect;
            return blocking(move || {
                Ok(crate::versioned::diff_offline(
                    dialect, &desired, &name, &dir, &options,
                ))
            })
            .await?;
        }
        let outcome = match &self.conns {
            Conns::Blocking(sync) => {
                let sync = sync.clone();
                blocking(move || Ok(sync.diff_dir(&desired, &name, &dir, &options))).await?
            }
            #[cfg(feature = "async-mysql")]
            Conns::Mysql(_) | Conns::MysqlHeld(..) => {
                let mut conn = self.mysql_conn().await?;
                driven_on_blocking_thread(move || async move {
                    crate::versioned::diff_on(&mut *conn, &desired, &name, &dir, &options).await
                })
                .await
            }
            _ => {
                let mut conn = self.pg_conn().await?;
                driven_on_blocking_thread(move || async move {
                    crate::versioned::diff_on(&mut *conn, &desired, &name, &dir, &options).await
                })
                .await
            }
        };
        self.ddl_done();
        outcome
    }

    /// After DDL: every pooled connection drops its prepared statements before its next use.
    fn ddl_done(&self) {
        if let Conns::Pg { epoch, .. } = &self.conns {
            epoch.fetch_add(1, Ordering::AcqRel);
        }
    }

    /// Opens a transaction on one connection it holds until it ends; rolled back when
    /// dropped uncommitted (see [`AsyncTx`]).
    pub async fn tx(&self) -> Result<AsyncTx, Error> {
        AsyncTx::begin(self).await
    }

    pub(crate) fn with_conns(&self, conns: Conns) -> AsyncClient {
        AsyncClient {
            conns,
            hooks: self.hooks.clone(),
            logger: self.logger.clone(),
            dialect: self.dialect,
        }
    }
}

/// A PostgreSQL connection checked out for one call ([`AsyncClient::pg_conn`]): dereferences
/// to the [`PgConn`].
pub struct PgGuard(pub(crate) Guard);

// It lives on the stack for one call; boxing the pooled connection would allocate on every
// checkout (as the sync client's `ConnInner`).
#[allow(clippy::large_enum_variant)]
pub(crate) enum Guard {
    /// Out of the pool.
    Pooled(pg::PgObject),
    /// A transaction's.
    Held(tokio::sync::OwnedMutexGuard<pg::PgObject>),
}

impl std::ops::Deref for PgGuard {
    type Target = PgConn;
    fn deref(&self) -> &PgConn {
        match &self.0 {
            Guard::Pooled(c) => c,
            Guard::Held(c) => c,
        }
    }
}

impl std::ops::DerefMut for PgGuard {
    fn deref_mut(&mut self) -> &mut PgConn {
        match &mut self.0 {
            Guard::Pooled(c) => c,
            Guard::Held(c) => c,
        }
    }
}

/// A MySQL connection checked out for one call ([`AsyncClient::mysql_conn`]): dereferences to
/// the [`MysqlConn`].
#[cfg(feature = "async-mysql")]
pub enum MysqlGuard {
    /// Out of the pool (back to it when dropped, or closed if left dirty).
    Pooled(MysqlConn),
    /// A transaction's.
    Held(tokio::sync::OwnedMutexGuard<Box<MysqlConn>>),
}

#[cfg(feature = "async-mysql")]
impl std::ops::Deref for MysqlGuard {
    type Target = MysqlConn;
    fn deref(&self) -> &MysqlConn {
        match self {
            MysqlGuard::Pooled(c) => c,
            MysqlGuard::Held(c) => c,
        }
    }
}

#[cfg(feature = "async-mysql")]
impl std::ops::DerefMut for MysqlGuard {
    fn deref_mut(&mut self) -> &mut MysqlConn {
        match self {
            MysqlGuard::Pooled(c) => c,
            MysqlGuard::Held(c) => c,
        }
    }
}

#[cfg(feature = "async-mysql")]
impl LoadIo for MysqlConn {
    fn run_load<'a, E>(
        &'a mut self,
        load: Box<dyn crate::typed::Load<E>>,
        parents: &'a mut [E],
    ) -> impl Future<Output = Result<(), Error>> + 'a {
        load.load_mysql(self, parents)
    }
}

impl LoadIo for PgConn {
    fn run_load<'a, E>(
        &'a mut self,
        load: Box<dyn crate::typed::Load<E>>,
        parents: &'a mut [E],
    ) -> impl Future<Output = Result<(), Error>> + 'a {
        load.load_async(self, parents)
    }
}

/// [`AsyncClient::migrate`] on `conn` (a pooled or a transaction's connection): the options
/// `configure` makes and the one engine's run, driven on a blocking thread.
async fn migrate_on<G, D>(
    mut conn: G,
    desired: crate::schema::Schema,
    configure: impl FnOnce(&mut crate::automigrate::Options<'_>) + Send + 'static,
) -> Result<crate::automigrate::Report, crate::automigrate::MigrateError>
where
    G: std::ops::DerefMut<Target = D> + Send + 'static,
    D: crate::driver::Io,
{
    driven_on_blocking_thread(move || async move {
        let mut opts = crate::automigrate::Options::default();
        configure(&mut opts);
        crate::automigrate::run_on(&mut *conn, &desired, &mut opts).await
    })
    .await
}

/// Makes a future on a thread of tokio's blocking pool and runs it to its end there, driven by
/// the runtime's handle (the connection's IO still runs on the runtime): for a future that is
/// not `Send` (auto-migration's options), so that the caller's future is.
async fn driven_on_blocking_thread<T, E, F>(
    make: impl FnOnce() -> F + Send + 'static,
) -> Result<T, E>
where
    F: Future<Output = Result<T, E>>,
    T: Send + 'static,
    E: From<Error> + Send + 'static,
{
    let handle = tokio::runtime::Handle::current();
    blocking(move || Ok(handle.block_on(make()))).await?
}

/// Runs `f` on tokio's blocking pool (SQLite calls, auto-migration).
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    match tokio::task::spawn_blocking(f).await {
        Ok(r) => r,
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => Err(Error::Build(
            format!("the blocking database call did not run: {e}").into(),
        )),
    }
}

/// Runs `$body` (a future over `$conn`, a connection implementing `Io` and `LoadIo`) on a
/// connection of `$client`: a pooled PostgreSQL or MySQL connection, awaited in place; or an
/// SQLite connection on the blocking pool, where the same future completes in one poll. What
/// `$body` uses is moved into it (for SQLite it travels to the blocking thread).
macro_rules! on_conn {
    ($client:expr, |$conn:ident| $body:expr) => {
        match $client.conns() {
            $crate::async_client::Conns::Blocking(sync) => {
                let sync = sync.clone();
                $crate::async_client::blocking(move || {
                    let mut guard = sync.conn()?;
                    let $conn: &mut $crate::driver::Driver = &mut guard;
                    $crate::driver::now($body)
                })
                .await
            }
            #[cfg(feature = "async-mysql")]
            $crate::async_client::Conns::Mysql(_) | $crate::async_client::Conns::MysqlHeld(..) => {
                let mut guard = $client.mysql_conn().await?;
                let $conn: &mut $crate::async_client::MysqlConn = &mut guard;
                $body.await
            }
            _ => {
                let mut guard = $client.pg_conn().await?;
                let $conn: &mut $crate::async_client::PgConn = &mut guard;
                $body.await
            }
        }
    };
}
pub(crate) use on_conn;
