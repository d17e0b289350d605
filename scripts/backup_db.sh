#!/usr/bin/env bash
# A timestamped pg_dump of DATABASE_URL into backups/ (or $BACKUP_DIR), keeping the newest 10 ($BACKUP_KEEP).
# The password goes to pg_dump through PGPASSWORD, never on a command line, never printed.
#
#   DATABASE_URL=postgres://app:secret@db.example.com:5432/app scripts/backup_db.sh
#
# Prints the path of the new backup on stdout. Exit codes: 0 done, 2 bad usage or URL, 3 pg_dump missing or
# of another major version than the server, other: pg_dump's own failure.
set -euo pipefail
case ${1:-} in
  -h|--help) sed -n '2,/^set /{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;;
  "") ;;
  *) echo "error: unknown argument $1 (see --help)" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/pg_env.sh"

: "${DATABASE_URL:?DATABASE_URL is not set (postgres://user:pass@host:5432/db)}"
backup_dir=${BACKUP_DIR:-backups}
keep=${BACKUP_KEEP:-10}
pg_env_from_url "$DATABASE_URL"

if ! command -v pg_dump >/dev/null 2>&1; then
  echo "error: pg_dump is not installed; install the PostgreSQL client of the server's major version (e.g. apt-get install postgresql-client-15)" >&2
  exit 3
fi
client_major=$(pg_dump --version | sed -E 's/.* ([0-9]+)(\.[0-9]+)*.*/\1/')
if command -v psql >/dev/null 2>&1; then
  server_num=$(psql -X -Atqc 'SHOW server_version_num')
  server_major=$((server_num / 10000))
  if [ "$client_major" != "$server_major" ]; then
    echo "error: pg_dump is version $client_major but the server at $REDACTED_URL runs PostgreSQL $server_major; install postgresql-client-$server_major (a dump must come from the server's own major version)" >&2
    exit 3
  fi
fi

mkdir -p "$backup_dir"
file="$backup_dir/${PGDATABASE}_$(date -u +%Y%m%dT%H%M%SZ).dump"
n=1
while [ -e "$file" ]; do file="$backup_dir/${PGDATABASE}_$(date -u +%Y%m%dT%H%M%SZ)_$n.dump"; n=$((n + 1)); done
echo "Backing up $REDACTED_URL to $file" >&2
pg_dump --format=custom --no-owner --file="$file.partial"
mv "$file.partial" "$file"

# Retention: the newest $keep dumps of this database stay. Only this script's own names count, exactly
# <database>_<UTC time>[_n].dump: the backups of database app_staging in the same folder are not app's.
own=()
for f in "$backup_dir"/*.dump; do
  [ -f "$f" ] || continue
  name=${f##*/}
  rest=${name#"${PGDATABASE}_"}
  [ "$rest" != "$name" ] || continue
  [[ $rest =~ ^[0-9]{8}T[0-9]{6}Z(_[0-9]+)?\.dump$ ]] || continue
  own+=("$f")
done
if [ ${#own[@]} -gt "$keep" ]; then
  ls -1t -- "${own[@]}" | tail -n +"$((keep + 1))" | while read -r old; do
    rm -f -- "$old"
    echo "Removed old backup $old" >&2
  done
fi
echo "$file"
