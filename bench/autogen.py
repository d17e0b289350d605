#!/usr/bin/env python3
"""Autogenerate, side by side: migrate against Alembic on the same two schemas.

State A: 300 tables (one revision for migrate; the same SQL in a database for Alembic). State B: A with 50 changes
(25 added columns, 10 new indexes, 5 dropped columns, 5 type changes, 5 new tables). migrate runs
`diff --from heads --to schema:desired.sql` (replay of A into a scratch database, the desired schema loaded into
another, both catalogs read, diffed both ways) with and without its template cache; Alembic compares the
database at A with SQLAlchemy models reflected from a database at B (`produce_migrations`, what
`alembic revision --autogenerate` runs). Each is a whole process, timed over --runs runs; medians and ratios are
printed as a markdown table. Needs psql, python3 with alembic and psycopg2 (apt-get install alembic
python3-psycopg2), and a built target/migrate.

    bench/autogen.py [--url postgres://postgres@127.0.0.1:5432/postgres] [--runs 5]
"""
import argparse, os, re, shutil, statistics, subprocess, sys, tempfile, time
from pathlib import Path

ALEMBIC_PYTHON = os.environ.get("ALEMBIC_PYTHON", "/usr/bin/python3")
ROOT = Path(__file__).resolve().parent.parent
TABLES, CHANGES = 300, 50

def schema_a():
    out = []
    for i in range(TABLES):
        out.append("CREATE TABLE t_%d (id bigint PRIMARY KEY, name varchar(100) NOT NULL, amount numeric(12,2), "
                   "created_at timestamptz NOT NULL DEFAULT now(), ref_id bigint%s);" %
                   (i, " REFERENCES t_%d(id)" % (i - 1) if i % 3 == 1 else ""))
        out.append("CREATE INDEX t_%d_name_idx ON t_%d (name);" % (i, i))
    return "\n".join(out) + "\n"

def schema_b():
    s = schema_a()
    for i in range(25):          # added columns
        s = s.replace("CREATE TABLE t_%d (id bigint PRIMARY KEY," % i, "CREATE TABLE t_%d (id bigint PRIMARY KEY, extra_%d text," % (i, i), 1)
    for i in range(25, 35):      # new indexes
        s += "CREATE INDEX t_%d_created_idx ON t_%d (created_at);\n" % (i, i)
    for i in range(35, 40):      # dropped columns
        s = s.replace("CREATE TABLE t_%d (id bigint PRIMARY KEY, name varchar(100) NOT NULL, amount numeric(12,2)," % i,
                      "CREATE TABLE t_%d (id bigint PRIMARY KEY, name varchar(100) NOT NULL," % i, 1)
    for i in range(40, 45):      # type changes
        s = s.replace("CREATE TABLE t_%d (id bigint PRIMARY KEY, name varchar(100)" % i, "CREATE TABLE t_%d (id bigint PRIMARY KEY, name varchar(200)" % i, 1)
    for i in range(5):           # new tables
        s += "CREATE TABLE new_%d (id bigint PRIMARY KEY, t_id bigint REFERENCES t_%d(id));\n" % (i, i)
    return s

ALEMBIC = """
import sys
from sqlalchemy import create_engine, MetaData
from alembic.migration import MigrationContext
from alembic.autogenerate import produce_migrations, render_python_code
a, b = sys.argv[1], sys.argv[2]
md = MetaData()
md.reflect(create_engine(b))
with create_engine(a).connect() as conn:
    ctx = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
    script = produce_migrations(ctx, md)
    code = render_python_code(script.upgrade_ops) + render_python_code(script.downgrade_ops)
print(len(script.upgrade_ops.ops), "table-level operations", file=sys.stderr)
"""

def psql(url, sql):
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url], input=sql, text=True, check=True, capture_output=True)

def with_db(url, name):
    base, _, _ = url.rpartition("/")
    return base + "/" + name

def cache_databases(url):
    r = subprocess.run(["psql", "-X", "-qAt", url, "-c", "SELECT datname FROM pg_database WHERE datname LIKE 'migrate\\_shadow\\_cache\\_%'"],
                       capture_output=True, text=True)
    return [l for l in r.stdout.split() if l]

