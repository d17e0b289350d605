#!/usr/bin/env python3
"""migrate's benchmark harness: bench/run.sh calls this (see bench/README.md).

It builds the tool, creates its own databases on a PostgreSQL server, runs each scenario with every tool side by
side (the tools interleaved within each repetition, so that noise from the machine spreads over all of them), and
writes a markdown table of medians and ratios, plus the raw samples as JSON. Standard library only.

Scenarios:
  apply  N generated revisions (a table with three columns and an index each) from an empty database; the floor is
         psql running the same statements, one transaction per revision, with an insert into a version table.
  noop   `current` and `upgrade head` on an up-to-date database, whole process time; the floors are psql -c reading
         the version table and a minimal Java program that opens one JDBC connection and runs one query.
  graph  `history`, `heads` and `upgrade heads --sql` over a generated graph with branches, merges and dependencies,
         without a database, at two sizes (G/10 and G): time, peak memory, and how the cost grows.
Peers (Alembic, Flyway as a library, Flyway's command line) run in apply and noop where they can be installed; a
peer that cannot be is a row saying why.
"""

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"


# ----------------------------------------------------------------------------------------------------------------
# Options

def parse_args(argv):
    p = argparse.ArgumentParser(prog="bench/run.sh", description="Benchmark migrate against psql, a minimal JDBC "
                                "program, Alembic and Flyway; writes a markdown table of medians and ratios.")
    p.add_argument("--quick", action="store_true",
                   help="the reduced size the test suite runs: 50 revisions, graphs of 100 and 1,000, one run, "
                        "no downloads (peers only if already available)")
    p.add_argument("--runs", type=int, help="repetitions per measurement (default 5; --quick: 1)")
    p.add_argument("--revisions", type=int, help="revisions in apply and noop (default 1000; --quick: 50)")
    p.add_argument("--graph", type=int, help="revisions in the large graph; the small one has a tenth "
                                             "(default 10000; --quick: 1000)")
    p.add_argument("--scenarios", default="apply,noop,graph", help="comma-separated subset of apply,noop,graph")
    p.add_argument("--peers", default="alembic,flyway-lib,flyway-cli",
                   help="comma-separated subset of alembic,flyway-lib,flyway-cli, or none")
    p.add_argument("--url", help="a PostgreSQL URL (postgres://user:pass@host:port/db) of a role that may create "
                                 "databases (default: $MIGRATE_BENCH_URL, $MIGRATE_TEST_DATABASE_URL, or "
                                 "postgres://postgres@127.0.0.1:5432/postgres)")
    p.add_argument("--offline", action="store_true", help="download nothing (Maven runs with -o)")
    p.add_argument("--no-build", action="store_true", help="use the existing target/migrate")
    p.add_argument("--migrate", default=str(ROOT / "target" / "migrate"), help="the launcher to measure")
    p.add_argument("--work", default=str(BENCH / ".work"), help="generated projects, fetched peers, logs")
    p.add_argument("--out", help="the results table (default: <work>/results.md; the raw samples go beside it "
                                 "as .json)")
    p.add_argument("--db-prefix", default="migrate_bench", help="prefix of the databases the harness creates")
    p.add_argument("--keep-databases", action="store_true", help="leave the databases behind for inspection")
    a = p.parse_args(argv)
    a.runs = a.runs or (1 if a.quick else 5)
    a.revisions = a.revisions or (50 if a.quick else 1000)
    a.graph = a.graph or (1000 if a.quick else 10000)
    a.offline = a.offline or a.quick
    a.url = a.url or os.environ.get("MIGRATE_BENCH_URL") or os.environ.get("MIGRATE_TEST_DATABASE_URL") \
        or "postgres://postgres@127.0.0.1:5432/postgres"
    a.scenarios = [s for s in a.scenarios.split(",") if s]
    for s in a.scenarios:
        if s not in ("apply", "noop", "graph"):
            p.error("unknown scenario " + s)
    a.peers = [] if a.peers == "none" else [s for s in a.peers.split(",") if s]
    for s in a.peers:
        if s not in ("alembic", "flyway-lib", "flyway-cli"):
            p.error("unknown peer " + s)
    a.work = Path(a.work).resolve()
    a.out = Path(a.out).resolve() if a.out else a.work / "results.md"
    a.migrate = Path(a.migrate).resolve()
    if a.runs < 1 or a.revisions < 2 or a.graph < 20:
        p.error("--runs must be at least 1, --revisions at least 2, --graph at least 20")
    return a


# The version core/pom.xml builds with: a pom that names none would get Maven's old default (2.8), whose own
# dependencies an offline run may not have.
DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1"


def log(msg):
    print("[bench] " + msg, file=sys.stderr, flush=True)


class Unavailable(Exception):
    """A tool that cannot run here; the message says why, and goes into its row."""


# ----------------------------------------------------------------------------------------------------------------
# The server

