//! Diagnostics: spans, the source map, the [`Diagnostic`] type, every message text with its
//! stable code ([`messages`]), and rustc-style rendering.

mod diagnostic;
pub mod messages;
mod render;
mod source;
mod span;
mod suggest;

pub use diagnostic::{Diagnostic, Diagnostics, Label, Severity};
pub use render::{ColorChoice, render, summary};
pub use source::{SourceFile, SourceMap};
pub use span::{FileId, LineCol, Span};
pub use suggest::closest;
