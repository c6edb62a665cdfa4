//! `atlas:` directive comments: the `reDirective` matcher and the file-level directives Atlas reads
//! from the top of a migration file.

use std::fmt;

/// One `atlas:<name> [args]` match, as Atlas's `reDirective` (`sql/migrate/dir.go`) captures it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DirectiveMatch<'a> {
    /// Everything before `atlas:` on the first line (Go's group 1), e.g. `-- `.
    pub prefix: &'a [u8],
    /// The directive name (group 2), e.g. `sum`.
    pub name: &'a [u8],
    /// The arguments (group 3): the rest of the first line after the spaces that follow the
    /// name, `\r` included; empty when there are none.
    pub args: &'a [u8],
}

fn is_printable_ascii(b: u8) -> bool {
    (b' '..=b'~').contains(&b)
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Matches `^([ -~]*)atlas:(\w+)(?: +(.+))*` against the start of `content`, byte for byte the
/// way Go's RE2 does (Atlas `directive`, `sql/migrate/dir.go`).
///
/// Only the first line can match: the prefix is printable ASCII, which excludes `\n`. Because
/// the prefix is greedy, the *last* `atlas:<word>` of that line wins. The arguments run to the
/// end of the line, so a `\r` (CRLF file) or a trailing space stays part of them.
pub fn match_directive(content: &[u8]) -> Option<DirectiveMatch<'_>> {
    let printable = content
        .iter()
        .position(|&b| !is_printable_ascii(b))
        .unwrap_or(content.len());
    // Greedy prefix: try the longest prefix first.
    let start = (0..=printable).rev().find(|&i| {
        content[i..].starts_with(b"atlas:") && content.get(i + 6).is_some_and(|&b| is_word(b))
    })?;
    let name_start = start + 6;
    let name_end = content[name_start..]
        .iter()
        .position(|&b| !is_word(b))
        .map_or(content.len(), |p| name_start + p);
    let line_end = content[name_end..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(content.len(), |p| name_end + p);
    let rest = &content[name_end..line_end];
    let spaces = rest.iter().take_while(|&&b| b == b' ').count();
    let args: &[u8] = if spaces == 0 {
        &[]
    } else if spaces < rest.len() {
        &rest[spaces..]
    } else if spaces >= 2 {
        // ` +` gives one space back so that `.+` can match the last one.
        &rest[rest.len() - 1..]
    } else {
        &[]
    };
    Some(DirectiveMatch {
        prefix: &content[..start],
        name: &content[name_start..name_end],
        args,
    })
}

/// Atlas `directive(content, name, prefix...)`: the arguments of directive `name` when the
/// first line of `content` carries it (and, when `prefix` is given, exactly that prefix).
pub fn directive<'a>(content: &'a [u8], name: &str, prefix: Option<&str>) -> Option<&'a [u8]> {
    let m = match_directive(content)?;
    if m.name != name.as_bytes() {
        return None;
    }
    if let Some(p) = prefix
        && m.prefix != p.as_bytes()
    {
        return None;
    }
    Some(m.args)
}

/// Whether the file opts out of `atlas.sum` with `atlas:sum ignore` on its first line (Atlas
/// `NewHashFile`). Any printable-ASCII prefix works (`-- `, `//`, nothing); a CRLF line ending,
/// a trailing space or a UTF-8 BOM defeats it.
pub fn is_sum_ignored(content: &[u8]) -> bool {
    directive(content, "sum", None) == Some(b"ignore".as_slice())
}

/// The leading comment lines Atlas treats as file-level (`LocalFile.comments`): lines starting
/// with `--` or `#`, each trimmed, counted only when a blank line (spaces and tabs allowed)
/// follows them. Without that blank line they belong to the first statement.
///
/// Matching Atlas, a file made only of comment lines has no file-level comments, and a CRLF
/// blank line (`\r\n`) does not count as blank.
pub fn file_comments(content: &str) -> Vec<&str> {
    let mut comments = Vec::new();
    let mut rest = content;
    while rest.starts_with('#') || rest.starts_with("--") {
        match rest.find('\n') {
            Some(i) => {
                comments.push(rest[..i].trim());
                rest = &rest[i + 1..];
            }
            None => return Vec::new(),
        }
    }
    if rest.trim_start_matches([' ', '\t']).starts_with('\n') {
        comments
    } else {
        Vec::new()
    }
}

