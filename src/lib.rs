//! entgen: schema-first code generator for Rust, the library a `build.rs` uses
//! (`entgen::Config`). The `entgen` command line, with `migrate`, is the `entgen-cli` package.
//!
//! See ARCHITECTURE.md for the path data takes from `.schema` text to SQL.

pub mod codegen;
pub mod describe;
pub mod diagnostics;
pub mod format;
pub mod graph;
pub mod naming;
pub mod schema_dir;
pub mod sql;
pub mod syntax;
pub mod synthetic;

pub use codegen::{Config, GenerateError, Generated};
