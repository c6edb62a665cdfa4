//! The values of flags that take one of a fixed set (`--dialect`, `--tx-mode`): enums clap
//! checks and lists in `--help`, mapped to the library's types (which know nothing of clap).
//! `--format` also takes `template:"<name template>"`, which no list can hold: clap checks it
//! with the runtime's own parser.

use clap::ValueEnum;
use entgen_runtime::dir::{Format, ScanOptions, TxMode};

use crate::graph::Dialect;

/// `--dialect`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DialectArg {
    #[value(alias = "postgresql", alias = "pg")]
    Postgres,
    #[value(alias = "sqlite3")]
    Sqlite,
    #[value(alias = "mariadb")]
    Mysql,
}

impl DialectArg {
    /// The dialect whose tables and DDL `entgen schema` prints.
    pub fn dialect(self) -> Dialect {
        match self {
            DialectArg::Postgres => Dialect::Postgres,
            DialectArg::Sqlite => Dialect::Sqlite,
            DialectArg::Mysql => Dialect::Mysql,
        }
    }

    /// The runtime's dialect (inspection, offline replay); `None` for one it does not have yet.
    pub fn runtime_dialect(self) -> Option<entgen_runtime::dialect::Dialect> {
        match self {
            DialectArg::Postgres => Some(entgen_runtime::dialect::Dialect::Postgres),
            DialectArg::Sqlite => Some(entgen_runtime::dialect::Dialect::Sqlite),
            DialectArg::Mysql => Some(entgen_runtime::dialect::Dialect::Mysql),
        }
    }

    /// The statement-splitting rules `entgen migrate lint` reads files with.
    pub fn scan_options(self) -> ScanOptions {
        match self {
            DialectArg::Postgres => ScanOptions::POSTGRES,
            DialectArg::Sqlite => ScanOptions::SQLITE,
            DialectArg::Mysql => ScanOptions::MYSQL,
        }
    }
}

/// `--tx-mode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TxModeArg {
    /// One transaction per file.
    File,
    /// One transaction for the whole run.
    All,
    /// No transaction: each statement commits on its own.
    None,
}

impl From<TxModeArg> for TxMode {
    fn from(mode: TxModeArg) -> TxMode {
        match mode {
            TxModeArg::File => TxMode::File,
            TxModeArg::All => TxMode::All,
            TxModeArg::None => TxMode::None,
        }
    }
}

/// Checks a `--format` value as the directory layer will read it, so that a bad one is a usage
/// error naming the flag before anything runs.
pub fn format(value: &str) -> Result<String, String> {
    value
        .parse::<Format>()
        .map(|_| value.to_owned())
        .map_err(|e| e.to_string())
}
