//! The `entgen` binary: the library's generator and the migration engine behind a command line.

mod cli;
mod migrate;

// The library's modules under the names the command modules were written with (`crate::graph`,
// `crate::sql`, ...), from when they were one crate.
use entgen::{codegen, describe, diagnostics, format, graph, naming, schema_dir, sql};

/// mimalloc: the parser and the graph allocate many small strings and vectors; it makes
/// validation about a third faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(cli::main())
}
