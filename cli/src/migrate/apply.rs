//! `entgen migrate apply`: validate the directory, connect, run the pending files through
//! `entgen_runtime::exec::apply`, one line per file with its timing.

use std::path::PathBuf;
use std::time::Duration;

use entgen_runtime::dir::{MigrationFile, TxMode};
use entgen_runtime::exec::{self, ApplyOptions, ConnectOptions, Db, Event, ExecError};

use super::directory::{dir_failure, history, open, sum_problem};
use super::{CliError, format_duration};
use crate::cli::Printer;

/// What `apply` was asked.
#[derive(Debug, Clone)]
pub struct Request {
    /// The migration directory.
    pub dir: PathBuf,
    /// `--format`.
    pub format: Option<String>,
    /// `--url`.
    pub url: String,
    /// `--revisions-schema`.
    pub revisions_schema: Option<String>,
    /// The engine options.
    pub options: ApplyOptions,
}

/// Maps an engine error to a failure: refusals of the directory or database state are failed
/// checks (1); connection, lock and statement failures are runtime failures (2).
pub fn exec_failure(e: ExecError) -> CliError {
    match e {
        ExecError::Dir(d) => dir_failure(&d),
        ExecError::HistoryChanged { .. }
        | ExecError::MissingFile { .. }
        | ExecError::NonLinear { .. }
        | ExecError::Dirty { .. }
        | ExecError::BaselineNotFound(_)
        | ExecError::TxModeConflict { .. }
        | ExecError::TxModeUnsupported { .. } => CliError::invalid(e.to_string()),
        ExecError::BaselineAndAllowDirty | ExecError::Url { .. } => {
            CliError::runtime(e.to_string())
        }
        ExecError::Statement(ref f) => {
            let mut msg = e.to_string();
            if f.applied == 0 && !f.recorded {
                msg.push_str(
                    "\n(with --tx-mode all every file of this run was rolled back and nothing was recorded)",
                );
            }
            CliError::runtime(msg)
        }
        _ => CliError::failed(e),
    }
}

/// A connected database with the directory's files and `atlas.sum` input.
pub type Prepared = (Db, Vec<MigrationFile>, Vec<(String, Vec<u8>)>);

/// Opens the directory (refusing a mismatched `atlas.sum`), connects, and reads the files with
/// the database's splitting rules.
pub fn prepare(
    dir: &std::path::Path,
    format: Option<&str>,
    url: &str,
    connect: &ConnectOptions,
) -> Result<Prepared, CliError> {
    let md = open(dir, format)?;
    if let Some(problem) = sum_problem(&md)? {
        return Err(CliError::invalid(problem));
    }
    let db = Db::connect(url, connect).map_err(exec_failure)?;
    let files = md
        .migrations(&db.scan_options())
        .map_err(|e| dir_failure(&e))?;
    let history = history(&md)?;
    Ok((db, files, history))
}

fn tx_label(tx: TxMode) -> &'static str {
    match tx {
        TxMode::File => "",
        TxMode::None => ", no transaction",
        TxMode::All => ", shared transaction",
    }
}

/// Runs `migrate apply`, printing one line per file; returns the exit code.
pub fn run(req: &Request, printer: &Printer) -> Result<(), CliError> {
    let connect = ConnectOptions {
        revisions_schema: req.revisions_schema.clone(),
        create: !req.options.dry_run,
    };
    let (mut db, files, history) = prepare(&req.dir, req.format.as_deref(), &req.url, &connect)?;
    if db.is_memory() {
        printer.status(
            "note: sqlite::memory: is a private database that disappears when entgen exits; nothing will persist",
        );
    }
    let dry = req.options.dry_run;
    let mut on = |event: Event<'_>| match event {
        Event::Baseline(f) => printer.output(&format!(
            "{} {} (version {}) as baseline: not run\n",
            if dry { "would mark" } else { "marked" },
            f.name,
            f.version
        )),
        Event::FileStart { file, from, tx } if dry => {
            let resume = if from > 0 {
                format!(", resuming at statement {}", from + 1)
            } else {
                String::new()
            };
            printer.output(&format!(
                "-- {} (version {}, {} statement(s){resume}{})\n",
                file.name,
                file.version,
                file.statements.len() - from,
                tx_label(tx)
            ));
        }
        Event::FileStart { .. } => {}
        Event::Statement { stmt, .. } => printer.output(&format!("{}\n", stmt.text)),
        Event::FileDone {
            file,
            statements,
            elapsed,
        } => printer.output(&format!(
            "applied {} ({statements} statement(s)) in {}\n",
            file.name,
            format_duration(elapsed)
        )),
    };
    let summary =
        exec::apply(&mut db, &files, &history, &req.options, &mut on).map_err(exec_failure)?;
    let at = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".into());
    if summary.files == 0 {
        printer.status(&format!(
            "no pending migration files; {} is at version {}",
            db.masked_url(),
            at(&summary.from_version)
        ));
    } else if dry {
        printer.status(&format!(
            "dry run: {} file(s), {} statement(s) would run on {} (version {} -> {}); nothing was changed",
            summary.files,
            summary.statements,
            db.masked_url(),
            at(&summary.from_version),
            at(&summary.to_version)
        ));
    } else {
        let per_file = summary.elapsed / u32::try_from(summary.files).unwrap_or(u32::MAX);
        printer.status(&format!(
            "applied {} file(s), {} statement(s) on {} (version {} -> {}) in {} ({} per file)",
            summary.files,
            summary.statements,
            db.masked_url(),
            at(&summary.from_version),
            at(&summary.to_version),
            format_duration(summary.elapsed),
            format_duration(per_file.max(Duration::ZERO))
        ));
    }
    Ok(())
}
