#!/usr/bin/env bash
# Conformance: migration directories that entgen writes, run by the real tools.
#
# For each dialect (PostgreSQL on 127.0.0.1:5432, SQLite) and each format a tool on this machine
# can run (dbmate and liquibase from the npm registry, sql-migrate from Debian), entgen writes a
# directory of two migrations (schemas/blog, then blog plus an entity with checks, a partial
# index and an SQL default); the tool applies it up, rolls everything back (the database must
# then hold none of the schema's tables), and applies it up again. The result must equal, table
# for table (pg_dump / sqlite_master, the tools' bookkeeping tables left out), what
# `entgen migrate apply` makes of the same two migrations in the atlas format, on which
# `entgen migrate diff --url` must say "no changes". Any difference fails the run (exit 1) and
# prints both sides.
#
# Installs what is missing: the npm packages into $ENTGEN_TOOLS (default
# ~/.cache/entgen-conformance), sql-migrate with apt-get. Usage: .ci/conformance.sh
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '==> %s\n' "$*"; }
fail() { printf 'conformance: FAILED: %s\n' "$*" >&2; exit 1; }

TOOLS=${ENTGEN_TOOLS:-$HOME/.cache/entgen-conformance}
PG_HOST=127.0.0.1
PG_PORT=5432
PG_USER=postgres
SLF4J=/usr/share/java/slf4j-api.jar

install_tools() {
    mkdir -p "$TOOLS"
    if [ ! -x "$TOOLS/node_modules/.bin/dbmate" ] || [ ! -x "$TOOLS/node_modules/liquibase/dist/liquibase/liquibase" ]; then
        log "installing dbmate and liquibase from the npm registry into $TOOLS"
        # Pinned: the versions this script was checked with (a new release may change what
        # the tools accept; bump them deliberately).
        (cd "$TOOLS" && npm install --no-audit --no-fund --silent dbmate@2.36.0 liquibase@4.28.1 >/dev/null)
    fi
    # The SQLite JDBC driver that the liquibase package bundles needs slf4j-api, which it does
    # not bundle: Debian's libslf4j-java has it.
    if ! command -v sql-migrate >/dev/null 2>&1 || [ ! -f "$SLF4J" ]; then
        log "installing sql-migrate and libslf4j-java from Debian"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sql-migrate libslf4j-java >/dev/null
    fi
    DBMATE="$TOOLS/node_modules/.bin/dbmate"
    LIQUIBASE="$TOOLS/node_modules/liquibase/dist/liquibase/liquibase"
    # Liquibase loads the jars of its lib/ folder with its own (and the driver's) classes.
    ln -sf "$SLF4J" "$(dirname "$LIQUIBASE")/lib/slf4j-api.jar"
    SQL_MIGRATE=$(command -v sql-migrate)
    command -v java >/dev/null || fail "liquibase needs Java 17 (apt-get install openjdk-17-jre-headless)"
}

install_tools
log "tools: $("$DBMATE" --version), $("$LIQUIBASE" --version 2>/dev/null | grep -m1 'Liquibase Version'), sql-migrate from $(dpkg-query -W -f='${Version}' sql-migrate 2>/dev/null || echo '?')"

log "cargo build --bin entgen"
cargo build --quiet --bin entgen
ENTGEN="${CARGO_TARGET_DIR:-target}/debug/entgen"

