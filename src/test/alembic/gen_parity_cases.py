#!/usr/bin/python3
"""Record what REAL Alembic does for upgrade / downgrade / stamp, as a fixture.

What it does
------------
For a set of revision graphs (hand-written ones plus seeded random DAGs) this
script asks Alembic itself to plan and apply ``upgrade``, ``downgrade`` and
``stamp`` for many (starting version-table state x target) combinations and
writes every outcome to ``src/test/resources/alembic-parity/cases.json``.
The Java test suite replays the same commands against the Java port of the
revision graph and compares.

Nothing is re-implemented here; only the database is faked:

* Revisions are real ``alembic.script.Script`` objects (built from a fake
  module object instead of a file), loaded through a real
  ``alembic.script.revision.RevisionMap`` in exactly the order listed in the
  fixture's ``revisions`` array (Alembic's behaviour depends on that order:
  ambiguity messages list candidates in map order and the topological sort
  breaks ties by it).
* Planning uses the real ``ScriptDirectory._upgrade_revs`` /
  ``_downgrade_revs`` / ``_stamp_revs`` (a ``ScriptDirectory`` subclass whose
  only change is that its revision map comes from memory), so errors arrive
  wrapped exactly as the ``alembic`` command sees them (mostly
  ``CommandError``).
* Steps are applied by the real ``MigrationContext.run_migrations`` (called on
  a stand-in context object) and therefore by the real ``HeadMaintainer``.
  Only SQL execution is faked: ``impl._exec`` compiles the SQLAlchemy
  INSERT/DELETE/UPDATE Alembic builds, applies it to an in-memory list of
  ``version_num`` rows (with the primary key Alembic gives that table) and
  returns the real row count, which Alembic checks.
* The commands are driven the way ``alembic.command.upgrade/downgrade/stamp``
  drive them: ``fn(rev, context)`` receives the current rows as a tuple (in
  the order they are listed in the case's ``heads``; we list them sorted,
  and for ``downgrade -1`` from several heads also in reverse, as a table
  whose rows are not in sorted order gives them) and returns the plan; for stamp the targets go through
  ``util.to_tuple``; with ``purge`` the table is emptied and Alembic starts
  from ``()``.  ``--sql`` mode and ``a:b`` ranges are not covered.

Fixture format (see src/test/alembic/README.md)::

    {"alembic_version", "generator", "seed",
     "graphs": [{"name", "revisions": [{"id","down","depends_on","labels",
                                         "message"}],
                 "cases": [{"op","heads","target","purge","result"}]}]}

``result`` is ``{"steps": [{"kind","revision","from","to","ops"}],
"heads_after": [...]}`` or ``{"error": <exception class>, "message":
str(exc)}`` (errors from planning and from applying steps alike).

Determinism
-----------
Random graphs, state samples and target samples come from
``random.Random(SEED)``.  Alembic itself iterates Python sets of strings in
two places that show up in the output: (1) when a merge revision is upgraded
(or downgraded) while other, unrelated heads are present,
``RevisionStep.merge_branch_idents`` / ``_unmerge_to_revisions`` go through
a ``set`` to pick which parent row is UPDATEd and which are DELETEd
(INSERTed); (2) ``_normalized_resolved_dependencies`` is ``tuple(set(...))``,
so for a revision with two or more dependencies the order of its
``from``/``to`` list varies.  Both depend on the interpreter's string-hash
seed, so the script re-executes itself with ``PYTHONHASHSEED=0`` to make the
fixture reproducible.  ``--hash-variance N`` reruns everything under hash
seeds 1..N and lists the cases whose recorded result differs (checked with
seeds 1..7: only ``ops`` and the order inside ``from``/``to`` differ, never
the step sequence, heads_after or errors).

How to re-run
-------------
From the repository root (needs Alembic 1.8.1 on the system Python; takes
about a minute)::

    /usr/bin/python3 src/test/alembic/gen_parity_cases.py          # rewrite fixture
    /usr/bin/python3 src/test/alembic/gen_parity_cases.py --check  # compare only
    /usr/bin/python3 src/test/alembic/gen_parity_cases.py --stats --hash-variance 6

Options: ``-o PATH`` (``-`` for stdout), ``--check``, ``--stats`` (outcome
summary on stderr), ``--hash-variance N`` (analysis only), ``--annotate -o
PATH`` (writes a NON-schema variant with a per-case ``cause``, the
RevisionError chained under a CommandError, and with ``--hash-variance N``
a ``hash_order_dependent`` flag; never use it for the fixture).
"""

