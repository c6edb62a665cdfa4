//! The client `entgen generate schemas/blog --feature versioned-migration` writes, checked in
//! (`src/ent/`, written only by the generator), with an example program
//! (`cargo run -p generated-example --example quickstart`) and live tests against PostgreSQL
//! and SQLite.

#![deny(missing_docs)]

pub mod ent;
