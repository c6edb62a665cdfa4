//! Database URLs, the one parser every part of entgen uses (the client, `migrate diff`, `apply`,
//! `status`): `postgres://user:pass@host:port/db?search_path=app&sslmode=disable`,
//! `mysql://user:pass@host:port/db` (or `mariadb://`), `sqlite://path/to.db?_fk=1`,
//! `sqlite:///abs/path.db`, `sqlite::memory:`, `file:` URIs.
//!
//! PostgreSQL URLs are read with the `url` crate. A password holding `/`, `#`, `?` or `@`
//! without percent-encoding (a common mistake the `url` crate refuses or misreads) is found by
//! the last `@` of the authority and encoded before the driver sees it. [`mask`] never prints
//! a password, whatever it contains: when in doubt it masks more than the password.

use std::path::{Path, PathBuf};

use crate::dialect::Dialect;
use crate::error::Error;

/// What the mask puts where a password was.
const MASK: &str = "xxxxx";

/// A parsed database URL: where to connect, and the URL as it may be printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbUrl {
    target: Target,
    masked: String,
}

/// What a URL asks to connect to.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Target {
    /// A PostgreSQL server.
    Postgres {
        /// The URL as the `postgres` crate reads it (without `search_path`, password encoded).
        driver_url: String,
        /// `?search_path=` (the schema the URL is bound to), when given.
        search_path: Option<String>,
    },
    /// An SQLite database file.
    SqliteFile {
        /// The file, percent-decoded.
        path: PathBuf,
        /// `?_fk=1` / `?foreign_keys=on|off`, when given.
        foreign_keys: Option<bool>,
        /// Other query parameters (`mode=ro`, `cache=shared`...), passed to SQLite as a `file:`
        /// URI.
        params: Vec<(String, String)>,
    },
    /// `sqlite::memory:` (or `?mode=memory`): a database in memory, gone with its pool.
    SqliteMemory,
    /// A MySQL or MariaDB server.
    Mysql {
        /// The URL as the `mysql` crate reads it (`mysql://`, password encoded, without
        /// `returning`).
        driver_url: String,
        /// `?returning=true|false`: whether INSERTs read their rows back with `RETURNING`
        /// (MariaDB 10.5+) or with `LAST_INSERT_ID()` and a SELECT (MySQL, which has no
        /// `INSERT ... RETURNING`). `None`, the default: decided from the server's version
        /// when connecting. `false` runs MySQL's path on MariaDB (its tests do).
        returning: Option<bool>,
    },
}

impl DbUrl {
    /// Parses a URL. Errors quote it with its password masked.
    pub fn parse(url: &str) -> Result<DbUrl, Error> {
        let target = parse_target(url)?;
        Ok(DbUrl {
            target,
            masked: mask(url),
        })
    }

    /// What to connect to.
    pub fn target(&self) -> &Target {
        &self.target
    }

    /// The URL with its password masked, for messages.
    pub fn masked(&self) -> &str {
        &self.masked
    }

    /// The dialect of the database.
    pub fn dialect(&self) -> Dialect {
        match self.target {
            Target::Postgres { .. } => Dialect::Postgres,
            Target::SqliteFile { .. } | Target::SqliteMemory => Dialect::Sqlite,
            Target::Mysql { .. } => Dialect::Mysql,
        }
    }

    /// The `search_path` the URL binds a PostgreSQL connection to.
    pub fn search_path(&self) -> Option<&str> {
        match &self.target {
            Target::Postgres { search_path, .. } => search_path.as_deref(),
            _ => None,
        }
    }

    /// The SQLite file, when the URL names one.
    pub fn sqlite_path(&self) -> Option<&Path> {
        match &self.target {
            Target::SqliteFile { path, .. } => Some(path),
            _ => None,
        }
    }

    /// Whether this is PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        matches!(self.target, Target::Postgres { .. })
    }
}

impl std::fmt::Display for DbUrl {
    /// The masked URL.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.masked)
    }
}

fn bad(url: &str, reason: impl Into<String>) -> Error {
    Error::Url {
        url: mask(url),
        reason: reason.into(),
    }
}