import argparse
import collections
import contextlib
import json
import os
import random
import re
import sys
import types
import warnings

FIXED_HASH_SEED = "0"


def _reexec_with_hash_seed():
    """Re-run this script under a fixed PYTHONHASHSEED (see module doc)."""
    want = FIXED_HASH_SEED
    argv = sys.argv[1:]
    if "--python-hash-seed" in argv:
        want = argv[argv.index("--python-hash-seed") + 1]
    if os.environ.get("PYTHONHASHSEED") != want:
        env = dict(os.environ, PYTHONHASHSEED=want)
        os.execve(sys.executable, [sys.executable] + sys.argv, env)


if __name__ == "__main__":
    _reexec_with_hash_seed()

import alembic  # noqa: E402
from alembic import util as alembic_util  # noqa: E402
from alembic.runtime.migration import MigrationContext  # noqa: E402
from alembic.script import Script, ScriptDirectory  # noqa: E402
from alembic.script.revision import RevisionMap  # noqa: E402
from alembic.runtime.migration import RevisionStep, StampStep  # noqa: E402
from sqlalchemy import Column, MetaData, PrimaryKeyConstraint, String, Table  # noqa: E402

SEED = 1234
GENERATOR = "src/test/alembic/gen_parity_cases.py"
REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
DEFAULT_OUTPUT = os.path.join(REPO_ROOT, "src", "test", "resources", "alembic-parity", "cases.json")

MAX_STATES = 12          # sampled reachable states per graph
MAX_DISCOVERED = 80      # cap for the state search per graph
MAX_SAME_ERROR = 3       # states kept when all states give the same error
RANDOM_TARGETS_PER_STATE = 12
RANDOM_STAMPS_PER_STATE = 4
UNKNOWN_IDS = ["zz", "0000ffff"]


# ---------------------------------------------------------------------------
# Graph model
# ---------------------------------------------------------------------------

class Graph:
    def __init__(self, name, revisions):
        # revisions: list of dicts id/down/depends_on/labels/message, in the
        # order they are handed to RevisionMap.
        self.name = name
        self.revisions = revisions
        self.ids = [r["id"] for r in revisions]
        self.labels = [lab for r in revisions for lab in r["labels"]]

    def to_json(self):
        return [
            {
                "id": r["id"],
                "down": list(r["down"]),
                "depends_on": list(r["depends_on"]),
                "labels": list(r["labels"]),
                "message": r["message"],
            }
            for r in self.revisions
        ]


def rev(id_, down=(), depends_on=(), labels=(), message=None):
    if isinstance(down, str):
        down = (down,)
    if isinstance(depends_on, str):
        depends_on = (depends_on,)
    if isinstance(labels, str):
        labels = (labels,)
    return {
        "id": id_,
        "down": list(down),
        "depends_on": list(depends_on),
        "labels": list(labels),
        "message": message or ("rev " + id_),
    }


def _noop(**kw):
    return None


def make_scripts(graph):
    """Real alembic Script objects, built from in-memory 'modules'."""
    scripts = []
    for r in graph.revisions:
        mod = types.ModuleType("rev_" + r["id"])
        mod.__doc__ = r["message"]
        mod.revision = r["id"]
        down = tuple(r["down"])
        mod.down_revision = None if not down else (down[0] if len(down) == 1 else down)
        deps = tuple(r["depends_on"])
        mod.depends_on = None if not deps else (deps[0] if len(deps) == 1 else deps)
        labels = tuple(r["labels"])
        mod.branch_labels = None if not labels else labels
        mod.upgrade = _noop
        mod.downgrade = _noop
        scripts.append(Script(mod, r["id"], "<memory>/%s.py" % r["id"]))
    return scripts


class InMemoryScriptDirectory(ScriptDirectory):
    """ScriptDirectory whose revision map is loaded from memory, not files.

    Everything else (_upgrade_revs, _downgrade_revs, _stamp_revs,
    get_revisions, iterate_revisions, _catch_revision_errors) is inherited.
    """

    def __init__(self, scripts):  # noqa: D401 - deliberately no super().__init__
        self.dir = "<memory>"
        self.revision_map = RevisionMap(lambda: list(scripts))


# ---------------------------------------------------------------------------
# Fake database: only SQL execution is faked
# ---------------------------------------------------------------------------

class FakeIntegrityError(Exception):
    """Raised if Alembic ever violated the version table's primary key."""


