#!/usr/bin/env bash
# Benchmark: inputs that used to blow the front end up (issue 14, goal < 1 s each), through
# `entgen schema --dialect postgres` (read, parse, check, map to tables, plan or report):
#   repeated attributes   one field with 50 000 `@max_len(5)` (an error, reported once)
#   mixin chain           4 000 mixins, each using the one before, used by one entity
#   large enum            an enum field with 50 000 values
#
#   bench/front_end_blowups.sh [RUNS]
#
# Needs a release build of the binary (`cargo build --release --bins`). Also prints the size of
# what each run writes, so a diagnostic that reprints a huge line shows up.
set -euo pipefail

RUNS=${1:-5}
NO_SYNTH=1
source "$(dirname "$0")/common.sh"
scratch

mkdir -p "$WORK/attributes" "$WORK/mixins" "$WORK/enum"
{
  printf 'entity Doc {\n    title string'
  for _ in $(seq 50000); do printf ' @max_len(5)'; done
  printf '\n}\n'
} > "$WORK/attributes/doc.schema"
{
  printf 'mixin M0 {\n    f0 string\n}\n'
  for i in $(seq 1 3999); do printf 'mixin M%d {\n    use M%d\n    f%d string\n}\n' "$i" $((i - 1)) "$i"; done
  printf 'entity Doc {\n    use M3999\n}\n'
} > "$WORK/mixins/doc.schema"
{
  printf 'entity Doc {\n    kind enum('
  seq -f 'v%.0f' 0 49999 | paste -sd, - | sed 's/,/, /g' | tr -d '\n'
  printf ')\n}\n'
} > "$WORK/enum/doc.schema"

for name in attributes mixins enum; do
  times=()
  for _ in $(seq "$RUNS"); do
    start=$(now)
    "$ENTGEN" schema "$WORK/$name" --dialect postgres --color never > "$WORK/out" 2>&1 || true
    times+=($(( $(now) - start )))
  done
  report "$name ($(wc -c < "$WORK/out") bytes written)" "${times[@]}"
done
