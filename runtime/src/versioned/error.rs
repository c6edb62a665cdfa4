//! Why [`super::diff`] wrote nothing. Every message names the file, table or database concerned.

use std::fmt;
use std::path::PathBuf;

use crate::dir::{DirError, SumCheck};
use crate::inspect::InspectError;
use crate::planner::PlanError;

/// Why no migration was written.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// The directory, one of its files, or a file being written.
    #[error(transparent)]
    Dir(#[from] DirError),
    /// The files do not match `atlas.sum` (a file was edited, added or removed by hand, or two
    /// branches each added one): writing on top would hide it.
    #[error("refusing to write a migration: {}", SumProblem { dir, check })]
    Tampered {
        /// The migration directory.
        dir: PathBuf,
        /// What the check found ([`SumCheck::NotFound`] or [`SumCheck::Mismatch`]).
        check: SumCheck,
    },
    /// In replay mode, the database already holds a table, so it is not a dev database.
    #[error(
        "the dev database is not clean: it has table `{table}`; replay needs an empty database"
    )]
    NotClean {
        /// One of the tables found.
        table: String,
    },
    /// The directory could not be replayed offline (a statement the replay does not model).
    #[error(transparent)]
    Offline(#[from] crate::replay::ReplayError),
    /// A statement of the directory failed while it was replayed.
    #[error("replaying {file} on the dev database, line {line}: {reason}")]
    Replay {
        /// The migration file, relative to the directory.
        file: String,
        /// The statement's 1-based line in the file.
        line: usize,
        /// The database's message.
        reason: String,
    },
    /// Emptying the dev database after the replay failed.
    #[error(
        "cannot clean the dev database: dropping table `{table}`{}: {reason}",
        and_more(*more)
    )]
    Clean {
        /// The (first) table that could not be dropped.
        table: String,
        /// How many more tables the failed statement dropped with it.
        more: usize,
        /// The database's message.
        reason: String,
    },
    /// No connection could be had (the pool's timeout, a server that went away).
    #[error("{0}")]
    Connection(#[from] crate::error::Error),
    /// Reading the database's tables failed.
    #[error("cannot inspect the database: {0}")]
    Inspect(#[from] InspectError),
    /// The current and desired schemas cannot be compared (an invalid schema or rename hint).
    #[error("cannot compare: {0}")]
    Compare(#[from] crate::diff::DiffError),
    /// The changes cannot be written as statements of the dialect.
    #[error("cannot plan: {0}")]
    Plan(#[from] PlanError),
}

fn and_more(more: usize) -> String {
    match more {
        0 => String::new(),
        n => format!(" (and {n} more in the same statement)"),
    }
}

/// `atlas.sum`'s problem in one paragraph: every added, edited and removed file.
struct SumProblem<'a> {
    dir: &'a PathBuf,
    check: &'a SumCheck,
}

impl fmt::Display for SumProblem<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dir = self.dir.display();
        match self.check {
            SumCheck::Valid => write!(f, "{dir} matches its atlas.sum"),
            SumCheck::NotFound => write!(f, "{dir} has migration files but no atlas.sum"),
            SumCheck::Mismatch(diff) => {
                write!(
                    f,
                    "checksum mismatch: the migration files in {dir} do not match atlas.sum"
                )?;
                for c in &diff.changes {
                    write!(f, "; {c}")?;
                }
                Ok(())
            }
        }
    }
}
