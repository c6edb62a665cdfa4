//! entgen: schema-first code generator and migration engine for Rust.
//!
//! See ARCHITECTURE.md for the path data takes from `.schema` text to SQL.

pub mod cli;
pub mod naming;
