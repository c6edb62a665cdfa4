#!/usr/bin/env bash
# Benchmark: `cargo build` (debug) of the client entgen generates for a 200-entity schema
# (issue 4), and the time `entgen generate` itself takes for it.
#
#   bench/build_200.sh [ENTITIES] [RUNS]
#
# Needs release builds of the binary and the example (`cargo build --release --bins
# --examples`). The client is a crate in a scratch directory that depends on entgen-runtime by
# path, with the workspace's Cargo.lock; its target directory persists under
# $TARGET/build_200 so the dependencies are built once. Prints, best of RUNS:
#   clean        the generated crate alone (dependencies already built);
#   incremental  after one entity gained a field (regenerated: one module and mod.rs change);
#   no-op        nothing changed.
set -euo pipefail

N=${1:-200}
RUNS=${2:-3}
source "$(dirname "$0")/common.sh"

scratch
export CARGO_TARGET_DIR=$TARGET/build_200
mkdir -p "$WORK/src"
cat > "$WORK/Cargo.toml" <<TOML
[package]
name = "entgen-build-bench"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
entgen-runtime = { path = "$ROOT/runtime" }

[workspace]
TOML
cp "$ROOT/Cargo.lock" "$WORK/Cargo.lock"
"$SYNTH" "$N" > "$WORK/schema/app.schema"

best() { printf '%s\n' "$@" | sort -n | head -1 | awk '{ printf "%.2f s", $1 / 1e9 }'; }

cd "$WORK"
# Dependencies first, so that "clean" is the generated crate alone.
echo '//! Nothing yet.' > src/lib.rs
cargo build -q

gen=()
for _ in $(seq "$RUNS"); do
  rm -rf src/ent
  t0=$(now); "$ENTGEN" -q generate schema --target src/ent; t1=$(now)
  gen+=($((t1 - t0)))
done
# The synthetic entities form a 200-long cycle of edges; loaded edges are type-erased, so the
# default recursion limit is enough.
printf 'pub mod ent;\n' > src/lib.rs
SIZE=$(cat src/ent/*.rs | wc -c)

clean=()
for _ in $(seq "$RUNS"); do
  cargo clean -q -p entgen-build-bench
  t0=$(now); cargo build -q; t1=$(now)
  clean+=($((t1 - t0)))
done

incremental=()
for i in $(seq "$RUNS"); do
  # E0 gains a field: its module and the migrate module change.
  sed -i "0,/    note       text?/s//    note       text?\n    extra_$i  int?/" schema/app.schema
  "$ENTGEN" -q generate schema --target src/ent
  t0=$(now); cargo build -q; t1=$(now)
  incremental+=($((t1 - t0)))
done

noop=()
for _ in $(seq "$RUNS"); do
  t0=$(now); cargo build -q; t1=$(now)
  noop+=($((t1 - t0)))
done

echo "client: $N entities, $(ls src/ent | wc -l) files, $((SIZE / 1024)) KB"
echo "entgen generate:     $(best "${gen[@]}")"
echo "cargo build, clean:  $(best "${clean[@]}")"
echo "cargo build, incr.:  $(best "${incremental[@]}")"
echo "cargo build, no-op:  $(best "${noop[@]}")"
