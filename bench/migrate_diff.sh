#!/usr/bin/env bash
# Benchmark: `entgen migrate diff` on a 1000-entity schema (issue goals: from an empty directory
# ≤ 0.3 s; against a live PostgreSQL holding the previous version ≤ 0.5 s; the v1 -> v2 change
# with no database at all, the directory replayed offline, ≤ 0.3 s), beside the same change
# with the directory replayed on a dev database (--dev-url). With DIALECT=mysql, the first two
# cases on MySQL/MariaDB (issue 16: against a live 1000-entity database ≤ 0.5 s).
#
#   bench/migrate_diff.sh [ENTITIES] [RUNS]
#   DIALECT=mysql bench/migrate_diff.sh [ENTITIES] [RUNS]
#
# Needs release builds of the binary and the example (`cargo build --release --examples
# --bins`), and `psql` with PostgreSQL at PGURL (trust auth), or for mysql the `mysql` client
# with a server at MYSQL_HOST:MYSQL_PORT (user root, no password). Databases are created per
# run and dropped on exit. Prints the best and median wall time of RUNS runs for each case.
set -euo pipefail

N=${1:-1000}
RUNS=${2:-5}
DIALECT=${DIALECT:-postgres}
PGURL=${PGURL:-postgres://postgres@127.0.0.1:5432/postgres}
MYSQL_HOST=${MYSQL_HOST:-127.0.0.1}
MYSQL_PORT=${MYSQL_PORT:-3306}
source "$(dirname "$0")/common.sh"

WORK=$(mktemp -d)
DB=entgen_diff_bench_$$
case "$DIALECT" in
  postgres)
    sql() { psql "$PGURL" -qXc "$1" >/dev/null; }
    url() { echo "${PGURL%/*}/$1"; }
    ;;
  mysql)
    sql() { mysql -h "$MYSQL_HOST" -P "$MYSQL_PORT" -u root -e "$1"; }
    url() { echo "mysql://root@$MYSQL_HOST:$MYSQL_PORT/$1"; }
    ;;
  *) echo "DIALECT=$DIALECT: expected postgres or mysql" >&2; exit 2 ;;
esac
cleanup() {
  for d in dev live; do sql "DROP DATABASE IF EXISTS ${DB}_$d" >/dev/null 2>&1 || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
for d in dev live; do sql "CREATE DATABASE ${DB}_$d"; done
DEV=$(url "${DB}_dev")
LIVE=$(url "${DB}_live")

mkdir -p "$WORK/schema"
"$SYNTH" "$N" > "$WORK/schema/app.schema"


# 1. From an empty directory: parse, validate, replay nothing on the dev database, plan, write.
times=()
for _ in $(seq "$RUNS"); do
  rm -rf "$WORK/dir"
  start=$(now)
  "$ENTGEN" -q migrate diff init --schema "$WORK/schema" --dir "$WORK/dir" --dev-url "$DEV" >/dev/null
  times+=($(( $(now) - start )))
done
report "diff from an empty directory" "${times[@]}"

# 2. Against a live database holding the previous version (a handful of changes).
# One transaction for 2000 CREATE TABLEs exceeds PostgreSQL's default max_locks_per_transaction
# (MySQL runs statement by statement whatever the mode).
start=$(now)
"$ENTGEN" -q migrate apply --dir "$WORK/dir" --url "$LIVE" --tx-mode none >/dev/null
report "(setup: apply the previous version)" $(( $(now) - start ))
sed -i -e 's/^entity E10 {$/entity E10 {\n    extra string?/' \
       -e 's/^entity E20 {$/entity E20 {\n    flag bool @default(false)/' "$WORK/schema/app.schema"
printf 'entity Extra {\n    name string\n}\n' >> "$WORK/schema/app.schema"
cp -r "$WORK/dir" "$WORK/dir.base"
times=()
for _ in $(seq "$RUNS"); do
  rm -rf "$WORK/dir" && cp -r "$WORK/dir.base" "$WORK/dir"
  start=$(now)
  "$ENTGEN" -q migrate diff next --schema "$WORK/schema" --dir "$WORK/dir" --url "$LIVE" >/dev/null
  times+=($(( $(now) - start )))
done
report "diff against the live previous version" "${times[@]}"
grep -c '^ALTER\|^CREATE' "$WORK"/dir/*_next.sql | sed 's/^/statements in the new file: /'
# Replaying MySQL directories (on a dev database or offline) is not part of this yet.
[ "$DIALECT" = postgres ] || exit 0

# 3. The same change from the directory alone: replayed on the dev database (--dev-url) ...
times=()
for _ in $(seq "$RUNS"); do
  rm -rf "$WORK/dir" && cp -r "$WORK/dir.base" "$WORK/dir"
  start=$(now)
  "$ENTGEN" -q migrate diff next --schema "$WORK/schema" --dir "$WORK/dir" --dev-url "$DEV" >/dev/null
  times+=($(( $(now) - start )))
done
report "v1 -> v2 replayed on the dev database" "${times[@]}"
cp "$WORK"/dir/*_next.sql "$WORK/next.dev.sql"

# 4. ... and replayed offline, no database at all (the next file must be the same bytes).
times=()
for _ in $(seq "$RUNS"); do
  rm -rf "$WORK/dir" && cp -r "$WORK/dir.base" "$WORK/dir"
  start=$(now)
  "$ENTGEN" -q migrate diff next --schema "$WORK/schema" --dir "$WORK/dir" --dialect postgres >/dev/null
  times+=($(( $(now) - start )))
done
report "v1 -> v2 replayed offline (no database)" "${times[@]}"
cmp -s "$WORK"/dir/*_next.sql "$WORK/next.dev.sql" && echo "offline next file: identical to --dev-url's" \
  || { echo "offline next file differs from --dev-url's" >&2; exit 1; }
