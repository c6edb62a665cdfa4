//! `codegen::render`: deterministic, root first, one module per entity, names from the graph.

mod common;

use entgen::codegen::{Features, render};

#[test]
fn rendering_twice_gives_identical_modules() {
    let graph = common::blog();
    let features = Features {
        versioned_migration: true,
        ..Features::default()
    };
    let first = render(&graph, &features).unwrap();
    let second = render(&graph, &features).unwrap();
    assert_eq!(first, second);
    // A graph built again from the same files renders the same bytes too.
    assert_eq!(render(&common::blog(), &features).unwrap(), first);
}

#[test]
fn modules_are_the_root_then_entities_in_graph_order_then_migrate() {
    let graph = common::blog();
    let modules = render(&graph, &Features::default()).unwrap();
    let names: Vec<&str> = modules.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "", "comment", "group", "like", "post", "profile", "tag", "user", "migrate"
        ]
    );
    for m in &modules {
        assert!(
            !m.source.contains("//!"),
            "{}: no inner doc comments",
            m.name
        );
        assert!(!m.source.contains("#!["), "{}: no inner attributes", m.name);
        assert!(
            !m.source.contains("pub mod "),
            "{}: the layout declares modules",
            m.name
        );
        syn_parses(&m.name, &m.source);
    }
    let user = &modules[7];
    assert_eq!(user.doc, "A person who writes posts.");
    // Storage names are the graph's: the @@table, @column and join-table names.
    assert!(
        user.source
            .contains("const TABLE: &'static str = \"users\";")
    );
    assert!(modules[4].source.contains("\"url_slug\""));
    assert!(user.source.contains("table: \"user_friends\""));
    assert!(
        user.source.contains("table: \"likes\""),
        "through edge uses the edge schema table"
    );
}

#[test]
fn versioned_migration_adds_schema_diff() {
    let graph = common::blog();
    let plain = render(&graph, &Features::default()).unwrap();
    let versioned = render(
        &graph,
        &Features {
            versioned_migration: true,
            ..Features::default()
        },
    )
    .unwrap();
    assert!(!plain[0].source.contains("pub fn diff"));
    assert!(versioned[0].source.contains("pub fn diff"));
    assert!(versioned[0].source.contains("self.client.diff_dir("));
    assert!(!plain[0].source.contains("diff_dir"));
}

fn syn_parses(name: &str, source: &str) {
    if let Err(e) = entgen::codegen::format_source(source) {
        panic!("module {name:?} does not parse: {e}");
    }
}
