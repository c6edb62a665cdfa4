//! Doc comments set aside while syn and prettyplease format a chunk, and put back after.
//!
//! To syn, each `/// text` line is a `#[doc = r" text"]` attribute whose string literal is
//! re-read (unescaped into a new `String`) at every peek the parser makes, and a fifth of the
//! generated client's bytes are doc comments. So before parsing, each doc line becomes a bare
//! marker attribute, cheap to parse, and its text is kept aside; after printing, each marker line
//! gets its text back, written as prettyplease writes a doc comment: `///` (or `//!`) and the
//! text, at the marker's indentation. A doc line inside a multi-line string literal (the
//! generator writes none) would come back unchanged too: its marker is printed verbatim, at the
//! indentation it was given.
//!
//! prettyplease ends a doc comment with a forced line break, but an ordinary attribute with a
//! breakable space, so a marker could share a line with what it annotates when that fits. Then
//! [`DocLines::restore`] refuses, and the chunk is formatted from its original source instead:
//! either way the output is what prettyplease prints for the source.

/// Stands for an outer doc line (`///`) while the chunk is formatted.
const OUTER_MARKER: &str = "#[entgen_doc_line]";
/// Stands for an inner doc line (`//!`).
const INNER_MARKER: &str = "#![entgen_doc_line]";

/// The texts of a chunk's doc lines, in source order (what follows `///` or `//!`).
pub(crate) struct DocLines<'a> {
    texts: Vec<(DocStyle, &'a str)>,
}

#[derive(Clone, Copy, PartialEq)]
enum DocStyle {
    Outer,
    Inner,
}

impl<'a> DocLines<'a> {
    /// `source` with each doc line replaced by a marker (its indentation kept), and the texts
    /// set aside. `None` when the source holds no doc line.
    pub(crate) fn mark(source: &'a str) -> Option<(String, DocLines<'a>)> {
        let mut marked = String::with_capacity(source.len());
        let mut texts = Vec::new();
        for line in source.split_inclusive('\n') {
            let body = line.strip_suffix('\n').unwrap_or(line);
            let text = body.trim_start();
            let indent = &body[..body.len() - text.len()];
            // A line with trailing whitespace stays as it is: prettyplease would trim a doc
            // comment's trailing spaces, but not the same line's inside a string literal.
            let style = doc_style(text).filter(|_| body.trim_end() == body);
            let (style, marker) = match style {
                Some(DocStyle::Outer) => (DocStyle::Outer, OUTER_MARKER),
                Some(DocStyle::Inner) => (DocStyle::Inner, INNER_MARKER),
                None => {
                    marked.push_str(line);
                    continue;
                }
            };
            texts.push((style, &text[3..]));
            marked.push_str(indent);
            marked.push_str(marker);
            marked.push('\n');
        }
        (!texts.is_empty()).then_some((marked, DocLines { texts }))
    }

    /// `printed` (the formatted marked source) with each marker line turned back into its doc
    /// line; `None` unless every marker stands alone on its line, in source order.
    pub(crate) fn restore(&self, printed: &str) -> Option<String> {
        let extra: usize = self.texts.iter().map(|(_, text)| text.len()).sum();
        let mut out = String::with_capacity(printed.len() + extra);
        let mut texts = self.texts.iter();
        for line in printed.split_inclusive('\n') {
            let body = line.trim_end_matches('\n');
            let code = body.trim_start();
            let style = match code {
                OUTER_MARKER => DocStyle::Outer,
                INNER_MARKER => DocStyle::Inner,
                _ if code.contains("entgen_doc_line") => return None,
                _ => {
                    out.push_str(line);
                    continue;
                }
            };
            let (expected, text) = texts.next()?;
            if *expected != style {
                return None;
            }
            out.push_str(&body[..body.len() - code.len()]);
            out.push_str(if style == DocStyle::Outer {
                "///"
            } else {
                "//!"
            });
            out.push_str(text);
            out.push('\n');
        }
        texts.next().is_none().then_some(out)
    }
}

/// Whether a line (without its indentation) is a doc comment: `///` but not `////` (an
/// ordinary comment), or `//!`.
fn doc_style(line: &str) -> Option<DocStyle> {
    if line.starts_with("//!") {
        Some(DocStyle::Inner)
    } else if line.starts_with("///") && !line.starts_with("////") {
        Some(DocStyle::Outer)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_lines_round_trip_through_markers() {
        let source = "//! Module.\n\n/// A thing.\n///\n///   Indented text.  \npub struct A {\n    /// The field.\n    pub f: i64,\n}\n";
        let (marked, docs) = DocLines::mark(source).expect("has docs");
        assert_eq!(marked.matches("entgen_doc_line").count(), 4);
        assert!(marked.contains("    #[entgen_doc_line]\n    pub f"));
        assert!(
            marked.contains("\n///   Indented text.  \n"),
            "trailing spaces: left as is"
        );
        let restored = docs.restore(&marked).expect("markers alone on their lines");
        assert_eq!(restored, source);
    }

    #[test]
    fn ordinary_comments_are_left_alone() {
        assert!(DocLines::mark("//// not a doc\n// plain\nfn f() {}\n").is_none());
    }

    #[test]
    fn a_marker_sharing_a_line_or_missing_is_refused() {
        let (_, docs) = DocLines::mark("/// A.\nstruct A;\n").expect("has docs");
        assert!(docs.restore("#[entgen_doc_line] struct A;\n").is_none());
        assert!(docs.restore("struct A;\n").is_none());
        assert!(docs.restore("#![entgen_doc_line]\nstruct A;\n").is_none());
        assert_eq!(
            docs.restore("#[entgen_doc_line]\nstruct A;\n").as_deref(),
            Some("/// A.\nstruct A;\n")
        );
    }
}
