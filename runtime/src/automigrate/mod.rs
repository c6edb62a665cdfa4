//! Auto-migration, ent's `Schema.Create`: bring a live database to a desired [`Schema`] in one
//! transaction.
//!
//! [`run`] takes the migration lock, inspects the tables the desired schema names, diffs, lets
//! diff hooks rewrite the changes, applies the append-only policy, plans, lets apply hooks add
//! statements, and runs every statement in the same transaction; on any failure everything is
//! rolled back and the error names the failing statement ([`MigrateError::Statement`]).
//!
//! * **Append-only by default** ([`Options`]): tables are never dropped; columns and indexes only
//!   with [`Options::drop_columns`] / [`Options::drop_indexes`]; what was left out is in
//!   [`Report::skipped`]. [`Options::foreign_keys`] off creates no foreign keys.
//! * **Global unique ids** ([`Options::global_unique_ids`], [`global_id`]): ent's `ent_types`
//!   table and `1 << 32` id ranges per table.
//! * **Offline** ([`Options::write_to`]): statements are written instead of run; the database is
//!   only read. **Debug** ([`Options::debug`]): every statement of the plan (apply hooks'
//!   included) goes to a sink first; the transaction, lock and inspection queries are not logged.
//! * **Hooks**: [`Options::before`] / [`Options::after`] around the run, [`Options::diff_hook`]
//!   on the changes ([`rename_column`] turns a drop + add into a rename), [`Options::apply_hook`]
//!   on the plan ([`ApplyContext::before`] / [`ApplyContext::after`]).
//! * **Concurrency**: PostgreSQL runs take `pg_advisory_xact_lock(`[`lock_key`]`(name))` in the
//!   transaction, SQLite runs `BEGIN IMMEDIATE`, MySQL runs hold `GET_LOCK` on their connection
//!   (MySQL commits each DDL statement on its own, so a run there is not one transaction); the
//!   second run waits, then inspects what the first committed and finds nothing to do.
//!
//! Rename hints ([`Options::rename_table`], [`Options::column_renames`]) are passed to the diff
//! while they still apply (old name present, new name absent), so `@renamed_from` can stay.

#![warn(missing_docs)]

mod engine;
mod error;
pub mod global_id;
mod hints;
mod lock;
mod mysql;
mod options;
mod policy;
mod postgres;
mod report;
mod rewrite;
mod session;
mod sqlite;

pub use error::{HookError, HookStage, MigrateError};
pub use lock::lock_key;
pub use options::{
    AfterHook, ApplyContext, ApplyHook, BeforeHook, DEFAULT_LOCK_NAME, DebugSink, DiffContext,
    DiffHook, HOOK_PREFIX, LogEntry, Options,
};
pub use report::{Report, Skipped};
pub use rewrite::rename_column;

use crate::dialect::Dialect;
use crate::driver::{Driver, Io, now};
use crate::schema::Schema;
use session::Session;

/// Migrates the database behind `driver` to `desired`. Options are taken mutably because
/// hooks, the debug sink and the writer are called; they can be reused for another run.
///
/// Everything runs through the driver's statement API (an application's own connection is
/// wrapped with [`Driver::from_postgres`] / [`Driver::from_sqlite`]); DDL clears its statement
/// cache, and that of every connection of its pool, since cached statements may read the
/// tables it changes.
///
/// Order: before hooks (on a copy of `desired`), begin + lock, inspect, diff, diff hooks,
/// policy, plan, apply hooks, statements, commit (rolled back instead in offline mode), after
/// hooks. An empty plan runs no apply hooks and gives an empty [`Report`].
pub fn run(
    driver: &mut Driver,
    desired: &Schema,
    opts: &mut Options<'_>,
) -> Result<Report, MigrateError> {
    now(run_on(driver, desired, opts))
}

/// [`run`] on any connection: the sync one above polls it once on a [`Driver`]; the async
/// client awaits it on one of its own connections.
pub(crate) async fn run_on<D: Io>(
    driver: &mut D,
    desired: &Schema,
    opts: &mut Options<'_>,
) -> Result<Report, MigrateError> {
    let mut desired = desired.clone();
    for hook in &mut opts.before {
        hook(&mut desired).map_err(MigrateError::hook(HookStage::Before))?;
    }
    let mut report = Report::new(driver.dialect());
    let commit = opts.write_to.is_none();
    report.written = !commit;
    match driver.dialect() {
        Dialect::Postgres => {
            let (session, waited) = postgres::PgSession::begin(driver, opts).await?;
            report.lock_wait = waited;
            in_session(session, &desired, opts, &mut report, commit).await?;
        }
        Dialect::Sqlite => {
            let (session, waited) = sqlite::SqliteSession::begin(driver, opts).await?;
            report.lock_wait = waited;
            in_session(session, &desired, opts, &mut report, commit).await?;
        }
        Dialect::Mysql => {
            let (session, waited) = mysql::MysqlSession::begin(driver, opts).await?;
            report.lock_wait = waited;
            in_session(session, &desired, opts, &mut report, commit).await?;
        }
    }
    for hook in &mut opts.after {
        hook(&report).map_err(MigrateError::hook(HookStage::After))?;
    }
    Ok(report)
}

/// The engine inside the session, which then commits (rolls back when only writing), or rolls
/// back when the engine failed (its error is the one reported).
async fn in_session(
    mut session: impl Session,
    desired: &Schema,
    opts: &mut Options<'_>,
    report: &mut Report,
    commit: bool,
) -> Result<(), MigrateError> {
    match engine::migrate(&mut session, desired, opts, report).await {
        Ok(()) => session.finish(commit).await,
        Err(e) => {
            let _ = session.finish(false).await;
            Err(e)
        }
    }
}

/// Whether a statement is one of SQLite's `PRAGMA foreign_keys` switches.
fn sqlite_pragma(sql: &str) -> bool {
    sql.trim_start()
        .to_ascii_lowercase()
        .starts_with("pragma foreign_keys")
}
