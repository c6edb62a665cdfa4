//! Splitting a migration file into statements by Atlas's rules (`sql/migrate/lex.go`,
//! `Scanner.stmt`): `;` (or a custom delimiter) at parenthesis depth 0 ends a statement;
//! quotes, dollar quotes, comments and `BEGIN … END` blocks are skipped as a whole.

use std::cell::RefCell;
use std::collections::HashMap;

use super::directive::{directive, unescape_delimiter};

/// Which lexical rules apply; Atlas picks them per driver (`ScannerOptions`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScanOptions {
    /// `BEGIN … END` compound blocks (`MatchBegin`).
    pub match_begin: bool,
    /// SQL-standard `BEGIN ATOMIC … END` bodies (`MatchBeginAtomic`).
    pub match_begin_atomic: bool,
    /// PostgreSQL `$tag$ … $tag$` strings (`MatchDollarQuote`).
    pub match_dollar_quote: bool,
    /// Backslash escapes inside every quoted string (MySQL, `BackslashEscapes`).
    pub backslash_escapes: bool,
    /// Backslash escapes inside PostgreSQL `E'…'` strings (`EscapedStringExt`).
    pub escaped_string_ext: bool,
    /// `#` line comments (MySQL, `HashComments`).
    pub hash_comments: bool,
    /// Block comments nest, as PostgreSQL reads them (`/* a /* b */ c */` is one comment);
    /// Atlas and the other databases end a block comment at the first `*/`.
    pub nested_block_comments: bool,
}

impl ScanOptions {
    /// Atlas `migrate.Stmts`, the generic scanner: `BEGIN ATOMIC` and dollar quotes.
    pub const GENERIC: ScanOptions = ScanOptions {
        match_begin: false,
        match_begin_atomic: true,
        match_dollar_quote: true,
        backslash_escapes: false,
        escaped_string_ext: false,
        hash_comments: false,
        nested_block_comments: false,
    };
    /// Atlas's PostgreSQL driver scanner (`postgres/driver.go` `ScanStmts`).
    pub const POSTGRES: ScanOptions = ScanOptions {
        match_begin: true,
        match_begin_atomic: true,
        match_dollar_quote: true,
        backslash_escapes: false,
        escaped_string_ext: true,
        hash_comments: false,
        nested_block_comments: true,
    };
    /// Atlas's MySQL driver scanner.
    pub const MYSQL: ScanOptions = ScanOptions {
        match_begin: true,
        match_begin_atomic: false,
        match_dollar_quote: false,
        backslash_escapes: true,
        escaped_string_ext: false,
        hash_comments: true,
        nested_block_comments: false,
    };
    /// Atlas's SQLite driver scanner.
    pub const SQLITE: ScanOptions = ScanOptions {
        match_begin: true,
        match_begin_atomic: false,
        match_dollar_quote: false,
        backslash_escapes: false,
        escaped_string_ext: false,
        hash_comments: false,
        nested_block_comments: false,
    };
}

/// One statement of a migration file (Atlas `Stmt`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stmt {
    /// The statement, trimmed. It keeps its trailing `;`; a custom delimiter is removed.
    pub text: String,
    /// Byte offset of the statement's first character in the file.
    pub offset: usize,
    /// 1-based line of the statement's first character in the file.
    pub line: usize,
    /// The comments directly above the statement (a blank line detaches them), raw, with the
    /// `\n` that ends a line comment.
    pub comments: Vec<String>,
}

impl Stmt {
    /// The arguments of each statement-level directive `name` in the comments above the
    /// statement, e.g. `-- atlas:nolint DS103` gives `["DS103"]` (Atlas `Stmt.Directive`).
    pub fn directive(&self, name: &str) -> Vec<String> {
        let mut out = Vec::new();
        for c in &self.comments {
            if c.starts_with("/*") && !c.contains('\n') {
                let body = c.strip_suffix("*/").unwrap_or(c);
                if let Some(d) = directive(body.as_bytes(), name, Some("/*")) {
                    out.push(String::from_utf8_lossy(d).into_owned());
                }
            } else {
                for p in ["#", "--", "-- "] {
                    if let Some(d) = directive(c.as_bytes(), name, Some(p)) {
                        out.push(String::from_utf8_lossy(d).into_owned());
                    }
                }
            }
        }
        out
    }
}

