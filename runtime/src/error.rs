//! The errors generated clients return, with ent's texts (`ent:` becomes `entgen:`).
//!
//! Database constraint violations are told apart from the driver's own codes (PostgreSQL
//! SQLSTATE `23505`/`23503`/`23514`/`23502`, SQLite extended result codes) so callers can
//! match on [`ConstraintKind`] instead of parsing messages.

use std::borrow::Cow;

use crate::value::ConversionError;

/// Validator failure reasons, worded as ent's built-in validators word them.
pub mod reason {
    /// `MinLen`, `NotEmpty`.
    pub const MIN_LEN: &str = "value is less than the required length";
    /// `MaxLen`.
    pub const MAX_LEN: &str = "value is greater than the required length";
    /// `Match`.
    pub const MATCH: &str = "value does not match validation";
    /// `Min`, `Max`, `Range`, `Positive`, `Negative`, `NonNegative`.
    pub const RANGE: &str = "value out of range";
}

/// Which kind of constraint the database refused a statement over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConstraintKind {
    /// A unique index or primary key (`23505`, `SQLITE_CONSTRAINT_UNIQUE`/`_PRIMARYKEY`).
    Unique,
    /// A foreign key (`23503`, `SQLITE_CONSTRAINT_FOREIGNKEY`).
    ForeignKey,
    /// A check constraint (`23514`, `SQLITE_CONSTRAINT_CHECK`).
    Check,
    /// A `NOT NULL` column (`23502`, `SQLITE_CONSTRAINT_NOTNULL`).
    NotNull,
}

impl ConstraintKind {
    /// The PostgreSQL SQLSTATE's kind, if it is one of the four.
    pub fn from_sqlstate(code: &str) -> Option<Self> {
        match code {
            "23505" => Some(Self::Unique),
            "23503" => Some(Self::ForeignKey),
            "23514" => Some(Self::Check),
            "23502" => Some(Self::NotNull),
            _ => None,
        }
    }

    /// The kind of an SQLite extended result code, if it is one of the four.
    pub fn from_sqlite_extended_code(code: i32) -> Option<Self> {
        match code {
            2067 | 1555 => Some(Self::Unique), // SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY
            787 => Some(Self::ForeignKey),     // SQLITE_CONSTRAINT_FOREIGNKEY
            275 => Some(Self::Check),          // SQLITE_CONSTRAINT_CHECK
            1299 => Some(Self::NotNull),       // SQLITE_CONSTRAINT_NOTNULL
            _ => None,
        }
    }
}

/// An error the database server sent, with everything it said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerError {
    /// `ERROR`, `FATAL`...
    pub severity: String,
    /// The SQLSTATE (`42P01`); SQLite's extended result code as text.
    pub code: String,
    /// The primary message.
    pub message: String,
    /// The server's detail line.
    pub detail: Option<String>,
    /// The server's hint.
    pub hint: Option<String>,
    /// 1-based character position of the culprit in the statement text.
    pub position: Option<usize>,
}

impl std::fmt::Display for ServerError {
    /// `ERROR: relation "x" does not exist (SQLSTATE 42P01); detail: ...; hint: ...`
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} (SQLSTATE {})",
            self.severity, self.message, self.code
        )?;
        if let Some(d) = &self.detail {
            write!(f, "; detail: {d}")?;
        }
        if let Some(h) = &self.hint {
            write!(f, "; hint: {h}")?;
        }
        Ok(())
    }
}

/// Why a connection could not be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ConnectCause {
    /// Nothing listens at the address (the server is down, or the port is wrong).
    Refused,
    /// The host name does not resolve.
    UnknownHost,
    /// The server refused the user, password or database.
    Authentication,
    /// No answer in time.
    Timeout,
    /// TLS was required and could not be set up.
    Tls,
    /// The database file cannot be opened.
    CannotOpen,
    /// Anything else.
    Other,
}

impl ConnectCause {
    /// The cause in a few words, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            ConnectCause::Refused => {
                "connection refused (is the server running, and on this port?)"
            }
            ConnectCause::UnknownHost => "unknown host",
            ConnectCause::Authentication => "authentication failed",
            ConnectCause::Timeout => "timed out",
            ConnectCause::Tls => "TLS could not be set up",
            ConnectCause::CannotOpen => "cannot open the database file",
            ConnectCause::Other => "connection failed",
        }
    }
}