WORK=$(mktemp -d)
SUFFIX="$$_$RANDOM"
# Every database this run made is named entgen_conf_<name>_<SUFFIX> (`new_pg_db` runs in a
# command substitution, a subshell, so the names are found on the server, not in a variable).
cleanup() {
    local db
    for db in $(psql -h $PG_HOST -p $PG_PORT -U $PG_USER -qAtc \
        "SELECT datname FROM pg_database WHERE datname LIKE 'entgen\_conf\_%\_$SUFFIX'" postgres 2>/dev/null); do
        psql -h $PG_HOST -p $PG_PORT -U $PG_USER -qAtc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" postgres >/dev/null 2>&1 || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

# The two schema versions.
mkdir -p "$WORK/v1" "$WORK/v2"
cp schemas/blog/*.schema "$WORK/v1/"
cp schemas/blog/*.schema "$WORK/v2/"
cat >"$WORK/v2/invoice.schema" <<'EOF'
/// Added by the second migration: expressions PostgreSQL stores in its own spelling.
entity Invoice {
    amount int32
    status string @default("active")
    code   string @default_sql("lower('ABC')")
    note   string?

    index (status) @where("status = 'active' AND amount > 0")

    @@check(amount_ok, "amount >= 0 AND amount <= 5000")
    @@check(status_ok, "status IN ('active', 'gone') OR status LIKE 'x%'")
}
EOF

new_pg_db() { # name -> creates database entgen_conf_<name>_<suffix>, prints its name
    local db="entgen_conf_${1}_$SUFFIX"
    psql -h $PG_HOST -p $PG_PORT -U $PG_USER -qAtc "CREATE DATABASE \"$db\"" postgres >/dev/null
    echo "$db"
}

# Tables that belong to migration tools, not to the schema.
TOOL_TABLES="atlas_schema_revisions schema_migrations databasechangelog databasechangeloglock gorp_migrations"

# The schema of a database as one comparable text: per table, columns, indexes and constraints,
# tool tables left out.
dump_pg() { # db
    local exclude=""
    for t in $TOOL_TABLES; do exclude="$exclude --exclude-table=$t"; done
    # shellcheck disable=SC2086
    pg_dump -h $PG_HOST -p $PG_PORT -U $PG_USER --schema-only --schema=public --no-owner --no-privileges $exclude "$1" |
        grep -v -E '^(--|SET |SELECT pg_catalog.set_config|\\(un)?restrict )' | sed '/^$/d'
}
dump_sqlite() { # file
    local exclude
    exclude=$(printf "'%s'," $TOOL_TABLES)
    sqlite3 "$1" "SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master
        WHERE lower(tbl_name) NOT IN (${exclude%,}) AND name NOT LIKE 'sqlite_%' ORDER BY type, name"
}

APPLIED=0

# run_tool <tool> <dialect> <dir> <target>: up, down (all), up again with the real tool.
run_tool() {
    local tool=$1 dialect=$2 dir=$3 target=$4 files
    files=$(find "$dir" -maxdepth 1 -name '*.sql' | wc -l)
    case "$tool" in
    dbmate)
        local url
        if [ "$dialect" = postgres ]; then url="postgres://$PG_USER@$PG_HOST:$PG_PORT/$target?sslmode=disable"; else url="sqlite:$target"; fi
        local db=(--url "$url" --migrations-dir "$dir" --no-dump-schema)
        "$DBMATE" "${db[@]}" up
        for _ in $(seq 1 "$files"); do "$DBMATE" "${db[@]}" rollback; done
        check_empty "$dialect" "$target" "$tool"
        "$DBMATE" "${db[@]}" up
        ;;
    liquibase)
        local url
        if [ "$dialect" = postgres ]; then url="jdbc:postgresql://$PG_HOST:$PG_PORT/$target?user=$PG_USER"; else url="jdbc:sqlite:$target"; fi
        local lb=(--show-banner=false --log-level=WARNING --search-path="$dir" --changelog-file=db.changelog-master.yaml --url="$url")
        "$LIQUIBASE" "${lb[@]}" update
        local changesets
        changesets=$(cat "$dir"/*.sql | grep -c '^--changeset')
        "$LIQUIBASE" "${lb[@]}" rollback-count --count="$changesets"
        check_empty "$dialect" "$target" "$tool"
        "$LIQUIBASE" "${lb[@]}" update
        ;;
    sql-migrate)
        local config="$WORK/dbconfig-$dialect.yml"
        if [ "$dialect" = postgres ]; then
            printf 'conformance:\n  dialect: postgres\n  datasource: host=%s port=%s user=%s dbname=%s sslmode=disable\n  dir: %s\n' \
                $PG_HOST $PG_PORT $PG_USER "$target" "$dir" >"$config"
        else
            printf 'conformance:\n  dialect: sqlite3\n  datasource: %s\n  dir: %s\n' "$target" "$dir" >"$config"
        fi
        local sm=(-config="$config" -env=conformance)
        "$SQL_MIGRATE" up "${sm[@]}"
        "$SQL_MIGRATE" down "${sm[@]}" -limit=0
        check_empty "$dialect" "$target" "$tool"
        "$SQL_MIGRATE" up "${sm[@]}"
        ;;
    esac
}

check_empty() { # dialect target tool: after rolling everything back no schema table is left
    local left
    if [ "$1" = postgres ]; then left=$(dump_pg "$2" | grep -c '^CREATE TABLE' || true); else left=$(dump_sqlite "$2" | grep -c '^table' || true); fi
    [ "$left" = 0 ] || fail "$3 ($1): $left table(s) left after rolling back every migration"
}

for dialect in postgres sqlite; do
    log "$dialect"
    if [ "$dialect" = postgres ]; then
        dev_url="postgres://$PG_USER@$PG_HOST:$PG_PORT/$(new_pg_db dev)"
        ref=$(new_pg_db atlas)
        ref_url="postgres://$PG_USER@$PG_HOST:$PG_PORT/$ref"
    else
        dev_url="sqlite::memory:"
        ref="$WORK/atlas.db"
        ref_url="sqlite://$ref"
    fi

    # entgen writes each format's directory; the atlas one is entgen's own reference.
    for format in atlas dbmate liquibase sql-migrate; do
        dir="$WORK/$dialect/$format"
        "$ENTGEN" migrate diff init --schema "$WORK/v1" --dir "$dir" --format "$format" --dev-url "$dev_url" >/dev/null
        sleep 1 # a new second, so the second file gets a later version whatever entgen's rule
        "$ENTGEN" migrate diff invoices --schema "$WORK/v2" --dir "$dir" --format "$format" --dev-url "$dev_url" >/dev/null
    done
    "$ENTGEN" migrate apply --dir "$WORK/$dialect/atlas" --url "$ref_url" >/dev/null 2>&1 ||
        fail "entgen migrate apply of the atlas directory failed on $dialect"
    if [ "$dialect" = postgres ]; then want=$(dump_pg "$ref"); else want=$(dump_sqlite "$ref"); fi
    [ -n "$want" ] || fail "entgen's own apply of the atlas directory produced no schema"
    # The reference itself is what the schema describes (no drift; the revisions table lives
    # apart). The tools' databases hold their own bookkeeping tables, so they are compared
    # with the reference instead.
    msg=$("$ENTGEN" migrate diff drift --schema "$WORK/v2" --dir "$WORK/drift-$dialect" --url "$ref_url" 2>&1) ||
        fail "entgen migrate diff --url on the atlas-applied $dialect database failed: $msg"
    case "$msg" in
    *"no changes"*) log "atlas on $dialect: entgen migrate apply, then migrate diff --url: no changes" ;;
    *) fail "entgen migrate diff --url found drift after its own apply on $dialect: $msg $(cat "$WORK/drift-$dialect"/*.sql 2>/dev/null)" ;;
    esac

    for tool in dbmate liquibase sql-migrate; do
        if [ "$dialect" = postgres ]; then
            target=$(new_pg_db "${tool//-/_}")
            url="postgres://$PG_USER@$PG_HOST:$PG_PORT/$target"
        else
            target="$WORK/$tool.db"
            url="sqlite://$target"
        fi
        log "$tool on $dialect: up, down, up ($WORK/$dialect/$tool)"
        if ! out=$(run_tool "$tool" "$dialect" "$WORK/$dialect/$tool" "$target" 2>&1); then
            printf '%s\n' "$out" >&2
            fail "$tool ($dialect) did not run entgen's directory"
        fi
        APPLIED=$((APPLIED + 1))
        if [ "$dialect" = postgres ]; then got=$(dump_pg "$target"); else got=$(dump_sqlite "$target"); fi
        if [ "$got" != "$want" ]; then
            diff <(printf '%s\n' "$want") <(printf '%s\n' "$got") >&2 || true
            fail "$tool ($dialect): the schema differs from entgen's apply of the atlas format (< atlas, > $tool)"
        fi
        log "$tool on $dialect: same schema as entgen's apply of the atlas directory"
    done
done

log "conformance passed: the real tools applied $APPLIED directories (up, down, up), each equal to entgen's own apply"
