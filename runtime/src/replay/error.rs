//! Why an offline replay gave no model. Every message names the file and line of the statement
//! and says how to get an answer anyway (`--dev-url`).

use crate::dir::DirError;

/// Why the directory could not be replayed offline.
#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    /// Reading the directory or one of its files.
    #[error(transparent)]
    Dir(#[from] DirError),
    /// A statement the replayer does not model (or the SQL parser does not read). Nothing is
    /// guessed: the dev database gives the exact answer.
    #[error(
        "{file}:{line}: cannot replay this statement offline: {reason}\n  {statement}\n  (replay the directory on a dev database instead: --dev-url URL)"
    )]
    Unsupported {
        /// The migration file's name.
        file: String,
        /// 1-based line of the statement's first character.
        line: usize,
        /// The statement (shortened when long).
        statement: String,
        /// What the replayer cannot model.
        reason: String,
    },
    /// A statement the database would refuse (an unknown table or column, a name taken twice).
    #[error(
        "{file}:{line}: {reason}\n  {statement}\n  (the database would refuse this statement; check it with --dev-url URL)"
    )]
    Invalid {
        /// The migration file's name.
        file: String,
        /// 1-based line of the statement's first character.
        line: usize,
        /// The statement (shortened when long).
        statement: String,
        /// What is wrong.
        reason: String,
    },
}

/// What a single statement's replay found wrong, before the file and line are attached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum StmtError {
    /// Not modelled offline.
    Unsupported(String),
    /// The database would refuse it.
    Invalid(String),
}

impl StmtError {
    /// A "not modelled" error.
    pub(crate) fn unsupported(reason: impl Into<String>) -> Self {
        Self::Unsupported(reason.into())
    }

    /// A "the database would refuse it" error.
    pub(crate) fn invalid(reason: impl Into<String>) -> Self {
        Self::Invalid(reason.into())
    }

    /// Attaches the statement's place.
    pub(crate) fn at(self, file: &str, line: usize, statement: &str) -> ReplayError {
        let statement = shorten(statement);
        let file = file.to_owned();
        match self {
            Self::Unsupported(reason) => ReplayError::Unsupported {
                file,
                line,
                statement,
                reason,
            },
            Self::Invalid(reason) => ReplayError::Invalid {
                file,
                line,
                statement,
                reason,
            },
        }
    }
}

/// The statement on one line, cut at 200 characters.
fn shorten(statement: &str) -> String {
    let one_line: String = statement.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(200) {
        Some((i, _)) => format!("{}…", &one_line[..i]),
        None => one_line,
    }
}

/// The result of replaying one statement.
pub(crate) type StmtResult<T = ()> = Result<T, StmtError>;