impl std::fmt::Display for ConnectCause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.describe())
    }
}

/// Everything a generated client can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No row matched (`first`, `only`, `get`).
    #[error("entgen: {entity} not found")]
    NotFound {
        /// The entity's label, lower-case (`user`).
        entity: &'static str,
    },
    /// More than one row matched where exactly one was expected (`only`).
    #[error("entgen: {entity} not singular")]
    NotSingular {
        /// The entity's label, lower-case (`user`).
        entity: &'static str,
    },
    /// Field validators refused values before any SQL ran. `field` and `reason` are the first
    /// failure; `failures` holds every one (the first included), in schema order, each naming
    /// its rule and the value's length or number.
    #[error("entgen: {}", ValidationFailure::list(failures))]
    Validation {
        /// The entity's name (`User`).
        entity: &'static str,
        /// The first failing field's name (`name`).
        field: &'static str,
        /// Why the first failure, in ent's words (see [`reason`]).
        reason: Cow<'static, str>,
        /// Every failure of the mutation, the first one included.
        failures: Vec<ValidationFailure>,
    },
    /// A required field was not set on create.
    #[error("entgen: missing required field \"{entity}.{field}\"")]
    MissingField {
        /// The entity's name (`User`).
        entity: &'static str,
        /// The field's name.
        field: &'static str,
    },
    /// A required edge was not set on create.
    #[error("entgen: missing required edge \"{entity}.{edge}\"")]
    MissingEdge {
        /// The entity's name (`Group`).
        entity: &'static str,
        /// The edge's name.
        edge: &'static str,
    },
    /// The database refused the statement over a constraint.
    #[error("entgen: constraint failed: {message}")]
    Constraint {
        /// Which kind of constraint.
        kind: ConstraintKind,
        /// The constraint's name when the database reports one (PostgreSQL always, SQLite for
        /// named checks; for SQLite unique/not-null failures, the `table.column` list).
        constraint: Option<String>,
        /// The database's message.
        message: String,
        /// Everything the server said (SQLSTATE, detail, hint, position), when it is a server
        /// (PostgreSQL, MySQL); `None` from SQLite.
        server: Option<Box<ServerError>>,
    },
    /// An edge was read before it was eagerly loaded.
    #[error("entgen: {edge} edge was not loaded")]
    NotLoaded {
        /// The edge's name (`pets`).
        edge: &'static str,
    },
    /// A column could not be read as the Rust type asked for.
    #[error("entgen: column {column}: {source}")]
    Decode {
        /// The column's name (or index when the driver reports no name).
        column: String,
        /// Why.
        source: ConversionError,
    },
    /// A bind parameter could not be sent in the dialect's types (e.g. a `u64` above
    /// `i64::MAX`, or a value the column's type cannot hold).
    #[error("entgen: parameter ${index}: {reason}")]
    Bind {
        /// 1-based parameter index.
        index: usize,
        /// Why.
        reason: String,
    },
    /// A builder was asked for a statement it cannot express (an INSERT with no rows, an
    /// UPDATE with nothing to set, rows of different widths).
    #[error("entgen: invalid statement: {0}")]
    Build(Cow<'static, str>),
    /// A connection URL that cannot be used.
    #[error("entgen: invalid database URL {url:?}: {reason}")]
    Url {
        /// The URL with any password masked.
        url: String,
        /// Why.
        reason: String,
    },
    /// A commit of a PostgreSQL transaction in which a statement had failed: the server had
    /// aborted the transaction, so it was rolled back and nothing in it was saved.
    #[error(
        "entgen: the transaction was rolled back, not committed: a statement in it failed ({cause})"
    )]
    TransactionAborted {
        /// The error of the first statement that failed.
        cause: String,
    },
    /// A call on the client of a transaction that has been committed or rolled back (ent's
    /// `sql.ErrTxDone`): nothing ran.
    #[error("entgen: the transaction has already been committed or rolled back")]
    TransactionDone,
    /// The database could not be reached or opened.
    #[error("entgen: cannot connect to {url}: {cause}: {message}")]
    Connect {
        /// The URL, password masked.
        url: String,
        /// Why, in a word.
        cause: ConnectCause,
        /// The driver's message.
        message: String,
    },
    /// Every pooled connection stayed busy (or none could be opened) for the pool's
    /// connection timeout.
    #[error(
        "entgen: no database connection came free within {timeout:?} (pool of {max_size}){}; raise the pool's max_size or connection_timeout, or hold connections (transactions) for less time",
        last_error.as_ref().map(|e| format!("; last connection error: {e}")).unwrap_or_default()
    )]
    PoolTimeout {
        /// The pool's connection timeout.
        timeout: std::time::Duration,
        /// The pool's size.
        max_size: u32,
        /// Why opening a connection failed, when it did.
        last_error: Option<String>,
    },
    /// Anything else from the database driver.
    #[error("entgen: {0}")]
    Driver(#[from] DriverError),
}

