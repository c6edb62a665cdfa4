//! Errors of the diff.

use crate::schema::SchemaError;

/// Which side of the diff an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The current schema (usually inspected).
    Current,
    /// The desired schema.
    Desired,
}

impl std::fmt::Display for Side {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Current => "current",
            Self::Desired => "desired",
        })
    }
}

/// Why two schemas could not be compared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiffError {
    /// One of the schemas is structurally invalid.
    #[error("{side} schema: {source}")]
    InvalidSchema {
        /// Which schema.
        side: Side,
        /// The problem.
        source: SchemaError,
    },
    /// A rename hint does not fit the schemas.
    #[error("rename of {what} {from:?} to {to:?}: {reason}")]
    BadRename {
        /// `table` or `column "t"."c"`-style description of the object kind.
        what: String,
        /// Old name.
        from: String,
        /// New name.
        to: String,
        /// Why it does not fit.
        reason: &'static str,
    },
}
