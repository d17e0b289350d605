#!/usr/bin/env python3
"""The `tenants` scenario: the same 20 revisions in each of N schemas of one database (1,000; 100 with --quick).

Side by side, each on a database of its own made for the run (not timed): a psql process per tenant, one after
another; the same with `xargs -P 4`; one psql session that runs every tenant's script with `SET search_path`
between them (the floor); the same session doing the same durable work as migrate (the tenant's advisory lock, the
audit table, an audit row per revision: the same-work floor); migrate --tenants with --parallel 1, 2 and 4; and
migrate's no-op rerun of the whole fleet at its head, and `check --fingerprint` of the whole fleet. Each runner's
result is checked (every tenant has every table). The psql runners do what migrate does per tenant: a version
table, one transaction per revision with its version change.

    bench/tenants.py [--url URL] [--tenants N] [--runs R] [--quick]

Needs python3, psql and a built target/migrate (mvn -DskipTests package -pl core). Prints a markdown table of
medians and ratios to the floor; drops every database it made.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import Server, log  # noqa: E402  (the harness's server: URLs, psql, databases it made)

ROOT = Path(__file__).resolve().parent.parent
REVISIONS = 20


def revision_sql(r):
    """Revision r (1-based) of a tenant: tables, columns, indexes, a validated check, foreign keys."""
    k = r % 5
    if k == 1:
        return ["CREATE TABLE t%d (id bigint PRIMARY KEY, a int, b text)" % r]
    if k == 2:
        return ["ALTER TABLE t%d ADD COLUMN c int DEFAULT 0" % (r - 1)]
    if k == 3:
        return ["CREATE INDEX ix_t%d_a ON t%d (a)" % (r - 2, r - 2)]
    if k == 4:
        return ["ALTER TABLE t%d ADD CONSTRAINT ck_t%d_a CHECK (a >= 0) NOT VALID" % (r - 3, r - 3),
                "ALTER TABLE t%d VALIDATE CONSTRAINT ck_t%d_a" % (r - 3, r - 3)]
    return ["CREATE TABLE t%d (id bigint PRIMARY KEY, parent bigint REFERENCES t%d (id))" % (r, r - 4)]


def rid(r):
    return "%012x" % (0xabc000000000 + r)


def write_project(d):
    versions = d / "migrations" / "versions"
    versions.mkdir(parents=True)
    for r in range(1, REVISIONS + 1):
        body = ";\n".join(revision_sql(r)) + ";"
        (versions / ("%s_r%d.sql" % (rid(r), r))).write_text(
            "-- r%d\n--\n-- Revision ID: %s\n-- Revises: %s\n-- Create Date: 2026-12-04 10:00:00\n\n-- migrate:upgrade\n%s\n"
            % (r, rid(r), rid(r - 1) if r > 1 else "", body))
    (d / "migrate.yaml").write_text("lock_wait: 60s\n")


AUDIT_DDL = ("CREATE TABLE migrate_version_audit (id BIGSERIAL PRIMARY KEY, revision VARCHAR(255), kind VARCHAR(16) NOT NULL, "
             "heads_before TEXT NOT NULL, heads_after TEXT NOT NULL, checksum VARCHAR(64), db_user TEXT, os_user TEXT, host TEXT, "
             "tool_version VARCHAR(32), started_at TIMESTAMPTZ NOT NULL, duration_ms BIGINT NOT NULL, status VARCHAR(16) NOT NULL, "
             "error TEXT, statement TEXT, lint_ignored TEXT, run_id TEXT);")


def tenant_script(t, same_work=False):
    """What migrate does in one tenant, as psql runs it: the version table, then each revision in a transaction.

    same_work: also what migrate keeps besides the version table, so that the comparison is of the same durable
    result: the tenant's advisory lock held throughout, the audit table (migrate's DDL), and an audit row per revision
    in the revision's transaction."""
    out = ["SET search_path TO %s, public;" % t]
    if same_work:
        out += ["SELECT pg_advisory_lock(hashtext('%s.migrate_version'));" % t, AUDIT_DDL]
    out.append("CREATE TABLE migrate_version (version_num varchar(32) NOT NULL PRIMARY KEY);")
    for r in range(1, REVISIONS + 1):
        out.append("BEGIN;")
        out += [s + ";" for s in revision_sql(r)]
        out.append("INSERT INTO migrate_version VALUES ('%s');" % rid(r) if r == 1
                   else "UPDATE migrate_version SET version_num = '%s';" % rid(r))
        if same_work:
            out.append("INSERT INTO migrate_version_audit (revision, kind, heads_before, heads_after, checksum, db_user, os_user, "
                       "host, tool_version, started_at, duration_ms, status, run_id) VALUES ('%s', 'upgrade', '%s', '%s', "
                       "'3ae36304045aff7218918d9d87249f22b9c015015132b926a62ed0178d964c63', current_user, 'bench', 'localhost', "
                       "'0.1.0', now(), 1, 'ok', '721db29f-037e-493a-aebb-93b71bacb949');" % (rid(r), rid(r - 1) if r > 1 else "", rid(r)))
        out.append("COMMIT;")
    if same_work:
        out.append("SELECT pg_advisory_unlock(hashtext('%s.migrate_version'));" % t)
    return "\n".join(out) + "\n"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--url", default=os.environ.get("MIGRATE_BENCH_URL") or os.environ.get("MIGRATE_TEST_DATABASE_URL")
                   or "postgres://postgres@127.0.0.1:5432/postgres")
    p.add_argument("--tenants", type=int, default=1000)
    p.add_argument("--runs", type=int, default=1)
    p.add_argument("--quick", action="store_true", help="100 tenants, one run")
    args = p.parse_args()
    if args.quick:
        args.tenants, args.runs = 100, 1
    launcher = ROOT / "target" / "migrate"
    if not launcher.exists():
        raise SystemExit("target/migrate is missing: mvn -DskipTests package -pl core")
    server = Server(args.url, "migrate_bench_tenants_%d" % os.getpid())
    work = Path(tempfile.mkdtemp(prefix="migrate-bench-tenants-"))
    tenants = ["tenant_%04d" % i for i in range(args.tenants)]
    scripts = work / "scripts"
    scripts.mkdir()
    for t in tenants:
        (scripts / (t + ".sql")).write_text(tenant_script(t))
    (work / "all.sql").write_text("".join((scripts / (t + ".sql")).read_text() for t in tenants))
    (work / "all-same-work.sql").write_text("".join(tenant_script(t, same_work=True) for t in tenants))
    (work / "tenants.txt").write_text("\n".join(tenants) + "\n")
    project = work / "project"
    write_project(project)

    def fresh(name):
        db = server.name(name)
        server.recreate(db)
        server.query("".join("CREATE SCHEMA %s;" % t for t in tenants), db)
        server.settle()
        return db

    def check(db):
        n = server.query("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                         "WHERE n.nspname LIKE 'tenant\\_%%' AND c.relname = 't%d'" % REVISIONS, db)
        if int(n) != args.tenants:
            raise SystemExit("%s: %s of %d tenants have every table" % (db, n, args.tenants))

    def timed(cmd, env=None, cwd=None, shell=False):
        t0 = time.monotonic()
        r = subprocess.run(cmd, env=env, cwd=cwd, shell=shell, capture_output=True, text=True)
        took = time.monotonic() - t0
        if r.returncode != 0:
            raise SystemExit("%s failed (%d): %s" % (cmd if isinstance(cmd, str) else " ".join(cmd), r.returncode,
                                                     (r.stderr or r.stdout)[-2000:]))
        return took

    runners = {
        "psql, one session (floor)": lambda db: timed(server.psql(db, ["-f", str(work / "all.sql")])),
        "psql, one session, same work": lambda db: timed(server.psql(db, ["-f", str(work / "all-same-work.sql")])),
        "psql process per tenant": lambda db: timed("for f in %s/*.sql; do %s -f \"$f\" || exit 1; done"
                                                    % (scripts, " ".join(server.psql(db))), shell=True),
        "psql per tenant, xargs -P 4": lambda db: timed("ls %s/*.sql | xargs -P 4 -I{} %s -f {}" % (scripts, " ".join(server.psql(db))),
                                                        shell=True),
    }
    for par in (1, 2, 4):
        runners["migrate --parallel %d" % par] = (lambda par: lambda db: timed(
            [str(launcher), "-q", "upgrade", "heads", "--tenants-file", str(work / "tenants.txt"), "--parallel", str(par), "--canary", "0"],
            env={**os.environ, "DATABASE_URL": server.url(db)}, cwd=str(project)))(par)
    samples = {name: [] for name in runners}
    noop = []
    fingerprint = []
    try:
        for run in range(args.runs):
            names = list(runners)
            names = names[run % len(names):] + names[:run % len(names)]
            for name in names:
                db = fresh("r%d_%d" % (run, list(runners).index(name)))
                took = runners[name](db)
                check(db)
                samples[name].append(took)
                log("%s: %.2f s" % (name, took))
                if name == "migrate --parallel 1":
                    noop.append(timed([str(launcher), "-q", "upgrade", "heads", "--tenants-file", str(work / "tenants.txt")],
                                      env={**os.environ, "DATABASE_URL": server.url(db)}, cwd=str(project)))
                    log("migrate no-op rerun: %.2f s" % noop[-1])
                    fingerprint.append(timed([str(launcher), "-q", "check", "--tenants-file", str(work / "tenants.txt"),
                                              "--fingerprint", "--parallel", "4"],
                                             env={**os.environ, "DATABASE_URL": server.url(db)}, cwd=str(project)))
                    log("migrate check --fingerprint: %.2f s" % fingerprint[-1])
                server.query("DROP DATABASE %s WITH (FORCE)" % db)
                server.made.discard(db)
    finally:
        server.drop_all()
    floor = statistics.median(samples["psql, one session (floor)"])
    print()
    print("%d tenants x %d revisions, %d run%s; medians, ratio to the one-session floor" % (
        args.tenants, REVISIONS, args.runs, "" if args.runs == 1 else "s"))
    print()
    same = statistics.median(samples["psql, one session, same work"])
    print("| runner | seconds | per tenant | x floor | x same-work floor |")
    print("|---|---|---|---|---|")
    for name, xs in samples.items():
        m = statistics.median(xs)
        print("| %s | %.2f | %.1f ms | %.2fx | %.2fx |" % (name, m, 1000 * m / args.tenants, m / floor, m / same))
    m = statistics.median(noop)
    print("| migrate no-op rerun (all at head) | %.2f | %.2f ms | | |" % (m, 1000 * m / args.tenants))
    m = statistics.median(fingerprint)
    print("| migrate check --fingerprint --parallel 4 (every schema read) | %.2f | %.2f ms | | |" % (m, 1000 * m / args.tenants))


if __name__ == "__main__":
    main()
