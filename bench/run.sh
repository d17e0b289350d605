#!/bin/sh
# migrate's benchmark: builds the tool, creates its own databases on the local PostgreSQL, runs the apply, no-op
# and graph scenarios against psql, a minimal JDBC program, Alembic and Flyway, and writes a markdown table.
#
#   bench/run.sh                 # the full run (5 runs; 1,000 and 10,000 revisions): about 15 minutes
#   bench/run.sh --quick         # the reduced size the test suite runs
#   bench/run.sh --help          # every option (sizes, runs, scenarios, peers, the server URL)
#
# Needs python3 (standard library only), psql, java 17+ and mvn; see bench/README.md.
here=$(cd "$(dirname "$0")" && pwd)
if [ -n "$PYTHON" ]; then py=$PYTHON
elif command -v python3 >/dev/null 2>&1; then py=python3
else echo "bench/run.sh: python3 is needed" >&2; exit 2
fi
exec "$py" "$here/bench.py" "$@"
