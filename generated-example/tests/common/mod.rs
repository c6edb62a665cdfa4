//! What every live test of the generated client shares: a migrated client per database
//! (PostgreSQL from `TestDb`, SQLite on disk, MariaDB) with a statement log, and a few fixtures,
//! once for the sync `Client` ([`sync`]) and once for the `AsyncClient` ([`async_`]).
//!
//! The cases in `tests/suite/` (and the fixtures in `fixture.rs`) are written once, as async
//! code, and compiled twice: each test binary declares the module under `sync` and, with the
//! example's `async` feature, under `async_`, each of which brings the names below into scope.
//! Why `maybe_async::must_be_sync`/`must_be_async` rather than two copies or a trait over both
//! clients: the sync and async builders are the same types with different terminal methods, so
//! one text serves both once `.await` is removed for the sync client, which is what
//! `must_be_sync` does to an `async fn`. These are maybe-async's unconditional attributes (not
//! its feature-switched ones), so both copies live in one build; the `bisync` crate, which
//! offers the same pair, is not on the registry this project builds from. Their one limit:
//! they cannot see into macro arguments, so a case awaits outside `assert!`/`format!`/`vec!`
//! and asserts on a binding. What differs between the clients beyond `.await` (creating the
//! schema, sleeping, the sync drivers `TestDb` uses) is the few functions each module below
//! defines for itself.
//!
//! A case is `#[bisync_test] #[test] async fn`: on the sync client `bisync_test` strips
//! `async`, on the async one it is `tokio::main`, which runs the body on its own multi-thread
//! runtime (two workers on this machine); a helper the cases await is `#[bisync] async fn`.

// Each test binary uses some of these only.
#![allow(dead_code, unused_imports)]

use std::sync::{Arc, Mutex};

/// Every statement the client ran, as logged (`query=... args=[...]`).
#[derive(Clone, Default)]
pub struct Log(Arc<Mutex<Vec<String>>>);

impl Log {
    pub fn lines(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
    pub fn clear(&self) {
        self.0.lock().unwrap().clear();
    }
    /// Statements that read rows (`SELECT`), in order.
    pub fn selects(&self) -> Vec<String> {
        self.lines()
            .into_iter()
            .filter(|l| l.starts_with("query=SELECT"))
            .collect()
    }
    /// The sink a client's `with_logger` sends statements to.
    fn push(&self, statement: String) {
        self.0.lock().unwrap().push(statement);
    }
}

/// The cases on the sync `Client`.
#[path = "."]
pub mod sync {
    pub use entgen_runtime::client::Client as RawClient;
    pub use generated_example::ent::{Client, Tx};
    /// Strips `async` and `.await` from a helper.
    pub use maybe_async::must_be_sync as bisync;
    /// Strips `async` and `.await` from a case; `#[test]` follows it.
    pub use maybe_async::must_be_sync as bisync_test;

    use entgen_runtime::automigrate::{MigrateError, Options, Report};

    mod fixture;
    pub use fixture::*;

    /// `client.schema().create(..)` with the default options.
    pub fn create_schema(client: &Client) -> Result<Report, MigrateError> {
        client.schema().create(&mut Options::default())
    }

    /// Runs `f`, which uses the sync drivers, here.
    pub fn off_runtime<T>(f: impl FnOnce() -> T) -> T {
        f()
    }

    /// Sleeps the thread.
    pub fn pause(d: std::time::Duration) {
        std::thread::sleep(d);
    }
}

/// The cases on the `AsyncClient` (the example's `async` feature).
#[cfg(feature = "async")]
#[path = "."]
pub mod async_ {
    pub use entgen_runtime::async_client::AsyncClient as RawClient;
    pub use generated_example::ent::{AsyncClient as Client, AsyncTx as Tx};
    /// Leaves a helper `async`.
    pub use maybe_async::must_be_async as bisync;
    /// Runs a case on a multi-thread runtime of its own; `#[test]` follows it.
    pub use tokio::main as bisync_test;

    use entgen_runtime::automigrate::{MigrateError, Report};

    #[allow(
        clippy::duplicate_mod,
        reason = "the same fixtures for the other client"
    )]
    mod fixture;
    pub use fixture::*;

    /// `client.schema().create(..)` with the default options.
    pub async fn create_schema(client: &Client) -> Result<Report, MigrateError> {
        client.schema().create(|_| {}).await
    }

    /// Runs `f`, which uses the sync drivers, on a thread outside the runtime: the sync
    /// PostgreSQL driver `TestDb` uses starts a runtime of its own, which panics inside one.
    /// (It blocks the worker meanwhile, which the tests can afford.)
    pub fn off_runtime<T: Send>(f: impl FnOnce() -> T + Send) -> T {
        std::thread::scope(|s| {
            s.spawn(f)
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    }

    /// Sleeps the task.
    pub async fn pause(d: std::time::Duration) {
        tokio::time::sleep(d).await;
    }

    /// A user with `name`, an email made from it and a valid password (the `async_client` and
    /// `async_mysql` targets' own cases).
    pub async fn create_user(c: &Client, name: &str) -> generated_example::ent::User {
        c.user()
            .create()
            .set_name(name)
            .set_email(format!("{}@example.com", name.to_lowercase()))
            .set_password("password1")
            .save()
            .await
            .unwrap()
    }

    /// Polls `f` once and drops it (cancels it), as a `select!` or a timeout does; `true` when it
    /// had not finished. The task first yields, so that the poll starts with tokio's full
    /// cooperative budget and does not stop before its first statement is sent.
    pub async fn poll_once_then_drop<F: std::future::Future>(f: F) -> bool {
        tokio::task::yield_now().await;
        let mut f = std::pin::pin!(f);
        std::future::poll_fn(|cx| std::task::Poll::Ready(f.as_mut().poll(cx).is_pending())).await
    }

    /// The futures of the async client can move between threads (`tokio::spawn`).
    pub fn assert_send<T: Send>(t: T) -> T {
        t
    }
}
