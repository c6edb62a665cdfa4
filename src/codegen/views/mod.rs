//! View structs the templates read: every name a template prints is computed here from the
//! graph (storage names are read off it, never recomputed), so templates hold no logic beyond
//! loops and flags.

mod edge;
mod entity;
mod field;
mod root;
mod rust;

pub use entity::{EntityView, entity_view};
pub use root::{RootView, root_view};

/// A comment as rustdoc lines (without the `///`), or `fallback` when there is none.
pub(crate) fn doc_lines(comment: Option<&str>, fallback: String) -> Vec<String> {
    match comment.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => c.lines().map(|l| l.trim_end().to_string()).collect(),
        None => vec![fallback],
    }
}

/// `text` as a Rust string literal.
pub(crate) fn lit(text: &str) -> String {
    format!("{text:?}")
}
