//! The graph: the validated, resolved meaning of a schema directory, computed from the syntax
//! trees in named passes. Each pass reads the previous ones' results and reports what it finds
//! wrong without stopping, so one run shows every error:
//!
//! 1. [`declarations`]: entities and mixins by name (duplicates, casing, reserved names)
//! 2. [`mixins`]: `use` lines expanded, mixin members first
//! 3. [`entities`]: tables, ids, fields (types, attributes, defaults, validators), checks
//! 4. [`edges`]: targets resolved, inverses paired with their assoc edges
//! 5. [`relations`]: relation kinds, FK placement and names, join tables, edge fields
//! 6. [`indexes`]: index columns and names
//! 7. [`names`]: storage names checked as a whole (collisions, lengths)
//! 8. [`client_names`]: the Rust names of enum types, and names the generated client derives
//!    from members (`set_optional_<f>`, `has_<e>_with`, the struct's `edges`) do not clash
//!
//! Templates and the SQL layer read names off the [`Graph`]; they never compute them.

mod attributes;
mod client_names;
mod declarations;
mod edges;
mod entities;
mod fields;
mod indexes;
mod mixins;
pub mod model;
mod names;
mod relations;
mod types;

pub use client_names::{has_non_snake_case_names, hidden_fk_field};
pub use model::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::syntax::ast::SchemaFile;

/// The passes' name tables, hashed with foldhash (the runtime's hasher) at a fixed seed. The
/// keys are names from the user's own schema, so SipHash's protection against crafted
/// collisions buys nothing, while it cost a tenth of the validation time of a 1000-entity
/// schema. The tables are only looked up, never iterated.
type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;

/// A [`FastMap`] with room for `capacity` entries, so that filling it never rehashes.
fn map_with_capacity<K, V>(capacity: usize) -> FastMap<K, V> {
    FastMap::with_capacity_and_hasher(capacity, Default::default())
}

/// Builds the graph of a schema. Returns `None` when any error was reported (the diagnostics say
/// which); a graph is only handed out when it is entirely valid.
pub fn build(files: &[SchemaFile], diagnostics: &mut Diagnostics) -> Option<Graph> {
    let mut found = Diagnostics::new();
    let graph = build_graph(files, &mut found);
    let valid = !found.has_errors();
    push_distinct(&found, diagnostics);
    valid.then_some(graph)
}

/// A mixin's members are checked again for every entity that uses them; their mistakes are
/// reported once.
fn push_distinct(found: &Diagnostics, diagnostics: &mut Diagnostics) {
    let mut pushed: Vec<&Diagnostic> = Vec::new();
    for diagnostic in found.iter() {
        if !pushed.contains(&diagnostic) {
            pushed.push(diagnostic);
            diagnostics.push(diagnostic.clone());
        }
    }
}

fn build_graph(files: &[SchemaFile], diagnostics: &mut Diagnostics) -> Graph {
    let declared = declarations::collect(files, diagnostics);
    let entity_names: Vec<&str> = declared.entity_names().collect();
    let mixin_names: Vec<&str> = declared.mixins.keys().copied().collect();
    mixins::check_cycles(&declared.mixins, diagnostics);
    let mut drafts: Vec<_> = declared
        .entities
        .iter()
        .map(|block| {
            let members = mixins::expand(block, &declared.mixins, &entity_names, diagnostics);
            entities::lower_entity(block, &members, diagnostics)
        })
        .collect();
    let edge_drafts = edges::lower_edges(&drafts, &mixin_names, diagnostics);
    let relations = relations::resolve(&mut drafts, &edge_drafts, diagnostics);
    let mut graph_entities = ByName::with_capacity(drafts.len());
    for draft in drafts {
        let mut entity = draft.entity;
        entity.indexes = draft
            .indexes
            .iter()
            .filter_map(|index| indexes::lower_index(index, &entity, &relations, diagnostics))
            .collect();
        graph_entities.insert(entity.name.clone(), entity);
    }
    let mut graph = Graph {
        entities: graph_entities,
        relations,
    };
    indexes::add_edge_schema_indexes(&mut graph);
    client_names::name_enum_types(&mut graph);
    client_names::name_edges_fields(&mut graph);
    names::check(&graph, diagnostics);
    client_names::check(&graph, diagnostics);
    graph
}
