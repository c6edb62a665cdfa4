//! `entgen migrate diff NAME`: the schema's tables compared with the current state, written as
//! a new migration in the directory's format, `atlas.sum` updated.
//!
//! A thin wrapper over [`entgen_runtime::versioned::diff`], the implementation generated
//! clients call too: this opens the connection (`--url`: inspect mode, the live database's
//! tables are the current state; `--dev-url`: replay mode, the directory replayed on a clean dev
//! database; neither: the directory's SQL replayed offline into the model), turns the graph into the connection's dialect, and words the errors for the
//! command line.

use std::path::Path;

use entgen_runtime::dialect::Dialect;
use entgen_runtime::driver::Driver;
use entgen_runtime::error::Error as DriverFailure;
use entgen_runtime::exec::mask_password;
use entgen_runtime::replay::ReplayError;
use entgen_runtime::versioned::{self, DiffError, DiffOptions, Mode};

use super::CliError;
use super::directory::{describe, dir_failure, resolve_format};
use crate::graph::Graph;

pub use entgen_runtime::versioned::DiffOutcome as Outcome;

/// Where the current state comes from.
#[derive(Clone, Copy)]
pub enum Current<'a> {
    /// A live database: its tables are the current state.
    Url(&'a str),
    /// A clean database on which the directory is replayed.
    DevUrl(&'a str),
    /// No database: the directory's SQL is replayed into the schema model in this dialect.
    Offline(Dialect),
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
) -> Result<Outcome, CliError> {
    let format = resolve_format(dir, format)?;
    let (mut driver, mode) = match current {
        Current::Url(url) => (Some(connect(url)?), Mode::Inspect),
        Current::DevUrl(url) => (Some(connect(url)?), Mode::Replay),
        Current::Offline(_) => (None, Mode::Offline),
    };
    let dialect = match (&driver, current) {
        (Some(driver), _) => driver.dialect(),
        (None, Current::Offline(dialect)) => dialect,
        (None, _) => return Err(CliError::runtime("no database connection")),
    };
    let graph_dialect = crate::sql::graph_dialect(dialect).ok_or_else(|| {
        CliError::runtime(format!(
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
    match driver.as_mut() {
        Some(driver) => versioned::diff(driver, &desired, name, dir, &options),
        None => versioned::diff_offline(dialect, &desired, name, dir, &options),
    }
    .map_err(failure)
}

/// Opens the database at `url`, the password masked in any message.
pub(crate) fn connect(url: &str) -> Result<Driver, CliError> {
    Driver::open(url).map_err(|e| match e {
        DriverFailure::Url { url, reason } => {
            CliError::runtime(format!("invalid database URL {url}: {reason}"))
        }
        e @ DriverFailure::Connect { .. } => {
            // "cannot connect to URL: <cause>: <driver's message>", the password masked.
            CliError::runtime(e.to_string().trim_start_matches("entgen: ").to_owned())
        }
        e => CliError::failed(
            anyhow::Error::new(e).context(format!("cannot connect to {}", mask_password(url))),
        ),
    })
}

/// The runtime's error, worded for the command line: a directory or dev database the user must
/// fix is invalid input (exit 1), with the command that fixes it; the rest is a failure (2).
fn failure(e: DiffError) -> CliError {
    match e {
        DiffError::Tampered { dir, check } => CliError::invalid(format!(
            "refusing to write a migration: {}",
            describe(&dir, &check).unwrap_or_default()
        )),
        DiffError::Dir(e) | DiffError::Offline(ReplayError::Dir(e)) => dir_failure(&e),
        DiffError::Offline(e) => CliError::invalid(e.to_string()),
        DiffError::NotClean { table } => CliError::invalid(format!(
            "the dev database is not clean: it has table `{table}`; give --dev-url an empty database"
        )),
        e => CliError::failed(e),
    }
}
