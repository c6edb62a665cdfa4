//! `migrate status`: what is applied, what is pending, and the file that failed part way.

use crate::dir::MigrationFile;

use super::db::Db;
use super::error::ExecError;
use super::pending::{ExecOrder, pending};
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
    /// Pending files older than the last applied one (see [`ExecOrder`]).
    pub out_of_order: Vec<usize>,
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

/// Pure part of [`status`]. Files older than the last applied one are listed as out of order
/// (and are the problem) rather than refused, so the rest of the report still shows.
pub fn compare(
    files: &[MigrationFile],
    history: &[(String, Vec<u8>)],
    revisions: Vec<Revision>,
) -> Status {
    match pending(files, history, &revisions, None, ExecOrder::LinearSkip) {
        Ok(p) => {
            let problem = p.out_of_order.last().map(|_| {
                let last = p.applied.last().map_or(0, |(i, _)| *i);
                ExecError::NonLinear {
                    files: p
                        .out_of_order
                        .iter()
                        .map(|&i| files[i].name.clone())
                        .collect(),
                    last: files[last].name.clone(),
                }
            });
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
                out_of_order: p.out_of_order,
                problem,
                revisions,
            }
        }
        Err(problem) => {
            // Only files that ran to their end count as applied.
            let applied = files
                .iter()
                .enumerate()
                .filter_map(|(i, f)| {
                    revisions
                        .iter()
                        .find(|r| r.version == f.version && r.is_complete())
                        .map(|r| (i, r.clone()))
                })
                .collect();
            Status {
                applied,
                pending: Vec::new(),
                partial: None,
                out_of_order: Vec::new(),
                problem: Some(problem),
                revisions,
            }
        }
    }
}
