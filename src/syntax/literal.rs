//! Decoding literal text: string escapes and numbers.

use crate::diagnostics::{Diagnostics, Span, messages};

/// Decodes a `"..."` literal (quotes included in `text`). Unknown escapes are reported at their
/// position and kept as written, so one bad escape does not hide the rest of the file.
pub fn decode_string(text: &str, span: Span, diagnostics: &mut Diagnostics) -> String {
    let body = &text[1..text.len() - 1];
    let body_start = span.start as usize + 1;
    let mut out = String::with_capacity(body.len());
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some((j, escape)) = chars.next() else {
            break;
        };
        let escape_span = Span::new(
            span.file,
            body_start + i,
            body_start + j + escape.len_utf8(),
        );
        match escape {
            '"' => out.push('"'),
            '\\' => out.push('\\'),
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'u' => {
                let rest = &body[j + 1..];
                match decode_unicode_escape(rest) {
                    Some((ch, consumed)) => {
                        out.push(ch);
                        for _ in 0..consumed {
                            chars.next();
                        }
                    }
                    None => {
                        let end = rest.find('}').map_or(j + 1, |k| j + 1 + k + 1);
                        let span = Span::new(span.file, body_start + i, body_start + end);
                        diagnostics.push(messages::invalid_unicode_escape(span));
                    }
                }
            }
            other => {
                diagnostics.push(messages::unknown_escape(escape_span, other));
                out.push('\\');
                out.push(other);
            }
        }
    }
    out
}

/// `{1F600}` → the char and how many bytes (= chars, all ASCII) it took.
fn decode_unicode_escape(rest: &str) -> Option<(char, usize)> {
    let inner = rest.strip_prefix('{')?;
    let close = inner.find('}')?;
    let hex = &inner[..close];
    if hex.is_empty() || hex.len() > 6 {
        return None;
    }
    let code = u32::from_str_radix(hex, 16).ok()?;
    Some((char::from_u32(code)?, close + 2))
}

/// Where a string opens that `line` never closes (a byte offset), if any: what makes a line
/// unreadable when the grammar's own recovery could not tell. Knows escapes, raw strings
/// (`r"..."`, `r#"..."#`) and stops at a `//` comment.
pub fn unclosed_quote(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => return None,
            b'"' => {
                let raw = raw_prefix(bytes, i);
                let end = match raw {
                    Some((_, hashes)) => {
                        let close = format!("\"{}", "#".repeat(hashes));
                        line[i + 1..].find(&close).map(|k| i + 1 + k + close.len())
                    }
                    None => closing_quote(bytes, i + 1),
                };
                match end {
                    Some(end) => i = end,
                    None => return Some(raw.map_or(i, |(start, _)| start)),
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// For a quote at `quote`: the start of its raw-string prefix (`r`, `r#`, ...) and the number of
/// `#`, when the quote opens a raw string.
fn raw_prefix(bytes: &[u8], quote: usize) -> Option<(usize, usize)> {
    let hashes = bytes[..quote]
        .iter()
        .rev()
        .take_while(|&&b| b == b'#')
        .count();
    let r = quote.checked_sub(hashes + 1)?;
    let word_start = r == 0 || !(bytes[r - 1].is_ascii_alphanumeric() || bytes[r - 1] == b'_');
    (bytes[r] == b'r' && word_start).then_some((r, hashes))
}

/// The offset just after the `"` closing a string whose body starts at `from`.
fn closing_quote(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// Integers keep 128 bits so that every `uint64` and `int64` value fits; range against the
/// field's type is checked by the graph.
pub fn parse_int(text: &str, span: Span, diagnostics: &mut Diagnostics) -> i128 {
    text.parse().unwrap_or_else(|_| {
        diagnostics.push(messages::integer_out_of_range(span));
        0
    })
}

pub fn parse_float(text: &str) -> f64 {
    // The grammar only admits digits, one dot and an exponent, which f64 always parses (large
    // values become infinity, which the graph reports where it matters).
    text.parse().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::FileId;

    fn decode(text: &str) -> (String, usize) {
        let mut diagnostics = Diagnostics::new();
        let span = Span::new(FileId(0), 0, text.len());
        let s = decode_string(text, span, &mut diagnostics);
        (s, diagnostics.error_count())
    }

    #[test]
    fn decodes_the_documented_escapes() {
        assert_eq!(
            decode(r#""a\"b\\c\nd\te""#),
            ("a\"b\\c\nd\te".to_string(), 0)
        );
        assert_eq!(decode(r#""\u{1F600}!""#), ("😀!".to_string(), 0));
        assert_eq!(decode(r#""ü""#), ("ü".to_string(), 0));
    }

    #[test]
    fn finds_strings_a_line_never_closes() {
        assert_eq!(unclosed_quote(r#"a string @comment("x)"#), Some(18));
        assert_eq!(unclosed_quote(r#"a string @comment("x\")"#), Some(18));
        assert_eq!(unclosed_quote(r#"a string @match(r"^\d")"#), None);
        assert_eq!(
            unclosed_quote(r##"a string @match(r#"a"b"#) @x(r#"y)"##),
            Some(29)
        );
        assert_eq!(unclosed_quote(r#"a string // "not a string"#), None);
        assert_eq!(unclosed_quote(r#"a string @x("\\") junk"#), None);
    }

    #[test]
    fn reports_unknown_and_malformed_escapes() {
        assert_eq!(decode(r#""^\d+$""#).1, 1);
        assert_eq!(decode(r#""\u{110000}""#).1, 1);
        assert_eq!(decode(r#""\u{}""#).1, 1);
        assert_eq!(decode(r#""\u12""#).1, 1);
    }
}
