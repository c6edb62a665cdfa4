//! `entgen migrate new NAME`: an empty migration file for hand-written SQL, `atlas.sum`
//! updated (Atlas `migrate new`: validate, write an empty plan with the format's formatter,
//! rehash).

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use entgen_runtime::dir::{MigrationDir, NewVersion, WriteOptions};
use entgen_runtime::plan::Plan;

use super::CliError;
use super::directory::{dir_failure, resolve_format, sum_problem};

/// Creates the file(s); returns the paths written (`atlas.sum` last). The directory is created
/// when missing; an existing one must match its `atlas.sum`.
pub fn run(dir: &Path, name: &str, format: Option<&str>) -> Result<Vec<PathBuf>, CliError> {
    let format = resolve_format(dir, format)?;
    let md = MigrationDir::create(dir, format).map_err(|e| dir_failure(&e))?;
    if let Some(problem) = sum_problem(&md)? {
        return Err(CliError::invalid(format!(
            "refusing to add a migration: {problem}"
        )));
    }
    let version = NewVersion::Now(SystemTime::now());
    let plan = Plan {
        name: name.to_string(),
        statements: Vec::new(),
    };
    md.write_plan(&plan, &version, &WriteOptions::default())
        .map_err(|e| dir_failure(&e))
}
