//! Errors raised while rendering SQL for a dialect.

/// Something in the model cannot be written in the chosen dialect.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    /// An empty identifier.
    #[error("empty identifier")]
    EmptyIdentifier,
    /// An identifier containing a NUL character.
    #[error("identifier {name:?} contains a NUL character")]
    NulInIdentifier {
        /// The identifier.
        name: String,
    },
    /// An identifier longer than the database keeps.
    #[error("identifier {name:?} is {len} bytes long; {dialect} keeps at most {max}")]
    IdentifierTooLong {
        /// The identifier.
        name: String,
        /// Its length in bytes.
        len: usize,
        /// The dialect's limit.
        max: usize,
        /// The dialect's name.
        dialect: &'static str,
    },
    /// A float default that SQL cannot spell (NaN or infinite).
    #[error("column {column:?}: default {value} is not a finite number")]
    NonFiniteDefault {
        /// Column name.
        column: String,
        /// The value, as Rust prints it.
        value: String,
    },
    /// An identity column the dialect cannot express.
    #[error("column {column:?}: {reason}")]
    Identity {
        /// Column name.
        column: String,
        /// Why it cannot be expressed.
        reason: String,
    },
    /// A string containing a NUL character, which PostgreSQL text cannot hold.
    #[error("{what} contains a NUL character")]
    NulInString {
        /// Which string (e.g. `comment on column "x"`).
        what: String,
    },
}