impl Error {
    /// Whether this is [`Error::NotFound`] (ent's `IsNotFound`).
    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::NotFound { .. })
    }

    /// Whether the database refused a statement (a constraint, or any error the server sent),
    /// as opposed to one refused before it was sent or a row that did not decode.
    #[cfg(any(feature = "postgres", feature = "sqlite", feature = "mysql"))]
    pub(crate) fn is_server_error(&self) -> bool {
        match self {
            Error::Constraint { .. } => true,
            #[cfg(any(feature = "postgres", feature = "async"))]
            Error::Driver(DriverError::Postgres(e)) => e.as_db_error().is_some(),
            #[cfg(feature = "mysql")]
            Error::Driver(DriverError::Mysql(mysql::Error::MySqlError(_))) => true,
            #[cfg(feature = "async-mysql")]
            Error::Driver(DriverError::MysqlAsync(mysql_async::Error::Server(_))) => true,
            _ => false,
        }
    }

    /// The server's error (SQLSTATE, detail, hint, position) when the database sent one.
    pub fn server_error(&self) -> Option<ServerError> {
        match self {
            #[cfg(any(feature = "postgres", feature = "async"))]
            Error::Driver(DriverError::Postgres(e)) => ServerError::from_postgres(e),
            #[cfg(feature = "sqlite")]
            Error::Driver(DriverError::Sqlite(e)) => ServerError::from_sqlite(e),
            #[cfg(feature = "mysql")]
            Error::Driver(DriverError::Mysql(mysql::Error::MySqlError(e))) => {
                Some(ServerError::from_mysql(e))
            }
            #[cfg(feature = "async-mysql")]
            Error::Driver(DriverError::MysqlAsync(mysql_async::Error::Server(e))) => {
                Some(ServerError::from_mysql_async(e))
            }
            Error::Constraint { server, .. } => server.as_deref().cloned(),
            _ => None,
        }
    }

    /// Whether the server chose this statement's transaction as a deadlock victim (PostgreSQL
    /// `40P01`, MySQL error 1213): it was rolled back, and running it again may succeed.
    pub fn is_deadlock(&self) -> bool {
        match self {
            #[cfg(any(feature = "postgres", feature = "async"))]
            Error::Driver(DriverError::Postgres(e)) => e
                .as_db_error()
                .is_some_and(|db| db.code().code() == "40P01"),
            #[cfg(feature = "mysql")]
            Error::Driver(DriverError::Mysql(mysql::Error::MySqlError(e))) => {
                e.code == crate::driver::MYSQL_DEADLOCK
            }
            #[cfg(feature = "async-mysql")]
            Error::Driver(DriverError::MysqlAsync(mysql_async::Error::Server(e))) => {
                e.code == crate::driver::MYSQL_DEADLOCK
            }
            _ => false,
        }
    }

    /// The error in the database's own words, without this layer's `entgen:` prefix: for the
    /// migration tools, which put their own context (file, statement, object) before it. A
    /// server's error carries its SQLSTATE, detail and hint.
    pub fn database_message(&self) -> String {
        match self {
            Error::Driver(d) => d.to_string(),
            Error::Constraint {
                server, message, ..
            } => server
                .as_ref()
                .map_or_else(|| message.clone(), |s| s.to_string()),
            other => {
                let text = other.to_string();
                text.strip_prefix("entgen: ")
                    .map_or_else(|| text.clone(), str::to_owned)
            }
        }
    }

    /// Whether SQLite answered that another connection holds the lock it needs (`SQLITE_BUSY`,
    /// `SQLITE_LOCKED`): worth retrying.
    pub fn is_busy(&self) -> bool {
        match self {
            #[cfg(feature = "sqlite")]
            Error::Driver(DriverError::Sqlite(rusqlite::Error::SqliteFailure(e, _))) => matches!(
                e.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            ),
            _ => false,
        }
    }

    /// Whether the server reported this SQLSTATE (`55P03`, lock not available).
    pub fn has_sqlstate(&self, code: &str) -> bool {
        self.server_error().is_some_and(|s| s.code == code)
    }

    /// Whether the connection is gone (the server closed it, or it was terminated): the
    /// statement did not run, and the connection cannot be used again.
    pub fn is_connection_lost(&self) -> bool {
        match self {
            #[cfg(any(feature = "postgres", feature = "async"))]
            Error::Driver(DriverError::Postgres(e)) => {
                e.is_closed()
                    || e.as_db_error().is_some_and(|db| {
                        let code = db.code().code();
                        code.starts_with("57P0") || code.starts_with("08")
                    })
            }
            // The socket failed, or the server went away (2006) or dropped the query (2013).
            #[cfg(feature = "mysql")]
            Error::Driver(DriverError::Mysql(e)) => match e {
                mysql::Error::IoError(_) | mysql::Error::CodecError(_) => true,
                mysql::Error::MySqlError(m) => matches!(m.code, 2006 | 2013 | 1927),
                mysql::Error::DriverError(d) => {
                    matches!(d, mysql::DriverError::ConnectTimeout)
                }
                _ => false,
            },
            #[cfg(feature = "async-mysql")]
            Error::Driver(DriverError::MysqlAsync(e)) => match e {
                mysql_async::Error::Io(_) => true,
                mysql_async::Error::Server(m) => matches!(m.code, 2006 | 2013 | 1927),
                mysql_async::Error::Driver(d) => {
                    matches!(d, mysql_async::DriverError::ConnectionClosed)
                }
                _ => false,
            },
            _ => false,
        }
    }

    /// Whether this is [`Error::NotSingular`].
    pub fn is_not_singular(&self) -> bool {
        matches!(self, Error::NotSingular { .. })
    }

    /// Whether this is a validation failure (validator, missing field or edge).
    pub fn is_validation(&self) -> bool {
        matches!(
            self,
            Error::Validation { .. } | Error::MissingField { .. } | Error::MissingEdge { .. }
        )
    }

    /// The constraint kind when this is [`Error::Constraint`].
    pub fn constraint_kind(&self) -> Option<ConstraintKind> {
        match self {
            Error::Constraint { kind, .. } => Some(*kind),
            _ => None,
        }
    }

    /// Whether this is a unique-constraint violation.
    pub fn is_unique_violation(&self) -> bool {
        self.constraint_kind() == Some(ConstraintKind::Unique)
    }

    /// Whether this is a foreign-key violation.
    pub fn is_foreign_key_violation(&self) -> bool {
        self.constraint_kind() == Some(ConstraintKind::ForeignKey)
    }

    /// Whether this is a check-constraint violation.
    pub fn is_check_violation(&self) -> bool {
        self.constraint_kind() == Some(ConstraintKind::Check)
    }

    /// A validation error with one failure that names no rule (a hook's refusal, an unknown
    /// enum value).
    pub fn validation(
        entity: &'static str,
        field: &'static str,
        reason: impl Into<Cow<'static, str>>,
    ) -> Self {
        let reason = reason.into();
        Error::Validation {
            entity,
            field,
            reason: reason.clone(),
            failures: vec![ValidationFailure {
                entity,
                field,
                rule: None,
                reason,
                got: None,
            }],
        }
    }

    /// [`Error::Validation`] for `failures`, or `None` when there are none.
    pub fn validation_failures(failures: Vec<ValidationFailure>) -> Option<Self> {
        let first = failures.first()?;
        Some(Error::Validation {
            entity: first.entity,
            field: first.field,
            reason: first.reason.clone(),
            failures,
        })
    }
}