/// What went wrong while splitting.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SplitErrorKind {
    /// A quote that never closes.
    #[error("unclosed quote {0:?}")]
    UnclosedQuote(char),
    /// A `(` still open at the end of the file.
    #[error("unclosed '('")]
    UnclosedParen,
    /// A `)` without its `(`.
    #[error("unexpected ')'")]
    UnexpectedParen,
    /// `-- atlas:delimiter` or `DELIMITER` without a delimiter.
    #[error("empty delimiter")]
    EmptyDelimiter,
    /// A file holding only the `-- atlas:delimiter` line.
    #[error("no input found after delimiter {0:?}")]
    NoInputAfterDelimiter(String),
}

/// A file that cannot be split, with the 1-based line and column (in bytes) of the culprit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {kind}")]
pub struct SplitError {
    /// 1-based line.
    pub line: usize,
    /// 1-based byte column.
    pub column: usize,
    /// What is wrong.
    pub kind: SplitErrorKind,
}

/// Splits `input` into statements (Atlas `Scanner.Scan`), honouring `-- atlas:delimiter` on the
/// first line, MySQL `DELIMITER` commands, and the given lexical options.
///
/// As in Atlas, a trailing statement without a delimiter is kept, a comment directly followed
/// by the end of the file (no newline) is kept as statement text, and block comments nest only
/// with [`ScanOptions::nested_block_comments`] (otherwise the first `*/` closes).
pub fn split(input: &str, opts: &ScanOptions) -> Result<Vec<Stmt>, SplitError> {
    let ctx = Ctx {
        src: input,
        opts: *opts,
        memo: RefCell::new(HashMap::new()),
        lines: line_starts(input),
    };
    let mut scanner = Scanner::new(&ctx, 0, 0);
    if let Some(d) = directive(input.as_bytes(), "delimiter", Some("-- ")) {
        let d = String::from_utf8_lossy(d);
        if d.is_empty() {
            return Err(ctx.error(0, SplitErrorKind::EmptyDelimiter));
        }
        scanner.delim = unescape_delimiter(&d);
        let Some(nl) = input.find('\n') else {
            return Err(ctx.error(0, SplitErrorKind::NoInputAfterDelimiter(d.into_owned())));
        };
        scanner.start = nl + 1;
        scanner.pos = nl + 1;
    }
    let mut out = Vec::new();
    while let Some(raw) = scanner.stmt()? {
        out.push(Stmt {
            text: scanner.text(&raw).to_string(),
            offset: raw.start,
            line: ctx.line_of(raw.start),
            comments: raw.comments,
        });
    }
    Ok(out)
}

/// Where the `*/` closing a block comment starts in `rest` (the text after its `/*`), counting
/// the `/*` … `*/` pairs inside, as PostgreSQL's lexer does.
fn nested_comment_end(rest: &str) -> Option<usize> {
    let bytes = rest.as_bytes();
    let mut depth = 1usize;
    let mut i = 0;
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
                i += 2;
            }
            _ => i += 1,
        }
    }
    None
}

/// Nesting limit for `BEGIN … END` blocks; deeper input is scanned as plain text.
const MAX_BLOCK_DEPTH: usize = 32;

fn line_starts(s: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(s.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Block {
    /// `BEGIN ATOMIC`: ends at a statement starting with `END`.
    Atomic,
    /// `BEGIN`: ends at a statement that is exactly `END` or `END;`.
    Begin,
}

/// State shared by a scanner and the scanners of its blocks.
struct Ctx<'a> {
    src: &'a str,
    opts: ScanOptions,
    /// Where a block whose body starts at a position ends, if it does. A body always scans the
    /// same way, so this bounds the work on inputs full of unterminated `BEGIN`s.
    memo: RefCell<HashMap<(usize, Block), Option<usize>>>,
    lines: Vec<usize>,
}

impl Ctx<'_> {
    fn line_of(&self, offset: usize) -> usize {
        self.lines.partition_point(|&start| start <= offset)
    }

    fn error(&self, offset: usize, kind: SplitErrorKind) -> SplitError {
        let line = self.line_of(offset);
        let line_start = self.lines.get(line.wrapping_sub(1)).copied().unwrap_or(0);
        SplitError {
            line,
            column: offset - line_start + 1,
            kind,
        }
    }
}

