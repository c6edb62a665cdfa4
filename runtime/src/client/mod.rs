//! The client generated code wraps: a [`Driver`] plus registered [`Hooks`], transactions that
//! carry both, and the helpers generated builders call (`only`, `first`, eager loading,
//! validators).
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

use std::sync::Arc;

use crate::builder::Query;
use crate::dialect::Dialect;
use crate::driver::{Driver, Logger};
use crate::error::Error;

/// A connection with hooks: what generated per-entity clients borrow.
#[derive(Debug)]
pub struct Client {
    driver: Driver,
    hooks: Hooks,
}

impl Client {
    /// Connects from a URL (see [`Driver::open`]).
    pub fn open(url: &str) -> Result<Client, Error> {
        Ok(Client::new(Driver::open(url)?))
    }

    /// A client over a driver.
    pub fn new(driver: Driver) -> Client {
        Client {
            driver,
            hooks: Hooks::default(),
        }
    }

    /// A client over a PostgreSQL client the application already owns.
    #[cfg(feature = "postgres")]
    pub fn from_postgres(client: ::postgres::Client) -> Client {
        Client::new(Driver::from_postgres(client))
    }

    /// A client over an SQLite connection the application already owns.
    #[cfg(feature = "sqlite")]
    pub fn from_sqlite(conn: rusqlite::Connection) -> Result<Client, Error> {
        Ok(Client::new(Driver::from_sqlite(conn)?))
    }

    /// Logs every statement with its arguments to stderr.
    pub fn debug(mut self) -> Client {
        self.driver.debug();
        self
    }

    /// Sends every statement to `logger` (sensitive arguments redacted when displayed).
    pub fn with_logger(mut self, logger: impl Fn(&Query) + Send + Sync + 'static) -> Client {
        let logger: Logger = Arc::new(logger);
        self.driver.set_logger(Some(logger));
        self
    }

    /// The dialect.
    pub fn dialect(&self) -> Dialect {
        self.driver.dialect()
    }

    /// The driver, to run statements.
    pub fn driver(&mut self) -> &mut Driver {
        &mut self.driver
    }

    /// Gives the driver back.
    pub fn into_driver(self) -> Driver {
        self.driver
    }

    /// Registers a hook after the ones already registered (see [`hooks`](Hooks) for order).
    pub fn use_hook(&mut self, hook: Hook) {
        self.hooks.push(hook);
    }

    /// The registered hooks.
    pub fn hooks(&self) -> &Hooks {
        &self.hooks
    }

    /// Runs a mutation: before hooks (which may change it), `exec` with the driver, then after
    /// hooks with the outcome `exec` reports.
    pub fn mutate<R>(
        &mut self,
        mut m: Mutation,
        exec: impl FnOnce(&mut Driver, &Mutation) -> Result<(R, Outcome), Error>,
    ) -> Result<R, Error> {
        self.hooks.run_before(&mut m)?;
        let (r, outcome) = exec(&mut self.driver, &m)?;
        self.hooks.run_after(&m, &outcome)?;
        Ok(r)
    }

    /// Opens a transaction (a savepoint inside one) with the same hooks; rolled back on drop
    /// unless committed.
    pub fn tx(&mut self) -> Result<Tx<'_>, Error> {
        self.driver.begin()?;
        Ok(Tx {
            client: self,
            done: false,
        })
    }
}

/// A transaction: dereferences to the [`Client`], so generated builders work unchanged inside.
#[derive(Debug)]
pub struct Tx<'a> {
    client: &'a mut Client,
    done: bool,
}

impl Tx<'_> {
    /// Commits.
    pub fn commit(mut self) -> Result<(), Error> {
        self.done = true;
        self.client.driver.end(true)
    }

    /// Rolls back.
    pub fn rollback(mut self) -> Result<(), Error> {
        self.done = true;
        self.client.driver.end(false)
    }
}

impl std::ops::Deref for Tx<'_> {
    type Target = Client;
    fn deref(&self) -> &Client {
        self.client
    }
}

impl std::ops::DerefMut for Tx<'_> {
    fn deref_mut(&mut self) -> &mut Client {
        self.client
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if !self.done {
            let _ = self.client.driver.end(false);
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
