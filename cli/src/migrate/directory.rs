//! Opening a migration directory for a command, and saying what is wrong with its `atlas.sum`.

use std::path::Path;

use entgen_runtime::dir::detect::detect;
use entgen_runtime::dir::listing::read_file;
use entgen_runtime::dir::{DirError, Format, MigrationDir, SumCheck};

use super::CliError;

/// Opens `dir` in `format` (`None`: the format its files show, Atlas's for a directory without
/// files). A bad format is a usage error (2); a missing or unreadable directory, or one whose
/// files are in another format, is invalid input (1).
pub fn open(dir: &Path, format: Option<&str>) -> Result<MigrationDir, CliError> {
    let format = resolve_format(dir, format)?;
    MigrationDir::open(dir, format).map_err(|e| dir_failure(&e))
}

/// The format to open `dir` in: `--format` (or the project file's) when given, else the one its
/// files show, else Atlas's.
pub fn resolve_format(dir: &Path, format: Option<&str>) -> Result<Format, CliError> {
    match format {
        None => Ok(detect(dir)
            .ok()
            .flatten()
            .map(|(found, _)| found)
            .unwrap_or_default()),
        Some(f) => f
            .parse::<Format>()
            .map_err(|e| CliError::runtime(format!("--format: {e}"))),
    }
}

/// A directory-layer error as a failure: invalid input (exit 1), naming the file.
pub fn dir_failure(e: &DirError) -> CliError {
    match e {
        DirError::MalformedSum { path, source } => CliError::invalid(format!(
            "{}: {source}\nFix the file (e.g. resolve a merge conflict by keeping both sides' files) and run `entgen migrate hash --dir {}` to rewrite it",
            path.display(),
            path.parent().unwrap_or(Path::new(".")).display()
        )),
        DirError::Io { .. } => CliError::runtime(e.to_string()),
        _ => CliError::invalid(e.to_string()),
    }
}

/// `None` when `atlas.sum` matches the files; otherwise the message naming every added,
/// edited and removed file and how to fix it.
pub fn sum_problem(dir: &MigrationDir) -> Result<Option<String>, CliError> {
    let check = dir.check_sum().map_err(|e| dir_failure(&e))?;
    Ok(describe(dir.path(), &check))
}

/// Describes a failed `atlas.sum` check (Atlas `ChecksumError`, every file listed).
pub fn describe(path: &Path, check: &SumCheck) -> Option<String> {
    let shown = path.display();
    let fix = format!(
        "If the changes are intended, run `entgen migrate hash --dir {shown}` to update atlas.sum; otherwise restore the files (e.g. `git checkout -- {shown}`). Never edit a migration that was already applied somewhere: add a new one instead."
    );
    match check {
        SumCheck::Valid => None,
        SumCheck::NotFound => Some(format!(
            "{shown} has migration files but no atlas.sum\nRun `entgen migrate hash --dir {shown}` to create it."
        )),
        SumCheck::Mismatch(diff) => {
            let mut s =
                format!("checksum mismatch: the migration files in {shown} do not match atlas.sum");
            for c in &diff.changes {
                s.push_str(&format!("\n  L{}: {} was {}", c.line, c.file, c.kind));
            }
            if !diff.unverified.is_empty() {
                let shown: Vec<&str> = diff.unverified.iter().take(5).map(String::as_str).collect();
                let more = diff.unverified.len().saturating_sub(shown.len());
                let more = if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                };
                s.push_str(&format!(
                    "\n  (atlas.sum hashes are chained, so the files after that cannot be checked one by one: {}{more})",
                    shown.join(", ")
                ));
            }
            s.push('\n');
            s.push_str(&fix);
            Some(s)
        }
    }
}

/// The directory's `atlas.sum` input: names and bytes in hashing order.
pub fn history(dir: &MigrationDir) -> Result<Vec<(String, Vec<u8>)>, CliError> {
    let names = dir.sum_names().map_err(|e| dir_failure(&e))?;
    names
        .into_iter()
        .map(|n| {
            let bytes = read_file(dir.path(), &n).map_err(|e| dir_failure(&e))?;
            Ok((n, bytes))
        })
        .collect()
}