/// A statement's span before trimming.
struct Raw {
    start: usize,
    end: usize,
    comments: Vec<String>,
}

struct Scanner<'c, 'a> {
    ctx: &'c Ctx<'a>,
    /// Start of the current statement (Go's `s.input`).
    start: usize,
    /// Current position (Go's `s.pos`, absolute).
    pos: usize,
    /// Width of the last character read.
    width: usize,
    delim: String,
    comments: Vec<String>,
    depth: usize,
}

fn is_re_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// Length of `\s*WORD` (ASCII case-insensitive) at the start of `s`.
fn spaces_then_word(s: &[u8], word: &str) -> Option<usize> {
    let lead = s.iter().take_while(|&&b| is_re_space(b)).count();
    let end = lead + word.len();
    (s.len() >= end && s[lead..end].eq_ignore_ascii_case(word.as_bytes())).then_some(end)
}

/// Length of `\s+` at the start of `s`, if at least one.
fn some_spaces(s: &[u8]) -> Option<usize> {
    let n = s.iter().take_while(|&&b| is_re_space(b)).count();
    (n > 0).then_some(n)
}

/// `(?i)^\s*BEGIN\s+`
fn match_begin(s: &[u8]) -> Option<usize> {
    let n = spaces_then_word(s, "begin")?;
    Some(n + some_spaces(&s[n..])?)
}

/// `(?i)^\s*BEGIN\s+ATOMIC\s+`
fn match_begin_atomic(s: &[u8]) -> Option<usize> {
    let n = match_begin(s)?;
    let m = n + spaces_then_word(&s[n..], "atomic").filter(|&k| k == 6)?;
    Some(m + some_spaces(&s[m..])?)
}

/// Whether a block statement closes the block.
fn ends_block(block: Block, text: &str) -> bool {
    let b = text.as_bytes();
    let Some(n) = spaces_then_word(b, "end") else {
        return false;
    };
    match block {
        Block::Atomic => true,
        Block::Begin => {
            let m = n + b[n..].iter().take_while(|&&c| is_re_space(c)).count();
            m == b.len() || &b[m..] == b";"
        }
    }
}

fn is_tag_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || ('\u{c8}'..='\u{ff}').contains(&c)
}

/// Length of a dollar-quote tag (`$$`, `$body$`) at the start of `s`
/// (`^\$([A-Za-zÈ-ÿ_][\wÈ-ÿ]*)*\$`).
fn dollar_tag(s: &str) -> Option<usize> {
    let rest = s.strip_prefix('$')?;
    let mut chars = rest.char_indices();
    match chars.next()? {
        (_, '$') => return Some(2),
        (_, c) if is_tag_start(c) => {}
        _ => return None,
    }
    for (i, c) in chars {
        if c == '$' {
            return Some(1 + i + 1);
        }
        if !(is_tag_start(c) || c.is_ascii_digit()) {
            return None;
        }
    }
    None
}

impl<'c, 'a> Scanner<'c, 'a> {
    fn new(ctx: &'c Ctx<'a>, start: usize, depth: usize) -> Self {
        Scanner {
            ctx,
            start,
            pos: start,
            width: 0,
            delim: ";".to_string(),
            comments: Vec::new(),
            depth,
        }
    }

