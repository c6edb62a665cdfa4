//! Renders the graph's views through the askama templates into [`Module`]s: the root (client,
//! transaction, schema client), one module per entity (struct, columns and predicates, query,
//! create, update, entity client: one template each), and `migrate` (the desired tables).

use askama::Template;

use super::views::{EntityView, RootView, entity_view, root_view};
use super::{Features, Module, parallel, schema_module_source};
use crate::graph::{Graph, has_non_snake_case_names};

#[derive(Template)]
#[template(path = "client.rs.txt", escape = "none")]
struct ClientTemplate<'a> {
    r: &'a RootView,
}

#[derive(Template)]
#[template(path = "entity.rs.txt", escape = "none")]
struct EntityTemplate<'a> {
    e: &'a EntityView,
}

#[derive(Template)]
#[template(path = "predicates.rs.txt", escape = "none")]
struct PredicatesTemplate<'a> {
    e: &'a EntityView,
}

#[derive(Template)]
#[template(path = "query.rs.txt", escape = "none")]
struct QueryTemplate<'a> {
    e: &'a EntityView,
}

#[derive(Template)]
#[template(path = "create.rs.txt", escape = "none")]
struct CreateTemplate<'a> {
    e: &'a EntityView,
}

#[derive(Template)]
#[template(path = "update.rs.txt", escape = "none")]
struct UpdateTemplate<'a> {
    e: &'a EntityView,
}

#[derive(Template)]
#[template(path = "entity_client.rs.txt", escape = "none")]
struct EntityClientTemplate<'a> {
    e: &'a EntityView,
}

/// Every module of the client for `graph`, root first, in a stable order. The entity modules
/// are rendered on all the machine's threads.
pub fn render(graph: &Graph, features: &Features) -> Result<Vec<Module>, askama::Error> {
    let mut modules = Vec::with_capacity(graph.entities.len() + 2);
    let root = root_view(graph, features);
    modules.push(Module {
        name: String::new(),
        allow: Vec::new(),
        doc: "The typed client generated from the schema.".into(),
        source: ClientTemplate { r: &root }.render()?,
    });
    let entities: Vec<usize> = (0..graph.entities.len()).collect();
    let rendered = parallel::map(&entities, |&i| {
        let mut view = entity_view(graph, i);
        view.serde = features.serde;
        entity_module(&view)
    });
    for module in rendered {
        modules.push(module?);
    }
    let odd_names = graph.entities.values().any(has_non_snake_case_names);
    modules.push(Module {
        name: "migrate".into(),
        allow: allow_non_snake_case(odd_names),
        doc: "The desired tables, for `client.schema().create`.".into(),
        source: schema_module_source(graph),
    });
    Ok(modules)
}

/// One entity's module: the output of each per-entity template, in a fixed order.
fn entity_module(e: &EntityView) -> Result<Module, askama::Error> {
    let mut source = String::with_capacity(16 * 1024);
    EntityTemplate { e }.render_into(&mut source)?;
    PredicatesTemplate { e }.render_into(&mut source)?;
    QueryTemplate { e }.render_into(&mut source)?;
    CreateTemplate { e }.render_into(&mut source)?;
    UpdateTemplate { e }.render_into(&mut source)?;
    EntityClientTemplate { e }.render_into(&mut source)?;
    Ok(Module {
        name: e.module_name.clone(),
        allow: allow_non_snake_case(e.non_snake_case_names),
        doc: e.doc.join("\n"),
        source,
    })
}

fn allow_non_snake_case(needed: bool) -> Vec<&'static str> {
    if needed {
        vec!["non_snake_case"]
    } else {
        Vec::new()
    }
}
