//! Profiling aid: parses the 1000-entity synthetic schema N times (`cargo run --release --example parse_profile [N]`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    let text = entgen::synthetic::schema(1000);
    let mut best = std::time::Duration::MAX;
    let mut best_graph = std::time::Duration::MAX;
    for _ in 0..n {
        let start = std::time::Instant::now();
        let mut diagnostics = entgen::diagnostics::Diagnostics::new();
        let parsed = entgen::schema_dir::parse_sources(
            vec![("big.schema".into(), text.clone())],
            &mut diagnostics,
        );
        best = best.min(start.elapsed());
        let start = std::time::Instant::now();
        entgen::graph::build(&parsed.files, &mut diagnostics).expect("valid");
        best_graph = best_graph.min(start.elapsed());
    }
    println!(
        "parse {best:?}  graph {best_graph:?}  ({} bytes)",
        text.len()
    );
}