    fn src(&self) -> &'a str {
        self.ctx.src
    }

    fn next(&mut self) -> Option<char> {
        let c = self.src()[self.pos..].chars().next()?;
        self.width = c.len_utf8();
        self.pos += self.width;
        Some(c)
    }

    fn peek(&self) -> Option<char> {
        self.src()[self.pos..].chars().next()
    }

    fn skip_spaces(&mut self) {
        let rest = &self.src()[self.start..];
        self.start += rest.len() - rest.trim_start().len();
        self.pos = self.start;
    }

    fn emit(&mut self, end: usize) -> Raw {
        let raw = Raw {
            start: self.start,
            end,
            comments: std::mem::take(&mut self.comments),
        };
        self.start = self.pos;
        raw
    }

    fn text(&self, raw: &Raw) -> &'a str {
        let mut t = &self.src()[raw.start..raw.end];
        if self.delim != ";" {
            t = t.strip_suffix(self.delim.as_str()).unwrap_or(t);
        }
        t.trim()
    }

    /// Scans the next statement (Atlas `Scanner.stmt`); `None` at the end of the input.
    fn stmt(&mut self) -> Result<Option<Raw>, SplitError> {
        let mut depth = 0usize;
        let mut opening = 0usize;
        self.skip_spaces();
        loop {
            let Some(r) = self.next() else {
                if depth > 0 {
                    return Err(self.ctx.error(opening, SplitErrorKind::UnclosedParen));
                }
                if self.pos > self.start {
                    return Ok(Some(self.emit(self.pos)));
                }
                return Ok(None);
            };
            let at = self.pos - self.width;
            match r {
                '(' => {
                    if depth == 0 {
                        opening = at;
                    }
                    depth += 1;
                    continue;
                }
                ')' => {
                    if depth == 0 {
                        return Err(self.ctx.error(at, SplitErrorKind::UnexpectedParen));
                    }
                    depth -= 1;
                    continue;
                }
                '\'' | '"' | '`' => {
                    self.skip_quote(r, at)?;
                    continue;
                }
                _ => {}
            }
            if at == self.start && self.is_delimiter_command() {
                self.pos = self.start + "delimiter".len();
                self.delimiter_command()?;
                continue;
            }
            if depth == 0 && self.src()[at..].starts_with(self.delim.as_str()) {
                self.pos = at + self.delim.len();
                return Ok(Some(self.emit(self.pos)));
            }
            if self.ctx.opts.match_dollar_quote
                && r == '$'
                && let Some(tag) = dollar_tag(&self.src()[at..])
            {
                self.skip_dollar_quote(at, tag);
                continue;
            }
            if r == '#' && self.ctx.opts.hash_comments {
                self.comment("#", "\n");
                continue;
            }
            if r == '-' && self.peek() == Some('-') {
                self.next();
                self.comment("--", "\n");
                continue;
            }
            if r == '/' && self.peek() == Some('*') {
                self.next();
                self.comment("/*", "*/");
                continue;
            }
            // Block matches may start at spaces before `BEGIN` too; matching at the `B` ends at
            // the same place, and the spaces in between never end a statement.
            if self.delim != ";" || !matches!(r, 'b' | 'B') {
                continue;
            }
            let bytes = self.src().as_bytes();
            if self.ctx.opts.match_begin_atomic
                && let Some(m) = match_begin_atomic(&bytes[at..])
            {
                self.pos = at + m;
                if self.skip_block(Block::Atomic) {
                    return Ok(Some(self.emit(self.pos)));
                }
                continue;
            }
            if self.ctx.opts.match_begin
                && (at == self.start || is_re_space(bytes[at - 1]))
                && let Some(m) = match_begin(&bytes[at..])
            {
                self.pos = at + m;
                if self.skip_block(Block::Begin) {
                    return Ok(Some(self.emit(self.pos)));
                }
            }
        }
    }

    fn skip_quote(&mut self, quote: char, at: usize) -> Result<(), SplitError> {
        let opts = self.ctx.opts;
        // Atlas means `E'…'` here but tests the quote itself; we test the character before it.
        let escaped = opts.backslash_escapes
            || (opts.escaped_string_ext
                && at > 0
                && matches!(self.src().as_bytes()[at - 1], b'E' | b'e'));
        loop {
            match self.next() {
                None => return Err(self.ctx.error(at, SplitErrorKind::UnclosedQuote(quote))),
                Some('\\') if escaped => {
                    self.next();
                }
                Some(c) if c == quote => return Ok(()),
                Some(_) => {}
            }
        }
    }

    fn skip_dollar_quote(&mut self, at: usize, tag_len: usize) {
        let src = self.src();
        let tag = &src[at..at + tag_len];
        let body = at + tag_len;
        // An unclosed dollar quote runs to the end of the input, as in Atlas.
        self.pos = src[body..]
            .find(tag)
            .map_or(src.len(), |i| body + i + tag_len);
    }

    fn is_delimiter_command(&self) -> bool {
        let rest = &self.src().as_bytes()[self.start..];
        rest.len() > 9 && rest[..9].eq_ignore_ascii_case(b"delimiter")
    }

    /// A MySQL `DELIMITER x` line: switch the delimiter and drop the line.
    fn delimiter_command(&mut self) -> Result<(), SplitError> {
        if self.peek() != Some(' ') {
            return Ok(());
        }
        let src = self.src();
        let at = self.start;
        self.pos = src[self.pos..]
            .find('\n')
            .map_or(src.len(), |i| self.pos + i + 1);
        let mut d = src[self.start + 9..self.pos].trim().to_string();
        if d.len() >= 2 && d.starts_with('\'') && d.ends_with('\'') {
            d = d[1..d.len() - 1].replace("''", "'");
        }
        if d.is_empty() {
            return Err(self.ctx.error(at, SplitErrorKind::EmptyDelimiter));
        }
        self.delim = unescape_delimiter(&d);
        self.emit(self.pos);
        self.skip_spaces();
        Ok(())
    }

    /// A comment from `left` to `right`. Before any statement text it is collected into the
    /// statement's comments (a blank line after it detaches the group); inside a statement it
    /// stays in the text. Without `right` it is not a comment at all.
    fn comment(&mut self, left: &str, right: &str) {
        let src = self.src();
        let found = if left == "/*" && self.ctx.opts.nested_block_comments {
            nested_comment_end(&src[self.pos..])
        } else {
            src[self.pos..].find(right)
        };
        let Some(i) = found else {
            return;
        };
        let inside = self.pos - self.start != left.len();
        self.pos += i + right.len();
        if inside {
            return;
        }
        self.comments.push(src[self.start..self.pos].to_string());
        self.start = self.pos;
        let rest = &src[self.pos..];
        if rest.starts_with("\n\n") || (right == "\n" && rest.starts_with('\n')) {
            self.comments.clear();
        }
        self.skip_spaces();
    }

    /// Scans a block body starting at `self.pos` with a fresh scanner, up to its `END`
    /// statement. On success `self.pos` moves past it; on failure it stays.
    fn skip_block(&mut self, block: Block) -> bool {
        let body = self.pos;
        let key = (body, block);
        let cached = self.ctx.memo.borrow().get(&key).copied();
        let end = match cached {
            Some(end) => end,
            None => {
                let end = self.scan_block(body, block);
                self.ctx.memo.borrow_mut().insert(key, end);
                end
            }
        };
        match end {
            Some(end) => {
                self.pos = end;
                true
            }
            None => false,
        }
    }

    fn scan_block(&self, body: usize, block: Block) -> Option<usize> {
        if self.depth >= MAX_BLOCK_DEPTH {
            return None;
        }
        let mut inner = Scanner::new(self.ctx, body, self.depth + 1);
        loop {
            let raw = inner.stmt().ok()??;
            if ends_block(block, inner.text(&raw)) {
                return Some(inner.pos);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matchers() {
        assert_eq!(match_begin(b"BEGIN x"), Some(6));
        assert_eq!(match_begin(b"\n begin\n\nx"), Some(9));
        assert_eq!(match_begin(b"BEGIN;"), None);
        assert_eq!(match_begin_atomic(b"BEGIN ATOMIC\n"), Some(13));
        assert_eq!(match_begin_atomic(b"BEGIN ATOMICS "), None);
        assert_eq!(dollar_tag("$$x"), Some(2));
        assert_eq!(dollar_tag("$fn_1$x"), Some(6));
        assert_eq!(dollar_tag("$1$"), None);
        assert_eq!(dollar_tag("$a b$"), None);
        assert!(ends_block(Block::Begin, "END;"));
        assert!(ends_block(Block::Begin, "end"));
        assert!(!ends_block(Block::Begin, "END IF;"));
        assert!(ends_block(Block::Atomic, "END IF;"));
    }
}