/// One validator's refusal: the field, the rule as the schema writes it, ent's reason, and
/// what the value had (its length or number; never the text itself, which may be secret).
#[derive(Debug, Clone, PartialEq)]
pub struct ValidationFailure {
    /// The entity's name (`User`).
    pub entity: &'static str,
    /// The field's name (`name`).
    pub field: &'static str,
    /// The rule as written in the schema (`@max_len(64)`), when a validator refused.
    pub rule: Option<String>,
    /// Why, in ent's words (see [`reason`]).
    pub reason: Cow<'static, str>,
    /// What the value had that broke the rule (`70 bytes`, `151`).
    pub got: Option<String>,
}

impl ValidationFailure {
    /// One failure as is; several counted, then each.
    fn list(failures: &[ValidationFailure]) -> String {
        match failures {
            [one] => one.to_string(),
            many => {
                let each: Vec<String> = many.iter().map(ToString::to_string).collect();
                format!("{} validators failed: {}", many.len(), each.join("; "))
            }
        }
    }
}

impl std::fmt::Display for ValidationFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "validator failed for field \"{}.{}\": ",
            self.entity, self.field
        )?;
        if let Some(rule) = &self.rule {
            write!(f, "{rule}: ")?;
        }
        f.write_str(&self.reason)?;
        if let Some(got) = &self.got {
            write!(f, ", got {got}")?;
        }
        Ok(())
    }
}

