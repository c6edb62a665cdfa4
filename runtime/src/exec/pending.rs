//! Pure: which files are pending, given the directory and the revisions table (Atlas
//! `Executor.Pending`), and whether the applied history still matches the files.
//!
//! Files are matched to revisions by version. A file counts as applied when it has a revision;
//! a file without one that sits before the last applied file is out of order, and the
//! [`ExecOrder`] decides (Atlas's `--exec-order`): refused, skipped, or run first. Applied files
//! are checked against the `atlas.sum` hash stored when they ran; since those hashes are
//! chained, an edited file is found by recomputing the chain over the files that were there
//! when the history was written.

use std::collections::HashMap;

use crate::dir::sum::SumInput;
use crate::dir::{HashFile, MigrationFile, partial_hashes};

use super::error::ExecError;
use super::revision::{CLOUD_IDENTIFIER, Revision, TYPE_BASELINE, TYPE_EXECUTE, TYPE_RESOLVED};

/// What to do with a pending file older than the last applied one (Atlas's `--exec-order`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExecOrder {
    /// Refuse to run anything, naming the files (the default).
    #[default]
    Linear,
    /// Leave such files out: they are never run.
    LinearSkip,
    /// Run them first, then the files after the last applied one.
    NonLinear,
}

impl std::str::FromStr for ExecOrder {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "linear" => Ok(ExecOrder::Linear),
            "linear-skip" => Ok(ExecOrder::LinearSkip),
            "non-linear" => Ok(ExecOrder::NonLinear),
            other => Err(format!(
                "unknown execution order {other:?}: expected linear, linear-skip or non-linear"
            )),
        }
    }
}

/// One file to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingFile {
    /// Index into the directory's files.
    pub index: usize,
    /// First statement to run (more than 0 when resuming a partially applied file).
    pub from: usize,
    /// The file's `atlas.sum` hash (empty when the file is left out of the sum).
    pub hash: String,
}

/// The outcome of [`pending`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pending {
    /// Files to run, in order.
    pub files: Vec<PendingFile>,
    /// `--baseline`: the file to record as a baseline revision before running anything.
    pub baseline: Option<usize>,
    /// No revision exists yet (the clean-database check applies).
    pub first_run: bool,
    /// Files already applied (with their revision), in file order.
    pub applied: Vec<(usize, Revision)>,
    /// The revision of the partially applied file being resumed.
    pub resumed: Option<Revision>,
    /// Pending files older than the last applied one (run or skipped per [`ExecOrder`]).
    pub out_of_order: Vec<usize>,
}

