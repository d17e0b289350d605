# Sourced by the scripts in this folder: turns DATABASE_URL (postgres://user:pass@host:port/db?sslmode=...)
# into libpq's PG* environment variables, so that the password is never on a command line (ps) or printed.
# Sets REDACTED_URL for messages.
pg_env_from_url() {
  local url=$1
  local re='^(postgres|postgresql)://(([^:@/]*)(:([^@]*))?@)?([^:/?]*|\[[^]]*\])(:([0-9]+))?/([^?]*)(\?(.*))?$'
  if [[ ! $url =~ $re ]]; then
    echo "error: DATABASE_URL is not a postgres://user:pass@host:port/db URL" >&2
    return 2
  fi
  local user=${BASH_REMATCH[3]} pass=${BASH_REMATCH[5]} host=${BASH_REMATCH[6]} port=${BASH_REMATCH[8]}
  local db=${BASH_REMATCH[9]} query=${BASH_REMATCH[11]}
  urldecode() { local s=${1//+/ }; printf '%b' "${s//%/\\x}"; }
  export PGUSER PGPASSWORD PGHOST PGPORT PGDATABASE
  PGUSER=$(urldecode "$user")
  PGPASSWORD=$(urldecode "$pass")
  PGHOST=${host:-localhost}; PGHOST=${PGHOST#[}; PGHOST=${PGHOST%]}
  PGPORT=${port:-5432}
  PGDATABASE=$(urldecode "$db")
  [ -n "$PGUSER" ] || unset PGUSER
  [ -n "$PGPASSWORD" ] || unset PGPASSWORD
  local kv
  IFS='&' read -ra params <<< "$query"
  for kv in "${params[@]}"; do
    case $kv in
      sslmode=*) export PGSSLMODE=${kv#sslmode=} ;;
      application_name=*) export PGAPPNAME=${kv#application_name=} ;;
    esac
  done
  REDACTED_URL="postgres://${user:+$user${pass:+:***}@}$host${port:+:$port}/$db"
}
