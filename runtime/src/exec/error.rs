//! Why applying a migration directory stopped. Every message names the file, version or object
//! at fault and says what to do; URLs in messages have their password masked.

use std::time::Duration;

use crate::dir::DirError;

/// A statement that failed, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementFailure {
    /// The migration file (relative name).
    pub file: String,
    /// 1-based line of the statement in the file.
    pub line: usize,
    /// The statement text.
    pub statement: String,
    /// The database's message.
    pub message: String,
    /// Statements of the file that are applied and stay applied (none in a transaction).
    pub applied: usize,
    /// Statements in the file.
    pub total: usize,
    /// Whether the error was recorded in the revisions table.
    pub recorded: bool,
    /// Whether the file ran in a transaction, rolled back by the failure.
    pub rolled_back: bool,
}

/// Errors of `migrate apply` and `migrate status`.
#[derive(Debug, thiserror::Error)]
pub enum ExecError {
    /// The URL cannot be used.
    #[error("invalid database URL {url}: {reason}")]
    Url {
        /// The URL, password masked.
        url: String,
        /// Why.
        reason: String,
    },
    /// The database cannot be reached or opened.
    #[error("cannot connect to {url}: {message}")]
    Connect {
        /// The URL, password masked.
        url: String,
        /// The driver's message.
        message: String,
    },
    /// A query of the migration engine itself failed (revisions table, lock, inspection).
    #[error("{context}: {message}")]
    Database {
        /// What was being done.
        context: String,
        /// The driver's message.
        message: String,
    },
    /// The migration directory cannot be read.
    #[error(transparent)]
    Dir(#[from] DirError),
    /// Another process holds the migration lock.
    #[error(
        "could not acquire the migration lock within {timeout:?}: another `migrate apply` is running against this database (raise --lock-timeout to wait longer)"
    )]
    LockTimeout {
        /// How long we waited.
        timeout: Duration,
    },
    /// An applied file was changed after it ran.
    #[error(
        "migration file {file} was edited after it was applied ({detail}); restore it (e.g. `git checkout -- {file}`) and put the change in a new migration file"
    )]
    HistoryChanged {
        /// The file.
        file: String,
        /// What exactly differs.
        detail: String,
    },
    /// An applied file is gone from the directory.
    #[error(
        "version {version} ({description}) is applied but its migration file is missing from the directory; restore the file"
    )]
    MissingFile {
        /// The revision's version.
        version: String,
        /// The revision's description.
        description: String,
    },
    /// Pending files older than the last applied one.
    #[error(
        "migration file(s) {files} are out of order: pending, but older than the last applied file {last}; rename them so that they come after it, or pass --exec-order linear-skip to leave them out or --exec-order non-linear to run them",
        files = files.join(", ")
    )]
    NonLinear {
        /// The files that are out of order.
        files: Vec<String>,
        /// The last applied file.
        last: String,
    },
    /// The database has objects but no revisions.
    #[error(
        "the database is not clean: {found} exists but no migration was applied yet; pass --baseline VERSION to mark the files up to VERSION as applied, or --allow-dirty to apply every file anyway"
    )]
    Dirty {
        /// The first object found, e.g. `table "public.users"`.
        found: String,
    },
    /// `--baseline` names no file.
    #[error("--baseline {0}: no migration file has this version")]
    BaselineNotFound(String),
    /// `--baseline` and `--allow-dirty` together.
    #[error("--baseline and --allow-dirty cannot be used together")]
    BaselineAndAllowDirty,
    /// A file's `atlas:txmode` conflicts with `--tx-mode all`.
    #[error(
        "{file}: `-- atlas:txmode {mode}` cannot be honoured with --tx-mode all; drop the directive or use --tx-mode file"
    )]
    TxModeConflict {
        /// The file.
        file: String,
        /// Its txmode.
        mode: String,
    },
    /// `--tx-mode all` on a database whose DDL commits on its own (MySQL).
    #[error(
        "--tx-mode all cannot be honoured on {dialect}: each DDL statement commits on its own, so a failure could not roll back the files before it; use --tx-mode file (statement by statement there, the progress recorded after each)"
    )]
    TxModeUnsupported {
        /// The database's dialect.
        dialect: crate::dialect::Dialect,
    },
    /// A statement failed; the file stopped there.
    #[error("{}", describe_failure(.0))]
    Statement(Box<StatementFailure>),
}

fn describe_failure(f: &StatementFailure) -> String {
    let mut s = format!(
        "{}:{}: statement failed: {}\n    {}",
        f.file,
        f.line,
        f.message,
        f.statement.replace('\n', "\n    ")
    );
    if f.applied > 0 {
        s.push_str(&format!(
            "\n{} of {} statement(s) of {} stay applied (no transaction); fix the failing statement and apply again to resume",
            f.applied, f.total, f.file
        ));
    } else if f.rolled_back {
        s.push_str("\nthe file was rolled back; fix it (and rehash) and apply again");
    } else {
        s.push_str(&format!(
            "\nno statement of {} was applied (no transaction); fix it (and rehash) and apply again",
            f.file
        ));
    }
    if f.recorded {
        s.push_str("; the error is recorded in the revisions table (see `entgen migrate status`)");
    }
    s
}
