#!/usr/bin/env bash
# The production wrapper: back up, show where the database is and what will run, upgrade, exit with migrate's code.
#
#   DATABASE_URL=postgres://app:secret@db:5432/app scripts/migrate.sh [--skip-backup] [-- extra migrate options]
#
# The backup (scripts/backup_db.sh) stops the run when pg_dump is missing or of another major version than the
# server, unless --skip-backup (or MIGRATE_SKIP_BACKUP=1) says to go on without one. MIGRATE selects the migrate
# executable (default: migrate on the PATH, else target/migrate of this checkout).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

skip_backup=${MIGRATE_SKIP_BACKUP:-0}
extra=()
while [ $# -gt 0 ]; do
  case $1 in
    --skip-backup) skip_backup=1 ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,/^set /{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;;
    *) echo "error: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

: "${DATABASE_URL:?DATABASE_URL is not set (postgres://user:pass@host:5432/db)}"
migrate=${MIGRATE:-}
if [ -z "$migrate" ]; then
  if command -v migrate >/dev/null 2>&1; then migrate=migrate; else migrate="$here/../target/migrate"; fi
fi

if [ "$skip_backup" = 1 ]; then
  echo "==> Skipping the backup (--skip-backup)"
else
  echo "==> Backup"
  if ! backup=$("$here/backup_db.sh"); then
    echo "error: the backup failed; nothing was migrated. Fix it, or run with --skip-backup to migrate without one." >&2
    exit 3
  fi
  echo "Backup written to $backup"
fi

echo "==> Current revision"
"$migrate" current "${extra[@]}"
echo "==> Pending revisions"
set +e
"$migrate" check "${extra[@]}"
check=$?
set -e
if [ "$check" -ne 0 ] && [ "$check" -ne 9 ]; then
  echo "error: migrate check failed (exit $check); nothing was migrated." >&2
  exit "$check"
fi

echo "==> Upgrade"
set +e
"$migrate" upgrade head "${extra[@]}"
code=$?
set -e
if [ "$code" -eq 0 ]; then echo "==> Done"; else echo "==> migrate upgrade failed with exit code $code" >&2; fi
exit "$code"