/// Atlas `LocalFile.Directive(name)`: the arguments of every file-level comment carrying
/// directive `name`, in file order.
pub fn file_directive<'a>(content: &'a str, name: &str) -> Vec<&'a str> {
    file_comments(content)
        .into_iter()
        .filter_map(|c| {
            // The arguments are cut at ASCII bytes of valid UTF-8, so they are valid UTF-8.
            directive(c.as_bytes(), name, None).and_then(|args| std::str::from_utf8(args).ok())
        })
        .collect()
}

/// How a file asks to be wrapped in transactions (`-- atlas:txmode`, `--tx-mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TxMode {
    /// No transaction; each statement commits on its own.
    None,
    /// One transaction per file (Atlas's default).
    File,
    /// One transaction for every pending file (only valid as the global `--tx-mode`).
    All,
}

impl TxMode {
    /// The spelling Atlas uses: `none`, `file` or `all`.
    pub fn as_str(self) -> &'static str {
        match self {
            TxMode::None => "none",
            TxMode::File => "file",
            TxMode::All => "all",
        }
    }
}

impl fmt::Display for TxMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for TxMode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "none" => Ok(TxMode::None),
            "file" => Ok(TxMode::File),
            "all" => Ok(TxMode::All),
            other => Err(format!(
                "unknown tx-mode {other:?}: expected none, file or all"
            )),
        }
    }
}

/// Why the file-level directives of a file are unusable (Atlas `txmodeFor`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DirectiveError {
    /// More than one `atlas:txmode` line.
    #[error("multiple atlas:txmode directives: {0:?}")]
    MultipleTxModes(Vec<String>),
    /// `atlas:txmode all` in a file: Atlas accepts `all` only as the global `--tx-mode`.
    #[error("atlas:txmode \"all\" is not allowed in a file; use \"file\" instead")]
    TxModeAllInFile,
    /// A txmode value other than `none` or `file`.
    #[error("unknown atlas:txmode {0:?}: expected none or file")]
    UnknownTxMode(String),
}

/// Which lint checks a file opts out of (`-- atlas:nolint [codes]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoLint {
    /// Bare `atlas:nolint`: skip the whole file.
    All,
    /// Only these analyzers or codes (e.g. `DS103`, `destructive`).
    Only(Vec<String>),
}

/// The directives a migration file carries at file level.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileDirectives {
    /// `-- atlas:txmode none|file` (also set from goose `-- +goose NO TRANSACTION` and dbmate
    /// `transaction:false` when those formats are read).
    pub txmode: Option<TxMode>,
    /// `-- atlas:nolint [codes]`; several lines are merged, a bare one wins.
    pub nolint: Option<NoLint>,
    /// `-- atlas:checkpoint [tag]`: `Some(tag)`, the tag being empty when absent.
    pub checkpoint: Option<String>,
    /// `atlas:sum ignore` on the first line: the file is left out of `atlas.sum`.
    pub sum_ignore: bool,
    /// `-- atlas:delimiter <d>` on the first line, with `\n`, `\r`, `\t` unescaped.
    pub delimiter: Option<String>,
}

impl FileDirectives {
    /// Reads the directives of a file the way Atlas does: txmode, nolint and checkpoint from the
    /// file-level comment block (`LocalFile.Directive`, `txmodeFor`), `sum` and `delimiter` from
    /// the first line (`NewHashFile`, `Scanner.init`).
    pub fn parse(content: &str) -> Result<Self, DirectiveError> {
        let txmodes = file_directive(content, "txmode");
        let txmode = match txmodes.as_slice() {
            [] => None,
            [one] => Some(match *one {
                "none" => TxMode::None,
                "file" => TxMode::File,
                "all" => return Err(DirectiveError::TxModeAllInFile),
                other => return Err(DirectiveError::UnknownTxMode(other.to_string())),
            }),
            many => {
                return Err(DirectiveError::MultipleTxModes(
                    many.iter().map(|s| s.to_string()).collect(),
                ));
            }
        };
        let mut nolint: Option<NoLint> = None;
        for args in file_directive(content, "nolint") {
            let codes: Vec<String> = args.split_whitespace().map(str::to_string).collect();
            nolint = match (nolint, codes.is_empty()) {
                (_, true) | (Some(NoLint::All), _) => Some(NoLint::All),
                (Some(NoLint::Only(mut have)), false) => {
                    have.extend(codes);
                    Some(NoLint::Only(have))
                }
                (None, false) => Some(NoLint::Only(codes)),
            };
        }
        let checkpoint = file_directive(content, "checkpoint")
            .first()
            .map(|s| s.to_string());
        let delimiter = directive(content.as_bytes(), "delimiter", Some("-- "))
            .map(|d| unescape_delimiter(&String::from_utf8_lossy(d)));
        Ok(FileDirectives {
            txmode,
            nolint,
            checkpoint,
            sum_ignore: is_sum_ignored(content.as_bytes()),
            delimiter,
        })
    }
}

