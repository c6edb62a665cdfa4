//! Errors of the migration-directory layer. Every message names the file or directory at fault.

use std::io;
use std::path::PathBuf;

use super::directive::DirectiveError;
use super::split::SplitError;
use super::sum::SumParseError;

/// Something wrong with a migration directory, one of its files, or a request to write one.
#[derive(Debug, thiserror::Error)]
pub enum DirError {
    /// The directory does not exist.
    #[error("migration directory {} does not exist", path.display())]
    NotFound {
        /// The directory.
        path: PathBuf,
    },
    /// The path exists but is a file.
    #[error("{} is not a directory", path.display())]
    NotADirectory {
        /// The path.
        path: PathBuf,
    },
    /// A name that should be a migration file is a directory or something else.
    #[error("{} is not a regular file", path.display())]
    NotAFile {
        /// The path.
        path: PathBuf,
    },
    /// Reading or writing failed (permissions, disk, …).
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The OS error.
        source: io::Error,
    },
    /// A file name that is not UTF-8 and would be part of the directory.
    #[error("file name {name:?} in {} is not valid UTF-8", dir.display())]
    NonUtf8Name {
        /// The directory.
        dir: PathBuf,
        /// The name, with invalid bytes replaced.
        name: String,
    },
    /// A migration file whose content is not UTF-8, so its statements cannot be read.
    #[error("{} is not valid UTF-8 (byte {offset})", path.display())]
    NonUtf8File {
        /// The file.
        path: PathBuf,
        /// Offset of the first invalid byte.
        offset: usize,
    },
    /// `atlas.sum` cannot be parsed.
    #[error("{}: {source}", path.display())]
    MalformedSum {
        /// The `atlas.sum` file.
        path: PathBuf,
        /// What is wrong, with the line.
        source: SumParseError,
    },
    /// A migration file cannot be split into statements.
    #[error("{}:{}", path.display(), source)]
    Split {
        /// The file.
        path: PathBuf,
        /// Where and why.
        source: SplitError,
    },
    /// A migration file carries unusable directives.
    #[error("{}: {source}", path.display())]
    Directive {
        /// The file.
        path: PathBuf,
        /// Which directive and why.
        source: DirectiveError,
    },
    /// A goose or dbmate file whose `-- +goose` / `-- migrate:` markers are out of order.
    #[error("{}:{line}: {message}", path.display())]
    Pragma {
        /// The file.
        path: PathBuf,
        /// 1-based line of the marker.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// An unknown `--format` value.
    #[error(
        "unknown migration directory format {0:?}: expected atlas, golang-migrate, goose, flyway, liquibase, dbmate or template:\"…\""
    )]
    UnknownFormat(String),
    /// A file-name template that cannot be used.
    #[error("invalid file-name template {template:?}: {reason}")]
    InvalidTemplate {
        /// The template.
        template: String,
        /// Why.
        reason: String,
    },
    /// A migration name that would make a bad file name.
    #[error(
        "invalid migration name {0:?}: it must not contain path separators or control characters"
    )]
    InvalidName(String),
    /// A version that would make a bad file name.
    #[error(
        "invalid migration version {0:?}: use digits (e.g. a YYYYMMDDHHMMSS timestamp), letters, '.' or '-'"
    )]
    InvalidVersion(String),
    /// The files are in another format than the one the directory was opened in.
    #[error(
        "{} holds {found} migrations ({file}), not {declared}; pass --format {found} (or set `format` under [migrations] in entgen.toml), or leave --format out to use the format the files show",
        dir.display()
    )]
    FormatMismatch {
        /// The directory.
        dir: PathBuf,
        /// The format asked for.
        declared: String,
        /// The format the files show.
        found: String,
        /// A file that shows it.
        file: String,
    },
    /// Two migration files carry the same version: they would share one revision row.
    #[error(
        "migration files {first} and {second} have the same version {version}; give one of them a later version (rename it) and run `entgen migrate hash`"
    )]
    DuplicateVersion {
        /// The version.
        version: String,
        /// The first file with it.
        first: String,
        /// The second file with it.
        second: String,
    },
    /// A migration file whose name carries no version.
    #[error(
        "migration file {file} has no version in its name; name it <version>_<name>.sql (e.g. 20240101000000_init.sql) and run `entgen migrate hash`"
    )]
    NoVersion {
        /// The file.
        file: String,
    },
    /// A new file's version would not come after the directory's last one.
    #[error(
        "version {version} is not after the directory's last version {last}; a new migration must come last"
    )]
    VersionNotAfter {
        /// The version asked for.
        version: String,
        /// The directory's last version.
        last: String,
    },
    /// Writing would overwrite an existing migration file.
    #[error("{} already exists; refusing to overwrite a migration file", path.display())]
    FileExists {
        /// The file.
        path: PathBuf,
    },
    /// File directives or a custom delimiter were asked of a format that cannot carry them.
    #[error("the {format} format cannot carry file directives or a custom delimiter")]
    DirectivesUnsupported {
        /// The format, as spelled on the command line.
        format: String,
    },
}

impl DirError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        DirError::Io {
            path: path.into(),
            source,
        }
    }
}
