//! Generates the benchmark client for `schema/` into `$OUT_DIR/entgen.rs`.

fn main() {
    if let Err(error) = entgen::Config::new().feature("async").generate("schema") {
        eprintln!("{error}");
        std::process::exit(1);
    }
}
