//! Migration directories, compatible with Atlas (`ariga.io/atlas/sql/migrate`,
//! `sql/sqltool`): the `atlas.sum` integrity file, statement splitting and directives, the
//! directory formats (Atlas, golang-migrate, goose, flyway, liquibase, dbmate, sql-migrate,
//! templates),
//! writing a [`Plan`](crate::plan::Plan) as files, and reading files back for `apply`.
//!
//! One idea per module: [`sum`] (the hash file), [`split`] (statements), [`directive`]
//! (`atlas:` comments), [`format`] (formats and names), [`detect`] (the format files show),
//! [`listing`] (which files count), [`writer`] (plan → files), [`liquibase`] (the master
//! changelog), [`reader`] (files → statements), [`version`] (new versions) and
//! [`local`] (the directory on disk).

#![warn(missing_docs)]

pub mod detect;
pub mod directive;
pub mod error;
pub mod format;
pub mod liquibase;
pub mod listing;
pub mod local;
pub mod reader;
pub mod split;
pub mod sum;
pub mod version;
pub mod writer;

pub use directive::{FileDirectives, NoLint, TxMode};
pub use error::DirError;
pub use format::{Format, SumConvention, Template};
pub use local::MigrationDir;
pub use reader::MigrationFile;
pub use split::{ScanOptions, SplitError, Stmt, split};
pub use sum::{
    ChangeKind, HashFile, SUM_FILE_NAME, SumChange, SumCheck, SumDiff, SumEntry, partial_hashes,
};
pub use version::{NewVersion, utc_timestamp};
pub use writer::{GeneratedFile, WriteOptions, render};