/// Computes the pending files.
///
/// `history` is the directory's `atlas.sum` input (names and bytes, in hashing order);
/// `files` are the migrations in execution order.
pub fn pending(
    files: &[MigrationFile],
    history: &[(String, Vec<u8>)],
    revisions: &[Revision],
    baseline: Option<&str>,
    order: ExecOrder,
) -> Result<Pending, ExecError> {
    let sum = HashFile::compute(history.iter().map(|(n, b)| SumInput { name: n, bytes: b }));
    let hash_of = |i: usize| sum.hash_of(&files[i].name).unwrap_or("").to_string();
    let revs: Vec<&Revision> = revisions
        .iter()
        .filter(|r| r.version != CLOUD_IDENTIFIER)
        .collect();
    let mut out = Pending::default();
    if revs.is_empty() {
        out.first_run = true;
        let start = match baseline {
            Some(b) => {
                let idx = files
                    .iter()
                    .position(|f| f.version == b)
                    .ok_or_else(|| ExecError::BaselineNotFound(b.to_string()))?;
                out.baseline = Some(idx);
                idx + 1
            }
            None => files.iter().rposition(|f| f.is_checkpoint()).unwrap_or(0),
        };
        out.files = (start..files.len())
            .map(|index| PendingFile {
                index,
                from: 0,
                hash: hash_of(index),
            })
            .collect();
        return Ok(out);
    }
    let mut by_version: HashMap<&str, usize> = HashMap::new();
    for (i, f) in files.iter().enumerate() {
        by_version.entry(f.version.as_str()).or_insert(i);
    }
    let mut rev_of: Vec<Option<&Revision>> = vec![None; files.len()];
    for r in &revs {
        match by_version.get(r.version.as_str()) {
            Some(&i) => rev_of[i] = Some(r),
            None => {
                return Err(ExecError::MissingFile {
                    version: r.version.clone(),
                    description: r.description.clone(),
                });
            }
        }
    }
    let first = rev_of.iter().position(Option::is_some).unwrap_or(0);
    let last = rev_of.iter().rposition(Option::is_some).unwrap_or(0);
    check_history(files, history, &sum, &rev_of, first)?;
    out.out_of_order = (first..last)
        .filter(|&i| rev_of[i].is_none() && !files[i].is_checkpoint())
        .collect();
    if order == ExecOrder::Linear && !out.out_of_order.is_empty() {
        return Err(ExecError::NonLinear {
            files: out
                .out_of_order
                .iter()
                .map(|&i| files[i].name.clone())
                .collect(),
            last: files[last].name.clone(),
        });
    }
    out.applied = rev_of
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.map(|r| (i, r.clone())))
        .collect();
    let last_rev = rev_of[last].unwrap_or_else(|| unreachable!("last has a revision"));
    if last_rev.is_partial() {
        let file = &files[last];
        let from = usize::try_from(last_rev.applied).unwrap_or(0);
        if from > file.statements.len() {
            return Err(ExecError::HistoryChanged {
                file: file.name.clone(),
                detail: format!(
                    "{from} statement(s) were applied but the file now has {}",
                    file.statements.len()
                ),
            });
        }
        if from > 0 {
            let now = partial_hashes(file.statements[..from].iter().map(|s| s.text.as_str()));
            let recorded = last_rev.partial_hashes.clone().unwrap_or_default();
            if recorded.len() >= from && recorded[..from] != now[..] {
                let at = (0..from).find(|&k| recorded[k] != now[k]).unwrap_or(0);
                return Err(ExecError::HistoryChanged {
                    file: file.name.clone(),
                    detail: format!(
                        "statement {} at line {} was already applied and has changed",
                        at + 1,
                        file.statements[at].line
                    ),
                });
            }
        }
        out.resumed = Some(last_rev.clone());
        out.files.push(PendingFile {
            index: last,
            from,
            hash: hash_of(last),
        });
    }
    if order == ExecOrder::NonLinear {
        out.files
            .extend(out.out_of_order.iter().map(|&index| PendingFile {
                index,
                from: 0,
                hash: hash_of(index),
            }));
    }
    out.files.extend(
        (last + 1..files.len())
            .filter(|&i| !files[i].is_checkpoint())
            .map(|index| PendingFile {
                index,
                from: 0,
                hash: hash_of(index),
            }),
    );
    Ok(out)
}

