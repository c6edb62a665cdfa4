//! Database errors as entgen prints them, decided once for every caller (client, inspection,
//! auto-migration, `migrate apply`): a server's error with its SQLSTATE, detail, hint and
//! position ([`ServerError`]), and why a connection could not be made ([`ConnectCause`]).

#[cfg(any(feature = "postgres", feature = "async"))]
use std::error::Error as StdError;

pub use crate::error::{ConnectCause, ServerError};

#[cfg(any(feature = "postgres", feature = "async"))]
impl ServerError {
    /// The server's error inside a `postgres` crate error, if it is one.
    pub fn from_postgres(e: &tokio_postgres::Error) -> Option<ServerError> {
        let db = e.as_db_error()?;
        Some(ServerError {
            severity: db.severity().to_owned(),
            code: db.code().code().to_owned(),
            message: db.message().to_owned(),
            detail: db.detail().map(str::to_owned),
            hint: db.hint().map(str::to_owned),
            position: match db.position() {
                Some(tokio_postgres::error::ErrorPosition::Original(p)) => Some(*p as usize),
                _ => None,
            },
        })
    }
}

#[cfg(any(feature = "mysql", feature = "async-mysql"))]
impl ServerError {
    /// A MySQL/MariaDB server error (either driver's): the SQLSTATE as the code, the error
    /// number in the detail (MySQL's SQLSTATEs are coarse: `23000` covers every integrity
    /// error).
    fn from_mysql_parts(code: u16, state: &str, message: &str) -> ServerError {
        ServerError {
            severity: "ERROR".into(),
            code: state.to_owned(),
            message: message.to_owned(),
            detail: Some(format!("MySQL error {code}")),
            hint: None,
            position: None,
        }
    }
}

#[cfg(feature = "mysql")]
impl ServerError {
    /// A MySQL/MariaDB server error from the `mysql` crate (see `from_mysql_parts`).
    pub fn from_mysql(e: &mysql::MySqlError) -> ServerError {
        ServerError::from_mysql_parts(e.code, &e.state, &e.message)
    }
}

#[cfg(feature = "async-mysql")]
impl ServerError {
    /// A MySQL/MariaDB server error from `mysql_async`, as [`ServerError::from_mysql`].
    pub fn from_mysql_async(e: &mysql_async::ServerError) -> ServerError {
        ServerError::from_mysql_parts(e.code, &e.state, &e.message)
    }
}

#[cfg(feature = "sqlite")]
impl ServerError {
    /// SQLite's error inside a `rusqlite` error, if SQLite sent one: the extended result code
    /// as the code and, when SQLite points at a token of the statement (`no such table`, a
    /// syntax error), its position.
    pub fn from_sqlite(e: &rusqlite::Error) -> Option<ServerError> {
        let (code, message, position) = match e {
            rusqlite::Error::SqliteFailure(f, msg) => (
                f.extended_code,
                msg.clone().unwrap_or_else(|| f.to_string()),
                None,
            ),
            rusqlite::Error::SqlInputError {
                error,
                msg,
                sql,
                offset,
            } => {
                // A byte offset into the text; positions count characters from 1.
                let position = usize::try_from(*offset)
                    .ok()
                    .and_then(|o| sql.get(..o))
                    .map(|before| before.chars().count() + 1);
                (error.extended_code, msg.clone(), position)
            }
            _ => return None,
        };
        Some(ServerError {
            severity: "ERROR".into(),
            code: code.to_string(),
            message,
            detail: None,
            hint: None,
            position,
        })
    }
}

/// A `mysql` crate error as text: the server's error as [`ServerError`] prints it, otherwise the
/// crate's text.
#[cfg(feature = "mysql")]
pub fn describe_mysql(e: &mysql::Error) -> String {
    match e {
        mysql::Error::MySqlError(m) => ServerError::from_mysql(m).to_string(),
        other => other.to_string(),
    }
}

/// A `mysql_async` error as text, as [`describe_mysql`].
#[cfg(feature = "async-mysql")]
pub fn describe_mysql_async(e: &mysql_async::Error) -> String {
    match e {
        mysql_async::Error::Server(m) => ServerError::from_mysql_async(m).to_string(),
        other => other.to_string(),
    }
}

/// A `postgres` crate error as text: the server's full error when it sent one (the crate's own
/// `Display` leaves out the message), otherwise the crate's text.
#[cfg(any(feature = "postgres", feature = "async"))]
pub fn describe_postgres(e: &tokio_postgres::Error) -> String {
    match ServerError::from_postgres(e) {
        Some(s) => s.to_string(),
        None => {
            // The crate's text ("error connecting to server") and the causes under it.
            let mut text = e.to_string();
            let mut source = e.source();
            while let Some(s) = source {
                let more = s.to_string();
                if !text.contains(&more) {
                    text.push_str(": ");
                    text.push_str(&more);
                }
                source = s.source();
            }
            text
        }
    }
}

/// The cause of a failed PostgreSQL connection, from the server's SQLSTATE or the IO error
/// underneath.
#[cfg(any(feature = "postgres", feature = "async"))]
pub fn postgres_connect_cause(e: &tokio_postgres::Error) -> ConnectCause {
    if let Some(db) = e.as_db_error() {
        // Class 28: invalid authorization; 3D000: no such database.
        let code = db.code().code();
        return if code.starts_with("28") || code == "3D000" {
            ConnectCause::Authentication
        } else {
            ConnectCause::Other
        };
    }
    let mut text = e.to_string().to_ascii_lowercase();
    let mut source: Option<&(dyn StdError + 'static)> = e.source();
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            match io.kind() {
                std::io::ErrorKind::ConnectionRefused => return ConnectCause::Refused,
                std::io::ErrorKind::TimedOut => return ConnectCause::Timeout,
                _ => {}
            }
        }
        text.push(' ');
        text.push_str(&s.to_string().to_ascii_lowercase());
        source = s.source();
    }
    classify_text(&text)
}

/// The cause read from an error's text (what is left when no code or IO kind says it).
#[cfg(any(feature = "postgres", feature = "async", feature = "mysql", test))]
pub(crate) fn classify_text(text: &str) -> ConnectCause {
    if text.contains("refused") {
        ConnectCause::Refused
    } else if text.contains("lookup address")
        || text.contains("name or service not known")
        || text.contains("no such host")
        || text.contains("nodename nor servname")
        || text.contains("name resolution")
    {
        ConnectCause::UnknownHost
    } else if text.contains("timed out") || text.contains("timeout") {
        ConnectCause::Timeout
    } else if text.contains("tls") || text.contains("ssl") {
        ConnectCause::Tls
    } else if text.contains("password") || text.contains("authentication") {
        ConnectCause::Authentication
    } else {
        ConnectCause::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_error_text() {
        let e = ServerError {
            severity: "ERROR".into(),
            code: "42P01".into(),
            message: "relation \"x\" does not exist".into(),
            detail: Some("d".into()),
            hint: Some("h".into()),
            position: Some(15),
        };
        assert_eq!(
            e.to_string(),
            "ERROR: relation \"x\" does not exist (SQLSTATE 42P01); detail: d; hint: h"
        );
    }

    #[test]
    fn causes_from_text() {
        assert_eq!(
            classify_text("failed to lookup address information: name or service not known"),
            ConnectCause::UnknownHost
        );
        assert_eq!(
            classify_text("error performing tls handshake: server does not support tls"),
            ConnectCause::Tls
        );
        assert_eq!(classify_text("timeout"), ConnectCause::Timeout);
        assert_eq!(classify_text("something"), ConnectCause::Other);
    }
}
