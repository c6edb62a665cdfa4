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
    fn reports_unknown_and_malformed_escapes() {
        assert_eq!(decode(r#""^\d+$""#).1, 1);
        assert_eq!(decode(r#""\u{110000}""#).1, 1);
        assert_eq!(decode(r#""\u{}""#).1, 1);
        assert_eq!(decode(r#""\u12""#).1, 1);
    }
}