/// Refuses a history whose applied files changed, naming the first edited one.
///
/// A file's recorded hash is the chain over the files in the directory when it ran. That is
/// the whole directory up to it, unless files were added before it since: then it is the chain
/// over the files applied no later than it (and those before the first applied one), which also
/// covers files that `--exec-order non-linear` ran after it.
fn check_history(
    files: &[MigrationFile],
    history: &[(String, Vec<u8>)],
    sum: &HashFile,
    rev_of: &[Option<&Revision>],
    first: usize,
) -> Result<(), ExecError> {
    let checked = |r: &Revision| {
        r.kind & (TYPE_EXECUTE | TYPE_RESOLVED) != 0
            && r.kind & TYPE_BASELINE == 0
            && r.is_complete()
            && !r.hash.is_empty()
    };
    let index_of: HashMap<&str, usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.name.as_str(), i))
        .collect();
    // The chain as it was when the file with revision `at` ran.
    let chain_then = |at: &Revision| {
        let kept = history
            .iter()
            .filter(|(n, _)| match index_of.get(n.as_str()) {
                Some(&i) => i < first || rev_of[i].is_some_and(|r| r.executed_at <= at.executed_at),
                None => true,
            })
            .map(|(n, b)| SumInput { name: n, bytes: b });
        HashFile::compute(kept)
    };
    for (i, file) in files.iter().enumerate() {
        let Some(r) = rev_of[i].filter(|r| checked(r)) else {
            continue;
        };
        if sum.hash_of(&file.name).is_none_or(|h| h == r.hash) {
            continue;
        }
        if chain_then(r).hash_of(&file.name) == Some(r.hash.as_str()) {
            continue;
        }
        let detail = if i == first && first > 0 {
            "its atlas.sum hash differs from the one recorded when it ran; a file before it may have been edited instead"
        } else {
            "its atlas.sum hash differs from the one recorded when it ran"
        };
        return Err(ExecError::HistoryChanged {
            file: file.name.clone(),
            detail: detail.to_string(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::time::{Duration, SystemTime};

    use super::*;
    use crate::dir::reader::parse_file;
    use crate::dir::{Format, ScanOptions};

    fn dir(files: &[(&str, &str)]) -> (Vec<MigrationFile>, Vec<(String, Vec<u8>)>) {
        let parsed = files
            .iter()
            .map(|(n, c)| {
                parse_file(
                    &Format::Atlas,
                    n,
                    c.as_bytes(),
                    &ScanOptions::POSTGRES,
                    Path::new(n),
                )
                .unwrap()
            })
            .collect();
        let history = files
            .iter()
            .map(|(n, c)| (n.to_string(), c.as_bytes().to_vec()))
            .collect();
        (parsed, history)
    }

    fn applied(files: &[(&str, &str)]) -> Vec<Revision> {
        let (parsed, history) = dir(files);
        let sum = HashFile::compute(history.iter().map(|(n, b)| SumInput { name: n, bytes: b }));
        parsed
            .iter()
            .map(|f| Revision {
                version: f.version.clone(),
                description: f.description.clone(),
                kind: TYPE_EXECUTE,
                applied: f.statements.len() as i64,
                total: f.statements.len() as i64,
                executed_at: SystemTime::UNIX_EPOCH,
                execution_time: Duration::ZERO,
                error: None,
                error_stmt: None,
                hash: sum.hash_of(&f.name).unwrap().to_string(),
                partial_hashes: None,
                operator_version: "test".into(),
            })
            .collect()
    }

    const A: (&str, &str) = ("1_a.sql", "CREATE TABLE a (id int);\n");
    const B: (&str, &str) = ("2_b.sql", "CREATE TABLE b (id int);\n");
    const C: (&str, &str) = ("3_c.sql", "CREATE TABLE c (id int);\n");

    #[test]
    fn first_run_and_later_runs() {
        let (files, history) = dir(&[A, B, C]);
        let p = pending(&files, &history, &[], None, ExecOrder::Linear).unwrap();
        assert!(p.first_run);
        assert_eq!(p.files.len(), 3);
        let revs = applied(&[A, B]);
        let p = pending(&files, &history, &revs, None, ExecOrder::Linear).unwrap();
        assert_eq!(p.files.iter().map(|f| f.index).collect::<Vec<_>>(), [2]);
        let p = pending(&files, &history, &[], Some("2"), ExecOrder::Linear).unwrap();
        assert_eq!(p.baseline, Some(1));
        assert_eq!(p.files.len(), 1);
        assert!(matches!(
            pending(&files, &history, &[], Some("9"), ExecOrder::Linear),
            Err(ExecError::BaselineNotFound(_))
        ));
    }

    #[test]
    fn edited_applied_file_is_named() {
        let revs = applied(&[A, B]);
        let (files, history) = dir(&[A, ("2_b.sql", "CREATE TABLE b (id bigint);\n"), C]);
        match pending(&files, &history, &revs, None, ExecOrder::Linear) {
            Err(ExecError::HistoryChanged { file, .. }) => assert_eq!(file, "2_b.sql"),
            other => panic!("{other:?}"),
        }
        let (files, history) = dir(&[("1_a.sql", "CREATE TABLE a (x int);\n"), B, C]);
        match pending(&files, &history, &revs, None, ExecOrder::Linear) {
            Err(ExecError::HistoryChanged { file, .. }) => assert_eq!(file, "1_a.sql"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn files_added_before_applied_ones_are_refused() {
        let revs = applied(&[A, C]);
        let (files, history) = dir(&[A, B, C]);
        match pending(&files, &history, &revs, None, ExecOrder::Linear) {
            Err(ExecError::NonLinear { files, last }) => {
                assert_eq!(files, ["2_b.sql"]);
                assert_eq!(last, "3_c.sql");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn exec_order_skips_or_runs_out_of_order_files() {
        let revs = applied(&[A, C]);
        let (files, history) = dir(&[A, B, C, ("4_d.sql", "CREATE TABLE d (id int);\n")]);
        let p = pending(&files, &history, &revs, None, ExecOrder::LinearSkip).unwrap();
        assert_eq!(p.out_of_order, [1]);
        assert_eq!(p.files.iter().map(|f| f.index).collect::<Vec<_>>(), [3]);
        let p = pending(&files, &history, &revs, None, ExecOrder::NonLinear).unwrap();
        assert_eq!(p.files.iter().map(|f| f.index).collect::<Vec<_>>(), [1, 3]);
        // After the non-linear run, C's recorded hash (without B) is still accepted.
        let (_, with_b) = dir(&[A, B, C]);
        let sum = HashFile::compute(with_b.iter().map(|(n, b)| SumInput { name: n, bytes: b }));
        let mut revs = revs;
        let mut b_rev = applied(&[A, B])[1].clone();
        b_rev.hash = sum.hash_of("2_b.sql").unwrap().to_string();
        b_rev.executed_at = SystemTime::UNIX_EPOCH + Duration::from_secs(10);
        revs.push(b_rev);
        let p = pending(&files, &history, &revs, None, ExecOrder::Linear).unwrap();
        assert!(p.out_of_order.is_empty());
        assert_eq!(p.files.iter().map(|f| f.index).collect::<Vec<_>>(), [3]);
    }

    #[test]
    fn missing_applied_file_is_refused() {
        let revs = applied(&[A, B]);
        let (files, history) = dir(&[A, C]);
        assert!(matches!(
            pending(&files, &history, &revs, None, ExecOrder::Linear),
            Err(ExecError::MissingFile { .. })
        ));
    }

    #[test]
    fn partial_file_resumes_and_checks_applied_statements() {
        let two = (
            "2_b.sql",
            "CREATE TABLE b (id int);\nCREATE TABLE b2 (id int);\n",
        );
        let (files, history) = dir(&[A, two]);
        let mut revs = applied(&[A, two]);
        revs[1].applied = 1;
        revs[1].error = Some("boom".into());
        revs[1].partial_hashes = Some(partial_hashes(["CREATE TABLE b (id int);"]));
        let p = pending(&files, &history, &revs, None, ExecOrder::Linear).unwrap();
        assert_eq!(
            p.files,
            [PendingFile {
                index: 1,
                from: 1,
                hash: p.files[0].hash.clone()
            }]
        );
        let (files, history) = dir(&[
            A,
            (
                "2_b.sql",
                "CREATE TABLE bb (id int);\nCREATE TABLE b2 (id int);\n",
            ),
        ]);
        assert!(matches!(
            pending(&files, &history, &revs, None, ExecOrder::Linear),
            Err(ExecError::HistoryChanged { .. })
        ));
    }

    #[test]
    fn first_run_starts_at_the_last_checkpoint_and_later_runs_skip_checkpoints() {
        let ck = (
            "2_ck.sql",
            "-- atlas:checkpoint\n\nCREATE TABLE a (id int);\nCREATE TABLE b (id int);\n",
        );
        let (files, history) = dir(&[A, B, ck, C]);
        assert!(files[2].is_checkpoint());
        let p = pending(&files, &history, &[], None, ExecOrder::Linear).unwrap();
        assert_eq!(p.files.iter().map(|f| f.index).collect::<Vec<_>>(), [2, 3]);
        // A database that ran 1 and 2 without the checkpoint never runs it.
        let revs = applied(&[A, B]);
        let p = pending(&files, &history, &revs, None, ExecOrder::Linear).unwrap();
        assert_eq!(p.files.iter().map(|f| f.index).collect::<Vec<_>>(), [3]);
    }
}
