//! `migrate status`: what is applied, what is pending, and the file that failed part way.

use crate::dir::MigrationFile;

use super::db::Db;
use super::error::ExecError;
use super::pending::pending;
use super::revision::{CLOUD_IDENTIFIER, Revision};

/// The state of a database against a directory.
#[derive(Debug)]
pub struct Status {
    /// Revisions, by version (baselines included).
    pub revisions: Vec<Revision>,
    /// Applied files: index into the files and the revision.
    pub applied: Vec<(usize, Revision)>,
    /// Files still to run (the partially applied one first), by index.
    pub pending: Vec<usize>,
    /// The file that stopped part way, with its revision (error, failing statement).
    pub partial: Option<(usize, Revision)>,
    /// Why the directory and the database disagree (edited applied file, …), if they do.
    pub problem: Option<ExecError>,
}

/// Reads the revisions and compares them with the directory; no lock, nothing written.
pub fn status(
    db: &mut Db,
    files: &[MigrationFile],
    history: &[(String, Vec<u8>)],
) -> Result<Status, ExecError> {
    let revisions: Vec<Revision> = db
        .revisions()?
        .into_iter()
        .filter(|r| r.version != CLOUD_IDENTIFIER)
        .collect();
    Ok(compare(files, history, revisions))
}

/// Pure part of [`status`].
pub fn compare(
    files: &[MigrationFile],
    history: &[(String, Vec<u8>)],
    revisions: Vec<Revision>,
) -> Status {
    match pending(files, history, &revisions, None) {
        Ok(p) => {
            let partial = p
                .resumed
                .as_ref()
                .and_then(|r| p.files.first().map(|f| (f.index, r.clone())));
            Status {
                applied: p
                    .applied
                    .iter()
                    .filter(|(i, r)| {
                        partial.as_ref().is_none_or(|(pi, _)| pi != i) && r.is_complete()
                    })
                    .cloned()
                    .collect(),
                pending: p.files.iter().map(|f| f.index).collect(),
                partial,
                problem: None,
                revisions,
            }
        }
        Err(problem) => {
            let applied = files
                .iter()
                .enumerate()
                .filter_map(|(i, f)| {
                    revisions
                        .iter()
                        .find(|r| r.version == f.version)
                        .map(|r| (i, r.clone()))
                })
                .collect();
            Status {
                applied,
                pending: Vec::new(),
                partial: None,
                problem: Some(problem),
                revisions,
            }
        }
    }
}
