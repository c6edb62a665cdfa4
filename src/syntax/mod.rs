//! Syntax: the pest grammar (`grammar/schema.pest`), the spanned AST, and parsing of one file
//! into it. Nothing here knows what a name means; that is the graph's job.

pub mod ast;
mod comments;
mod expected;
mod literal;
mod parser;
mod strict;

pub use expected::Explained;
pub use parser::parse_file;