fn parse_target(url: &str) -> Result<Target, Error> {
    if let Some(scheme) = url.split_once("://").map(|(s, _)| s.to_ascii_lowercase())
        && (scheme == "postgres" || scheme == "postgresql")
    {
        return parse_postgres(url);
    }
    if let Some(rest) = strip_prefix_ci(url, "sqlite:") {
        return parse_sqlite(url, rest);
    }
    if let Some(rest) = strip_prefix_ci(url, "file:") {
        return parse_sqlite(url, rest);
    }
    if let Some(scheme) = url.split_once("://").map(|(s, _)| s.to_ascii_lowercase())
        && (scheme == "mysql" || scheme == "mariadb")
    {
        return parse_mysql(url);
    }
    Err(bad(
        url,
        "expected postgres://user:pass@host:port/db[?search_path=s], mysql://user:pass@host:port/db, sqlite://path or sqlite::memory:",
    ))
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// Where the user info of `url` ends: at the last `@` of the URL (a password may hold `/`,
/// `?`, `#` and `@`), unless that `@` is in a query string (`?application_name=a@b`), in which
/// case at the last `@` before the host's `/`. `None` without user info. Returns (start of the
/// authority, index of that `@`).
fn userinfo_end(url: &str) -> Option<(usize, usize)> {
    let start = url.find("://")? + 3;
    let rest = &url[start..];
    let first_at = rest.find('@')?;
    let last_at = rest.rfind('@')?;
    let user_end = rest[..first_at].find(':').unwrap_or(first_at);
    if rest[..user_end].contains(['/', '?', '#']) {
        // Not user info: the `@` is in the path or query.
        return None;
    }
    let between = &rest[first_at..last_at];
    let in_query = between
        .find('?')
        .is_some_and(|q| between[q..].contains('='));
    let at = if in_query {
        let host_slash = rest[first_at..]
            .find('/')
            .map_or(rest.len(), |i| first_at + i);
        rest[..host_slash].rfind('@')?
    } else {
        last_at
    };
    Some((start, start + at))
}

fn parse_postgres(url: &str) -> Result<Target, Error> {
    let parsed = ::url::Url::parse(&encode_userinfo(url))
        .map_err(|e| bad(url, format!("cannot read it as a URL: {e}")))?;
    if parsed.host_str().is_none_or(str::is_empty) && parsed.query().is_none() {
        return Err(bad(url, "no host"));
    }
    // The other parameters go to the driver as written (it decodes `%XX` but not `+`).
    let mut search_path = None;
    let mut kept = Vec::new();
    for pair in parsed
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
    {
        let key = pair.split_once('=').map_or(pair, |(k, _)| k);
        if key != "search_path" {
            kept.push(pair);
            continue;
        }
        let (_, value) = ::url::form_urlencoded::parse(pair.as_bytes())
            .next()
            .unwrap_or_default();
        if value.is_empty() {
            return Err(bad(url, "empty search_path"));
        }
        search_path = Some(value.into_owned());
    }
    let mut driver = parsed.clone();
    driver.set_fragment(None);
    driver.set_query(
        Some(&kept.join("&"))
            .filter(|q| !q.is_empty())
            .map(String::as_str),
    );
    Ok(Target::Postgres {
        driver_url: driver.into(),
        search_path,
    })
}

/// `mysql://user:pass@host:port/db[?params]` (or `mariadb://`): the database is required, since
/// every table entgen reads or writes is in it.
fn parse_mysql(url: &str) -> Result<Target, Error> {
    let (_, rest) = url.split_once("://").unwrap_or(("", url));
    let mut parsed = ::url::Url::parse(&format!("mysql://{}", encode_userinfo_of(rest)))
        .map_err(|e| bad(url, format!("cannot read it as a URL: {e}")))?;
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(bad(url, "no host"));
    }
    if parsed.path().trim_start_matches('/').is_empty() {
        return Err(bad(
            url,
            "no database; use mysql://user:pass@host:port/database",
        ));
    }
    parsed.set_fragment(None);
    // `returning` is ours; the other parameters go to the driver as written.
    let mut returning = None;
    let mut kept = Vec::new();
    for pair in parsed.query().unwrap_or("").split('&') {
        match pair.split_once('=') {
            Some(("returning", value)) => {
                returning = Some(match value {
                    "true" => true,
                    "false" => false,
                    other => {
                        return Err(bad(
                            url,
                            format!(
                                "returning={other}: expected returning=true or returning=false"
                            ),
                        ));
                    }
                });
            }
            _ if pair.is_empty() => {}
            _ => kept.push(pair.to_owned()),
        }
    }
    parsed.set_query(Some(kept.join("&")).filter(|q| !q.is_empty()).as_deref());
    Ok(Target::Mysql {
        driver_url: parsed.into(),
        returning,
    })
}

/// [`encode_userinfo`] of a URL without its scheme.
fn encode_userinfo_of(rest: &str) -> String {
    let encoded = encode_userinfo(&format!("x://{rest}"));
    encoded["x://".len()..].to_owned()
}

