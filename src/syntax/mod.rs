//! Syntax: the pest grammar (`grammar/schema.pest`), the spanned AST, and parsing of one file
//! into it. Nothing here knows what a name means; that is the graph's job.

pub mod ast;
mod chunks;
mod comments;
mod expected;
mod fast;
mod literal;
mod parser;
mod strict;

pub use expected::Explained;
pub use parser::{
    PARALLEL_CHUNK_BYTES, parse_file, parse_file_fast, parse_file_in_chunks, parse_file_with_pest,
};
