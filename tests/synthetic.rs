//! The generated benchmark schema is valid at every size (so benchmarks measure real work).

use std::path::PathBuf;

use entgen::diagnostics::Diagnostics;
use entgen::schema_dir::parse_sources;

#[test]
fn generated_schemas_are_valid_with_three_edges_per_entity() {
    for size in [1, 2, 50] {
        let mut diagnostics = Diagnostics::new();
        let parsed = parse_sources(
            vec![(PathBuf::from("s.schema"), entgen::synthetic::schema(size))],
            &mut diagnostics,
        );
        let graph = entgen::graph::build(&parsed.files, &mut diagnostics).expect("valid schema");
        assert_eq!(graph.entities.len(), size);
        assert!(
            graph
                .entities
                .iter()
                .all(|e| e.fields.len() == 10 && e.edges.len() == 3)
        );
    }
}