/// `Ok(None)` for [`Error::NotFound`], ent's `MaskNotFound`.
pub fn mask_not_found<T>(r: Result<T, Error>) -> Result<Option<T>, Error> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(Error::NotFound { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// A driver failure that is not a constraint violation.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DriverError {
    /// From the `postgres` crate (or `tokio-postgres` under it, whose error it is); the
    /// server's message and SQLSTATE are in the text.
    #[cfg(any(feature = "postgres", feature = "async"))]
    #[error("{}", crate::driver::describe_postgres(.0))]
    Postgres(#[source] tokio_postgres::Error),
    /// From `rusqlite`.
    #[cfg(feature = "sqlite")]
    #[error("{0}")]
    Sqlite(#[source] rusqlite::Error),
    /// From the `mysql` crate; a server's error as [`ServerError`] prints it (message,
    /// SQLSTATE, the error number in the detail).
    #[cfg(feature = "mysql")]
    #[error("{}", crate::driver::describe_mysql(.0))]
    Mysql(#[source] mysql::Error),
    /// From `mysql_async` (the async client's MySQL driver), printed as [`DriverError::Mysql`].
    #[cfg(feature = "async-mysql")]
    #[error("{}", crate::driver::describe_mysql_async(.0))]
    MysqlAsync(#[source] mysql_async::Error),
    /// A feature the dialect or this build lacks.
    #[error("{0}")]
    Unsupported(Cow<'static, str>),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_follow_ent() {
        assert_eq!(
            Error::NotFound { entity: "user" }.to_string(),
            "entgen: user not found"
        );
        assert_eq!(
            Error::NotSingular { entity: "user" }.to_string(),
            "entgen: user not singular"
        );
        assert_eq!(
            Error::NotLoaded { edge: "pets" }.to_string(),
            "entgen: pets edge was not loaded"
        );
        assert_eq!(
            Error::validation("User", "name", reason::MIN_LEN).to_string(),
            "entgen: validator failed for field \"User.name\": value is less than the required length"
        );
        assert_eq!(
            Error::MissingField {
                entity: "User",
                field: "age"
            }
            .to_string(),
            "entgen: missing required field \"User.age\""
        );
        assert_eq!(
            Error::MissingEdge {
                entity: "Group",
                edge: "info"
            }
            .to_string(),
            "entgen: missing required edge \"Group.info\""
        );
        assert!(mask_not_found::<()>(Err(Error::NotFound { entity: "x" })).is_ok());
        assert_eq!(
            ConstraintKind::from_sqlstate("23514"),
            Some(ConstraintKind::Check)
        );
        assert_eq!(
            ConstraintKind::from_sqlite_extended_code(1555),
            Some(ConstraintKind::Unique)
        );
    }
}
