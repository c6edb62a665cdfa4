//! The statement surface the typed builders run on, written once for the sync and the async
//! client.
//!
//! Everything a terminal method does between "here is a connection" and "here are the rows"
//! (eager loads level by level, a create and its edge writes in one transaction, a bulk
//! insert's runs and savepoints) is an `async fn` generic over [`Io`]. The sync [`Driver`]
//! implements it with futures that are ready at once, and the sync client drives them with
//! [`now`], which polls once; the async client's PostgreSQL connection implements it with
//! tokio-postgres's futures. So there is one copy of that logic, not a sync and an async one.

use std::future::{Future, ready};
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use super::{Driver, Row};
use crate::builder::{Query, SqlType};
use crate::dialect::Dialect;
use crate::error::Error;

/// One connection, as the typed builders use it: statements, rows, transaction levels.
///
/// The futures are not required to be `Send` here: a generic caller cannot know, but the
/// concrete futures of the async client are, and so are the terminal methods built on them.
pub trait Io {
    /// The dialect to build statements in.
    fn dialect(&self) -> Dialect;

    /// Runs a statement, returning the number of rows it changed.
    fn execute(&mut self, q: &Query) -> impl Future<Output = Result<u64, Error>>;

    /// Runs a query, mapping each row with `f`.
    fn query<T, F>(&mut self, q: &Query, f: F) -> impl Future<Output = Result<Vec<T>, Error>>
    where
        F: FnMut(&Row<'_>) -> Result<T, Error>;

    /// Runs a query, calling `f` on each row; stops at the first error.
    fn for_each<F>(&mut self, q: &Query, f: F) -> impl Future<Output = Result<(), Error>>
    where
        F: FnMut(&Row<'_>) -> Result<(), Error>;

    /// The element types for sending `q`'s parameters as arrays (see
    /// [`Driver::array_param_types`]).
    fn array_param_types(
        &mut self,
        q: &Query,
    ) -> impl Future<Output = Result<Option<Vec<SqlType>>, Error>>;

    /// Runs SQL text without arguments (several statements allowed), e.g. DDL; cached
    /// prepared statements are dropped afterwards (see [`Driver::execute_batch`]).
    fn execute_batch(&mut self, sql: &str) -> impl Future<Output = Result<(), Error>>;

    /// Whether a transaction level is open.
    fn in_transaction(&self) -> bool;

    /// Opens a transaction level (`BEGIN`, or a savepoint inside one).
    fn begin(&mut self) -> impl Future<Output = Result<(), Error>>;

    /// Ends the innermost level (see [`Driver::end`]).
    fn end(&mut self, commit: bool) -> impl Future<Output = Result<(), Error>>;

    /// Whether `INSERT ... RETURNING` gives back the inserted rows (see
    /// [`Driver::insert_returning`]); when not, creates take ids from
    /// [`Io::inserted_ids`] and read the rows back.
    fn insert_returning(&self) -> bool {
        true
    }

    /// The ids the last INSERT run with [`Io::execute`] generated for its `rows` rows (see
    /// [`Driver::inserted_ids`]): MySQL's `LAST_INSERT_ID()` and the ones after it by the
    /// session's step; empty where ids come back with `RETURNING`, and when the INSERT
    /// generated none. (The connections' own `last_insert_id` is the first of them.)
    fn inserted_ids(&self, rows: usize) -> Vec<u64> {
        let _ = rows;
        Vec::new()
    }
}

impl Io for Driver {
    fn dialect(&self) -> Dialect {
        Driver::dialect(self)
    }

    fn execute(&mut self, q: &Query) -> impl Future<Output = Result<u64, Error>> {
        ready(Driver::execute(self, q))
    }

    fn query<T, F>(&mut self, q: &Query, f: F) -> impl Future<Output = Result<Vec<T>, Error>>
    where
        F: FnMut(&Row<'_>) -> Result<T, Error>,
    {
        ready(Driver::query(self, q, f))
    }

    fn for_each<F>(&mut self, q: &Query, f: F) -> impl Future<Output = Result<(), Error>>
    where
        F: FnMut(&Row<'_>) -> Result<(), Error>,
    {
        ready(Driver::for_each(self, q, f))
    }

    fn array_param_types(
        &mut self,
        q: &Query,
    ) -> impl Future<Output = Result<Option<Vec<SqlType>>, Error>> {
        ready(Driver::array_param_types(self, q))
    }

    fn execute_batch(&mut self, sql: &str) -> impl Future<Output = Result<(), Error>> {
        ready(Driver::execute_batch(self, sql))
    }

    fn in_transaction(&self) -> bool {
        Driver::in_transaction(self)
    }

    fn begin(&mut self) -> impl Future<Output = Result<(), Error>> {
        ready(Driver::begin(self))
    }

    fn end(&mut self, commit: bool) -> impl Future<Output = Result<(), Error>> {
        ready(Driver::end(self, commit))
    }

    fn insert_returning(&self) -> bool {
        Driver::insert_returning(self)
    }

    fn inserted_ids(&self, rows: usize) -> Vec<u64> {
        Driver::inserted_ids(self, rows)
    }
}

/// Ends the transaction level `body` ran in: committed when it succeeded, rolled back (its
/// own error kept) when it failed. Callers `begin()` the level first.
pub(crate) async fn finish<D: Io, T>(drv: &mut D, body: Result<T, Error>) -> Result<T, Error> {
    match body {
        Ok(v) => {
            drv.end(true).await?;
            Ok(v)
        }
        Err(e) => {
            // The statement's error is the one to report; a failed rollback leaves the
            // connection broken, which its next use reports.
            let _ = drv.end(false).await;
            Err(e)
        }
    }
}

/// The statement that opens a transaction level when `depth` levels are open: `BEGIN`
/// (SQLite's `BEGIN IMMEDIATE`, which takes the write lock at once) or a savepoint.
pub(crate) fn begin_sql(depth: u32, dialect: Dialect) -> String {
    match (depth, dialect) {
        (0, Dialect::Sqlite) => "BEGIN IMMEDIATE".to_owned(),
        (0, _) => "BEGIN".to_owned(),
        (d, _) => format!("SAVEPOINT entgen_sp_{d}"),
    }
}

/// The statement that ends the level opened at `depth` (the depth left after it).
pub(crate) fn end_sql(depth: u32, commit: bool) -> String {
    match (depth, commit) {
        (0, true) => "COMMIT".to_owned(),
        (0, false) => "ROLLBACK".to_owned(),
        (d, true) => format!("RELEASE SAVEPOINT entgen_sp_{d}"),
        (d, false) => {
            format!("ROLLBACK TO SAVEPOINT entgen_sp_{d}; RELEASE SAVEPOINT entgen_sp_{d}")
        }
    }
}

/// The result of a future over a sync [`Driver`]: its [`Io`] futures are ready when created,
/// so one poll completes it. (Inspection, auto-migration and `versioned::diff` are such
/// futures too, with their own error types.)
pub(crate) fn now<T, E: From<Error>>(f: impl Future<Output = Result<T, E>>) -> Result<T, E> {
    let f = pin!(f);
    match f.poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(r) => r,
        Poll::Pending => Err(Error::Build(
            "a statement on a synchronous connection did not complete at once".into(),
        )
        .into()),
    }
}
