//! The fast path: a hand-written recursive-descent parser that builds exactly the tree the pest
//! grammar (`grammar/schema.pest`) and its lowering build, for valid input only.
//!
//! It follows the grammar rule by rule, including pest's implicit skipping of blanks and
//! comments between tokens and the spans that skipping produces (a rule ending in an optional
//! part keeps the blanks and comments skipped before it). Wherever the grammar would backtrack,
//! this parser backtracks the same way ([`Miss::NoMatch`]); wherever the input takes a path that
//! would end in a diagnostic, or is merely unusual (block comments, a lone `\r`, an unclosed or
//! oddly escaped string), it gives up ([`Miss::GiveUp`]) and the caller parses the text with
//! pest instead, so every diagnostic still comes from the grammar. `tests/fuzz_parser.rs` and
//! `tests/parser_fast_path.rs` check that both parsers agree on every input this one accepts.

mod blocks;
mod cursor;
mod members;
mod values;

use super::ast::Block;
use crate::diagnostics::FileId;
use cursor::Cursor;

/// Why a rule did not produce a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Miss {
    /// The rule does not match here; the grammar would try its next alternative.
    NoMatch,
    /// The text needs the pest parser: it is invalid, or outside what this parser handles.
    GiveUp,
}

type Parsed<T> = Result<T, Miss>;

/// Parses `text`, which starts at byte `base` of `file`, into its blocks; `None` when the text
/// is not plainly valid and must go through pest.
pub fn parse_blocks(file: FileId, text: &str, base: usize) -> Option<Vec<Block>> {
    if has_lone_carriage_return(text) {
        // pest takes a lone `\r` for a line break; not worth following here.
        return None;
    }
    Cursor::new(file, text, base).file().ok()
}

fn has_lone_carriage_return(text: &str) -> bool {
    let bytes = text.as_bytes();
    text.match_indices('\r')
        .any(|(i, _)| bytes.get(i + 1) != Some(&b'\n'))
}
