//! `entgen migrate validate`: does `atlas.sum` match the files? (Atlas `migrate validate`.)

use std::path::Path;

use super::CliError;
use super::directory::{open, sum_problem};

/// `Ok(message)` when the directory is intact; a failure (exit 1) naming every added, edited
/// and removed file otherwise.
pub fn run(dir: &Path, format: Option<&str>) -> Result<String, CliError> {
    let md = open(dir, format)?;
    match sum_problem(&md)? {
        None => {
            let n = md.sum_names().map(|n| n.len()).unwrap_or(0);
            Ok(format!(
                "{}: atlas.sum matches the {n} file(s)",
                md.path().display()
            ))
        }
        Some(problem) => Err(CliError::invalid(problem)),
    }
}
