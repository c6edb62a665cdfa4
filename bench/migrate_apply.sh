#!/usr/bin/env bash
# Benchmark: `entgen migrate apply` of N small migration files (default 1000) against
# PostgreSQL, compared with running the same SQL through `psql -f` (the floor).
#
#   bench/migrate_apply.sh [N] [RUNS]
#
# Needs a release build (`cargo build --release`, or ENTGEN=/path/to/entgen), `psql`, and a
# server at PGURL (default postgres://postgres@127.0.0.1:5432/postgres, trust auth). Each run
# uses a fresh database, dropped afterwards. Reports total time, per-file time and the ratio.
set -euo pipefail

N=${1:-1000}
RUNS=${2:-3}
PGURL=${PGURL:-postgres://postgres@127.0.0.1:5432/postgres}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ENTGEN=${ENTGEN:-${CARGO_TARGET_DIR:-$ROOT/target}/release/entgen}
[ -x "$ENTGEN" ] || { echo "build first: cargo build --release (or set ENTGEN)" >&2; exit 2; }

WORK=$(mktemp -d)
DB=entgen_bench_$$
cleanup() {
  psql "$PGURL" -qXc "DROP DATABASE IF EXISTS ${DB}_e" >/dev/null 2>&1 || true
  psql "$PGURL" -qXc "DROP DATABASE IF EXISTS ${DB}_p" >/dev/null 2>&1 || true
  psql "$PGURL" -qXc "DROP DATABASE IF EXISTS ${DB}_t" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p "$WORK/dir"
: > "$WORK/all.sql"
: > "$WORK/all_tx.sql"
for i in $(seq 1 "$N"); do
  v=$(printf '%06d' "$i")
  sql="CREATE TABLE t_$i (id bigint PRIMARY KEY, name text NOT NULL);
INSERT INTO t_$i (id, name) VALUES (1, 'x');
"
  printf '%s' "$sql" > "$WORK/dir/${v}_t$i.sql"
  printf '%s' "$sql" >> "$WORK/all.sql"
  printf 'BEGIN;\n%sCOMMIT;\n' "$sql" >> "$WORK/all_tx.sql"
done
"$ENTGEN" migrate hash --dir "$WORK/dir" -q

base=${PGURL%%\?*}
base=${base%/*}
now() { date +%s.%N; }
fresh() { psql "$PGURL" -qXc "DROP DATABASE IF EXISTS $1" >/dev/null 2>&1; psql "$PGURL" -qXc "CREATE DATABASE $1" >/dev/null; }

best_e=""; best_p=""; best_t=""
for r in $(seq 1 "$RUNS"); do
  fresh "${DB}_e"; fresh "${DB}_p"; fresh "${DB}_t"
  t0=$(now); "$ENTGEN" migrate apply -q --dir "$WORK/dir" --url "$base/${DB}_e" > /dev/null; t1=$(now)
  e=$(echo "$t1 - $t0" | bc)
  t0=$(now); psql "$base/${DB}_p" -qX -v ON_ERROR_STOP=1 -f "$WORK/all.sql" > /dev/null; t1=$(now)
  p=$(echo "$t1 - $t0" | bc)
  t0=$(now); psql "$base/${DB}_t" -qX -v ON_ERROR_STOP=1 -f "$WORK/all_tx.sql" > /dev/null; t1=$(now)
  t=$(echo "$t1 - $t0" | bc)
  n=$(psql "$base/${DB}_e" -qXAtc "SELECT count(*) FROM atlas_schema_revisions.atlas_schema_revisions WHERE error IS NULL")
  [ "$n" = "$N" ] || { echo "entgen applied $n of $N files" >&2; exit 1; }
  printf 'run %d: entgen %.3fs  psql -f %.3fs  psql -f (BEGIN/COMMIT per file) %.3fs\n' "$r" "$e" "$p" "$t"
  if [ -z "$best_e" ] || (( $(echo "$e < $best_e" | bc) )); then best_e=$e; fi
  if [ -z "$best_p" ] || (( $(echo "$p < $best_p" | bc) )); then best_p=$p; fi
  if [ -z "$best_t" ] || (( $(echo "$t < $best_t" | bc) )); then best_t=$t; fi
done

per() { echo "scale=3; $1 * 1000 / $N" | bc; }
printf '\n%d files x 2 statements, best of %d (load average: %s)\n' "$N" "$RUNS" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'entgen migrate apply             %.3fs  %sms/file\n' "$best_e" "$(per "$best_e")"
printf 'psql -f (autocommit)             %.3fs  %sms/file   ratio %.2fx\n' "$best_p" "$(per "$best_p")" "$(echo "$best_e / $best_p" | bc -l)"
printf 'psql -f (one transaction a file) %.3fs  %sms/file   ratio %.2fx\n' "$best_t" "$(per "$best_t")" "$(echo "$best_e / $best_t" | bc -l)"
