//! The generated `migrate` module: the desired runtime `Schema` as readable Rust constructors.

use crate::graph::Graph;

/// Rust source of a function `pub fn schema(dialect: Dialect) -> Schema` (plus its `use` lines)
/// that builds the tables `sql::tables` computes for `graph`, for each runtime dialect.
pub fn schema_module_source(graph: &Graph) -> String {
    let _ = graph;
    todo!("schema printer")
}
