//! The root module: client, transaction, schema client.

use super::doc_lines;
use super::rust::ident;
use crate::codegen::Features;
use crate::graph::Graph;

/// An entity as the root module refers to it.
#[derive(Debug, Clone)]
pub struct EntityLink {
    /// `User`.
    pub name: String,
    /// The module (`user`).
    pub module: String,
    /// The client accessor (`user`).
    pub accessor: String,
    /// First doc line of the entity.
    pub summary: String,
}

/// What the root template prints.
#[derive(Debug, Clone)]
pub struct RootView {
    pub entities: Vec<EntityLink>,
    /// `client.schema().diff(..)` (feature `versioned-migration`).
    pub versioned_migration: bool,
}

pub fn root_view(graph: &Graph, features: &Features) -> RootView {
    RootView {
        entities: graph
            .entities
            .iter()
            .map(|e| EntityLink {
                name: e.name.clone(),
                module: ident(&e.label),
                accessor: ident(&e.label),
                summary: doc_lines(e.comment.as_deref(), format!("A {} entity.", e.name))
                    .into_iter()
                    .next()
                    .unwrap_or_default(),
            })
            .collect(),
        versioned_migration: features.versioned_migration,
    }
}
