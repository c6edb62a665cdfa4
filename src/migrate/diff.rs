//! `entgen migrate diff NAME`: the schema's tables compared with the current state, written as
//! a new migration in the directory's format, `atlas.sum` updated.
//!
//! A thin wrapper over [`entgen_runtime::versioned::diff`], the implementation generated
//! clients call too: this opens the connection (`--url`: inspect mode, the live database's
//! tables are the current state; `--dev-url`: replay mode, the directory replayed on a clean dev
//! database), turns the graph into the connection's dialect, and words the errors for the
//! command line.

use std::path::Path;

use entgen_runtime::driver::Driver;
use entgen_runtime::error::Error as DriverFailure;
use entgen_runtime::exec::mask_password;
use entgen_runtime::versioned::{self, DiffError, DiffOptions, Mode};

use super::Failure;
use super::directory::{describe, dir_failure, parse_format};
use crate::graph::Graph;

pub use entgen_runtime::versioned::DiffOutcome as Outcome;

/// Where the current state comes from.
pub enum Current<'a> {
    /// A live database: its tables are the current state.
    Url(&'a str),
    /// A clean database on which the directory is replayed.
    DevUrl(&'a str),
}

/// How to write the files.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteMode {
    /// `--no-sum`: write only the SQL files, for tools that keep no `atlas.sum` (an existing
    /// `atlas.sum` is still checked and kept up to date).
    pub no_sum: bool,
}

pub fn run(
    graph: &Graph,
    dir: &Path,
    name: &str,
    format: Option<&str>,
    current: Current<'_>,
    write: WriteMode,
) -> Result<Outcome, Failure> {
    let format = parse_format(format)?;
    let (url, mode) = match current {
        Current::Url(url) => (url, Mode::Inspect),
        Current::DevUrl(url) => (url, Mode::Replay),
    };
    let mut driver = connect(url)?;
    let dialect = driver.dialect();
    let graph_dialect = crate::sql::graph_dialect(dialect).ok_or_else(|| {
        Failure::runtime(format!(
            "{} is not supported by migrate diff yet",
            dialect.name()
        ))
    })?;
    let desired = crate::sql::tables(graph, graph_dialect);
    let options = DiffOptions::default()
        .format(format)
        .no_sum(write.no_sum)
        .mode(mode)
        .renames(
            crate::sql::table_renames(graph),
            crate::sql::column_renames(graph),
        );
    versioned::diff(&mut driver, &desired, name, dir, &options).map_err(failure)
}

/// Opens the database at `url`, the password masked in any message.
pub(crate) fn connect(url: &str) -> Result<Driver, Failure> {
    Driver::open(url).map_err(|e| match e {
        DriverFailure::Url { url, reason } => {
            Failure::runtime(format!("invalid database URL {url}: {reason}"))
        }
        e @ DriverFailure::Connect { .. } => {
            // "cannot connect to URL: <cause>: <driver's message>", the password masked.
            Failure::runtime(e.to_string().trim_start_matches("entgen: ").to_owned())
        }
        DriverFailure::Driver(e) => {
            Failure::runtime(format!("cannot connect to {}: {e}", mask_password(url)))
        }
        e => Failure::runtime(format!("cannot connect to {}: {e}", mask_password(url))),
    })
}

/// The runtime's error, worded for the command line: a directory or dev database the user must
/// fix is invalid input (exit 1), with the command that fixes it; the rest is a failure (2).
fn failure(e: DiffError) -> Failure {
    match e {
        DiffError::Tampered { dir, check } => Failure::invalid(format!(
            "refusing to write a migration: {}",
            describe(&dir, &check).unwrap_or_default()
        )),
        DiffError::Dir(e) => dir_failure(&e),
        DiffError::NotClean { table } => Failure::invalid(format!(
            "the dev database is not clean: it has table `{table}`; give --dev-url an empty database"
        )),
        e => Failure::runtime(e.to_string()),
    }
}