/// `url` with its user name and password percent-encoded (see [`userinfo_end`]).
fn encode_userinfo(url: &str) -> String {
    let Some((start, at)) = userinfo_end(url) else {
        return url.to_owned();
    };
    use ::url::form_urlencoded::byte_serialize;
    let info = &url[start..at];
    let (user, password) = match info.split_once(':') {
        Some((u, p)) => (u, Some(p)),
        None => (info, None),
    };
    let encode = |s: &str| {
        let decoded = percent_decode(s).unwrap_or_else(|| s.to_owned());
        byte_serialize(decoded.as_bytes())
            .collect::<String>()
            .replace('+', "%20")
    };
    let mut out = url[..start].to_owned();
    out.push_str(&encode(user));
    if let Some(p) = password {
        out.push(':');
        out.push_str(&encode(p));
    }
    out.push_str(&url[at..]);
    out
}

fn parse_sqlite(url: &str, rest: &str) -> Result<Target, Error> {
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    if rest == ":memory:" {
        return Ok(Target::SqliteMemory);
    }
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let mut foreign_keys = None;
    let mut params = Vec::new();
    for (k, v) in ::url::form_urlencoded::parse(query.as_bytes()) {
        match (k.as_ref(), v.as_ref()) {
            ("mode", "memory") => return Ok(Target::SqliteMemory),
            ("_fk" | "foreign_keys" | "_foreign_keys", v) => {
                foreign_keys = Some(matches!(v, "1" | "true" | "on" | "yes"));
            }
            _ => params.push((k.into_owned(), v.into_owned())),
        }
    }
    if path == ":memory:" {
        return Ok(Target::SqliteMemory);
    }
    let path = percent_decode(path).ok_or_else(|| bad(url, "bad percent-encoding"))?;
    if path.is_empty() {
        return Err(bad(url, "no database file; use sqlite://path/to/file.db"));
    }
    Ok(Target::SqliteFile {
        path: PathBuf::from(path),
        foreign_keys,
        params,
    })
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The URL with its password (in the user info, or a `password=` parameter) replaced by
/// `xxxxx`. The user info is taken to end at the last `@` of the URL, so a password holding
/// `/`, `#`, `?` or `@` is masked whole; an `@` later in the query only makes the mask longer.
pub fn mask(url: &str) -> String {
    let mut out = url.to_owned();
    if let Some(start) = url.find("://").map(|i| i + 3) {
        let rest = &url[start..];
        if let (Some(colon), Some(first_at), Some(last_at)) =
            (rest.find(':'), rest.find('@'), rest.rfind('@'))
            && colon < first_at
            && !rest[..colon].contains(['/', '?', '#'])
        {
            out = format!("{}{MASK}{}", &url[..start + colon + 1], &rest[last_at..]);
        }
    }
    mask_password_params(&out)
}

/// `password=...` in the query (or in a key=value connection string) masked up to the next
/// `&` or space.
fn mask_password_params(s: &str) -> String {
    let lower = s.to_ascii_lowercase();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while let Some(found) = lower[i..].find("password=") {
        let at = i + found;
        let preceded = at == 0 || matches!(s.as_bytes()[at - 1], b'?' | b'&' | b' ' | b';');
        let value_start = at + "password=".len();
        out.push_str(&s[i..value_start]);
        if preceded {
            let value_end = s[value_start..]
                .find(['&', ' '])
                .map_or(s.len(), |e| value_start + e);
            out.push_str(MASK);
            i = value_end;
        } else {
            i = value_start;
        }
    }
    out.push_str(&s[i..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pg(url: &str) -> (String, Option<String>) {
        match DbUrl::parse(url).unwrap().target {
            Target::Postgres {
                driver_url,
                search_path,
            } => (driver_url, search_path),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn postgres_urls() {
        assert_eq!(
            pg("postgres://u:pw@h/db?application_name=a@b"),
            ("postgres://u:pw@h/db?application_name=a@b".into(), None)
        );
        assert_eq!(
            pg("postgres://u@h/db?sslmode=disable&search_path=app%2Cpublic"),
            (
                "postgres://u@h/db?sslmode=disable".into(),
                Some("app,public".into())
            )
        );
        assert_eq!(
            pg("postgresql://u:p@h:5433/db"),
            ("postgresql://u:p@h:5433/db".into(), None)
        );
        assert!(DbUrl::parse("postgres://h/db?search_path=").is_err());
        assert!(DbUrl::parse("postgres://").is_err());
    }

    #[test]
    fn passwords_with_reserved_characters_are_encoded_for_the_driver() {
        for (password, encoded) in [
            ("pa/ss", "pa%2Fss"),
            ("pa#ss", "pa%23ss"),
            ("pa?ss", "pa%3Fss"),
            ("p@ss", "p%40ss"),
            ("a/b#c?d@e", "a%2Fb%23c%3Fd%40e"),
            ("p@ss/w#rd", "p%40ss%2Fw%23rd"),
            ("p%40ss", "p%40ss"),
        ] {
            let (driver, _) = pg(&format!("postgres://u:{password}@db.example:5432/app"));
            assert_eq!(
                driver,
                format!("postgres://u:{encoded}@db.example:5432/app"),
                "{password}"
            );
        }
    }

    #[test]
    fn a_password_is_never_printed() {
        for password in [
            "secret",
            "pa/ss",
            "pa#ss",
            "pa?ss",
            "p@ss",
            "a/b#c?d@e",
            "12/34",
            ":colon:",
        ] {
            for url in [
                format!("postgres://u:{password}@h:5432/db?search_path=s"),
                format!("postgres://u:{password}@h/db?application_name=a@b"),
                format!("postgresql://u:{password}@h"),
                format!("postgres://h/db?user=u&password={password}"),
            ] {
                let masked = mask(&url);
                assert!(!masked.contains(password), "{url} -> {masked}");
                assert!(masked.contains(MASK), "{url} -> {masked}");
                if let Err(e) = DbUrl::parse(&url) {
                    assert!(!e.to_string().contains(password), "{e}");
                }
            }
        }
        assert_eq!(
            mask("postgres://u:secret@h:5432/db?search_path=s"),
            "postgres://u:xxxxx@h:5432/db?search_path=s"
        );
        assert_eq!(mask("postgres://u@h:5432/db"), "postgres://u@h:5432/db");
        assert_eq!(mask("postgres://h:5432/db"), "postgres://h:5432/db");
        assert_eq!(mask("sqlite://a.db"), "sqlite://a.db");
        let err = DbUrl::parse("mysql://u:se/cret@h").unwrap_err().to_string();
        assert!(!err.contains("se/cret"), "{err}");
    }

    #[test]
    fn mysql_urls() {
        let url = DbUrl::parse("mysql://root:p@ss/w@127.0.0.1:3306/app?ssl-mode=disabled").unwrap();
        assert_eq!(url.dialect(), Dialect::Mysql);
        assert_eq!(
            url.target,
            Target::Mysql {
                driver_url: "mysql://root:p%40ss%2Fw@127.0.0.1:3306/app?ssl-mode=disabled".into(),
                returning: None,
            }
        );
        assert_eq!(
            url.masked(),
            "mysql://root:xxxxx@127.0.0.1:3306/app?ssl-mode=disabled"
        );
        assert_eq!(
            DbUrl::parse("mariadb://root@localhost/app").unwrap().target,
            Target::Mysql {
                driver_url: "mysql://root@localhost/app".into(),
                returning: None,
            }
        );
        assert_eq!(
            DbUrl::parse("mysql://root@h/app?a=1&returning=false&b=2")
                .unwrap()
                .target,
            Target::Mysql {
                driver_url: "mysql://root@h/app?a=1&b=2".into(),
                returning: Some(false),
            }
        );
        let err = DbUrl::parse("mysql://root@h/app?returning=no")
            .unwrap_err()
            .to_string();
        assert!(err.contains("returning=true or returning=false"), "{err}");
        let err = DbUrl::parse("mysql://root@localhost")
            .unwrap_err()
            .to_string();
        assert!(err.contains("no database"), "{err}");
    }

    #[test]
    fn sqlite_urls() {
        assert_eq!(
            DbUrl::parse("sqlite::memory:").unwrap().target,
            Target::SqliteMemory
        );
        assert_eq!(
            DbUrl::parse("sqlite://:memory:").unwrap().target,
            Target::SqliteMemory
        );
        assert_eq!(
            DbUrl::parse("sqlite://file.db?mode=memory").unwrap().target,
            Target::SqliteMemory
        );
        assert_eq!(
            DbUrl::parse("sqlite://data/app%20x.db?_fk=1&mode=rwc")
                .unwrap()
                .target,
            Target::SqliteFile {
                path: "data/app x.db".into(),
                foreign_keys: Some(true),
                params: vec![("mode".into(), "rwc".into())],
            }
        );
        let abs = DbUrl::parse("sqlite:///tmp/a.db").unwrap();
        assert_eq!(abs.sqlite_path(), Some(Path::new("/tmp/a.db")));
        assert_eq!(abs.dialect(), Dialect::Sqlite);
        assert_eq!(
            DbUrl::parse("file:x.db").unwrap().sqlite_path(),
            Some(Path::new("x.db"))
        );
        assert!(DbUrl::parse("sqlite://").is_err());
        assert!(DbUrl::parse("sqlite://a%zz.db").is_err());
        assert!(DbUrl::parse("http://x").is_err());
    }
}