def timed(argv, env=None, cwd=None):
    t = time.perf_counter()
    r = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True)
    dt = time.perf_counter() - t
    return dt, r

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", default="postgres://postgres@127.0.0.1:5432/postgres")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--migrate", default=str(ROOT / "target" / "migrate"))
    args = p.parse_args()
    work = Path(tempfile.mkdtemp(prefix="migrate-bench-autogen"))
    pid = os.getpid()
    caches_before = set(cache_databases(args.url))
    dbs = {k: "bench_autogen_%s_%d" % (k, pid) for k in ("a", "b", "m")}
    try:
        for d in dbs.values():
            psql(args.url, "CREATE DATABASE %s;" % d)
        a_sql, b_sql = schema_a(), schema_b()
        psql(with_db(args.url, dbs["a"]), a_sql)
        psql(with_db(args.url, dbs["b"]), b_sql)
        (work / "migrations" / "versions").mkdir(parents=True)
        (work / "migrations" / "versions" / "a1_tables.sql").write_text(
            "-- 300 tables\n--\n-- Revision ID: a1\n-- Revises:\n-- Create Date: 2026-12-03 00:00:00.000000\n\n"
            "-- migrate:upgrade\n" + a_sql + "\n-- migrate:downgrade\n" +
            "".join("DROP TABLE t_%d CASCADE;\n" % i for i in range(TABLES)))
        (work / "desired.sql").write_text(b_sql)
        env = dict(os.environ, DATABASE_URL=with_db(args.url, dbs["m"]))
        rows, phases = {}, {}
        def run(label, argv, env, cwd, setup=None):
            times = []
            for i in range(args.runs):
                if setup: setup()
                dt, r = timed(argv, env, cwd)
                if r.returncode not in (0, 9):
                    print("%s failed (%d): %s" % (label, r.returncode, (r.stdout + r.stderr)[-400:]), file=sys.stderr)
                    return
                times.append(dt)
                # migrate -v: how the revisions' schema was made, and how long that took, inside the process
                m = re.search(r"The revisions at heads: (replayed|cloned from the template cache) in (\d+) ms", r.stderr)
                if m: phases.setdefault(label, []).append(int(m.group(2)) / 1000.0)
            rows[label] = times
        nocache = work / "nocache.yaml"
        nocache.write_text("script_location: migrations\nshadow_cache: false\n")
        cache = work / "cache.yaml"
        cache.write_text("script_location: migrations\nshadow_cache: true\n")
        diff = [args.migrate, "diff", "-v", "--from", "heads", "--to", "schema:desired.sql"]
        run("migrate diff (replay each time)", [args.migrate, "-c", str(nocache)] + diff[1:], env, work)
        subprocess.run([args.migrate, "-c", str(cache)] + diff[1:], env=env, cwd=work, capture_output=True)  # fills the cache
        run("migrate diff (template cache)", [args.migrate, "-c", str(cache)] + diff[1:], env, work)
        script = work / "alembic_compare.py"
        script.write_text(ALEMBIC)
        sa = lambda d: with_db(args.url, d).replace("postgres://", "postgresql+psycopg2://", 1)
        run("alembic autogenerate (compare only)", [ALEMBIC_PYTHON, str(script), sa(dbs["a"]), sa(dbs["b"])], None, work)
        base = statistics.median(rows["alembic autogenerate (compare only)"]) if "alembic autogenerate (compare only)" in rows else None
        print("## autogenerate: %d tables, %d changes (%d runs, whole processes)\n" % (TABLES, CHANGES, args.runs))
        print("| tool | median s | min s | max s | vs Alembic |")
        print("|---|---|---|---|---|")
        for label, t in rows.items():
            med = statistics.median(t)
            print("| %s | %.2f | %.2f | %.2f | %s |" % (label, med, min(t), max(t), "%.2fx" % (med / base) if base else "n/a"))
        if phases:
            print("\n### the revisions' schema inside migrate's process (from `-v`)\n")
            print("| run | median s | min s | max s |")
            print("|---|---|---|---|")
            for label, t in phases.items():
                print("| %s | %.3f | %.3f | %.3f |" % (label, statistics.median(t), min(t), max(t)))
    finally:
        for d in dbs.values():
            subprocess.run(["psql", "-X", "-q", args.url, "-c", "DROP DATABASE IF EXISTS %s;" % d], capture_output=True)
        # the template cache this run made; migrate drops its own scratch databases
        for d in set(cache_databases(args.url)) - caches_before:
            subprocess.run(["psql", "-X", "-q", args.url, "-c", 'DROP DATABASE IF EXISTS "%s";' % d], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)

if __name__ == "__main__":
    main()
