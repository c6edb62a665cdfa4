# Shared by the bench scripts that drive release builds of entgen and the synthetic schema:
# `source "$(dirname "$0")/common.sh"` after reading the script's own arguments.
# Sets ROOT, TARGET, ENTGEN and SYNTH (failing with the build command when they are missing)
# and defines `now` (ns), `scratch` (a work directory), `median TIMES...` and
# `report NAME TIMES...` (best and median in ms).

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
ENTGEN=${ENTGEN:-$TARGET/release/entgen}
SYNTH=$TARGET/release/examples/synthetic_schema
# A script that does not use the synthetic schema sets NO_SYNTH=1 before sourcing this file.
[ -x "$ENTGEN" ] && { [ -n "${NO_SYNTH:-}" ] || [ -x "$SYNTH" ]; } || { echo "build first: cargo build --release --bins --examples" >&2; exit 2; }

now() { date +%s%N; }

# Sets WORK to a scratch directory with an empty `schema/` in it, removed when the script exits.
scratch() {
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
  mkdir -p "$WORK/schema"
}

median() { # times in ns
  printf '%s\n' "$@" | sort -n | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }'
}

report() { # name, times in ns
  local name=$1; shift
  local best
  best=$(printf '%s\n' "$@" | sort -n | head -1)
  awk -v name="$name" -v best="$best" -v median="$(median "$@")" -v n=$# 'BEGIN {
    printf "%-40s best %8.1f ms   median %8.1f ms   (%d runs)\n", name, best / 1e6, median / 1e6, n }'
}
