#!/usr/bin/env bash
# Regenerates src/main/cds/classlist: every class that typical runs of target/migrate load, on PostgreSQL
# and on SQLite. The build turns the list into target/migrate.jsa, a class-data-sharing archive that the
# launcher uses (README, "Performance"). A stale list is never wrong, only slower: classes it misses are
# loaded from the jar as usual, and names it has that no longer exist are skipped. Run it after changes
# that move many classes (a new dependency, a renamed package):
#
#   mvn -q -DskipTests package && src/main/cds/update-classlist.sh [postgres://user@host:5432/postgres]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
url=${1:-${MIGRATE_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}}
launcher=$root/target/migrate
[ -x "$launcher" ] || { echo "error: build first: mvn -q -DskipTests package" >&2; exit 1; }
command -v psql >/dev/null || { echo "error: psql is needed to make a database" >&2; exit 1; }

work=$(mktemp -d)
db=migrate_classlist_$$
db_url=${url%/*}/$db
psql -X -q -d "$url" -c "CREATE DATABASE $db"
trap 'psql -X -q -d "$url" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"; rm -rf "$work"' EXIT

cd "$work"
mkdir -p migrations/versions
printf 'script_location: migrations\nversion_table: migrate_version\n' > migrate.yaml
revision() { # id, revises, upgrade SQL, downgrade SQL, [a flag line for both sections]
  printf '%s\n' "-- revision $1" "--" "-- Revision ID: $1" "-- Revises: $2" "-- Create Date: 2026-01-01 00:00:00" "" \
    "-- migrate:upgrade" ${5:+"$5"} "$3" "" "-- migrate:downgrade" ${5:+"$5"} "$4" > "migrations/versions/$1_r.sql"
}
revision a1b2c3d4e5f6 "" "CREATE TABLE t1 (id BIGINT PRIMARY KEY, name TEXT NOT NULL);" "DROP TABLE t1;"
revision b2c3d4e5f6a7 a1b2c3d4e5f6 "CREATE INDEX t1_name ON t1 (name);" "DROP INDEX t1_name;"
revision c3d4e5f6a7b8 b2c3d4e5f6a7 "CREATE INDEX CONCURRENTLY t1_id_name ON t1 (id, name);" \
  "DROP INDEX CONCURRENTLY t1_id_name;" "-- migrate:no-transaction"

n=0
run() {
  n=$((n + 1))
  MIGRATE_JAVA_OPTS="-Xshare:off -XX:DumpLoadedClassList=$work/list.$n" "$launcher" "$@" >"$work/out.$n" 2>&1 \
    || echo "warning: migrate $* failed: $(tail -n 1 "$work/out.$n")" >&2
}
export DATABASE_URL=$db_url
run --help
run --version
run heads
run history --verbose
run upgrade head --sql
run upgrade head
run current
run upgrade head
run check
run --format json current
run downgrade -1
run upgrade head
run --url "sqlite:$work/app.db" upgrade b2c3d4e5f6a7 # the third is PostgreSQL's CREATE INDEX CONCURRENTLY
run --url "sqlite:$work/app.db" current

# Order kept (a class before the lambdas that name it), duplicates dropped; run-time proxies cannot be preloaded.
cat "$work"/list.* | grep -v '^#' | grep -v '\$Proxy' | awk '!seen[$0]++' > "$root/src/main/cds/classlist"
echo "src/main/cds/classlist: $(wc -l < "$root/src/main/cds/classlist") entries from $n runs"
