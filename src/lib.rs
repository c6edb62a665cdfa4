//! entgen: schema-first code generator and migration engine for Rust.
//!
//! See ARCHITECTURE.md for the path data takes from `.schema` text to SQL.

pub mod cli;
pub mod codegen;
pub mod describe;
pub mod diagnostics;
pub mod format;
pub mod graph;
pub mod migrate;
pub mod naming;
pub mod schema_dir;
pub mod sql;
pub mod syntax;
pub mod synthetic;

pub use codegen::{Config, GenerateError, Generated};
