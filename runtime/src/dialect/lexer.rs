//! A small SQL tokenizer shared by expression normalization and SQLite DDL parsing.
//!
//! It only needs to know where literals, quoted identifiers, comments and parentheses are; it
//! never fails (an unterminated literal runs to the end of the input).

/// Kind of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// Spaces, tabs, newlines.
    Space,
    /// `-- ...` or `/* ... */`.
    Comment,
    /// `'...'` (with `''` escapes).
    String,
    /// `"..."`, `` `...` `` or `[...]`.
    QuotedIdent,
    /// A bare word: identifier or keyword.
    Word,
    /// A number such as `12`, `1.5`, `1e3`, `0x1F`.
    Number,
    /// Any other single character (operators, `(`, `)`, `,`, `;`, `:` ...).
    Punct,
}

/// A token: its kind and byte range in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
}

impl Token {
    /// The token's text.
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        &src[self.start..self.end]
    }

    /// Whether this is the punctuation character `c`.
    pub fn is_punct(&self, src: &str, c: char) -> bool {
        self.kind == TokenKind::Punct && self.text(src).starts_with(c)
    }

    /// Whether this is the keyword `kw` (case-insensitive).
    pub fn is_word(&self, src: &str, kw: &str) -> bool {
        self.kind == TokenKind::Word && self.text(src).eq_ignore_ascii_case(kw)
    }

    /// Whether the token carries meaning (not space or comment).
    pub fn is_significant(&self) -> bool {
        !matches!(self.kind, TokenKind::Space | TokenKind::Comment)
    }
}

/// Splits `src` into tokens covering the whole input.
pub(crate) fn tokenize(src: &str) -> Vec<Token> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let c = bytes[i];
        let kind = match c {
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' => {
                while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
                {
                    i += 1;
                }
                TokenKind::Space
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                TokenKind::Comment
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i < bytes.len() && !(bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/')) {
                    i += 1;
                }
                i = (i + 2).min(bytes.len());
                TokenKind::Comment
            }
            b'\'' => {
                i = quoted_end(bytes, i, b'\'');
                TokenKind::String
            }
            b'"' | b'`' => {
                i = quoted_end(bytes, i, c);
                TokenKind::QuotedIdent
            }
            b'[' => {
                while i < bytes.len() && bytes[i] != b']' {
                    i += 1;
                }
                i = (i + 1).min(bytes.len());
                TokenKind::QuotedIdent
            }
            b'0'..=b'9' => {
                i = number_end(bytes, i);
                TokenKind::Number
            }
            b'.' if bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                i = number_end(bytes, i);
                TokenKind::Number
            }
            c if c == b'_' || c == b'$' || c.is_ascii_alphabetic() || c >= 0x80 => {
                while i < bytes.len() && is_word_byte(bytes[i]) {
                    i += 1;
                }
                TokenKind::Word
            }
            _ => {
                // One character (which may be several bytes in UTF-8).
                i += src[i..].chars().next().map_or(1, char::len_utf8);
                TokenKind::Punct
            }
        };
        out.push(Token {
            kind,
            start,
            end: i,
        });
    }
    out
}

fn is_word_byte(b: u8) -> bool {
    b == b'_' || b == b'$' || b.is_ascii_alphanumeric() || b >= 0x80
}

/// End (exclusive) of a literal opened by `q` at `i`, treating a doubled `q` as an escape.
fn quoted_end(bytes: &[u8], mut i: usize, q: u8) -> usize {
    i += 1;
    while i < bytes.len() {
        if bytes[i] == q {
            if bytes.get(i + 1) == Some(&q) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    bytes.len()
}

fn number_end(bytes: &[u8], mut i: usize) -> usize {
    if bytes[i] == b'0' && matches!(bytes.get(i + 1), Some(b'x' | b'X')) {
        i += 2;
        while i < bytes.len() && bytes[i].is_ascii_hexdigit() {
            i += 1;
        }
        return i;
    }
    while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
        i += 1;
    }
    if i < bytes.len() && matches!(bytes[i], b'e' | b'E') {
        let mut j = i + 1;
        if j < bytes.len() && matches!(bytes[j], b'+' | b'-') {
            j += 1;
        }
        if j < bytes.len() && bytes[j].is_ascii_digit() {
            i = j;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
        }
    }
    i
}

/// The significant tokens of `src` (spaces and comments removed).
pub(crate) fn significant(src: &str) -> Vec<Token> {
    tokenize(src)
        .into_iter()
        .filter(Token::is_significant)
        .collect()
}

/// Index of the token closing the parenthesis opened at `open` (an index into `tokens`), if any.
pub(crate) fn matching_paren(src: &str, tokens: &[Token], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate().skip(open) {
        if t.is_punct(src, '(') {
            depth += 1;
        } else if t.is_punct(src, ')') {
            depth = depth.checked_sub(1)?;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// Unquotes an identifier token (`"a""b"` → `a"b`, `` `x` `` → `x`, `[x]` → `x`); bare words are
/// returned as they are.
#[cfg_attr(not(feature = "sqlite"), allow(dead_code))] // read SQLite's stored DDL
pub(crate) fn unquote_ident(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(q @ ('"' | '`')) => {
            let inner = text[1..].strip_suffix(q).unwrap_or(&text[1..]);
            let doubled: String = [q, q].iter().collect();
            inner.replace(&doubled, &q.to_string())
        }
        Some('[') => text[1..].strip_suffix(']').unwrap_or(&text[1..]).to_owned(),
        _ => text.to_owned(),
    }
}

/// Unquotes a string literal token (`'it''s'` → `it's`).
pub(crate) fn unquote_string(text: &str) -> String {
    let inner = text.strip_prefix('\'').unwrap_or(text);
    let inner = inner.strip_suffix('\'').unwrap_or(inner);
    inner.replace("''", "'")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<(TokenKind, &str)> {
        tokenize(src)
            .iter()
            .map(|t| (t.kind, t.text(src)))
            .collect()
    }

    #[test]
    fn tokenizes_literals_and_identifiers() {
        use TokenKind::*;
        assert_eq!(
            kinds(r#"a."b""c"='it''s'--x"#),
            vec![
                (Word, "a"),
                (Punct, "."),
                (QuotedIdent, r#""b""c""#),
                (Punct, "="),
                (String, "'it''s'"),
                (Comment, "--x"),
            ]
        );
        assert_eq!(
            kinds("1.5e3 é"),
            vec![(Number, "1.5e3"), (Space, " "), (Word, "é")]
        );
    }

    #[test]
    fn never_fails_on_unterminated_input() {
        for src in ["'abc", "\"abc", "[abc", "/* x", "`", "0x", "é'", "\u{0}"] {
            let toks = tokenize(src);
            assert_eq!(toks.last().map(|t| t.end), Some(src.len()), "{src}");
        }
    }

    #[test]
    fn unquotes() {
        assert_eq!(unquote_ident(r#""a""b""#), r#"a"b"#);
        assert_eq!(unquote_ident("`a``b`"), "a`b");
        assert_eq!(unquote_ident("[a b]"), "a b");
        assert_eq!(unquote_string("'it''s'"), "it's");
    }
}
