//! Writing generated files: only when changed, stale files removed, or only checked.

use std::path::{Path, PathBuf};

use super::GeneratedFile;

/// What a write or a check found.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct WriteReport {
    pub written: Vec<PathBuf>,
    pub unchanged: Vec<PathBuf>,
    pub deleted: Vec<PathBuf>,
}

/// Writes `files` under `target`.
pub fn write_files(target: &Path, files: &[GeneratedFile]) -> std::io::Result<WriteReport> {
    let _ = (target, files);
    todo!("write")
}

/// What `write_files` would change, without writing.
pub fn check_files(target: &Path, files: &[GeneratedFile]) -> std::io::Result<WriteReport> {
    let _ = (target, files);
    todo!("check")
}
