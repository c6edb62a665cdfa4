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
                .values()
                .all(|e| e.fields.len() == 10 && e.edges.len() == 3)
        );
    }
}

#[test]
fn a_large_file_parsed_in_parallel_pieces_equals_the_whole_file_parse() {
    let text = entgen::synthetic::schema(1000);
    assert!(
        text.len() > 2 * entgen::syntax::PARALLEL_CHUNK_BYTES,
        "the file must be cut"
    );
    let file = entgen::diagnostics::FileId(0);
    let mut d1 = Diagnostics::new();
    let whole = entgen::syntax::parse_file_in_chunks(file, &text, &mut d1, usize::MAX);
    let mut d2 = Diagnostics::new();
    let parallel = entgen::syntax::parse_file(file, &text, &mut d2);
    assert!(d1.is_empty() && d2.is_empty());
    assert_eq!(whole.blocks.len(), 1000);
    assert!(whole == parallel, "the pieces must give the same tree");
}
