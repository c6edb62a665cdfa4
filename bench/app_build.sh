#!/usr/bin/env bash
# Benchmark: the cold build of a new application outside this workspace that generates its
# client from build.rs (issue 17): the [dependencies] and [build-dependencies] lines the README
# gives, a one-entity schema, `mod ent;` in main.rs. Prints `cargo tree -e normal,build` of the
# build dependencies, how many packages the build compiles, and the wall and CPU time of a cold
# `cargo build` (debug) in a fresh target directory.
#
# Usage: bench/app_build.sh [REPO]   (REPO: the entgen checkout to depend on; default this one)
# RUNTIME_OPTIONS adds to the runtime's dependency line, e.g. for an app on PostgreSQL alone:
#   RUNTIME_OPTIONS='default-features = false, features = ["postgres"]' bench/app_build.sh
# Needs the crates in cargo's cache (run any workspace build first); uses a throwaway target dir.
set -euo pipefail
REPO=$(cd "${1:-$(dirname "$0")/..}" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
APP=$WORK/app
mkdir -p "$APP/src" "$APP/schema"

# The generator's package is `entgen` with or without the CLI beside it (issue 17 moved the
# binary to `cli/`), so the same lines fit both sides of the comparison.
cat > "$APP/Cargo.toml" <<TOML
[package]
name = "app"
version = "0.1.0"
edition = "2024"

[dependencies]
entgen-runtime = { path = "$REPO/runtime"${RUNTIME_OPTIONS:+, $RUNTIME_OPTIONS} }

[build-dependencies]
entgen = { path = "$REPO" }
TOML
cat > "$APP/build.rs" <<'RS'
fn main() {
    if let Err(error) = entgen::Config::new().generate("schema") {
        eprintln!("{error}");
        std::process::exit(1);
    }
}
RS
cat > "$APP/src/main.rs" <<'RS'
mod ent {
    include!(concat!(env!("OUT_DIR"), "/entgen.rs"));
}

fn main() {
    let _ = ent::Client::open("postgres://postgres@127.0.0.1/app");
}
RS
cat > "$APP/schema/note.schema" <<'SCHEMA'
entity Note {
    text string
}
SCHEMA

cd "$APP"
echo "== cargo tree -e normal,build (build dependencies)"
cargo tree -q -e normal,build > "$WORK/tree"
# The subtree under [build-dependencies] only (the app's last section), one package a line.
awk '/^\[build-dependencies\]/ { on = 1; next } on' "$WORK/tree" \
  | grep -v 'dependencies\]' | sed 's/^[^a-z]*//; s/ (\*)$//' | sort -u > "$WORK/build-tree"
cat "$WORK/build-tree"
echo "== distinct packages under [build-dependencies]: $(awk '{ print $1 }' "$WORK/build-tree" | sort -u | wc -l)"
export CARGO_TARGET_DIR=$WORK/target
start=$(date +%s%N)
/usr/bin/time -f "cpu: user %U s, sys %S s" cargo build -q 2> "$WORK/time" || { cat "$WORK/time"; exit 1; }
end=$(date +%s%N)
echo "== packages compiled: $(ls "$CARGO_TARGET_DIR/debug/.fingerprint" | sed 's/-[0-9a-f]*$//' | sort -u | wc -l)"
awk -v ns=$((end - start)) 'BEGIN { printf "== cold cargo build: wall %.1f s\n", ns / 1e9 }'
grep cpu "$WORK/time"