/// Atlas `Scanner.setDelim`: `\n`, `\r` and `\t` written as escapes become the characters.
pub fn unescape_delimiter(d: &str) -> String {
    let mut out = String::with_capacity(d.len());
    let mut chars = d.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            let replacement = match chars.peek() {
                Some('n') => Some('\n'),
                Some('r') => Some('\r'),
                Some('t') => Some('\t'),
                _ => None,
            };
            if let Some(r) = replacement {
                chars.next();
                out.push(r);
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// The inverse of [`unescape_delimiter`], used when writing `-- atlas:delimiter`.
pub fn escape_delimiter(d: &str) -> String {
    d.replace('\n', "\\n")
        .replace('\r', "\\r")
        .replace('\t', "\\t")
}

/// Formats one directive line the way Atlas writes it: `-- atlas:<name>[ <args>]`.
pub fn directive_line(name: &str, args: &str) -> String {
    if args.is_empty() {
        format!("-- atlas:{name}")
    } else {
        format!("-- atlas:{name} {args}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Option<String> {
        match_directive(s.as_bytes()).map(|m| {
            format!(
                "{}|{}|{}",
                String::from_utf8_lossy(m.prefix),
                String::from_utf8_lossy(m.name),
                String::from_utf8_lossy(m.args)
            )
        })
    }

    #[test]
    fn matcher_follows_go_regexp() {
        assert_eq!(
            args("-- atlas:sum ignore\n").as_deref(),
            Some("-- |sum|ignore")
        );
        assert_eq!(args("atlas:sum").as_deref(), Some("|sum|"));
        assert_eq!(
            args("-- atlas:sum ignore\r\n").as_deref(),
            Some("-- |sum|ignore\r")
        );
        assert_eq!(
            args("-- atlas:sum  ignore ").as_deref(),
            Some("-- |sum|ignore ")
        );
        assert_eq!(args("-- atlas:sum   ").as_deref(), Some("-- |sum| "));
        assert_eq!(args("-- atlas:sum \n").as_deref(), Some("-- |sum|"));
        assert_eq!(
            args("-- atlas:sum ignore atlas:x").as_deref(),
            Some("-- atlas:sum ignore |x|")
        );
        assert_eq!(args("\u{feff}-- atlas:sum ignore"), None);
        assert_eq!(args("\t-- atlas:sum ignore"), None);
        assert_eq!(args("SELECT 1;\n-- atlas:sum ignore"), None);
        assert_eq!(args("-- atlas: sum"), None);
    }

    #[test]
    fn file_level_comments_need_a_blank_line() {
        assert_eq!(
            file_comments("-- atlas:txmode none\n\nSELECT 1;"),
            vec!["-- atlas:txmode none"]
        );
        assert_eq!(
            file_comments("-- atlas:txmode none\n  \t\nSELECT 1;"),
            vec!["-- atlas:txmode none"]
        );
        assert!(file_comments("-- atlas:txmode none\nSELECT 1;").is_empty());
        assert!(file_comments("-- atlas:txmode none\r\n\r\nSELECT 1;").is_empty());
        assert!(file_comments("-- only a comment\n").is_empty());
        assert!(file_comments("-- only a comment").is_empty());
    }

    #[test]
    fn delimiter_escapes_round_trip() {
        assert_eq!(unescape_delimiter("\\n\\n\\t;"), "\n\n\t;");
        assert_eq!(escape_delimiter("\n\n\t;"), "\\n\\n\\t;");
        assert_eq!(unescape_delimiter("\\x"), "\\x");
    }
}
