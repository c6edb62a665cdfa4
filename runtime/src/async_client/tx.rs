//! Async transactions: one connection held from `tx().await` to `commit().await` or
//! `rollback().await`.
//!
//! Dropped uncommitted (or with its future cancelled), a transaction is rolled back: on
//! PostgreSQL a task rolls its connection back at once (so that its locks are released) when a
//! runtime is there, and in any case the pool rolls back a connection that comes back dirty
//! before handing it out again; on MySQL likewise, a connection that would still be dirty being
//! closed instead of going back to its pool; on SQLite the sync transaction is dropped on the
//! blocking pool, which rolls it back.

use std::ops::DerefMut;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::{AsyncClient, Conns, blocking};
use crate::driver::Io;
use crate::error::Error;

/// A connection a transaction holds (PostgreSQL's, MySQL's): the levels it has open, and
/// whether a call on it was cancelled midway.
pub(crate) trait TxConn: Io {
    /// The transaction levels open.
    fn depth(&self) -> u32;
    /// Whether a call on it stopped midway (its future was dropped).
    fn was_cancelled(&self) -> bool;
    /// Rolls back every open level.
    async fn rollback_all(&mut self) -> Result<(), Error>;
}

impl TxConn for super::PgConn {
    fn depth(&self) -> u32 {
        super::PgConn::depth(self)
    }
    fn was_cancelled(&self) -> bool {
        super::PgConn::was_cancelled(self)
    }
    async fn rollback_all(&mut self) -> Result<(), Error> {
        super::PgConn::rollback_all(self).await
    }
}

#[cfg(feature = "async-mysql")]
impl TxConn for super::MysqlConn {
    fn depth(&self) -> u32 {
        super::MysqlConn::depth(self)
    }
    fn was_cancelled(&self) -> bool {
        super::MysqlConn::was_cancelled(self)
    }
    async fn rollback_all(&mut self) -> Result<(), Error> {
        super::MysqlConn::rollback_all(self).await
    }
}

/// A transaction: dereferences to an [`AsyncClient`] whose calls all run in it, so generated
/// builders work unchanged inside.
#[derive(Debug)]
pub struct AsyncTx {
    client: AsyncClient,
    /// The transaction level this transaction opened (1, or deeper for a savepoint).
    level: u32,
    /// SQLite: the sync transaction the calls run in.
    sqlite: Option<crate::client::Tx>,
    done: bool,
}

impl AsyncTx {
    pub(crate) async fn begin(client: &AsyncClient) -> Result<AsyncTx, Error> {
        match client.conns() {
            Conns::Blocking(sync) => {
                let sync = sync.clone();
                let tx = blocking(move || sync.tx()).await?;
                Ok(AsyncTx {
                    client: client.with_conns(Conns::Blocking(tx.client().clone())),
                    level: 1,
                    sqlite: Some(tx),
                    done: false,
                })
            }
            Conns::Pg { .. } => {
                let guard = match client.pg_conn().await?.0 {
                    super::Guard::Pooled(obj) => obj,
                    super::Guard::Held(_) => {
                        return Err(Error::Build("a pooled connection was expected".into()));
                    }
                };
                let (held, level) = begin_held(guard).await?;
                Ok(AsyncTx::held(
                    client,
                    Conns::PgHeld(held, Arc::default()),
                    level,
                ))
            }
            Conns::PgHeld(held, ended) => {
                let level = begin_savepoint(held, ended).await?;
                let conns = Conns::PgHeld(held.clone(), Arc::default());
                Ok(AsyncTx::held(client, conns, level))
            }
            #[cfg(feature = "async-mysql")]
            Conns::Mysql(pool) => {
                let (held, level) = begin_held(Box::new(pool.checkout().await?)).await?;
                Ok(AsyncTx::held(
                    client,
                    Conns::MysqlHeld(held, Arc::default()),
                    level,
                ))
            }
            #[cfg(feature = "async-mysql")]
            Conns::MysqlHeld(held, ended) => {
                let level = begin_savepoint(held, ended).await?;
                let conns = Conns::MysqlHeld(held.clone(), Arc::default());
                Ok(AsyncTx::held(client, conns, level))
            }
        }
    }

    fn held(client: &AsyncClient, conns: Conns, level: u32) -> AsyncTx {
        AsyncTx {
            client: client.with_conns(conns),
            level,
            sqlite: None,
            done: false,
        }
    }

    /// Commits (releases the savepoint when nested). A call inside the transaction that was
    /// cancelled midway has left it in an unknown state: the transaction is then rolled back
    /// and [`Error::TransactionAborted`] says so.
    pub async fn commit(mut self) -> Result<(), Error> {
        self.done = true;
        self.finish(true).await
    }

