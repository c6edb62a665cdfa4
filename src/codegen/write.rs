//! Writing generated files: only when changed, stale files removed, or only checked.
//!
//! Writing only what changed keeps file times (and so cargo's and editors' caches) intact when a
//! schema edit touches one entity. A `.rs` file in the target directory that carries the banner
//! but is no longer generated (its entity was removed) is deleted; a file without the banner is
//! never touched, whatever its name: it was written by a person.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::{BANNER, GeneratedFile, parallel};

/// What a write or a check found.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct WriteReport {
    pub written: Vec<PathBuf>,
    pub unchanged: Vec<PathBuf>,
    pub deleted: Vec<PathBuf>,
}

impl WriteReport {
    /// Whether the target directory was (or, for a check, would be) changed.
    pub fn changed(&self) -> bool {
        !self.written.is_empty() || !self.deleted.is_empty()
    }
}

/// Writes `files` under `target`.
pub fn write_files(target: &Path, files: &[GeneratedFile]) -> std::io::Result<WriteReport> {
    write_files_inner(target, files, true)
}

fn write_files_inner(
    target: &Path,
    files: &[GeneratedFile],
    find_stale: bool,
) -> std::io::Result<WriteReport> {
    let report = compare_inner(target, files, find_stale)?;
    let to_write: HashSet<&PathBuf> = report.written.iter().collect();
    let changed: Vec<(PathBuf, &GeneratedFile)> = files
        .iter()
        .map(|file| (target.join(&file.path), file))
        .filter(|(path, _)| to_write.contains(path))
        .collect();
    let mut dirs: Vec<&Path> = changed
        .iter()
        .filter_map(|(path, _)| path.parent())
        .collect();
    dirs.sort_unstable();
    dirs.dedup();
    for dir in dirs {
        std::fs::create_dir_all(dir).map_err(|e| named(e, dir))?;
    }
    // A thousand small files: written on all threads, as creating each costs a few syscalls.
    parallel::map(&changed, |(path, file)| {
        std::fs::write(path, &file.contents).map_err(|e| named(e, path))
    })
    .into_iter()
    .collect::<std::io::Result<()>>()?;
    for path in &report.deleted {
        std::fs::remove_file(path).map_err(|e| named(e, path))?;
    }
    Ok(report)
}

/// What `write_files` would change, without writing.
pub fn check_files(target: &Path, files: &[GeneratedFile]) -> std::io::Result<WriteReport> {
    compare(target, files)
}

/// Writes the files that changed without looking for stale ones: for a single file in a
/// directory shared with other outputs (`OUT_DIR`, where two clients may be generated side by
/// side and must not delete each other).
pub(crate) fn write_changed_only(
    target: &Path,
    files: &[GeneratedFile],
) -> std::io::Result<WriteReport> {
    write_files_inner(target, files, false)
}

/// [`check_files`] without stale files (see [`write_changed_only`]).
pub(crate) fn check_changed_only(
    target: &Path,
    files: &[GeneratedFile],
) -> std::io::Result<WriteReport> {
    compare_inner(target, files, false)
}

/// Sorts every generated path into written (new or different) or unchanged, and finds the
/// stale generated files. Paths in the report are `target`-joined.
fn compare(target: &Path, files: &[GeneratedFile]) -> std::io::Result<WriteReport> {
    compare_inner(target, files, true)
}

fn compare_inner(
    target: &Path,
    files: &[GeneratedFile],
    find_stale: bool,
) -> std::io::Result<WriteReport> {
    let mut report = WriteReport::default();
    let unchanged: Vec<std::io::Result<bool>> = parallel::map(files, |file| {
        let current = current_contents(&target.join(&file.path))?;
        Ok(current.as_deref() == Some(file.contents.as_bytes()))
    });
    for (file, unchanged) in files.iter().zip(unchanged) {
        let path = target.join(&file.path);
        if unchanged? {
            report.unchanged.push(path);
        } else {
            report.written.push(path);
        }
    }
    if find_stale {
        report.deleted = stale_files(target, files)?;
    }
    Ok(report)
}

fn current_contents(path: &Path) -> std::io::Result<Option<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(named(error, path)),
    }
}

/// Generated `.rs` files in the directories we write to that are not generated any more.
fn stale_files(target: &Path, files: &[GeneratedFile]) -> std::io::Result<Vec<PathBuf>> {
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .map(|f| {
            target
                .join(&f.path)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default()
        })
        .collect();
    dirs.sort();
    dirs.dedup();
    let generated: HashSet<PathBuf> = files.iter().map(|f| target.join(&f.path)).collect();
    let mut stale = Vec::new();
    for dir in dirs {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
            Err(error) => return Err(named(error, &dir)),
        };
        for entry in entries {
            let path = entry.map_err(|e| named(e, &dir))?.path();
            let is_rs = path.extension().is_some_and(|e| e == "rs");
            if is_rs && !generated.contains(&path) && has_banner(&path)? {
                stale.push(path);
            }
        }
    }
    stale.sort();
    Ok(stale)
}

/// Whether the file starts with the banner: only then did entgen write it.
fn has_banner(path: &Path) -> std::io::Result<bool> {
    if !path.is_file() {
        return Ok(false);
    }
    let contents = std::fs::read(path).map_err(|e| named(e, path))?;
    Ok(contents.starts_with(BANNER.as_bytes()))
}

/// The error with the path it concerns (io errors do not say which file).
fn named(error: std::io::Error, path: &Path) -> std::io::Error {
    std::io::Error::new(error.kind(), format!("{}: {error}", path.display()))
}
