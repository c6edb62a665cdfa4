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

/// What the root module re-exports from the runtime, by module. A name an entity takes is left
/// out: with an entity `Order`, `ent::Order` is the entity and the runtime's stays
/// `entgen_runtime::typed::Order`. (`Error` cannot name an entity.)
const RUNTIME_REEXPORTS: &[(&str, &[&str])] = &[
    (
        "::entgen_runtime::client",
        &["Hook", "Mutation", "Op", "Outcome"],
    ),
    ("::entgen_runtime::error", &["ConstraintKind", "Error"]),
    (
        "::entgen_runtime::typed",
        &["Detached", "Order", "Predicate", "count"],
    ),
];

/// What the root template prints.
#[derive(Debug, Clone)]
pub struct RootView {
    /// `entgen_runtime::client::{Hook, Mutation, Op, Outcome}`, ...: the paths of `pub use`.
    pub runtime_reexports: Vec<String>,
    pub entities: Vec<EntityLink>,
    /// `client.schema().diff(..)` (feature `versioned-migration`).
    pub versioned_migration: bool,
    /// The `AsyncClient` (feature `async`).
    pub async_client: bool,
}

pub fn root_view(graph: &Graph, features: &Features) -> RootView {
    RootView {
        runtime_reexports: runtime_reexports(graph),
        entities: graph
            .entities
            .values()
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
        async_client: features.async_client,
    }
}

/// The `pub use` paths of [`RUNTIME_REEXPORTS`] without the names the schema's entities take.
fn runtime_reexports(graph: &Graph) -> Vec<String> {
    RUNTIME_REEXPORTS
        .iter()
        .filter_map(|(module, names)| {
            let kept: Vec<&str> = names
                .iter()
                .copied()
                .filter(|name| !graph.entities.contains_key(*name))
                .collect();
            match kept.as_slice() {
                [] => None,
                [one] => Some(format!("{module}::{one}")),
                many => Some(format!("{module}::{{{}}}", many.join(", "))),
            }
        })
        .collect()
}
