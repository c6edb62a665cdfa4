//! `entgen migrate` commands that work on a migration directory and, for `apply` and `status`,
//! a live database: `hash`, `validate`, `new`, `apply`, `status`, `lint`. Each command's logic
//! is here and returns text and an exit code; `cli/migrate.rs` parses flags and prints. The
//! directory layer is `entgen_runtime::dir`, the database side `entgen_runtime::exec`.

pub mod apply;
pub mod diff;
pub mod directory;
pub mod hash;
pub mod lint;
pub mod new;
pub mod sql;
pub mod status;
pub mod validate;

use std::fmt;

use crate::cli::exit;

/// A command that stopped, in cargo's `CliError` shape: the error with its chain of causes (the
/// libraries' `thiserror` types as sources), and the exit code.
#[derive(Debug)]
pub struct CliError {
    /// What went wrong, naming the file or object and how to fix it.
    pub error: anyhow::Error,
    /// 1 (invalid input, failed check) or 2 (usage, runtime failure).
    pub exit_code: i32,
}

impl CliError {
    /// Invalid input or a failed check (exit 1).
    pub fn invalid(message: impl fmt::Display + fmt::Debug + Send + Sync + 'static) -> CliError {
        CliError::new(anyhow::Error::msg(message), exit::INVALID)
    }

    /// Usage error or runtime failure (exit 2).
    pub fn runtime(message: impl fmt::Display + fmt::Debug + Send + Sync + 'static) -> CliError {
        CliError::new(anyhow::Error::msg(message), exit::FAILURE)
    }

    /// A runtime failure (exit 2) that keeps the error's causes (a library error, or one with
    /// `anyhow`'s `context`), printed as `caused by:` lines.
    pub fn failed(error: impl Into<anyhow::Error>) -> CliError {
        CliError::new(error.into(), exit::FAILURE)
    }

    fn new(error: anyhow::Error, exit_code: i32) -> CliError {
        CliError { error, exit_code }
    }
}

/// `1.234ms`, `12.3ms`, `1.52s`: short and readable.
pub fn format_duration(d: std::time::Duration) -> String {
    let us = d.as_micros();
    if us < 1_000 {
        format!("{us}µs")
    } else if us < 10_000 {
        format!("{:.3}ms", us as f64 / 1_000.0)
    } else if us < 1_000_000 {
        format!("{:.1}ms", us as f64 / 1_000.0)
    } else {
        format!("{:.2}s", d.as_secs_f64())
    }
}
