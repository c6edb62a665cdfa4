//! Finding the plain comments of a file (`// ...`, `/* ... */`) for `fmt`, and reporting block
//! comments that are never closed. The grammar skips comments silently (that keeps pest fast),
//! so this scanner follows the same lexical rules: no comment starts inside a string or a doc
//! comment, and block comments do not nest.

use super::ast::Comment;
use crate::diagnostics::{Diagnostics, FileId, Span, messages};

pub fn scan(file: FileId, text: &str, diagnostics: &mut Diagnostics) -> Vec<Comment> {
    let bytes = text.as_bytes();
    let mut comments = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = skip_string(bytes, i + 1),
            b'r' if starts_raw_string(bytes, i) => i = skip_raw_string(bytes, i + 1),
            b'/' if bytes[i..].starts_with(b"///") && !bytes[i..].starts_with(b"////") => {
                i = line_end(bytes, i);
            }
            b'/' if bytes[i..].starts_with(b"//") => {
                let end = line_end(bytes, i);
                comments.push(comment(file, text, i, end));
                i = end;
            }
            b'/' if bytes[i..].starts_with(b"/*") => {
                let end = match find(bytes, i + 2, b"*/") {
                    Some(close) => close + 2,
                    None => {
                        diagnostics.push(messages::unclosed_block_comment(Span::new(
                            file,
                            i,
                            i + 2,
                        )));
                        bytes.len()
                    }
                };
                comments.push(comment(file, text, i, end));
                i = end;
            }
            _ => i += 1,
        }
    }
    comments
}

fn comment(file: FileId, text: &str, start: usize, end: usize) -> Comment {
    let body = text[start..end].trim_end_matches('\r');
    Comment {
        text: body.to_string(),
        span: Span::new(file, start, start + body.len()),
    }
}

/// Where the line that `from` is on ends: at `\n`, `\r\n` or a lone `\r`, as the grammar's
/// `NEWLINE` says (a comment that ran on past a lone `\r` would swallow what pest reads as the
/// next line, and `fmt` would then lose or move it).
fn line_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(bytes.len(), |p| from + p)
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// After the opening quote: to the closing quote, or the end of the line for an unclosed one.
fn skip_string(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            b'\n' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// `r"` or `r#"` not preceded by an identifier character.
fn starts_raw_string(bytes: &[u8], i: usize) -> bool {
    let after_word = i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
    let rest = &bytes[i + 1..];
    let hashes = rest.iter().take_while(|&&b| b == b'#').count();
    !after_word && rest.get(hashes) == Some(&b'"')
}

/// After the `r`: hashes, the quote, then to the matching quote and hashes (or the line's end).
fn skip_raw_string(bytes: &[u8], i: usize) -> usize {
    let hashes = bytes[i..].iter().take_while(|&&b| b == b'#').count();
    let body = i + hashes + 1;
    let mut closing = vec![b'"'];
    closing.extend(std::iter::repeat_n(b'#', hashes));
    let line = line_end(bytes, body);
    match find(&bytes[..line], body, &closing) {
        Some(close) => close + closing.len(),
        None => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(source: &str) -> (Vec<String>, usize) {
        let mut diagnostics = Diagnostics::new();
        let found = scan(FileId(0), source, &mut diagnostics);
        (
            found.into_iter().map(|c| c.text).collect(),
            diagnostics.error_count(),
        )
    }

    #[test]
    fn finds_comments_but_not_in_strings_or_doc_comments() {
        let source = "/// doc // not\nx string @match(\"//no\") // yes\r\n/* a\n b */ y r#\"/*no\"# //// also\n";
        assert_eq!(
            texts(source),
            (
                vec!["// yes".into(), "/* a\n b */".into(), "//// also".into()],
                0
            )
        );
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line_comment_as_it_ends_a_line_for_the_grammar() {
        let source = "entity A { // one\rname string // two\n}\n";
        assert_eq!(texts(source), (vec!["// one".into(), "// two".into()], 0));
    }

    #[test]
    fn reports_an_unclosed_block_comment() {
        assert_eq!(texts("entity A {}\n/* open").1, 1);
        assert_eq!(texts("/*/").1, 1);
    }
}
