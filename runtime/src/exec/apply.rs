//! `migrate apply`: take the lock, read the revisions, run the pending files, record each one
//! (Atlas `Executor.ExecuteN`).
//!
//! Transactions (`--tx-mode`, `-- atlas:txmode`):
//! - `file` (default): each file in its own transaction with its revision row; a failing file
//!   is rolled back and its error is then recorded (applied = 0) so that `status` shows it and
//!   the next run retries the whole file.
//! - `none`: no transaction; the revision row is updated after every statement, so a failure
//!   leaves the applied statements recorded and the next run resumes at the failed statement.
//! - `all`: one transaction for every pending file; a failure rolls everything back and nothing
//!   is recorded.
//!
//! MySQL commits each DDL statement on its own, so no transaction can undo a file there: every
//! file runs as `none` does (the progress recorded after each statement, a failure leaving a
//! partial revision that `status` shows and the next run resumes, as Atlas leaves it), and
//! `all` is refused.

use std::time::{Duration, Instant, SystemTime};

use crate::dialect::Dialect;
use crate::dir::{MigrationFile, Stmt, TxMode, partial_hashes};

use super::db::{Db, SqlError};
use super::error::{ExecError, StatementFailure};
use super::pending::{ExecOrder, Pending, PendingFile, pending};
use super::revision::{Revision, TYPE_BASELINE, TYPE_EXECUTE};

/// Options of `migrate apply`.
#[derive(Debug, Clone)]
pub struct ApplyOptions {
    /// Run at most this many files.
    pub amount: Option<usize>,
    /// Print what would run; change nothing.
    pub dry_run: bool,
    /// Apply on a database that has objects but no revisions.
    pub allow_dirty: bool,
    /// On a database without revisions, record this version as applied and run what follows.
    pub baseline: Option<String>,
    /// Global transaction mode.
    pub tx_mode: TxMode,
    /// What to do with pending files older than the last applied one.
    pub exec_order: ExecOrder,
    /// How long to wait for the migration lock.
    pub lock_timeout: Duration,
    /// Written to `operator_version`, e.g. `entgen v0.1.0`.
    pub operator_version: String,
}

