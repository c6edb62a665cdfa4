//! Versioned migrations from a running program (ent's `sql/versioned-migration` and
//! `Schema.NamedDiff`): the next migration file of a directory, computed on a live connection.
//!
//! [`diff`] is the one implementation: `entgen migrate diff` opens a [`Driver`] from
//! `--dev-url` / `--url` and calls it, and generated clients call it from
//! `client.schema().diff(name, dir, &options)`. Steps: open the directory and refuse it when it
//! does not match `atlas.sum`; find the starting state ([`Mode::Replay`]: replay the directory
//! on the connection, a clean dev database, inspect, empty it again; [`Mode::Inspect`]: the
//! connection's tables as they are); diff with the desired schema (rename hints that still
//! apply); plan; write the file(s) in the directory's format and update `atlas.sum`.

mod baseline;
mod error;
mod options;
mod write;

pub use error::DiffError;
pub use options::{DiffOptions, Mode};

use std::path::{Path, PathBuf};

use crate::dialect::Dialect;
use crate::diff::applicable_renames;
use crate::dir::MigrationDir;
use crate::driver::{Driver, Io, now};
use crate::planner::plan;
use crate::schema::Schema;

/// What [`diff`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffOutcome {
    /// The directory (or the inspected database) already describes the desired schema; nothing
    /// was written.
    NoChanges,
    /// The files written, `atlas.sum` last when it changed.
    Written(Vec<PathBuf>),
}

/// The schema `dir`'s files build: replayed on `driver`, a clean dev database (refused, naming a
/// table, when it holds any), inspected, and emptied again, also after a failing statement,
/// which is reported with its file and line. `migrate lint --dev-url` uses it to check that the
/// files run.
pub fn replay(driver: &mut Driver, dir: &MigrationDir) -> Result<Schema, DiffError> {
    now(baseline::replay(driver, dir))
}

/// Writes the migration named `name` that moves the state found on `driver` (see
/// [`DiffOptions::mode`]) to `desired`, into `dir` (created when missing).
///
/// `desired` must be in the connection's dialect. The directory is refused, naming the files,
/// when it does not match its `atlas.sum`; in replay mode a database that holds tables is
/// refused, naming one.
pub fn diff(
    driver: &mut Driver,
    desired: &Schema,
    name: &str,
    dir: &Path,
    options: &DiffOptions,
) -> Result<DiffOutcome, DiffError> {
    now(diff_on(driver, desired, name, dir, options))
}

/// [`diff`] on any connection (the async client's too). The directory is read and written
/// with blocking file IO: a few small files, next to the database round trips.
pub(crate) async fn diff_on<D: Io>(
    driver: &mut D,
    desired: &Schema,
    name: &str,
    dir: &Path,
    options: &DiffOptions,
) -> Result<DiffOutcome, DiffError> {
    let (md, keeps_sum) = open_checked(dir, options)?;
    let current = match options.mode {
        Mode::Replay => baseline::replay(driver, &md).await?,
        Mode::Inspect => without_tool_tables(baseline::inspect(driver).await?, desired, options),
        Mode::Offline => crate::replay::replay(&md, driver.dialect())?,
    };
    // The desired expressions as this database prints them, compared exactly with the
    // inspected ones (see `inspect::postgres::database_forms`). The offline model holds the
    // files' own text, which compares with the desired text as it is.
    let printed = match options.mode {
        Mode::Offline => None,
        Mode::Replay | Mode::Inspect => Some(baseline::database_forms(driver, desired).await?),
    };
    let states = States {
        current: &current,
        desired,
        printed: printed.as_ref(),
    };
    next_migration(&md, keeps_sum, states, driver.dialect(), name, options)
}

/// The inspected tables without the bookkeeping tables of the directory format's tool
/// (`schema_migrations`, `databasechangelog`, …), which a diff would otherwise propose to drop.
/// A table of that name the schema itself declares is compared as any other.
fn without_tool_tables(mut current: Schema, desired: &Schema, options: &DiffOptions) -> Schema {
    let tool_tables = options.format.tool_tables();
    current.tables.retain(|t| {
        !tool_tables.contains(&t.name.as_str()) || desired.tables.iter().any(|d| d.name == t.name)
    });
    current
}

/// Like [`diff`] in [`Mode::Offline`], without any connection: the directory's SQL is replayed
/// into the model in `dialect` ([`crate::replay`]), so no database is needed at all.
pub fn diff_offline(
    dialect: Dialect,
    desired: &Schema,
    name: &str,
    dir: &Path,
    options: &DiffOptions,
) -> Result<DiffOutcome, DiffError> {
    let (md, keeps_sum) = open_checked(dir, options)?;
    let current = crate::replay::replay(&md, dialect)?;
    let states = States {
        current: &current,
        desired,
        printed: None,
    };
    next_migration(&md, keeps_sum, states, dialect, name, options)
}

/// Opens (or creates) the directory and refuses it when it does not match `atlas.sum`; also
/// tells whether `atlas.sum` is to be kept.
fn open_checked(dir: &Path, options: &DiffOptions) -> Result<(MigrationDir, bool), DiffError> {
    let md = MigrationDir::create(dir, options.format.clone())?;
    let keeps_sum = !options.no_sum || md.read_sum()?.is_some();
    if keeps_sum {
        // Without an integrity file (`no_sum`) the files are taken as they are.
        let check = md.check_sum()?;
        if !check.is_valid() {
            return Err(DiffError::Tampered {
                dir: md.path().to_path_buf(),
                check,
            });
        }
    }
    Ok((md, keeps_sum))
}

/// The two sides of a diff, and the desired side as the database prints its expressions when a
/// database was asked (see [`crate::diff::diff_printed`]).
struct States<'a> {
    current: &'a Schema,
    desired: &'a Schema,
    printed: Option<&'a Schema>,
}

/// Diffs the current state with the desired one, plans, and writes the next file(s).
fn next_migration(
    md: &MigrationDir,
    keeps_sum: bool,
    states: States<'_>,
    dialect: Dialect,
    name: &str,
    options: &DiffOptions,
) -> Result<DiffOutcome, DiffError> {
    let States {
        current,
        desired,
        printed,
    } = states;
    let mut diff_options = crate::diff::DiffOptions::new(dialect);
    // Hints apply only while the old name still exists, so they can stay in the schema.
    (diff_options.table_renames, diff_options.column_renames) = applicable_renames(
        current,
        desired,
        &options.table_renames,
        &options.column_renames,
    );
    let changes = match printed {
        Some(printed) => crate::diff::diff_printed(current, desired, printed, &diff_options)?,
        None => crate::diff::diff(current, desired, &diff_options)?,
    };
    if changes.is_empty() {
        return Ok(DiffOutcome::NoChanges);
    }
    let mut migration = plan(&changes, dialect)?;
    migration.name = name.to_string();
    Ok(DiffOutcome::Written(write::write(
        md, &migration, keeps_sum,
    )?))
}
