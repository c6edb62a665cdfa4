//! A small SQL tokenizer for `migrate lint`: words, quoted identifiers, strings, numbers and
//! punctuation, comments dropped. Enough to recognise DDL statements, never a full parser; any
//! text tokenizes (unknown bytes become punctuation), so lint never fails on odd SQL.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A keyword or bare identifier.
    Word,
    /// `"x"`, `` `x` `` or `[x]`.
    Quoted,
    /// `'…'`, `E'…'`, `$$…$$`.
    Str,
    /// Digits.
    Number,
    /// Anything else, one character.
    Punct,
}

/// One token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tok {
    /// Its kind.
    pub kind: Kind,
    /// The identifier (unquoted, quotes undoubled) or the text as written.
    pub text: String,
}

impl Tok {
    /// Whether this is the keyword `kw` (case-insensitive).
    pub fn is(&self, kw: &str) -> bool {
        self.kind == Kind::Word && self.text.eq_ignore_ascii_case(kw)
    }

    /// Whether this is the punctuation `c`.
    pub fn punct(&self, c: char) -> bool {
        self.kind == Kind::Punct && self.text.len() == c.len_utf8() && self.text.starts_with(c)
    }

    /// Whether this can name an object.
    pub fn is_name(&self) -> bool {
        matches!(self.kind, Kind::Word | Kind::Quoted)
    }

    /// The name as the database folds it: bare words lower-cased, quoted names as written.
    pub fn name(&self) -> String {
        match self.kind {
            Kind::Word => self.text.to_lowercase(),
            _ => self.text.clone(),
        }
    }
}

/// Tokenizes `sql`.
pub fn tokens(sql: &str) -> Vec<Tok> {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let n = chars.len();
    let tok = |kind, text: String| Tok { kind, text };
    while i < n {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if (c == '-' && chars.get(i + 1) == Some(&'-')) || (c == '#' && out.is_empty()) {
            while i < n && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && chars.get(i + 1) == Some(&'*') {
            i += 2;
            while i < n && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                i += 1;
            }
            i = (i + 2).min(n);
        } else if c == '\'' || ((c == 'E' || c == 'e') && chars.get(i + 1) == Some(&'\'')) {
            let escapes = c != '\'';
            i += if escapes { 2 } else { 1 };
            let start = i;
            while i < n {
                if escapes && chars[i] == '\\' {
                    i += 2;
                    continue;
                }
                if chars[i] == '\'' {
                    if chars.get(i + 1) == Some(&'\'') {
                        i += 2;
                        continue;
                    }
                    break;
                }
                i += 1;
            }
            let end = i.min(n);
            out.push(tok(Kind::Str, chars[start..end].iter().collect()));
            i = (i + 1).min(n);
        } else if c == '"' || c == '`' || c == '[' {
            let close = if c == '[' { ']' } else { c };
            i += 1;
            let mut s = String::new();
            while i < n {
                if chars[i] == close {
                    if chars.get(i + 1) == Some(&close) && close != ']' {
                        s.push(close);
                        i += 2;
                        continue;
                    }
                    break;
                }
                s.push(chars[i]);
                i += 1;
            }
            i = (i + 1).min(n);
            out.push(tok(Kind::Quoted, s));
        } else if c == '$' {
            // Dollar quote: $tag$ … $tag$.
            let mut j = i + 1;
            while j < n && (chars[j].is_alphanumeric() || chars[j] == '_') {
                j += 1;
            }
            if j < n && chars[j] == '$' && !chars.get(i + 1).is_some_and(char::is_ascii_digit) {
                let tag: String = chars[i..=j].iter().collect();
                let tag: Vec<char> = tag.chars().collect();
                let mut k = j + 1;
                while k < n && !chars[k..].starts_with(&tag) {
                    k += 1;
                }
                out.push(tok(Kind::Str, chars[j + 1..k.min(n)].iter().collect()));
                i = (k + tag.len()).min(n);
            } else {
                out.push(tok(Kind::Punct, "$".into()));
                i += 1;
            }
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < n && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$') {
                i += 1;
            }
            out.push(tok(Kind::Word, chars[start..i].iter().collect()));
        } else if c.is_ascii_digit() {
            let start = i;
            while i < n && (chars[i].is_ascii_alphanumeric() || chars[i] == '.') {
                i += 1;
            }
            out.push(tok(Kind::Number, chars[start..i].iter().collect()));
        } else {
            out.push(tok(Kind::Punct, c.to_string()));
            i += 1;
        }
    }
    out
}

/// A cursor over tokens.
pub struct Cursor<'a> {
    toks: &'a [Tok],
    pos: usize,
}

impl<'a> Cursor<'a> {
    /// A cursor at the first token.
    pub fn new(toks: &'a [Tok]) -> Self {
        Cursor { toks, pos: 0 }
    }

