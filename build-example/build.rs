//! Generates the client for `schema/` into `$OUT_DIR/entgen.rs` (included by `src/lib.rs`),
//! and the blog example's `migrate` module into `$OUT_DIR/blog_migrate.rs` (a round-trip test
//! checks it rebuilds exactly the tables entgen computes).

use std::path::Path;

fn main() {
    if let Err(error) = entgen::Config::new().generate("schema") {
        eprintln!("{error}");
        std::process::exit(1);
    }
    blog_migrate_module();
}

/// Only the `migrate` module of `../schemas/blog`: `entgen::codegen::schema_module_source`.
fn blog_migrate_module() {
    let dir = Path::new("../schemas/blog");
    let mut diagnostics = entgen::diagnostics::Diagnostics::new();
    let parsed = entgen::schema_dir::read_schema_dir(dir, &mut diagnostics);
    println!("cargo:rerun-if-changed={}", dir.display());
    for path in &parsed.paths {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    let Some(graph) = entgen::graph::build(&parsed.files, &mut diagnostics) else {
        eprintln!("schemas/blog is invalid: run `entgen generate ../schemas/blog`");
        std::process::exit(1);
    };
    let source = entgen::codegen::schema_module_source(&graph);
    let formatted = entgen::codegen::format_source(&source).unwrap_or_else(|error| {
        eprintln!("entgen bug: the blog's migrate module does not parse: {error}");
        std::process::exit(1);
    });
    let out = Path::new(&std::env::var_os("OUT_DIR").expect("OUT_DIR")).join("blog_migrate.rs");
    if let Err(error) = std::fs::write(&out, formatted) {
        eprintln!("{}: {error}", out.display());
        std::process::exit(1);
    }
}
