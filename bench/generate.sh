#!/usr/bin/env bash
# Benchmark: `entgen generate` on a 1000-entity schema (issue 4, goal ≤ 1 s), as a user runs it.
#
#   bench/generate.sh [ENTITIES] [RUNS]
#
# Needs release builds of the binary and the example (`cargo build --release --bins
# --examples`). Prints the best and median wall time of RUNS runs for:
#   cold, new directory  a target directory that never existed, prettyplease only, then with
#                        rustfmt after prettyplease (the default);
#   cold, --no-rustfmt   the target directory deleted first, prettyplease only;
#   cold                 empty target directory, prettyplease then rustfmt (the default);
#   no change            the same schema again (every chunk from the format cache);
#   one field added      one entity gained a field (its module and its table are formatted);
#   one entity added     a new entity (its module, mod.rs and the root of migrate.rs).
set -euo pipefail

N=${1:-1000}
RUNS=${2:-5}
source "$(dirname "$0")/common.sh"

scratch
"$SYNTH" "$N" > "$WORK/base.schema"

generate() { "$ENTGEN" -q generate "$WORK/schema" --target "$WORK/ent" "$@" >/dev/null; }
timed() { local start; start=$(now); generate "$@"; echo $(( $(now) - start )); }
base() { cp "$WORK/base.schema" "$WORK/schema/app.schema"; }

# Cold, into a directory that never existed (a fresh clone or checkout), without and with
# rustfmt. The outputs stay until both series are done: deleting them between runs would make
# the next run pay ext4's scan for recently freed inodes (see below).
for flags in --no-rustfmt ""; do
  times=()
  for run in $(seq "$RUNS"); do
    base; start=$(now)
    "$ENTGEN" -q generate "$WORK/schema" --target "$WORK/new${flags:-rustfmt}$run" $flags >/dev/null
    times+=("$(( $(now) - start ))")
  done
  report "cold ${flags:-(with rustfmt)}, new directory" "${times[@]}"
done
rm -rf "$WORK"/new*

# Cold: the target directory deleted before each run. Creating a thousand files right after
# deleting a thousand costs ext4 more (it scans for recently freed inodes), about 0.3 s here.
for flags in --no-rustfmt ""; do
  times=()
  for _ in $(seq "$RUNS"); do
    base; rm -rf "$WORK/ent"
    times+=("$(timed $flags)")
  done
  report "cold ${flags:-(with rustfmt)}" "${times[@]}"
done

# Warm: start each run from the base schema's generated client and its cache.
warm() { # name, sed script or "append", applied to the base schema
  local name=$1 edit=$2 times=()
  for _ in $(seq "$RUNS"); do
    base; generate
    if [ "$edit" = append ]; then
      printf 'entity Extra {\n    name string\n}\n' >> "$WORK/schema/app.schema"
    elif [ -n "$edit" ]; then
      sed -i "$edit" "$WORK/schema/app.schema"
    fi
    times+=("$(timed)")
  done
  report "$name" "${times[@]}"
}
warm "no change" ""
warm "one field added" 's/^entity E10 {$/entity E10 {\n    extra string?/'
warm "one entity added" append

echo "files: $(find "$WORK/ent" -name '*.rs' | wc -l), $(du -sh --exclude=.entgen-cache "$WORK/ent" | cut -f1) of code"
