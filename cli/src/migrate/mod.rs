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

use crate::cli::exit;

/// A command that stopped: what to print and the exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// 1 (invalid input, failed check) or 2 (usage, runtime failure).
    pub code: i32,
    /// The message, naming the file or object and how to fix it.
    pub message: String,
}

impl Failure {
    /// Invalid input or a failed check (exit 1).
    pub fn invalid(message: impl Into<String>) -> Failure {
        Failure {
            code: exit::INVALID,
            message: message.into(),
        }
    }

    /// Usage error or runtime failure (exit 2).
    pub fn runtime(message: impl Into<String>) -> Failure {
        Failure {
            code: exit::FAILURE,
            message: message.into(),
        }
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