_INSERT = re.compile(r"^INSERT INTO alembic_version \(version_num\) VALUES \('([^']*)'\)$")
_DELETE = re.compile(r"^DELETE FROM alembic_version WHERE alembic_version\.version_num = '([^']*)'$")
_UPDATE = re.compile(
    r"^UPDATE alembic_version SET version_num='([^']*)' "
    r"WHERE alembic_version\.version_num = '([^']*)'$"
)


class _Result:
    def __init__(self, rowcount):
        self.rowcount = rowcount


class FakeImpl:
    """Stands in for DefaultImpl: executes version-table SQL on a list."""

    transactional_ddl = True

    def __init__(self, ctx):
        self.ctx = ctx

    def start_migrations(self):
        pass

    def _exec(self, construct, *args, **kw):
        sql = str(construct.compile(compile_kwargs={"literal_binds": True}))
        rows = self.ctx.rows
        m = _INSERT.match(sql)
        if m:
            v = m.group(1)
            if v in rows:
                raise FakeIntegrityError("duplicate key %r" % v)
            rows.append(v)
            self.ctx.recorder.op(["insert", v])
            return _Result(1)
        m = _DELETE.match(sql)
        if m:
            v = m.group(1)
            n = rows.count(v)
            rows[:] = [r for r in rows if r != v]
            self.ctx.recorder.op(["delete", v])
            return _Result(n)
        m = _UPDATE.match(sql)
        if m:
            to_, from_ = m.group(1), m.group(2)
            n = rows.count(from_)
            if n and to_ in rows and to_ != from_:
                raise FakeIntegrityError("duplicate key %r" % to_)
            rows[:] = [to_ if r == from_ else r for r in rows]
            self.ctx.recorder.op(["update", from_, to_])
            return _Result(n)
        raise AssertionError("generator: unexpected SQL from Alembic: %s" % sql)


class FakeDialect:
    supports_sane_rowcount = True


class FakeMigrationContext:
    """Just enough of MigrationContext for MigrationContext.run_migrations and
    HeadMaintainer (online mode, version table 'alembic_version')."""

    def __init__(self, rows, migrations_fn, purge, recorder):
        self.rows = list(rows)
        self._migrations_fn = migrations_fn
        self.purge = purge
        self.recorder = recorder
        self.as_sql = False
        self.opts = {}
        self.connection = None
        self.dialect = FakeDialect()
        self.impl = FakeImpl(self)
        self.version_table = "alembic_version"
        self.on_version_apply_callbacks = ()
        # same table definition as MigrationContext.__init__
        self._version = Table(
            "alembic_version",
            MetaData(),
            Column("version_num", String(32), nullable=False),
        )
        self._version.append_constraint(
            PrimaryKeyConstraint("version_num", name="alembic_version_pkc")
        )

    def get_current_heads(self):
        return tuple(self.rows)

    def _ensure_version_table(self, purge=False):
        if purge:
            self.rows[:] = []

    def begin_transaction(self, _per_migration=False):
        return contextlib.nullcontext()


class Recorder:
    def __init__(self):
        self.steps = []
        self.phase = "plan"

    def step(self, step):
        if isinstance(step, RevisionStep):
            rec = {
                "kind": "upgrade" if step.is_upgrade else "downgrade",
                "revision": step.revision.revision,
                "from": list(step.from_revisions),
                "to": list(step.to_revisions),
                "ops": [],
            }
        elif isinstance(step, StampStep):
            rec = {
                "kind": "stamp",
                "revision": None,
                "from": list(step.from_),
                "to": list(step.to_),
                "ops": [],
            }
        else:  # pragma: no cover
            raise AssertionError("generator: unknown step type %r" % (step,))
        self.steps.append(rec)

    def op(self, op):
        if not self.steps:
            raise AssertionError("generator: version table changed outside a step")
        self.steps[-1]["ops"].append(op)


# ---------------------------------------------------------------------------
# Running one command
# ---------------------------------------------------------------------------

STATS = collections.Counter()
CAUSE_KEY = "__cause"
ANNOTATE = False  # --annotate: extra, non-schema fields (see main())


def run_command(graph, op, heads, target, purge=False):
    """Run upgrade/downgrade/stamp through Alembic; return the result dict."""
    result = run_command_ex(graph, op, heads, target, purge)[0]
    result.pop(CAUSE_KEY, None)
    return result