class Server:
    """The PostgreSQL server, reached through psql with the admin URL; every database the harness makes on it."""

    def __init__(self, url, prefix):
        u = urllib.parse.urlsplit(url)
        if u.scheme not in ("postgres", "postgresql"):
            raise SystemExit("--url must be a postgres:// URL, not " + url)
        self.user = urllib.parse.unquote(u.username or "postgres")
        self.password = urllib.parse.unquote(u.password or "")
        self.host = u.hostname or "127.0.0.1"
        self.port = u.port or 5432
        self.admin_db = (u.path or "/postgres").lstrip("/") or "postgres"
        self.prefix = prefix
        self.made = set()
        self.can_checkpoint = True
        if not shutil.which("psql"):
            raise SystemExit("psql is needed (it is the floor, and creates the databases): install the PostgreSQL client")

    def url(self, db):
        auth = urllib.parse.quote(self.user, safe="")
        if self.password:
            auth += ":" + urllib.parse.quote(self.password, safe="")
        return "postgres://%s@%s:%d/%s" % (auth, self.host, self.port, db)

    def jdbc(self, db, credentials=True):
        base = "jdbc:postgresql://%s:%d/%s" % (self.host, self.port, db)
        if not credentials:
            return base
        q = {"user": self.user}
        if self.password:
            q["password"] = self.password
        return base + "?" + urllib.parse.urlencode(q)

    def sqlalchemy(self, db):
        return self.url(db).replace("postgres://", "postgresql+psycopg2://", 1)

    def psql(self, db=None, extra=()):
        return ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", self.url(db or self.admin_db), *extra]

    def query(self, sql, db=None):
        r = subprocess.run(self.psql(db, ["-At", "-c", sql]), capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError("psql failed: " + (r.stderr.strip() or r.stdout.strip()))
        return r.stdout.strip()

    def name(self, *parts):
        return "_".join([self.prefix, *parts]).replace("-", "_")

    def recreate(self, db):
        self.query("DROP DATABASE IF EXISTS %s WITH (FORCE)" % db)
        self.query("CREATE DATABASE %s" % db)
        self.made.add(db)

    def settle(self):
        """Before a timed apply (not timed): a checkpoint, so that no run pays for writing out the previous one's
        dirty pages. Needs a superuser or pg_checkpoint; without it the runs just vary more."""
        if self.can_checkpoint:
            try:
                self.query("CHECKPOINT")
            except RuntimeError as e:
                self.can_checkpoint = False
                log("no CHECKPOINT before each apply (%s): expect more spread" % e)

    def drop_all(self):
        for db in sorted(self.made):
            try:
                self.query("DROP DATABASE IF EXISTS %s WITH (FORCE)" % db)
            except RuntimeError as e:
                log("could not drop %s: %s" % (db, e))


# ----------------------------------------------------------------------------------------------------------------
# Measuring one process

class Sample:
    def __init__(self, seconds, cpu_seconds, max_rss_kb, code, log_file):
        self.seconds, self.cpu_seconds, self.max_rss_kb = seconds, cpu_seconds, max_rss_kb
        self.code, self.log_file = code, log_file

    def failure(self):
        """The last lines of the output of a failed run, for the row that reports it."""
        text = Path(self.log_file).read_text(errors="replace").strip().splitlines()
        tail = " / ".join(line.strip() for line in text[-3:] if line.strip())
        return "exit %d: %s" % (self.code, tail[:300] or "(no output)")


class Runner:
    """Runs commands as child processes and measures wall time and peak resident memory (wait4's rusage)."""

    def __init__(self, work):
        self.logs = work / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def run(self, argv, env=None, cwd=None, timeout=1800, label="run"):
        self.count += 1
        log_file = self.logs / ("%04d-%s.log" % (self.count, label.replace(" ", "_").replace("/", "_")))
        full_env = dict(os.environ)
        full_env.update(env or {})
        with open(log_file, "wb") as out:
            start = time.perf_counter()
            p = subprocess.Popen([str(a) for a in argv], stdout=out, stderr=subprocess.STDOUT, env=full_env,
                                 cwd=cwd, stdin=subprocess.DEVNULL)
            killer = threading.Timer(timeout, p.kill)
            killer.start()
            try:
                _, status, usage = os.wait4(p.pid, 0)
            finally:
                killer.cancel()
            seconds = time.perf_counter() - start
        p.returncode = os.waitstatus_to_exitcode(status)
        return Sample(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, p.returncode, log_file)


# ----------------------------------------------------------------------------------------------------------------
# Generated projects

def rev_id(namespace, i):
    """Twelve hex digits that look like Alembic's, the same on every run."""
    return hashlib.sha1(("%s:%d" % (namespace, i)).encode()).hexdigest()[:12]


def apply_statements(i):
    """The two statements of revision i: a table with three columns, and an index."""
    t = "t_%05d" % i
    return ["CREATE TABLE %s (id BIGINT PRIMARY KEY, name TEXT NOT NULL, "
            "created_at TIMESTAMPTZ NOT NULL DEFAULT now())" % t,
            "CREATE INDEX %s_name_idx ON %s (name)" % (t, t)]


def write_if_changed(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text() != text:
        path.write_text(text)


def migrate_script(rid, revises, message, upgrade, downgrade, depends=(), labels=()):
    lines = ["-- " + message, "--", "-- Revision ID: " + rid, "-- Revises: " + ", ".join(revises),
             "-- Create Date: 2026-01-01 00:00:00.000000"]
    if labels:
        lines.append("-- Branch Labels: " + ", ".join(labels))
    if depends:
        lines.append("-- Depends On: " + ", ".join(depends))
    lines += ["", "-- migrate:upgrade"] + [s + ";" for s in upgrade] + ["", "-- migrate:downgrade"] \
        + [s + ";" for s in downgrade] + [""]
    return "\n".join(lines)


def migrate_project(directory, scripts):
    """A migrate project: migrate.yaml (the URL comes from DATABASE_URL) and one .sql file per revision."""
    versions = directory / "migrations" / "versions"
    if versions.exists():
        shutil.rmtree(versions)
    versions.mkdir(parents=True)
    write_if_changed(directory / "migrate.yaml", "script_location: migrations\nversion_table: migrate_version\n")
    for name, text in scripts:
        (versions / name).write_text(text)
    return directory


def linear_revisions(n):
    ids = [rev_id("apply", i) for i in range(1, n + 1)]
    return [(ids[i - 1], [ids[i - 2]] if i > 1 else [], i) for i in range(1, n + 1)]


def graph_revisions(n, seed="graph"):
    """
    n revisions in the shapes long histories have: a trunk from one base; feature branches off the trunk that merge
    back (two- and three-way merges); two labelled branches with bases of their own that stay open (so the graph
    ends with three heads); and cross-branch dependencies. Returned in an order where parents come first:
    (id, parents, depends_on, labels, kind).
    """
    out = []
    counter = [0]

    def new(parents, depends=(), labels=(), kind="change"):
        counter[0] += 1
        rid = rev_id(seed, counter[0])
        out.append((rid, list(parents), list(depends), list(labels), kind))
        return rid

    trunk = new([], labels=["trunk"])
    side = {"accounts": new([], labels=["accounts"]), "billing": new([], labels=["billing"])}
    step = 0
    while counter[0] < n:
        step += 1
        left = n - counter[0]
        if step % 6 == 0 and left >= 12:
            # two feature branches off the trunk, a few revisions each, merged back in one three-way merge
            a = b = trunk
            for k in range(4):
                a = new([a])
                b = new([b], depends=[side["accounts"]] if k == 2 else [])
            trunk = new([new([trunk]), a, b], kind="merge")
        elif step % 3 == 0 and left >= 6:
            f = trunk
            for _ in range(3):
                f = new([f])
            trunk = new([new([trunk]), f], kind="merge")
        elif step % 5 == 0:
            name = "accounts" if step % 10 == 0 else "billing"
            side[name] = new([side[name]], depends=[trunk])
        else:
            trunk = new([trunk])
    return out[:n]


# ----------------------------------------------------------------------------------------------------------------
# The tools

class Tool:
    key = label = ""
    floor = False

    def check(self):
        """Raises Unavailable when the tool cannot run here."""

    def apply_project(self, n):
        """Writes the project of n linear revisions; idempotent."""

    def apply(self, db):
        """(argv, env, cwd) that applies every revision to db."""
        raise NotImplementedError

    def current(self, db):
        raise NotImplementedError

    def upgrade(self, db):
        raise NotImplementedError


class PsqlFloor(Tool):
    key, label, floor = "psql", "psql (floor)", True

    def __init__(self, h):
        self.h = h

    def apply_project(self, n):
        lines = ["CREATE TABLE bench_version (revision VARCHAR(255) PRIMARY KEY, applied_at TIMESTAMPTZ "
                 "NOT NULL DEFAULT now());"]
        for rid, _, i in linear_revisions(n):
            lines.append("BEGIN;")
            lines += [s + ";" for s in apply_statements(i)]
            lines.append("INSERT INTO bench_version (revision) VALUES ('%s');" % rid)
            lines.append("COMMIT;")
        self.script = self.h.work / "projects" / "psql" / ("apply-%d.sql" % n)
        write_if_changed(self.script, "\n".join(lines) + "\n")

    def apply(self, db):
        return self.h.server.psql(db, ["-f", self.script]), {}, None

    def current(self, db):
        # the no-op floor reads migrate's version table, in migrate's database
        return self.h.server.psql(self.h.noop_db("migrate"), ["-At", "-c", "SELECT version_num FROM migrate_version"]), {}, None


class JdbcFloor(Tool):
    key, label, floor = "jdbc", "minimal JDBC program (JVM floor)", True

    def __init__(self, h):
        self.h = h

    def check(self):
        if not self.h.helpers_cp:
            raise Unavailable(self.h.helpers_error)

    def current(self, db):
        return ["java", "-cp", self.h.helpers_cp, "MinimalJdbc", self.h.server.jdbc(self.h.noop_db("migrate")),
                "SELECT version_num FROM migrate_version"], {}, None


class Migrate(Tool):
    key, label = "migrate", "migrate"

    def __init__(self, h):
        self.h = h

    def check(self):
        if not os.access(self.h.args.migrate, os.X_OK):
            raise Unavailable("%s is missing: build it (mvn -DskipTests package -pl core) or drop --no-build" % self.h.args.migrate)

    def apply_project(self, n):
        scripts = []
        for rid, revises, i in linear_revisions(n):
            scripts.append(("%s_t%05d.sql" % (rid, i), migrate_script(rid, revises, "table %d" % i, apply_statements(i),
                                                                     ["DROP TABLE t_%05d" % i])))
        self.dir = migrate_project(self.h.work / "projects" / "migrate" / str(n), scripts)

    def _run(self, db, *args):
        return [self.h.args.migrate, *args], {"DATABASE_URL": self.h.server.url(db)}, self.dir

    def apply(self, db):
        return self._run(db, "upgrade", "head", "-q")

    def current(self, db):
        return self._run(db, "current")

    def upgrade(self, db):
        return self._run(db, "upgrade", "head")


class Alembic(Tool):
    key = "alembic"
    label = "Alembic"

    def __init__(self, h):
        self.h = h
        self.exe = shutil.which("alembic")

    def check(self):
        if not self.exe:
            raise Unavailable("no alembic command on the PATH (Debian: apt-get install alembic python3-psycopg2)")
        r = subprocess.run([self.exe, "--version"], capture_output=True, text=True)
        if r.returncode != 0:
            raise Unavailable("alembic --version failed: " + (r.stderr.strip() or r.stdout.strip())[:200])
        self.label = "Alembic " + r.stdout.strip().split()[-1]

    def apply_project(self, n):
        d = self.h.work / "projects" / "alembic" / str(n)
        versions = d / "alembic" / "versions"
        if versions.exists():
            shutil.rmtree(versions)
        versions.mkdir(parents=True)
        write_if_changed(d / "alembic.ini", "[alembic]\nscript_location = alembic\n")
        # One transaction per revision, as psql, migrate and Flyway do (Alembic's default on PostgreSQL is one
        # transaction for the whole run, which would not be the same work).
        write_if_changed(d / "alembic" / "env.py", (
            "import os\n"
            "from alembic import context\n"
            "from sqlalchemy import create_engine\n\n"
            "engine = create_engine(os.environ['BENCH_SQLALCHEMY_URL'])\n"
            "with engine.connect() as connection:\n"
            "    context.configure(connection=connection, transaction_per_migration=True)\n"
            "    with context.begin_transaction():\n"
            "        context.run_migrations()\n"))
        for rid, revises, i in linear_revisions(n):
            body = "\n".join("    op.execute(%r)" % s for s in apply_statements(i))
            (versions / ("%s_t%05d.py" % (rid, i))).write_text(
                "from alembic import op\n\nrevision = %r\ndown_revision = %r\nbranch_labels = None\ndepends_on = None\n\n\n"
                "def upgrade():\n%s\n\n\ndef downgrade():\n    op.execute('DROP TABLE t_%05d')\n"
                % (rid, revises[0] if revises else None, body, i))
        self.dir = d

    def _run(self, db, *args):
        return [self.exe, *args], {"BENCH_SQLALCHEMY_URL": self.h.server.sqlalchemy(db)}, self.dir

    def apply(self, db):
        return self._run(db, "upgrade", "head")

    def current(self, db):
        return self._run(db, "current")

    def upgrade(self, db):
        return self._run(db, "upgrade", "head")


class Flyway(Tool):
    """Flyway as a library (a ten-line runner) or its command line; both fetched from Maven Central."""

    def __init__(self, h, cli):
        self.h, self.cli = h, cli
        self.key = "flyway-cli" if cli else "flyway-lib"
        self.label = "Flyway (command line)" if cli else "Flyway (library)"

    def check(self):
        lib = self.h.fetch(self.key)
        jars = sorted(lib.glob("*.jar"))
        core = [j.name for j in jars if j.name.startswith("flyway-core-")]
        version = core[0][len("flyway-core-"):-len(".jar")] if core else "?"
        self.label = ("Flyway %s (command line)" if self.cli else "Flyway %s (library)") % version
        self.cp = os.pathsep.join(str(j) for j in jars)
        if not self.cli:
            classes = self.h.work / "peers" / self.key / "classes"
            self.h.javac(BENCH / "java" / "FlywayRunner.java", classes, self.cp)
            self.cp += os.pathsep + str(classes)

    def apply_project(self, n):
        d = self.h.work / "projects" / "flyway" / str(n)
        if d.exists():
            shutil.rmtree(d)
        d.mkdir(parents=True)
        for _, _, i in linear_revisions(n):
            (d / ("V%d__t%05d.sql" % (i, i))).write_text("".join(s + ";\n" for s in apply_statements(i)))
        self.dir = d

    def _run(self, db, command):
        s = self.h.server
        if self.cli:
            argv = ["java", "-cp", self.cp, "org.flywaydb.commandline.Main", "-skipCheckForUpdate",
                    "-url=" + s.jdbc(db, credentials=False), "-user=" + s.user, "-password=" + s.password,
                    "-locations=filesystem:" + str(self.dir), command]
        else:
            argv = ["java", "-cp", self.cp, "FlywayRunner", command, s.jdbc(db, credentials=False), s.user,
                    s.password, self.dir]
        return argv, {"REDGATE_DISABLE_TELEMETRY": "true"}, self.h.work

    def apply(self, db):
        return self._run(db, "migrate")

    def current(self, db):
        return self._run(db, "info")

    def upgrade(self, db):
        return self._run(db, "migrate")


# ----------------------------------------------------------------------------------------------------------------
# The harness

class Harness:
    def __init__(self, args):
        self.args = args
        self.work = args.work
        self.work.mkdir(parents=True, exist_ok=True)
        self.server = Server(args.url, args.db_prefix)
        self.runner = Runner(self.work)
        self.samples = {}        # (scenario, row) -> [Sample]
        self.unavailable = {}    # tool key -> reason
        self.failed = {}         # (scenario, row) -> reason
        self.at_head = {}        # tool key -> its database at head
        self.helpers_cp = None
        self.helpers_error = None
        self.versions = {}

    # ----- set-up

    def maven(self, *args, offline=None):
        offline = self.args.offline if offline is None else offline
        return subprocess.run(["mvn", "-B", "-q", *(["-o"] if offline else []), *args], capture_output=True,
                              text=True, cwd=ROOT)

    def build(self):
        if self.args.no_build:
            return
        log("building target/migrate (mvn -DskipTests package -pl core)")
        r = self.maven("-DskipTests", "package", "-pl", "core")
        if r.returncode != 0:
            raise SystemExit("the build failed:\n" + r.stdout[-3000:] + r.stderr[-3000:])

    def fetch(self, peer):
        """The jars of a Maven peer in <work>/peers/<peer>/lib, copied by Maven from its pom under bench/peers."""
        lib = self.work / "peers" / peer / "lib"
        pom = BENCH / "peers" / peer / "pom.xml"
        stamp = lib / ".pom.sha1"
        digest = hashlib.sha1(pom.read_bytes()).hexdigest()
        if stamp.exists() and stamp.read_text() == digest:
            return lib
        if lib.exists():
            shutil.rmtree(lib)
        log("fetching %s with Maven%s" % (peer, " (offline)" if self.args.offline else ""))
        r = self.maven("-f", str(pom), DEPENDENCY_PLUGIN + ":copy-dependencies", "-DoutputDirectory=" + str(lib))
        if r.returncode != 0:
            lines = [line.strip() for line in (r.stdout + r.stderr).splitlines() if line.strip()]
            why = next((line for line in lines if "ERROR" in line), lines[-1] if lines else "mvn failed")
            raise Unavailable(("not in the local Maven repository (run bench/run.sh once without --quick/--offline "
                               "to fetch it)" if self.args.offline else "Maven could not fetch it") + ": " + why[:240])
        stamp.write_text(digest)
        return lib

    def javac(self, source, classes, cp=None):
        classes.mkdir(parents=True, exist_ok=True)
        target = classes / (source.stem + ".class")
        if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
            return
        r = subprocess.run(["javac", "-d", str(classes), *(["-cp", cp] if cp else []), str(source)],
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise Unavailable("javac failed: " + r.stderr.strip()[:300])

    def helpers(self):
        """The minimal JDBC program, compiled, with the PostgreSQL driver of the tool's own pom."""
        try:
            lib = self.work / "lib"
            if not list(lib.glob("postgresql-*.jar")):
                # core's pom names the dependency plugin's version (the aggregator's would leave Maven its old default)
                r = self.maven("-pl", "core", "dependency:copy-dependencies", "-DincludeGroupIds=org.postgresql",
                               "-DincludeArtifactIds=postgresql",
                               "-DoutputDirectory=" + str(lib))
                if r.returncode != 0:
                    raise Unavailable("cannot copy the PostgreSQL driver: " + (r.stdout + r.stderr).strip()[-240:])
            classes = self.work / "classes"
            self.javac(BENCH / "java" / "MinimalJdbc.java", classes)
            self.helpers_cp = os.pathsep.join([str(classes)] + [str(j) for j in sorted(lib.glob("postgresql-*.jar"))])
        except (Unavailable, OSError) as e:
            self.helpers_error = str(e)

    def tools(self):
        wanted = {"alembic": lambda: Alembic(self), "flyway-lib": lambda: Flyway(self, False),
                  "flyway-cli": lambda: Flyway(self, True)}
        tools = [PsqlFloor(self), Migrate(self)] + [wanted[p]() for p in self.args.peers]
        usable = []
        for t in tools:
            try:
                t.check()
                usable.append(t)
            except Unavailable as e:
                self.unavailable[t.key] = str(e)
                log("%s: not available: %s" % (t.label, e))
        self.all_tools = tools
        return usable

    # ----- measuring

    def record(self, scenario, row, sample):
        if sample.code != 0:
            self.failed[(scenario, row)] = sample.failure()
            log("%s / %s failed: %s" % (scenario, row, self.failed[(scenario, row)]))
            return False
        self.samples.setdefault((scenario, row), []).append(sample)
        return True

    def measure(self, scenario, row, command, label):
        argv, env, cwd = command
        return self.record(scenario, row, self.runner.run(argv, env, cwd, label=label))

    def apply_db(self, key, run):
        """A new database for every apply, all dropped at the end: dropping one that was just written makes the next
        runs wait for the file system (thousands of files freed; on a disk mounted with discard, trimmed), which
        doubled the time of whichever tool ran next."""
        return self.server.name("apply", key, str(run))

    def noop_db(self, key):
        return self.at_head[key]

    def verify_apply(self, tool, db, n):
        tables = int(self.server.query("SELECT count(*) FROM pg_class WHERE relkind = 'r' AND relname LIKE 't\\_%'", db))
        indexes = int(self.server.query("SELECT count(*) FROM pg_class WHERE relkind = 'i' AND relname LIKE 't\\_%\\_name\\_idx'", db))
        if tables != n or indexes != n:
            raise RuntimeError("%s left %d tables and %d indexes, not %d" % (tool.label, tables, indexes, n))

    @staticmethod
    def rotated(items, rep):
        k = rep % len(items) if items else 0
        return items[k:] + items[:k]

    def scenario_apply(self, tools):
        n = self.args.revisions
        for t in tools:
            t.apply_project(n)
        runnable = list(tools)
        floor = next((t for t in tools if t.floor), None)
        if floor is not None:
            # One untimed apply first: whatever the machine did before (another run's databases dropped, cold caches)
            # settles here rather than in the first timed run.
            db = self.apply_db(floor.key, "warmup")
            self.server.recreate(db)
            argv, env, cwd = floor.apply(db)
            self.runner.run(argv, env, cwd, label="warmup-apply-" + floor.key)
        for rep in range(self.args.runs):
            log("apply: run %d of %d" % (rep + 1, self.args.runs))
            for t in self.rotated(runnable, rep):
                if ("apply", t.key) in self.failed:
                    continue
                db = self.apply_db(t.key, rep + 1)
                self.server.recreate(db)
                self.server.settle()
                if self.measure("apply", t.key, t.apply(db), "apply-" + t.key):
                    self.verify_apply(t, db, n)
                    self.at_head[t.key] = db

    def bring_to_head(self, t):
        """A database at head for the noop scenario: the apply scenario's, or made now (not measured)."""
        if t.key in self.at_head:
            return True
        if ("apply", t.key) in self.failed:
            return False
        t.apply_project(self.args.revisions)
        db = self.apply_db(t.key, "setup")
        self.server.recreate(db)
        argv, env, cwd = t.apply(db)
        s = self.runner.run(argv, env, cwd, label="setup-" + t.key)
        if s.code != 0:
            self.failed[("noop-setup", t.key)] = s.failure()
            return False
        self.at_head[t.key] = db
        return True

    def scenario_noop(self, tools):
        by_key = {t.key: t for t in tools}
        if "migrate" not in by_key or not self.bring_to_head(by_key["migrate"]):
            log("noop: skipped, migrate has no database at head")
            return
        jdbc = JdbcFloor(self)
        try:
            jdbc.check()
        except Unavailable as e:
            self.unavailable["jdbc"] = str(e)
        # rows: (row key, command factory)
        rows = [("psql -c", lambda: by_key["psql"].current(None))] if "psql" in by_key else []
        if "jdbc" not in self.unavailable:
            rows.append(("jdbc", lambda: jdbc.current(None)))
        for t in tools:
            if t.floor or not self.bring_to_head(t):
                continue
            db = self.noop_db(t.key)
            rows.append((t.key + " current", lambda t=t, db=db: t.current(db)))
            rows.append((t.key + " upgrade", lambda t=t, db=db: t.upgrade(db)))
        # one warm-up of each, not counted: the first run after apply pays for cold caches of files just written
        for row, command in rows:
            argv, env, cwd = command()
            self.runner.run(argv, env, cwd, label="warmup-" + row)
        for rep in range(self.args.runs):
            log("noop: run %d of %d" % (rep + 1, self.args.runs))
            for row, command in self.rotated(rows, rep):
                if ("noop", row) not in self.failed:
                    self.measure("noop", row, command(), "noop-" + row)

    def scenario_graph(self, tools):
        if not any(t.key == "migrate" for t in tools):
            return
        sizes = [max(10, self.args.graph // 10), self.args.graph]
        projects = {}
        for n in sizes:
            scripts = []
            for rid, parents, depends, labels, kind in graph_revisions(n):
                table = "g_" + rid
                scripts.append((rid + "_" + kind + ".sql", migrate_script(
                    rid, parents, kind + " " + rid, [] if kind == "merge" else ["CREATE TABLE %s (id INT)" % table],
                    [] if kind == "merge" else ["DROP TABLE %s" % table], depends, labels)))
            projects[n] = migrate_project(self.work / "projects" / "graph" / str(n), scripts)
        commands = [("history", ["history"]), ("heads", ["heads"]), ("upgrade heads --sql", ["upgrade", "heads", "--sql"])]
        env = {"DATABASE_URL": ""}
        rows = [(name, n, [self.args.migrate, *argv]) for n in sizes for name, argv in commands]
        for rep in range(self.args.runs):
            log("graph: run %d of %d" % (rep + 1, self.args.runs))
            for name, n, argv in self.rotated(rows, rep):
                row = "%s %d" % (name, n)
                if ("graph", row) not in self.failed:
                    self.measure("graph", row, (argv, env, projects[n]), "graph-" + row)

    # ----- the report

    def median(self, scenario, row):
        s = self.samples.get((scenario, row))
        return statistics.median(x.seconds for x in s) if s else None

    def cpu(self, scenario, row):
        """Median user + system time: what a run costs when the other cores are busy."""
        s = self.samples.get((scenario, row))
        return statistics.median(x.cpu_seconds for x in s) if s else None

    def peak_mb(self, scenario, row):
        s = self.samples.get((scenario, row))
        return max(x.max_rss_kb for x in s) / 1024 if s else None

    def cell(self, scenario, row, key=None):
        """Median or the reason there is none."""
        m = self.median(scenario, row)
        if m is not None:
            return "%.3f" % m if m < 10 else "%.2f" % m
        return self.missing(scenario, row, key)

    def missing(self, scenario, row, key=None):
        if key and key in self.unavailable:
            return "not available: " + md(self.unavailable[key])
        for k in ((scenario, row), ("apply", key), ("noop-setup", key)):
            if k in self.failed:
                return "failed: " + md(self.failed[k])
        return "not measured"

    def spread(self, scenario, row):
        s = self.samples.get((scenario, row))
        if not s:
            return "-"
        xs = [x.seconds for x in s]
        return "%.3f-%.3f" % (min(xs), max(xs))

    def machine(self):
        cpu = "?"
        try:
            for line in Path("/proc/cpuinfo").read_text().splitlines():
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        except OSError:
            pass
        mem = "?"
        try:
            kb = int(Path("/proc/meminfo").read_text().split()[1])
            mem = "%.0f GB" % (kb / 1024 / 1024)
        except (OSError, ValueError, IndexError):
            pass
        java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
        try:
            pg = self.server.query("SHOW server_version")
            settings = self.server.query("SELECT string_agg(name || '=' || setting, ', ' ORDER BY name) FROM pg_settings "
                                         "WHERE name IN ('fsync', 'synchronous_commit', 'shared_buffers')")
        except RuntimeError:
            pg, settings = "?", ""
        return {"cpu": cpu, "cores": os.cpu_count(), "memory": mem, "os": platform.system() + " " + platform.release(),
                "java": java[0] if java else "?", "postgresql": pg + (" (" + settings + ")" if settings else "")}

    def report(self, started, load_before):
        a = self.args
        m = self.machine()
        load_after = os.getloadavg()
        label = {t.key: t.label for t in self.all_tools}
        peers = [k for k in ("alembic", "flyway-lib", "flyway-cli") if k in a.peers]
        out = []
        w = out.append
        w("# migrate benchmark")
        w("")
        w("`bench/run.sh%s`, %s: median of %d run%s per cell (min-max beside it), tools interleaved within each run."
          % ("".join(" " + x for x in shown_args(sys.argv[1:])), time.strftime("%Y-%m-%d %H:%M", time.localtime(started)),
             a.runs, "" if a.runs == 1 else "s"))
        w("Machine: %s, %s cores, %s RAM, %s; %s; PostgreSQL %s. Load average %.1f at the start, %.1f at the end."
          % (m["cpu"], m["cores"], m["memory"], m["os"], m["java"], m["postgresql"], load_before[0], load_after[0]))
        w("")
        floor = self.median("apply", "psql")
        if "apply" in a.scenarios:
            w("## apply: %s revisions from an empty database" % format(a.revisions, ","))
            w("")
            w("| tool | median (s) | min-max (s) | × psql floor | ms per revision above the floor |")
            w("|---|---:|---:|---:|---:|")
            for key in ["psql", "migrate"] + peers:
                m_ = self.median("apply", key)
                if m_ is None:
                    w("| %s | %s | - | - | - |" % (label.get(key, key), self.cell("apply", key, key)))
                    continue
                ratio = "%.2f" % (m_ / floor) if floor else "-"
                per = "%.1f" % ((m_ - floor) * 1000 / a.revisions) if floor and key != "psql" else "-"
                w("| %s | %s | %s | %s | %s |" % (label.get(key, key), self.cell("apply", key), self.spread("apply", key), ratio, per))
            w("")
        jdbc = self.median("noop", "jdbc")
        psql_c = self.median("noop", "psql -c")
        if "noop" in a.scenarios:
            w("## no-op: an up-to-date database with %s revisions, whole process" % format(a.revisions, ","))
            w("")
            w("| command | median (s) | min-max (s) | × minimal JDBC | × psql -c | CPU (s) | peak RSS (MB) |")
            w("|---|---:|---:|---:|---:|---:|---:|")
            rows = [("psql -c", "psql -c 'SELECT version_num ...' (floor)", "psql"),
                    ("jdbc", "minimal JDBC program (JVM floor)", "jdbc")]
            names = {"migrate": ("current", "upgrade head"), "alembic": ("current", "upgrade head"),
                     "flyway-lib": ("info", "migrate"), "flyway-cli": ("info", "migrate")}
            for key in ["migrate"] + peers:
                c, u = names[key]
                rows.append((key + " current", "%s: %s" % (label.get(key, key), c), key))
                rows.append((key + " upgrade", "%s: %s" % (label.get(key, key), u), key))
            for row, text, key in rows:
                m_ = self.median("noop", row)
                if m_ is None:
                    w("| %s | %s | - | - | - | - | - |" % (text, self.cell("noop", row, key)))
                    continue
                w("| %s | %s | %s | %s | %s | %.2f | %.0f |" % (text, self.cell("noop", row), self.spread("noop", row),
                                                               "%.2f" % (m_ / jdbc) if jdbc else "-",
                                                               "%.1f" % (m_ / psql_c) if psql_c else "-",
                                                               self.cpu("noop", row), self.peak_mb("noop", row)))
            w("")
        small, large = max(10, a.graph // 10), a.graph
        if "graph" in a.scenarios:
            w("## graph: %s and %s revisions with branches, merges and dependencies, no database"
              % (format(small, ","), format(large, ",")))
            w("")
            w("| migrate command | %s (s) | %s (s) | ratio | peak RSS at %s (MB) |" % (format(small, ","), format(large, ","), format(large, ",")))
            w("|---|---:|---:|---:|---:|")
            for name in ("history", "heads", "upgrade heads --sql"):
                s_, l_ = self.median("graph", "%s %d" % (name, small)), self.median("graph", "%s %d" % (name, large))
                ratio = "%.1f" % (l_ / s_) if s_ and l_ else "-"
                peak = "%.0f" % self.peak_mb("graph", "%s %d" % (name, large)) if l_ else "-"
                w("| %s | %s | %s | %s | %s |" % (name, self.cell("graph", "%s %d" % (name, small), "migrate"),
                                                   self.cell("graph", "%s %d" % (name, large), "migrate"), ratio, peak))
            w("")
        w("## targets")
        w("")
        w("| target | measured | met |")
        w("|---|---|---|")
        for text, value, ok in self.targets(peers, small, large):
            w("| %s | %s | %s |" % (text, value, "-" if ok is None else ("yes" if ok else "**no**")))
        w("")
        w("Peers: Alembic runs with `transaction_per_migration=True` (one transaction per revision, like the others). "
          "Flyway is fetched from Maven Central; its command line is assembled with only its PostgreSQL module. "
          "The minimal JDBC program runs on `java` with default flags.")
        return "\n".join(out) + "\n"

    def targets(self, peers, small, large):
        a = self.args
        t = []
        floor, mig = self.median("apply", "psql"), self.median("apply", "migrate")
        if "apply" in a.scenarios:
            t.append(("apply ≤ 1.15 × psql floor", "%.2f ×" % (mig / floor) if floor and mig else "-",
                      mig / floor <= 1.15 if floor and mig else None))
            others = [(k, self.median("apply", k)) for k in peers if self.median("apply", k)]
            if others:
                best = min(others, key=lambda kv: kv[1])
                t.append(("apply faster than every peer", "migrate %.2f s, fastest peer %.2f s (%s)" % (mig or 0, best[1], best[0]),
                          bool(mig) and mig < best[1]))
        if "noop" in a.scenarios:
            jdbc = self.median("noop", "jdbc")
            for row, name in (("migrate current", "current"), ("migrate upgrade", "upgrade head")):
                m_ = self.median("noop", row)
                t.append(("no-op %s ≤ 2 × minimal JDBC" % name, "%.2f ×" % (m_ / jdbc) if m_ and jdbc else "-",
                          m_ / jdbc <= 2 if m_ and jdbc else None))
            for row, name in (("current", "current"), ("upgrade", "upgrade head")):
                m_ = self.median("noop", "migrate " + row)
                others = [(k, self.median("noop", k + " " + row)) for k in peers if self.median("noop", k + " " + row)]
                if others and m_:
                    best = min(others, key=lambda kv: kv[1])
                    t.append(("no-op %s faster than every peer" % name, "migrate %.2f s, fastest peer %.2f s (%s)"
                              % (m_, best[1], best[0]), m_ < best[1]))
        if "graph" in a.scenarios:
            for name in ("history", "heads", "upgrade heads --sql"):
                s_, l_ = self.median("graph", "%s %d" % (name, small)), self.median("graph", "%s %d" % (name, large))
                t.append(("graph %s: %s costs ≤ 12 × %s" % (name, format(large, ","), format(small, ",")),
                          "%.1f ×" % (l_ / s_) if s_ and l_ else "-", l_ / s_ <= 12 if s_ and l_ else None))
            peaks = [self.peak_mb("graph", "%s %d" % (n, large)) for n in ("history", "heads", "upgrade heads --sql")]
            peaks = [p for p in peaks if p]
            t.append(("graph peak memory < 256 MB", "%.0f MB" % max(peaks) if peaks else "-", max(peaks) < 256 if peaks else None))
        return t

    def raw(self):
        return {"options": {k: str(v) for k, v in vars(self.args).items() if k != "url"},
                "machine": self.machine(),
                "unavailable": self.unavailable,
                "failed": {"%s / %s" % k: v for k, v in self.failed.items()},
                "samples": [{"scenario": s, "row": r, "seconds": [x.seconds for x in xs],
                             "cpu_seconds": [x.cpu_seconds for x in xs],
                             "max_rss_kb": [x.max_rss_kb for x in xs]} for (s, r), xs in self.samples.items()]}

    def main(self):
        started, load_before = time.time(), os.getloadavg()
        self.build()
        self.helpers()
        tools = self.tools()
        try:
            for s in self.args.scenarios:
                getattr(self, "scenario_" + s)(tools)
        finally:
            if not self.args.keep_databases:
                self.server.drop_all()
        text = self.report(started, load_before)
        self.args.out.parent.mkdir(parents=True, exist_ok=True)
        self.args.out.write_text(text)
        self.args.out.with_suffix(".json").write_text(json.dumps(self.raw(), indent=1) + "\n")
        sys.stdout.write(text)
        log("results: %s (raw samples: %s)" % (self.args.out, self.args.out.with_suffix(".json")))


def shown_args(args):
    """The command line without the server URL, which may hold a password."""
    out, skip = [], False
    for x in args:
        if skip:
            skip = False
        elif x == "--url":
            skip = True
        elif not x.startswith("--url="):
            out.append(x)
    return out


def md(text):
    """Text that stays inside one markdown table cell."""
    return " ".join(str(text).replace("|", "\\|").split())


if __name__ == "__main__":
    Harness(parse_args(sys.argv[1:])).main()
