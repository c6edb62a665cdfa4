//! Database URLs as the CLI takes them (`postgres://…?search_path=s`, `sqlite://path`,
//! `sqlite::memory:`), and their masked form for messages: a password is never printed.

use std::path::PathBuf;

use super::error::ExecError;

/// A parsed database URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbUrl {
    /// A PostgreSQL server.
    Postgres {
        /// The URL without `search_path`, as the driver takes it.
        driver_url: String,
        /// `?search_path=` (the schema the URL is bound to), when given.
        search_path: Option<String>,
    },
    /// An SQLite database file (created when missing, for `apply`).
    SqliteFile {
        /// The file.
        path: PathBuf,
        /// `?_fk=1` / `?foreign_keys=on`: enforce foreign keys on the connection.
        foreign_keys: bool,
    },
    /// `sqlite::memory:` (or `?mode=memory`): a private database that disappears on exit.
    SqliteMemory,
}

impl DbUrl {
    /// Parses a URL. Errors quote the URL with its password masked.
    pub fn parse(url: &str) -> Result<DbUrl, ExecError> {
        let bad = |reason: &str| ExecError::Url {
            url: mask_password(url),
            reason: reason.to_string(),
        };
        if let Some(rest) = url
            .strip_prefix("postgres://")
            .or_else(|| url.strip_prefix("postgresql://"))
        {
            if rest.is_empty() {
                return Err(bad("no host"));
            }
            let (base, query) = match url.split_once('?') {
                Some((b, q)) => (b, q),
                None => (url, ""),
            };
            let mut kept = Vec::new();
            let mut search_path = None;
            for pair in query.split('&').filter(|p| !p.is_empty()) {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                if k == "search_path" {
                    let v = percent_decode(v).map_err(|()| bad("bad percent-encoding"))?;
                    if v.is_empty() {
                        return Err(bad("empty search_path"));
                    }
                    search_path = Some(v);
                } else {
                    kept.push(pair);
                }
            }
            let driver_url = if kept.is_empty() {
                base.to_string()
            } else {
                format!("{base}?{}", kept.join("&"))
            };
            return Ok(DbUrl::Postgres {
                driver_url,
                search_path,
            });
        }
        if let Some(rest) = url.strip_prefix("sqlite:") {
            if rest == ":memory:" || rest == "//:memory:" {
                return Ok(DbUrl::SqliteMemory);
            }
            let rest = rest.strip_prefix("//").unwrap_or(rest);
            let (path, query) = match rest.split_once('?') {
                Some((p, q)) => (p, q),
                None => (rest, ""),
            };
            let mut foreign_keys = false;
            for pair in query.split('&').filter(|p| !p.is_empty()) {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                match (k, v) {
                    ("mode", "memory") => return Ok(DbUrl::SqliteMemory),
                    ("_fk" | "foreign_keys" | "_foreign_keys", v) => {
                        foreign_keys = matches!(v, "1" | "true" | "on" | "yes")
                    }
                    _ => {}
                }
            }
            let path = percent_decode(path).map_err(|()| bad("bad percent-encoding"))?;
            if path.is_empty() {
                return Err(bad("no database file; use sqlite://path/to/file.db"));
            }
            return Ok(DbUrl::SqliteFile {
                path: PathBuf::from(path),
                foreign_keys,
            });
        }
        if url.starts_with("mysql://") || url.starts_with("maria") {
            return Err(bad("MySQL is not supported by migrate apply/status yet"));
        }
        Err(bad(
            "expected postgres://user:pass@host:port/db[?search_path=s], sqlite://path or sqlite::memory:",
        ))
    }

    /// Whether this is a PostgreSQL URL.
    pub fn is_postgres(&self) -> bool {
        matches!(self, DbUrl::Postgres { .. })
    }
}

/// The URL with the password of its user info (and any `password=` parameter) replaced by
/// `xxxxx`, for messages.
pub fn mask_password(url: &str) -> String {
    let mut out = url.to_string();
    if let Some(scheme_end) = out.find("://") {
        let auth_start = scheme_end + 3;
        let auth_end = out[auth_start..]
            .find(['/', '?', '#'])
            .map_or(out.len(), |i| auth_start + i);
        if let Some(at) = out[auth_start..auth_end].rfind('@') {
            let userinfo = &out[auth_start..auth_start + at];
            if let Some(colon) = userinfo.find(':') {
                let start = auth_start + colon + 1;
                out.replace_range(start..auth_start + at, "xxxxx");
            }
        }
    }
    if let Some(q) = out.find('?') {
        let (base, query) = out.split_at(q + 1);
        let masked: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=xxxxx"),
                _ => pair.to_string(),
            })
            .collect();
        out = format!("{base}{}", masked.join("&"));
    }
    out
}

fn percent_decode(s: &str) -> Result<String, ()> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or(())?;
            let hex = std::str::from_utf8(hex).map_err(|_| ())?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| ())?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_passwords() {
        assert_eq!(
            mask_password("postgres://u:secret@h:5432/db?search_path=s"),
            "postgres://u:xxxxx@h:5432/db?search_path=s"
        );
        assert_eq!(mask_password("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(
            mask_password("postgres://h/db?user=u&password=p%40ss"),
            "postgres://h/db?user=u&password=xxxxx"
        );
        assert_eq!(
            mask_password("postgres://u:p@ss:w@h/db"),
            "postgres://u:xxxxx@h/db"
        );
        assert_eq!(mask_password("sqlite://a.db"), "sqlite://a.db");
    }

    #[test]
    fn parses_urls() {
        assert_eq!(
            DbUrl::parse("postgres://u:p@h:1/db?sslmode=disable&search_path=app").unwrap(),
            DbUrl::Postgres {
                driver_url: "postgres://u:p@h:1/db?sslmode=disable".into(),
                search_path: Some("app".into())
            }
        );
        assert_eq!(
            DbUrl::parse("sqlite://dir/a.db?_fk=1").unwrap(),
            DbUrl::SqliteFile {
                path: "dir/a.db".into(),
                foreign_keys: true
            }
        );
        assert_eq!(
            DbUrl::parse("sqlite:///tmp/a.db").unwrap(),
            DbUrl::SqliteFile {
                path: "/tmp/a.db".into(),
                foreign_keys: false
            }
        );
        assert_eq!(
            DbUrl::parse("sqlite::memory:").unwrap(),
            DbUrl::SqliteMemory
        );
        let err = DbUrl::parse("mysql://u:secret@h/db")
            .unwrap_err()
            .to_string();
        assert!(!err.contains("secret"), "{err}");
        assert!(DbUrl::parse("http://x").is_err());
        assert!(DbUrl::parse("sqlite://").is_err());
    }
}
