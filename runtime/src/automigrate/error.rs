//! Errors of an auto-migration run.

use std::time::Duration;

use crate::diff::DiffError;
use crate::inspect::InspectError;
use crate::planner::PlanError;

/// What a hook returns when it fails; the run stops (and rolls back when the transaction is open).
pub type HookError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Where a failing hook was called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HookStage {
    /// A hook run before anything else ([`super::Options::before`]).
    Before,
    /// A diff hook ([`super::Options::diff_hook`]).
    Diff,
    /// An apply hook ([`super::Options::apply_hook`]).
    Apply,
    /// A hook run after the transaction committed ([`super::Options::after`]); the migration
    /// itself is kept.
    After,
}

impl std::fmt::Display for HookStage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Before => "before",
            Self::Diff => "diff",
            Self::Apply => "apply",
            Self::After => "after",
        })
    }
}

/// Why an auto-migration failed. Everything but [`MigrateError::Hook`] at
/// [`HookStage::After`] means that nothing was changed: the transaction was rolled back.
#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    /// A statement of the plan failed; the transaction was rolled back.
    #[error("automigrate: {comment}: {error}\n  statement: {sql}")]
    Statement {
        /// The failing statement.
        sql: String,
        /// Its comment (`create "users" table`).
        comment: String,
        /// The database's message.
        error: String,
    },
    /// A database operation around the plan failed (begin, lock, commit, reading `ent_types`).
    #[error("automigrate: {action}: {error}")]
    Database {
        /// What was being done.
        action: &'static str,
        /// The database's message.
        error: String,
    },
    /// No connection could be had (the pool's timeout, a server that went away).
    #[error("automigrate: {0}")]
    Connection(#[from] crate::error::Error),
    /// Another migration held the lock for longer than [`super::Options::lock_timeout`].
    #[error("automigrate: the migration lock {name:?} was not obtained within {timeout:?}")]
    LockTimeout {
        /// The lock's name.
        name: String,
        /// How long the run waited.
        timeout: Duration,
    },
    /// The current state could not be read.
    #[error("automigrate: {0}")]
    Inspect(#[from] InspectError),
    /// The current and desired schemas could not be compared.
    #[error("automigrate: {0}")]
    Diff(#[from] DiffError),
    /// The changes could not be planned.
    #[error("automigrate: {0}")]
    Plan(#[from] PlanError),
    /// A hook failed.
    #[error("automigrate: {stage} hook: {source}")]
    Hook {
        /// Which kind of hook.
        stage: HookStage,
        /// Its error.
        #[source]
        source: HookError,
    },
    /// Writing the statements to [`super::Options::write_to`] failed.
    #[error("automigrate: writing the statements: {0}")]
    Write(#[source] std::io::Error),
    /// Global unique ids cannot be assigned.
    #[error("automigrate: global unique ids: {0}")]
    GlobalIds(String),
    /// SQLite found rows violating foreign keys at the end of the plan; rolled back.
    #[error(
        "automigrate: {count} foreign-key violations after the migration (first in table {table:?}); rolled back"
    )]
    ForeignKeyCheck {
        /// Number of violating rows.
        count: usize,
        /// The table of the first violation.
        table: String,
    },
}

impl MigrateError {
    pub(crate) fn hook(stage: HookStage) -> impl FnOnce(HookError) -> MigrateError {
        move |source| MigrateError::Hook { stage, source }
    }

    pub(crate) fn database(action: &'static str) -> impl FnOnce(String) -> MigrateError {
        move |error| MigrateError::Database { action, error }
    }
}