def run_command_ex(graph, op, heads, target, purge=False):
    """(result, phase the command ended in: plan|apply, number of warnings).

    An error result carries the chained exception (e.g. the ResolutionError
    behind a CommandError) under CAUSE_KEY; build_graph_cases moves it out
    of the result (and drops it unless --annotate)."""
    script = InMemoryScriptDirectory(make_scripts(graph))
    recorder = Recorder()

    if op == "upgrade":
        def plan(rev):
            return script._upgrade_revs(target, rev)
    elif op == "downgrade":
        def plan(rev):
            return script._downgrade_revs(target, rev)
    elif op == "stamp":
        # alembic.command.stamp: destination_revs = util.to_list(revision)
        destination_revs = alembic_util.to_list(list(target))

        def plan(rev):
            return script._stamp_revs(alembic_util.to_tuple(destination_revs), rev)
    else:
        raise ValueError(op)

    def migrations_fn(rev, context):
        steps = plan(rev)
        recorder.phase = "apply"
        for step in steps:
            recorder.step(step)
            yield step

    ctx = FakeMigrationContext(heads, migrations_fn, purge, recorder)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            MigrationContext.run_migrations(ctx)
        except Exception as exc:  # noqa: BLE001 - we record whatever Alembic raises
            result = {"error": type(exc).__name__, "message": str(exc)}
            cause = exc.__cause__
            if cause is not None:
                result[CAUSE_KEY] = {"error": type(cause).__name__, "message": str(cause)}
            return result, recorder.phase, len(caught)
    return ({"steps": recorder.steps, "heads_after": sorted(ctx.rows)},
            recorder.phase, len(caught))


# ---------------------------------------------------------------------------
# Hand-written graphs
# ---------------------------------------------------------------------------

def handwritten_graphs():
    g = []
    g.append(Graph("linear", [
        rev("1a2b"),
        rev("1a3c", "1a2b"),
        rev("2b4d", "1a3c"),
        rev("2b4e5", "2b4d"),
        rev("3c6f", "2b4e5"),
    ]))
    g.append(Graph("diamond", [
        rev("d0a1"),
        rev("d1b2", "d0a1"),
        rev("d1c3", "d0a1"),
        rev("d2e4", ("d1b2", "d1c3"), message="merge"),
        rev("d3f5", "d2e4"),
    ]))
    g.append(Graph("two_bases", [
        rev("e1a0"),
        rev("e1a1", "e1a0"),
        rev("e1a2", "e1a1"),
        rev("f2b0"),
        rev("f2b1", "f2b0"),
    ]))
    g.append(Graph("three_way_merge", [
        rev("c000"),
        rev("c1a1", "c000"),
        rev("c1b2", "c000"),
        rev("c1c3", "c000"),
        rev("c1c4", "c1c3"),
        rev("c2d4", ("c1a1", "c1b2", "c1c4"), message="merge three"),
        rev("c3e5", "c2d4"),
    ]))
    g.append(Graph("branch_labels", [
        rev("0b00"),
        rev("0b01", "0b00"),
        rev("ac01", "0b01", labels="accounts"),
        rev("ac02", "ac01"),
        rev("ac03", "ac02"),
        rev("b111", "0b01", labels="billing"),
        rev("b112", "b111"),
    ]))
    g.append(Graph("depends_on_across_branches", [
        rev("aa01", labels="accounts"),
        rev("aa02", "aa01"),
        rev("aa03", "aa02"),
        rev("5501", labels="shipping"),
        rev("5502", "5501", depends_on="aa02"),
        rev("5503", "5502"),
        rev("5504", "5503", depends_on="accounts"),  # dependency given as a label
        rev("7701", depends_on="5502", labels="reports"),  # base that depends on another branch
        rev("7702", "7701"),
    ]))
    g.append(Graph("dependency_on_merge", [
        rev("m000"),
        rev("m0a1", "m000"),
        rev("m0b2", "m000"),
        rev("m1c3", ("m0a1", "m0b2"), message="merge"),
        rev("m2d4", "m1c3"),
        rev("n000", labels="other"),
        rev("n001", "n000", depends_on="m1c3"),
        rev("n002", "n001"),
    ]))
    g.append(Graph("nested_branches_merges", [
        rev("9000"),
        rev("9001", "9000"),
        rev("9a10", "9001", labels="left"),
        rev("9a21", "9a10"),
        rev("9a22", "9a10"),
        rev("9a30", ("9a21", "9a22"), message="inner merge"),
        rev("9b10", "9001", labels="right"),
        rev("9b20", "9b10"),
        rev("9c00", ("9a30", "9b20"), message="outer merge"),
        rev("9c01", "9c00"),
    ]))
    g.append(Graph("branchpoint_is_mergepoint", [
        rev("f000"),
        rev("f0a1", "f000"),
        rev("f0b1", "f000"),
        rev("f1m0", ("f0a1", "f0b1"), message="merge and branch point"),
        rev("f2a0", "f1m0", labels="alpha"),
        rev("f2b0", "f1m0", labels="beta"),
        rev("f2b1", "f2b0"),
    ]))
    g.append(Graph("redundant_and_label_deps", [
        rev("ab00", labels="core"),
        rev("ab01", "ab00"),
        rev("ab02", "ab01", depends_on="ab00"),  # already an ancestor
        rev("cd00", depends_on=("ab01", "core")),
        rev("cd01", "cd00", labels="extra"),
        rev("cd02", "cd01", depends_on=("ab02", "ab01")),
    ]))
    g.append(Graph("reversed_input_order", list(reversed([
        rev("aaa1"),
        rev("aaa2", "aaa1"),
        rev("aab3", "aaa2"),
        rev("aab4", "aaa2"),
        rev("abc5", ("aab3", "aab4")),
    ]))))
    return g