    /// Rolls back.
    pub async fn rollback(mut self) -> Result<(), Error> {
        self.done = true;
        self.finish(false).await
    }

    async fn finish(&mut self, commit: bool) -> Result<(), Error> {
        if let Some(tx) = self.sqlite.take() {
            return blocking(move || if commit { tx.commit() } else { tx.rollback() }).await;
        }
        match self.client.conns() {
            Conns::PgHeld(held, ended) => end_held(held, ended, self.level, commit).await,
            #[cfg(feature = "async-mysql")]
            Conns::MysqlHeld(held, ended) => end_held(held, ended, self.level, commit).await,
            _ => Err(Error::Build("no transaction is open".into())),
        }
    }

    /// The transaction's client (clones of it run in the transaction too).
    pub fn client(&self) -> &AsyncClient {
        &self.client
    }
}

impl std::ops::Deref for AsyncTx {
    type Target = AsyncClient;
    fn deref(&self) -> &AsyncClient {
        &self.client
    }
}

impl Drop for AsyncTx {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        let runtime = tokio::runtime::Handle::try_current().ok();
        if let Some(tx) = self.sqlite.take() {
            match runtime {
                // Dropping the sync transaction rolls it back: blocking work.
                Some(rt) => drop(rt.spawn_blocking(move || drop(tx))),
                None => drop(tx),
            }
            return;
        }
        match (self.client.conns(), runtime) {
            (Conns::PgHeld(held, ended), rt) => {
                ended.store(true, Ordering::Release);
                if let Some(rt) = rt {
                    rt.spawn(roll_back_held(held.clone(), self.level));
                }
            }
            #[cfg(feature = "async-mysql")]
            (Conns::MysqlHeld(held, ended), rt) => {
                ended.store(true, Ordering::Release);
                if let Some(rt) = rt {
                    rt.spawn(roll_back_held(held.clone(), self.level));
                }
            }
            _ => {}
        }
        // Without a runtime, the pool rolls the connection back before its next use (MySQL:
        // the dirty connection is not reused).
    }
}

/// Opens a transaction on a pooled connection, which the transaction then holds; returns it
/// and the level opened.
async fn begin_held<O>(mut conn: O) -> Result<(Arc<tokio::sync::Mutex<O>>, u32), Error>
where
    O: DerefMut<Target: TxConn>,
{
    conn.begin().await?;
    let level = conn.depth();
    Ok((Arc::new(tokio::sync::Mutex::new(conn)), level))
}

/// A savepoint in the enclosing transaction; returns its level.
async fn begin_savepoint<O>(
    held: &Arc<tokio::sync::Mutex<O>>,
    ended: &AtomicBool,
) -> Result<u32, Error>
where
    O: DerefMut<Target: TxConn>,
{
    let mut conn = held.lock().await;
    if ended.load(Ordering::Acquire) {
        return Err(Error::TransactionDone);
    }
    conn.begin().await?;
    Ok(conn.depth())
}

/// Commits or rolls back the level `level` of a held connection.
async fn end_held<O>(
    held: &Arc<tokio::sync::Mutex<O>>,
    ended: &AtomicBool,
    level: u32,
    commit: bool,
) -> Result<(), Error>
where
    O: DerefMut<Target: TxConn>,
{
    let mut conn = held.lock().await;
    // Marked while the connection is locked: no call of a clone slips in after the end.
    ended.store(true, Ordering::Release);
    if conn.depth() < level {
        return Err(Error::Build("the transaction has ended already".into()));
    }
    // No call runs while the lock is held: a busy connection is one whose call was dropped.
    if conn.was_cancelled() {
        conn.rollback_all().await?;
        return Err(Error::TransactionAborted {
            cause: "a call inside the transaction was cancelled before it finished".into(),
        });
    }
    // Levels a cancelled call left open above this one are rolled back.
    while conn.depth() > level {
        conn.end(false).await?;
    }
    conn.end(commit).await
}

/// What a dropped transaction's task does: rolls its savepoint back, or the whole
/// transaction, so that the connection goes back to the pool with nothing open.
async fn roll_back_held<O>(held: Arc<tokio::sync::Mutex<O>>, level: u32)
where
    O: DerefMut<Target: TxConn>,
{
    let mut conn = held.lock().await;
    if conn.depth() > 1 && level > 1 {
        while conn.depth() >= level {
            if conn.end(false).await.is_err() {
                break;
            }
        }
    } else {
        let _ = conn.rollback_all().await;
    }
}
