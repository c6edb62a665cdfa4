//! Async transactions: one connection held from `tx().await` to `commit().await` or
//! `rollback().await`.
//!
//! Dropped uncommitted (or with its future cancelled), a transaction is rolled back: on
//! PostgreSQL a task rolls its connection back at once (so that its locks are released) when a
//! runtime is there, and in any case the pool rolls back a connection that comes back dirty
//! before handing it out again; on SQLite the sync transaction is dropped on the blocking
//! pool, which rolls it back.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use super::{AsyncClient, Conns, blocking};
use crate::driver::Io;
use crate::error::Error;

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
                let mut guard = match client.pg_conn().await?.0 {
                    super::Guard::Pooled(obj) => obj,
                    super::Guard::Held(_) => {
                        return Err(Error::Build("a pooled connection was expected".into()));
                    }
                };
                guard.begin().await?;
                let level = guard.depth();
                let held = Arc::new(tokio::sync::Mutex::new(guard));
                Ok(AsyncTx {
                    client: client.with_conns(Conns::PgHeld(held, Arc::default())),
                    level,
                    sqlite: None,
                    done: false,
                })
            }
            Conns::PgHeld(held, ended) => {
                // A savepoint in the enclosing transaction.
                let mut guard = held.clone().lock_owned().await;
                if ended.load(Ordering::Acquire) {
                    return Err(Error::TransactionDone);
                }
                guard.begin().await?;
                let level = guard.depth();
                drop(guard);
                Ok(AsyncTx {
                    client: client.with_conns(Conns::PgHeld(held.clone(), Arc::default())),
                    level,
                    sqlite: None,
                    done: false,
                })
            }
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
        let Conns::PgHeld(held, ended) = self.client.conns() else {
            return Err(Error::Build("no transaction is open".into()));
        };
        let mut conn = held.lock().await;
        // Marked while the connection is locked: no call of a clone slips in after the end.
        ended.store(true, Ordering::Release);
        if conn.depth() < self.level {
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
        while conn.depth() > self.level {
            conn.end(false).await?;
        }
        conn.end(commit).await
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
        if let Conns::PgHeld(_, ended) = self.client.conns() {
            ended.store(true, Ordering::Release);
        }
        if let (Conns::PgHeld(held, _), Some(rt)) = (self.client.conns(), runtime) {
            let held = held.clone();
            let level = self.level;
            rt.spawn(async move {
                let mut conn = held.lock().await;
                if conn.depth() > 1 && level > 1 {
                    while conn.depth() >= level {
                        if conn.end(false).await.is_err() {
                            break;
                        }
                    }
                } else {
                    // The connection goes back to the pool with nothing open.
                    let _ = conn.rollback_all().await;
                }
            });
        }
        // Without a runtime, the pool rolls the connection back before its next use.
    }
}
