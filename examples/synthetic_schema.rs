//! Prints a generated schema of N entities (`cargo run --release --example synthetic_schema 1000`),
//! the input of `bench/migrate_diff.sh`.
fn main() {
    let n = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    print!("{}", entgen::synthetic::schema(n));
}
