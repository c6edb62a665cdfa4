//! `entgen fmt`: the canonical layout of a `.schema` file.
//!
//! Rules: four-space indentation; one blank line between blocks; blank lines between members
//! kept (runs collapsed to one); in each run of consecutive fields (or edges) the names, types
//! and trailing comments are aligned in columns; every comment is kept, and literals are
//! printed exactly as written. Formatting formatted text changes nothing.

mod layout;

use crate::diagnostics::SourceFile;
use crate::syntax::ast::SchemaFile;

pub use layout::format_file;

/// Formats a parsed file; `None` when the text is already canonical.
pub fn reformat(source: &SourceFile, ast: &SchemaFile) -> Option<String> {
    let formatted = format_file(source, ast);
    (formatted != source.text).then_some(formatted)
}