# ---------------------------------------------------------------------------
# Random graphs
# ---------------------------------------------------------------------------

LABEL_POOL = ["acct", "bill", "core", "data", "feat", "ab1x"]
HEX = "0123456789abcdef"


def random_ids(rng, n):
    """Short hex ids with deliberately shared prefixes (and the odd id that
    is itself a prefix of another id)."""
    stems = ["".join(rng.choice(HEX) for _ in range(2)) for _ in range(max(2, n // 4))]
    ids = []
    while len(ids) < n:
        r = rng.random()
        if ids and r < 0.12:
            cand = rng.choice(ids) + rng.choice(HEX)  # longer id extending another
        elif ids and r < 0.35:
            base = rng.choice(ids)
            cand = base[:3] + rng.choice(HEX)  # shares a 3-char prefix
        else:
            cand = rng.choice(stems) + "".join(rng.choice(HEX) for _ in range(2))
        if cand not in ids:
            ids.append(cand)
    return ids


def _ancestors(downs, i):
    seen, todo = set(), list(downs[i])
    while todo:
        x = todo.pop()
        if x not in seen:
            seen.add(x)
            todo.extend(downs[x])
    return seen


def random_graph(rng, index):
    n = rng.randint(5, 15)
    nbases = rng.choice([1, 1, 2, 2, 3])
    ids = random_ids(rng, n)
    downs = {}   # index -> list of indexes (versioned down revisions)
    deps = {}    # index -> list of indexes (depends_on)
    full_anc = {}  # index -> set of indexes, ancestors incl. dependencies
    for i in range(n):
        if i < nbases:
            downs[i] = []
        else:
            children = collections.Counter(x for k in downs for x in downs[k])
            tips = [k for k in range(i) if not children[k]]
            r = rng.random()
            if r < 0.22 and len(tips) >= 2:
                k = 3 if (len(tips) >= 3 and rng.random() < 0.25) else 2
                downs[i] = sorted(rng.sample(tips, k))
            elif r < 0.6 and tips:
                downs[i] = [rng.choice(tips)]
            else:
                downs[i] = [rng.randrange(i)]
        deps[i] = []
        if i >= 1 and rng.random() < 0.18:
            anc = set()
            for d in downs[i]:
                anc |= {d} | full_anc[d]
            others = [k for k in range(i) if k not in anc]
            if others and rng.random() < 0.85:
                deps[i] = [rng.choice(others)]
            elif anc:
                deps[i] = [rng.choice(sorted(anc))]  # redundant dependency
        full_anc[i] = set()
        for d in downs[i] + deps[i]:
            full_anc[i] |= {d} | full_anc[d]

    labels = {i: [] for i in range(n)}
    nlabels = rng.choice([0, 1, 1, 2, 2, 3])
    label_names = rng.sample(LABEL_POOL, nlabels)
    children = collections.Counter(x for k in downs for x in downs[k])
    # natural places for a label: bases and first revisions after a branch point
    natural = [i for i in range(n) if not downs[i] or (len(downs[i]) == 1 and children[downs[i][0]] > 1)]
    for name in label_names:
        pool = natural if (natural and rng.random() < 0.75) else list(range(n))
        labels[rng.choice(pool)].append(name)

    label_deps = 0
    revisions = []
    for i in range(n):
        dep_ids = [ids[d] for d in deps[i]]
        # occasionally refer to a dependency through its branch label
        if deps[i] and labels[deps[i][0]] and rng.random() < 0.5:
            dep_ids = [labels[deps[i][0]][0]]
            label_deps += 1
        revisions.append(rev(ids[i], [ids[d] for d in downs[i]], dep_ids, labels[i]))
    order = list(range(n))
    if rng.random() < 0.6:
        rng.shuffle(order)  # Alembic loads files in os.listdir order
    return Graph("random_%02d" % index, [revisions[i] for i in order])


# ---------------------------------------------------------------------------
# Targets and states
# ---------------------------------------------------------------------------

def prefix_targets(graph):
    """Unique and ambiguous prefixes of ids (and of labels, which are keys of
    Alembic's revision map as well)."""
    keys = graph.ids + graph.labels
    out = []
    for k in graph.ids:
        for ln in range(1, len(k)):
            p = k[:ln]
            matches = [x for x in keys if len(x) > 3 and x.startswith(p)]
            if p in keys:
                continue
            if len(matches) == 1:
                out.append(p)  # shortest unique prefix
                break
    amb = set()
    for a in keys:
        for b in keys:
            if a < b:
                ln = 0
                while ln < min(len(a), len(b)) and a[ln] == b[ln]:
                    ln += 1
                if ln >= 1 and a[:ln] not in keys:
                    amb.add(a[:ln])
    out.extend(sorted(amb))
    return list(dict.fromkeys(out))


def targets_for(graph, rng, sample_ids):
    t = ["head", "heads", "base"]
    t += graph.ids
    t += prefix_targets(graph)
    t += ["+1", "+2", "-1", "-2"]
    ids = graph.ids if sample_ids is None else sorted(rng.sample(graph.ids, min(sample_ids, len(graph.ids))))
    for i in ids:
        t += [i + "+1", i + "-1"]
    for lab in graph.labels:
        t += [lab + "@head", lab + "@heads", lab + "@base", lab + "@+1", lab + "@-1"]
    if graph.labels:
        lab = graph.labels[0]
        t += ["%s@%s" % (lab, graph.ids[0]), "%s@%s" % (lab, graph.ids[-1]), "%s@%s+1" % (lab, graph.ids[0])]
        t += ["nolabel@head"]
    # a revision id used as a branch name
    t += ["%s@head" % graph.ids[0]]
    t += UNKNOWN_IDS
    return list(dict.fromkeys(t))


def discover_states(graph):
    """States Alembic itself reaches: BFS from the empty table, moving with
    upgrade/downgrade to every revision id, heads and base."""
    moves = [("upgrade", t) for t in ["heads"] + graph.ids] + \
            [("downgrade", t) for t in ["base"] + graph.ids]
    start = ()
    seen = {start}
    order = [start]
    frontier = [start]
    while frontier and len(seen) < MAX_DISCOVERED:
        nxt = []
        for state in frontier:
            for op, t in moves:
                res = run_command(graph, op, list(state), t)
                if "error" in res:
                    continue
                s = tuple(res["heads_after"])
                if s not in seen:
                    seen.add(s)
                    order.append(s)
                    nxt.append(s)
                    if len(seen) >= MAX_DISCOVERED:
                        break
            if len(seen) >= MAX_DISCOVERED:
                break
        frontier = nxt
    return order


def sample_states(graph, rng):
    states = discover_states(graph)
    if len(states) <= MAX_STATES:
        return [list(s) for s in states]
    first = [()]
    all_heads = run_command(graph, "upgrade", [], "heads")
    if "error" not in all_heads:
        first.append(tuple(all_heads["heads_after"]))
    rest = [s for s in states if s not in first]
    picked = first + rng.sample(rest, MAX_STATES - len(first))
    return [list(s) for s in sorted(picked, key=lambda s: (len(s), s))]


def invalid_states(graph):
    """A few version tables Alembic itself would not produce."""
    out = [["zzzz"]]
    # an ancestor and its descendant both present
    for r in graph.revisions:
        if r["down"]:
            out.append(sorted([r["id"], r["down"][0]]))
            break
    return out


def stamp_targets(graph, rng):
    t = [["heads"], ["head"], ["base"]]
    t += [[i] for i in graph.ids]
    pre = prefix_targets(graph)
    if pre:
        t.append([pre[0]])
    t.append(["zz"])
    # several targets at once
    ids = graph.ids
    pairs = [(a, b) for ai, a in enumerate(ids) for b in ids[ai + 1:]]
    for a, b in rng.sample(pairs, min(4, len(pairs))):
        t.append([a, b])
    t.append(["heads", "base"]) if rng.random() < 0.5 else t.append(["base", ids[0]])
    for lab in graph.labels:
        t += [[lab + "@head"], [lab + "@base"]]
    return t


# ---------------------------------------------------------------------------
# Case generation
# ---------------------------------------------------------------------------

def build_graph_cases(graph, rng, handwritten):
    """All cases of one graph.

    Hand-written graphs: every sampled state x every target.  Random graphs:
    every sampled state x a random sample of the targets.  Stamp: a sample of
    target lists per state, with and without purge (a purged stamp ignores
    the starting state, so purge is tried from a few states only).  Groups
    (op, target, purge) in which every state gives the very same error are
    thinned to MAX_SAME_ERROR states.
    """
    cases = []

    def add(op, heads, target, purge=False):
        result, phase, nwarn = run_command_ex(graph, op, heads, target, purge)
        cause = result.pop(CAUSE_KEY, None)
        case = {
            "op": op,
            "heads": list(heads),
            "target": target if op != "stamp" else list(target),
            "purge": purge,
            "result": result,
        }
        if ANNOTATE and cause:
            case["cause"] = cause
        cases.append((case, phase, nwarn))

    states = sample_states(graph, rng)
    targets = targets_for(graph, rng, None if handwritten else 3)
    for state in states:
        for op in ("upgrade", "downgrade"):
            if handwritten:
                chosen = targets
            else:
                picked = rng.sample(range(len(targets)), min(RANDOM_TARGETS_PER_STATE, len(targets)))
                chosen = [targets[i] for i in sorted(picked)]
            for t in chosen:
                add(op, state, t)

    # The version table's own row order: downgrade -1 from several heads starts from the first row, whatever it is.
    for state in states:
        if len(state) > 1:
            add("downgrade", list(reversed(state)), "-1")

    for state in invalid_states(graph):
        if state in states:
            continue  # Alembic itself reached it (see redundant_and_label_deps)
        for op in ("upgrade", "downgrade"):
            for t in ["heads", "base", "+1", "-1", graph.ids[-1]]:
                add(op, state, t)
        add("stamp", state, ["heads"])
        add("stamp", state, ["heads"], purge=True)

    stargets = stamp_targets(graph, rng)
    nonempty = [s for s in states if s]
    purge_states = nonempty[:1] + nonempty[-1:] if len(nonempty) > 1 else nonempty
    for state in states:
        if handwritten:
            chosen = stargets
        else:
            picked = rng.sample(range(len(stargets)), min(RANDOM_STAMPS_PER_STATE, len(stargets)))
            chosen = [stargets[i] for i in sorted(picked)]
        for t in chosen:
            add("stamp", state, t, purge=False)
            if state in purge_states:
                add("stamp", state, t, purge=True)

    # thin groups where every state produced the identical error
    groups = collections.defaultdict(list)
    for i, (c, _, _) in enumerate(cases):
        groups[(c["op"], json.dumps(c["target"]), c["purge"])].append(i)
    drop = set()
    for idxs in groups.values():
        results = {json.dumps(cases[i][0]["result"], sort_keys=True) for i in idxs}
        if len(results) == 1 and "error" in cases[idxs[0]][0]["result"]:
            drop.update(idxs[MAX_SAME_ERROR:])
    kept = []
    for i, (c, phase, nwarn) in enumerate(cases):
        if i in drop:
            continue
        kept.append(c)
        res = c["result"]
        if "error" in res:
            STATS["%s: %s while %s" % (c["op"], res["error"], "planning" if phase == "plan" else "applying")] += 1
        if nwarn:
            STATS["cases emitting a UserWarning"] += 1
    return kept


def generate():
    rng = random.Random(SEED)
    graphs = [(g, True) for g in handwritten_graphs()]
    for i in range(30):
        graphs.append((random_graph(rng, i), False))
    out_graphs = []
    for g, hand in graphs:
        # validate the graph loads
        InMemoryScriptDirectory(make_scripts(g)).revision_map._revision_map
        out_graphs.append({
            "name": g.name,
            "revisions": g.to_json(),
            "cases": build_graph_cases(g, rng, hand),
        })
    return {
        "alembic_version": alembic.__version__,
        "generator": GENERATOR,
        "seed": SEED,
        "graphs": out_graphs,
    }


def dumps(doc):
    """JSON with one case per line (diff-friendly, compact)."""
    d = lambda x: json.dumps(x, ensure_ascii=False, separators=(",", ":"))  # noqa: E731
    lines = ['{"alembic_version":%s,"generator":%s,"seed":%s,"graphs":[' % (
        d(doc["alembic_version"]), d(doc["generator"]), d(doc["seed"]))]
    for gi, g in enumerate(doc["graphs"]):
        lines.append(' {"name":%s,"revisions":[' % d(g["name"]))
        for ri, r in enumerate(g["revisions"]):
            lines.append("   " + d(r) + ("," if ri < len(g["revisions"]) - 1 else ""))
        lines.append('  ],"cases":[')
        for ci, c in enumerate(g["cases"]):
            lines.append("   " + d(c) + ("," if ci < len(g["cases"]) - 1 else ""))
        lines.append("  ]}" + ("," if gi < len(doc["graphs"]) - 1 else ""))
    lines.append("]}")
    return "\n".join(lines) + "\n"


def print_stats(doc, file=sys.stderr):
    per_op = collections.Counter()
    errors = collections.Counter()
    examples = {}
    ncases = 0
    for g in doc["graphs"]:
        for c in g["cases"]:
            ncases += 1
            res = c["result"]
            kind = "error" if "error" in res else "ok"
            per_op[(c["op"], kind)] += 1
            if kind == "error":
                errors[res["error"]] += 1
                examples.setdefault((res["error"], res["message"]), (g["name"], c))
    print("graphs: %d, cases: %d" % (len(doc["graphs"]), ncases), file=file)
    for op in ("upgrade", "downgrade", "stamp"):
        print("  %-9s ok=%d error=%d" % (op, per_op[(op, "ok")], per_op[(op, "error")]), file=file)
    print("error classes: %s" % dict(errors), file=file)
    print("distinct error messages: %d" % len(examples), file=file)
    for k in sorted(STATS):
        print("  %s: %d" % (k, STATS[k]), file=file)


def case_key(gname, c):
    return (gname, c["op"], tuple(c["heads"]), json.dumps(c["target"]), c["purge"])


def hash_variance(n, doc):
    import subprocess
    base = {case_key(g["name"], c): c["result"] for g in doc["graphs"] for c in g["cases"]}
    differing = collections.OrderedDict()
    for seed in range(1, n + 1):
        out = subprocess.run(
            [sys.executable, os.path.abspath(__file__), "--python-hash-seed", str(seed), "-o", "-"],
            check=True, stdout=subprocess.PIPE,
        ).stdout
        other = json.loads(out)
        for g in other["graphs"]:
            for c in g["cases"]:
                k = case_key(g["name"], c)
                if base.get(k) != c["result"]:
                    differing.setdefault(k, []).append(seed)
    return differing


def main():
    global ANNOTATE
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("-o", "--output", default=None,
                    help="output file ('-' = stdout); default: the committed fixture")
    ap.add_argument("--check", action="store_true",
                    help="regenerate in memory and compare with the fixture; write nothing")
    ap.add_argument("--stats", action="store_true", help="print an outcome summary to stderr")
    ap.add_argument("--hash-variance", type=int, default=0, metavar="N",
                    help="rerun under PYTHONHASHSEED=1..N and list the cases whose result "
                         "differs (Alembic iterates sets of strings); writes nothing "
                         "unless --annotate")
    ap.add_argument("--annotate", action="store_true",
                    help="NOT the fixture schema: add per-case 'cause' (the exception "
                         "chained under a CommandError) and, with --hash-variance N, "
                         "'hash_order_dependent': true. Requires -o.")
    ap.add_argument("--python-hash-seed", default=FIXED_HASH_SEED, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.annotate and (args.output is None or args.check):
        ap.error("--annotate writes a non-fixture file: give -o PATH (and no --check)")
    ANNOTATE = args.annotate
    output = args.output or DEFAULT_OUTPUT

    doc = generate()

    if args.stats:
        print_stats(doc)
    if args.hash_variance:
        diff = hash_variance(args.hash_variance, doc)
        print("cases whose result depends on the string hash seed: %d" % len(diff), file=sys.stderr)
        for k, seeds in diff.items():
            print("  %s %s heads=%s target=%s purge=%s (differs under seeds %s)"
                  % (k[0], k[1], list(k[2]), k[3], k[4], seeds), file=sys.stderr)
        if not args.annotate:
            return 0
        for g in doc["graphs"]:
            for c in g["cases"]:
                if case_key(g["name"], c) in diff:
                    c["hash_order_dependent"] = True

    text = dumps(doc)
    assert json.loads(text) == doc

    if args.check:
        with open(output, encoding="utf-8") as f:
            same = f.read() == text
        print("%s is %s" % (output, "up to date" if same else "OUT OF DATE"), file=sys.stderr)
        return 0 if same else 1
    if output == "-":
        sys.stdout.write(text)
    else:
        os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
        with open(output, "w", encoding="utf-8") as f:
            f.write(text)
        print("wrote %s (%d bytes)" % (output, len(text)), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
