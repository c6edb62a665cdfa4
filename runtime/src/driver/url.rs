//! Connection URLs: `postgres://user@host:port/db?search_path=app`, `sqlite://path/to.db`,
//! `sqlite::memory:`, `file:path?mode=...`.

use crate::error::Error;

/// What a URL asks to connect to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// A PostgreSQL URL (as the `postgres` crate reads it) and the `search_path` to set.
    Postgres {
        url: String,
        search_path: Option<String>,
    },
    /// An SQLite database in memory.
    SqliteMemory,
    /// An SQLite file path, or a `file:` URI when `uri` is set.
    SqliteFile { path: String, uri: bool },
}

/// The URL with any password replaced by `***`, for error messages.
pub(crate) fn mask(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return url.to_owned();
    };
    let rest = &url[scheme_end..];
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    match (authority.rfind('@'), authority.find(':')) {
        (Some(at), Some(colon)) if colon < at => format!(
            "{}{}:***{}",
            &url[..scheme_end],
            &authority[..colon],
            &rest[at..]
        ),
        _ => url.to_owned(),
    }
}

fn bad(url: &str, reason: impl Into<String>) -> Error {
    Error::Url {
        url: mask(url),
        reason: reason.into(),
    }
}

pub(crate) fn parse(url: &str) -> Result<Target, Error> {
    let lower = url.get(..16).unwrap_or(url).to_ascii_lowercase();
    if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
        return parse_postgres(url);
    }
    if let Some(rest) = strip_prefix_ci(url, "sqlite:") {
        let rest = rest.strip_prefix("//").unwrap_or(rest);
        return match rest {
            "" => Err(bad(url, "no database path")),
            ":memory:" => Ok(Target::SqliteMemory),
            r if r.contains('?') => Ok(Target::SqliteFile {
                path: format!("file:{r}"),
                uri: true,
            }),
            r => Ok(Target::SqliteFile {
                path: percent_decode(r).ok_or_else(|| bad(url, "bad percent-encoding"))?,
                uri: false,
            }),
        };
    }
    if strip_prefix_ci(url, "file:").is_some() {
        return Ok(Target::SqliteFile {
            path: url.to_owned(),
            uri: true,
        });
    }
    Err(bad(
        url,
        "expected postgres://, postgresql://, sqlite:// or sqlite::memory:",
    ))
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// Takes `search_path` out of the query string (the `postgres` crate refuses unknown keys).
fn parse_postgres(url: &str) -> Result<Target, Error> {
    let Some(q) = url.find('?') else {
        return Ok(Target::Postgres {
            url: url.to_owned(),
            search_path: None,
        });
    };
    let mut kept = Vec::new();
    let mut search_path = None;
    for pair in url[q + 1..].split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        if k == "search_path" {
            let v = percent_decode(&v.replace('+', " "))
                .ok_or_else(|| bad(url, "bad percent-encoding in search_path"))?;
            if v.is_empty() {
                return Err(bad(url, "empty search_path"));
            }
            search_path = Some(v);
        } else {
            kept.push(pair);
        }
    }
    let mut out = url[..q].to_owned();
    if !kept.is_empty() {
        out.push('?');
        out.push_str(&kept.join("&"));
    }
    Ok(Target::Postgres {
        url: out,
        search_path,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_urls() {
        assert_eq!(parse("sqlite::memory:").unwrap(), Target::SqliteMemory);
        assert_eq!(parse("sqlite://:memory:").unwrap(), Target::SqliteMemory);
        assert_eq!(
            parse("sqlite://data/app%20x.db").unwrap(),
            Target::SqliteFile {
                path: "data/app x.db".into(),
                uri: false
            }
        );
        assert_eq!(
            parse("sqlite://app.db?mode=rwc").unwrap(),
            Target::SqliteFile {
                path: "file:app.db?mode=rwc".into(),
                uri: true
            }
        );
        assert_eq!(
            parse("postgres://u@h/db?sslmode=disable&search_path=app%2Cpublic").unwrap(),
            Target::Postgres {
                url: "postgres://u@h/db?sslmode=disable".into(),
                search_path: Some("app,public".into())
            }
        );
        assert!(parse("mysql://x").is_err());
        assert!(parse("sqlite://").is_err());
        assert!(parse("postgres://h/db?search_path=%zz").is_err());
        assert_eq!(mask("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(mask("postgres://u@h/db"), "postgres://u@h/db");
    }
}
