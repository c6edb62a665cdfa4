#!/usr/bin/env bash
# A/B of a cold `entgen generate --no-rustfmt` (1000 entities, into a directory that never
# existed) between two entgen binaries, runs interleaved so that both see the same machine:
#
#   bench/generate_ab.sh OLD_ENTGEN NEW_ENTGEN [ENTITIES] [RUNS]
#
# OLD_ENTGEN is typically a release build of the previous commit (`git worktree add` it and
# `cargo build --release --bin entgen` there with its own CARGO_TARGET_DIR). Prints each
# binary's best and median wall time and the ratio of the medians.
set -euo pipefail

OLD=$1
NEW=$2
N=${3:-1000}
RUNS=${4:-10}
source "$(dirname "$0")/common.sh"

scratch
"$SYNTH" "$N" > "$WORK/schema/app.schema"

old=() new=()
for run in $(seq "$RUNS"); do
  for side in old new; do
    bin=$OLD; [ "$side" = new ] && bin=$NEW
    start=$(now)
    "$bin" -q generate "$WORK/schema" --target "$WORK/$side$run" --no-rustfmt >/dev/null
    elapsed=$(( $(now) - start ))
    if [ "$side" = old ]; then old+=("$elapsed"); else new+=("$elapsed"); fi
  done
done
report "old: $OLD" "${old[@]}"
report "new: $NEW" "${new[@]}"
awk -v o="$(median "${old[@]}")" -v n="$(median "${new[@]}")" 'BEGIN { printf "new / old (medians): %.2f\n", n / o }'