impl Default for ApplyOptions {
    fn default() -> Self {
        ApplyOptions {
            amount: None,
            dry_run: false,
            allow_dirty: false,
            baseline: None,
            tx_mode: TxMode::File,
            exec_order: ExecOrder::Linear,
            lock_timeout: Duration::from_secs(10),
            operator_version: format!("entgen v{}", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// Progress, reported as it happens.
#[derive(Debug)]
pub enum Event<'a> {
    /// `--baseline`: this file was recorded as applied without running.
    Baseline(&'a MigrationFile),
    /// A file starts; `from` > 0 when resuming, `tx` is its transaction mode.
    FileStart {
        /// The file.
        file: &'a MigrationFile,
        /// First statement run.
        from: usize,
        /// Transaction mode used.
        tx: TxMode,
    },
    /// `--dry-run`: a statement that would run.
    Statement {
        /// The file.
        file: &'a MigrationFile,
        /// The statement.
        stmt: &'a Stmt,
    },
    /// A file finished.
    FileDone {
        /// The file.
        file: &'a MigrationFile,
        /// Statements run.
        statements: usize,
        /// Time taken.
        elapsed: Duration,
    },
}

/// What `apply` did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplySummary {
    /// Files run (or that would run, with `--dry-run`).
    pub files: usize,
    /// Statements run.
    pub statements: usize,
    /// Pending files before the run.
    pub pending: usize,
    /// The version of the last file applied before this run.
    pub from_version: Option<String>,
    /// The version of the last file run now.
    pub to_version: Option<String>,
    /// Total time.
    pub elapsed: Duration,
}

/// Applies the pending files of a directory. `files` are the directory's migrations in
/// execution order (split with [`Db::scan_options`]); `history` is its `atlas.sum` input (names
/// and bytes in hashing order). Validate `atlas.sum` before calling.
pub fn apply(
    db: &mut Db,
    files: &[MigrationFile],
    history: &[(String, Vec<u8>)],
    opts: &ApplyOptions,
    on: &mut dyn FnMut(Event<'_>),
) -> Result<ApplySummary, ExecError> {
    if opts.baseline.is_some() && opts.allow_dirty {
        return Err(ExecError::BaselineAndAllowDirty);
    }
    if opts.tx_mode == TxMode::All && !transactional_ddl(db.dialect()) {
        return Err(ExecError::TxModeUnsupported {
            dialect: db.dialect(),
        });
    }
    db.lock(opts.lock_timeout)?;
    let result = locked(db, files, history, opts, on);
    db.unlock();
    result
}

fn locked(
    db: &mut Db,
    files: &[MigrationFile],
    history: &[(String, Vec<u8>)],
    opts: &ApplyOptions,
    on: &mut dyn FnMut(Event<'_>),
) -> Result<ApplySummary, ExecError> {
    let started = Instant::now();
    let revisions = db.revisions()?;
    let mut plan: Pending = pending(
        files,
        history,
        &revisions,
        opts.baseline.as_deref(),
        opts.exec_order,
    )?;
    if plan.first_run
        && opts.baseline.is_none()
        && !opts.allow_dirty
        && let Some(found) = db.first_object()?
    {
        return Err(ExecError::Dirty { found });
    }
    if let Some(n) = opts.amount {
        plan.files.truncate(n);
    }
    if opts.tx_mode == TxMode::All
        && let Some(p) = plan
            .files
            .iter()
            .find(|p| files[p.index].directives.txmode == Some(TxMode::None))
    {
        return Err(ExecError::TxModeConflict {
            file: files[p.index].name.clone(),
            mode: "none".into(),
        });
    }
    let mut summary = ApplySummary {
        pending: plan.files.len(),
        from_version: plan
            .applied
            .iter()
            .rev()
            .find(|(_, r)| r.is_complete())
            .map(|(i, _)| files[*i].version.clone()),
        ..ApplySummary::default()
    };
    if opts.dry_run {
        if let Some(b) = plan.baseline {
            on(Event::Baseline(&files[b]));
        }
        for p in &plan.files {
            let file = &files[p.index];
            on(Event::FileStart {
                file,
                from: p.from,
                tx: tx_for(db.dialect(), opts.tx_mode, file),
            });
            for stmt in &file.statements[p.from..] {
                on(Event::Statement { file, stmt });
            }
            summary.files += 1;
            summary.statements += file.statements.len() - p.from;
            summary.to_version = Some(file.version.clone());
        }
        summary.elapsed = started.elapsed();
        return Ok(summary);
    }
    db.ensure_revisions_table()?;
    if let Some(b) = plan.baseline {
        let f = &files[b];
        let hash = history_hash(history, &f.name);
        db.write_revision(&Revision {
            version: f.version.clone(),
            description: f.description.clone(),
            kind: TYPE_BASELINE,
            applied: 0,
            total: 0,
            executed_at: SystemTime::now(),
            execution_time: Duration::ZERO,
            error: None,
            error_stmt: None,
            hash,
            partial_hashes: None,
            operator_version: opts.operator_version.clone(),
        })?;
        on(Event::Baseline(f));
    }
    if opts.tx_mode == TxMode::All && !plan.files.is_empty() {
        db.begin().map_err(|e| ExecError::Database {
            context: "cannot begin the transaction".into(),
            message: e.message,
        })?;
    }
    for p in &plan.files {
        let file = &files[p.index];
        let tx = tx_for(db.dialect(), opts.tx_mode, file);
        on(Event::FileStart {
            file,
            from: p.from,
            tx,
        });
        let t = Instant::now();
        let resumed = (p.index == plan.resumed_index())
            .then(|| plan.resumed.clone())
            .flatten();
        let run = run_file(db, file, p, tx, resumed.as_ref(), opts);
        if let Err(e) = run {
            if opts.tx_mode == TxMode::All {
                db.rollback();
            }
            return Err(e);
        }
        let elapsed = t.elapsed();
        summary.files += 1;
        summary.statements += file.statements.len() - p.from;
        summary.to_version = Some(file.version.clone());
        on(Event::FileDone {
            file,
            statements: file.statements.len() - p.from,
            elapsed,
        });
    }
    if opts.tx_mode == TxMode::All && !plan.files.is_empty() {
        db.execute("COMMIT").map_err(|e| ExecError::Database {
            context: "cannot commit the transaction of all files".into(),
            message: e.message,
        })?;
    }
    summary.elapsed = started.elapsed();
    Ok(summary)
}

impl Pending {
    fn resumed_index(&self) -> usize {
        match &self.resumed {
            Some(_) => self.files.first().map_or(usize::MAX, |f| f.index),
            None => usize::MAX,
        }
    }
}

/// The mode a file runs in: its own `atlas:txmode` unless the global mode is `all`; `none`
/// where DDL is not transactional (MySQL), since a file's transaction could not undo its DDL
/// and only per-statement progress tells what a failure left applied.
fn tx_for(dialect: Dialect, global: TxMode, file: &MigrationFile) -> TxMode {
    if !transactional_ddl(dialect) {
        return TxMode::None;
    }
    match (global, file.directives.txmode) {
        (TxMode::All, _) => TxMode::All,
        (_, Some(m)) => m,
        (g, None) => g,
    }
}

/// Whether a transaction can roll back DDL on this database.
fn transactional_ddl(dialect: Dialect) -> bool {
    match dialect {
        Dialect::Postgres | Dialect::Sqlite => true,
        Dialect::Mysql => false,
    }
}

fn history_hash(history: &[(String, Vec<u8>)], name: &str) -> String {
    use crate::dir::HashFile;
    use crate::dir::sum::SumInput;
    HashFile::compute(history.iter().map(|(n, b)| SumInput { name: n, bytes: b }))
        .hash_of(name)
        .unwrap_or("")
        .to_string()
}

/// The line of the culprit: the statement's line plus the newlines before the server's position.
fn error_line(stmt: &Stmt, e: &SqlError) -> usize {
    match e.position {
        Some(p) if p > 0 => {
            stmt.line + stmt.text.chars().take(p - 1).filter(|&c| c == '\n').count()
        }
        _ => stmt.line,
    }
}

fn run_file(
    db: &mut Db,
    file: &MigrationFile,
    p: &PendingFile,
    tx: TxMode,
    resumed: Option<&Revision>,
    opts: &ApplyOptions,
) -> Result<(), ExecError> {
    let total = file.statements.len();
    let started = Instant::now();
    let mut rev = Revision {
        version: file.version.clone(),
        description: file.description.clone(),
        kind: TYPE_EXECUTE,
        applied: p.from as i64,
        total: total as i64,
        executed_at: resumed.map_or_else(SystemTime::now, |r| r.executed_at),
        execution_time: Duration::ZERO,
        error: None,
        error_stmt: None,
        hash: p.hash.clone(),
        partial_hashes: None,
        operator_version: opts.operator_version.clone(),
    };
    let hashes = partial_hashes(file.statements.iter().map(|s| s.text.as_str()));
    let record_err = |e: ExecError| e;
    let fail = |db: &mut Db,
                rev: &mut Revision,
                stmt: &Stmt,
                e: SqlError,
                applied: usize,
                record: bool|
     -> ExecError {
        let mut recorded = false;
        if record {
            rev.applied = applied as i64;
            rev.execution_time = started.elapsed();
            rev.error = Some(e.message.clone());
            rev.error_stmt = Some(stmt.text.clone());
            rev.partial_hashes = (applied > 0).then(|| hashes[..applied].to_vec());
            recorded = db.write_revision(rev).is_ok();
        }
        ExecError::Statement(Box::new(StatementFailure {
            file: file.name.clone(),
            line: error_line(stmt, &e),
            statement: stmt.text.clone(),
            message: e.message,
            applied: if tx == TxMode::None { applied } else { 0 },
            total,
            recorded,
            rolled_back: tx != TxMode::None,
        }))
    };
    match tx {
        TxMode::File => {
            let stmts = &file.statements[p.from..];
            let Some((head, tail)) = stmts.split_first() else {
                rev.applied = total as i64;
                rev.execution_time = started.elapsed();
                return db.write_revision(&rev).map_err(record_err);
            };
            if let Err(e) = db.begin_with(&head.text) {
                db.rollback();
                return Err(fail(db, &mut rev, head, e, p.from, true));
            }
            for stmt in tail {
                if let Err(e) = db.execute(&stmt.text) {
                    db.rollback();
                    return Err(fail(db, &mut rev, stmt, e, p.from, true));
                }
            }
            rev.applied = total as i64;
            rev.execution_time = started.elapsed();
            if let Err(e) = db.write_revision_and_commit(&rev) {
                db.rollback();
                let commit = Stmt {
                    text: "COMMIT".into(),
                    offset: 0,
                    line: file.statements.last().map_or(1, |s| s.line),
                    comments: Vec::new(),
                };
                rev.applied = p.from as i64;
                return Err(fail(db, &mut rev, &commit, e, p.from, true));
            }
            Ok(())
        }
        TxMode::None => {
            rev.partial_hashes = (p.from > 0).then(|| hashes[..p.from].to_vec());
            db.write_revision(&rev)?;
            for (k, stmt) in file.statements.iter().enumerate().skip(p.from) {
                if let Err(e) = db.execute(&stmt.text) {
                    return Err(fail(db, &mut rev, stmt, e, k, true));
                }
                rev.applied = k as i64 + 1;
                rev.partial_hashes = Some(hashes[..=k].to_vec());
                rev.execution_time = started.elapsed();
                if k + 1 < total {
                    db.write_revision(&rev)?;
                }
            }
            rev.applied = total as i64;
            rev.partial_hashes = None;
            rev.execution_time = started.elapsed();
            db.write_revision(&rev)
        }
        TxMode::All => {
            for stmt in &file.statements[p.from..] {
                if let Err(e) = db.execute(&stmt.text) {
                    return Err(fail(db, &mut rev, stmt, e, p.from, false));
                }
            }
            rev.applied = total as i64;
            rev.execution_time = started.elapsed();
            db.write_revision(&rev)
        }
    }
}
