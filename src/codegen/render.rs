//! Renders the graph's views through the askama templates into [`Module`]s.

use super::{Features, Module};
use crate::graph::Graph;

/// Every module of the client for `graph`, root first, in a stable order.
pub fn render(graph: &Graph, features: &Features) -> Result<Vec<Module>, askama::Error> {
    let _ = (graph, features);
    todo!("templates")
}
