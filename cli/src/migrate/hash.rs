//! `entgen migrate hash`: (re)write `atlas.sum` for the files as they are (Atlas
//! `migrate hash`; no validation first).

use std::path::Path;

use super::CliError;
use super::directory::{dir_failure, open};

/// Writes `atlas.sum`; returns the message to show.
pub fn run(dir: &Path, format: Option<&str>) -> Result<String, CliError> {
    let md = open(dir, format)?;
    let sum = md.compute_sum().map_err(|e| dir_failure(&e))?;
    let written = md.write_sum().map_err(|e| dir_failure(&e))?;
    let path = md.path().join("atlas.sum");
    Ok(if written {
        format!("wrote {} ({} file(s))", path.display(), sum.entries().len())
    } else {
        format!(
            "{} is up to date ({} file(s))",
            path.display(),
            sum.entries().len()
        )
    })
}