    /// The current token.
    pub fn peek(&self) -> Option<&'a Tok> {
        self.toks.get(self.pos)
    }

    /// The token `k` ahead.
    pub fn peek_at(&self, k: usize) -> Option<&'a Tok> {
        self.toks.get(self.pos + k)
    }

    /// Takes the current token.
    pub fn bump(&mut self) -> Option<&'a Tok> {
        let t = self.toks.get(self.pos);
        if t.is_some() {
            self.pos += 1;
        }
        t
    }

    /// Takes keyword `kw` when it is next.
    pub fn eat(&mut self, kw: &str) -> bool {
        if self.peek().is_some_and(|t| t.is(kw)) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Takes the keywords `kws` when they are all next.
    pub fn eat_all(&mut self, kws: &[&str]) -> bool {
        let ok = kws
            .iter()
            .enumerate()
            .all(|(k, kw)| self.peek_at(k).is_some_and(|t| t.is(kw)));
        if ok {
            self.pos += kws.len();
        }
        ok
    }

    /// Takes punctuation `c` when it is next.
    pub fn eat_punct(&mut self, c: char) -> bool {
        if self.peek().is_some_and(|t| t.punct(c)) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// A possibly qualified name (`a.b.c`): the last part, as the database folds it.
    pub fn qualified_name(&mut self) -> Option<String> {
        let mut name = self.bump().filter(|t| t.is_name())?.name();
        while self.peek().is_some_and(|t| t.punct('.')) && self.peek_at(1).is_some_and(Tok::is_name)
        {
            self.pos += 1;
            name = self.bump()?.name();
        }
        Some(name)
    }

    /// The tokens up to the next top-level `,` (or the end, or a closing `)` at depth 0),
    /// consuming the comma.
    pub fn until_comma(&mut self) -> &'a [Tok] {
        let start = self.pos;
        let mut depth = 0usize;
        while let Some(t) = self.peek() {
            if t.punct('(') {
                depth += 1;
            } else if t.punct(')') {
                if depth == 0 {
                    break;
                }
                depth -= 1;
            } else if depth == 0 && (t.punct(',') || t.punct(';')) {
                break;
            }
            self.pos += 1;
        }
        let part = &self.toks[start..self.pos];
        self.eat_punct(',');
        part
    }

    /// Whether the cursor is at the end.
    pub fn done(&self) -> bool {
        self.pos >= self.toks.len()
    }
}

/// Splits the inside of a parenthesised list at top-level commas; `toks` starts at `(`.
/// Returns the parts and how many tokens the list took.
pub fn paren_list(toks: &[Tok]) -> (Vec<&[Tok]>, usize) {
    if !toks.first().is_some_and(|t| t.punct('(')) {
        return (Vec::new(), 0);
    }
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 1;
    for (i, t) in toks.iter().enumerate().skip(1) {
        if t.punct('(') {
            depth += 1;
        } else if t.punct(')') {
            if depth == 0 {
                if i > start {
                    parts.push(&toks[start..i]);
                }
                return (parts, i + 1);
            }
            depth -= 1;
        } else if t.punct(',') && depth == 0 {
            parts.push(&toks[start..i]);
            start = i + 1;
        }
    }
    if toks.len() > start {
        parts.push(&toks[start..]);
    }
    (parts, toks.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizes_quotes_and_comments() {
        let t =
            tokens("ALTER TABLE \"Us\"\"er\" -- c\n DROP /* x */ `a`, $f$ ; $f$ 'it''s' E'\\'' 12");
        let texts: Vec<(Kind, &str)> = t.iter().map(|t| (t.kind, t.text.as_str())).collect();
        assert_eq!(
            texts,
            [
                (Kind::Word, "ALTER"),
                (Kind::Word, "TABLE"),
                (Kind::Quoted, "Us\"er"),
                (Kind::Word, "DROP"),
                (Kind::Quoted, "a"),
                (Kind::Punct, ","),
                (Kind::Str, " ; "),
                (Kind::Str, "it''s"),
                (Kind::Str, "\\'"),
                (Kind::Number, "12"),
            ]
        );
        // Unterminated input never panics.
        for s in ["'abc", "\"abc", "$x$abc", "/* abc", "E'\\", "[", "$"] {
            let _ = tokens(s);
        }
    }

    #[test]
    fn lists_and_names() {
        let t = tokens("public.users (a int, b numeric(10, 2), c text) rest");
        let mut c = Cursor::new(&t);
        assert_eq!(c.qualified_name().as_deref(), Some("users"));
        let (parts, used) = paren_list(&t[3..]);
        assert_eq!(parts.len(), 3);
        assert_eq!(t[3 + used].text, "rest");
    }
}
