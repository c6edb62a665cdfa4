//! Writing the planned migration: the directory's format, the next version (a timestamp after the
//! last file's, or the next sequence number), and `atlas.sum` unless the caller keeps
//! none.

use std::path::PathBuf;
use std::time::SystemTime;

use crate::dir::{DirError, MigrationDir, NewVersion, WriteOptions, render};
use crate::plan::Plan;

/// Writes `plan` as new file(s); existing files are never overwritten. Returns the paths
/// written, `atlas.sum` last when it changed.
pub(super) fn write(
    dir: &MigrationDir,
    plan: &Plan,
    keeps_sum: bool,
) -> Result<Vec<PathBuf>, DirError> {
    let version = NewVersion::Now(SystemTime::now());
    if keeps_sum {
        return dir.write_plan(plan, &version, &WriteOptions::default());
    }
    write_without_sum(dir, plan, &version)
}

/// The plan's files and nothing else, for tools that keep no `atlas.sum`.
fn write_without_sum(
    dir: &MigrationDir,
    plan: &Plan,
    version: &NewVersion,
) -> Result<Vec<PathBuf>, DirError> {
    let version = dir.resolve_version(version)?;
    let files = render(dir.format(), plan, &version, &WriteOptions::default())?;
    let mut written = Vec::new();
    for file in files {
        let path = dir.path().join(&file.name);
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, file.contents.as_bytes()))
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => DirError::FileExists { path: path.clone() },
                _ => DirError::io(&path, e),
            })?;
        written.push(path);
    }
    written.extend(dir.write_master_changelog()?);
    Ok(written)
}
