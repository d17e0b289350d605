#!/usr/bin/python3
"""Records what real Alembic 1.8.1 PRINTS for the read-only commands, for the text parity test.

On random revision graphs (several bases, branch labels on any revision, dependencies written as ids or labels,
messages of one or two lines) and database states (no row, one row, two unrelated rows, an unknown revision), it
runs `alembic heads`, `heads --resolve-dependencies`, `branches`, `history` (plain and with every `-r` form),
`history -i`, `show REV`, `show current` and `current` through Alembic's own command functions on a real script
directory and a real SQLite database, and writes src/test/resources/alembic-parity/text.json: per graph the
revisions, per state the rows, and per command what went to standard output or the error Alembic raised.
AlembicTextParityTest replays it against migrate's command line (CI needs no Alembic).

    /usr/bin/python3 src/test/alembic/gen_text_cases.py           # regenerate (a minute)

Deterministic: seed 77, and the script directory is read in sorted file-name order (Alembic reads os.listdir's
order, which depends on the file system; migrate reads sorted names).
"""
import io, json, os, random, shutil, sqlite3, sys, tempfile
from pathlib import Path

if os.environ.get("PYTHONHASHSEED") != "0":   # sets iterate in one order: re-run with a fixed hash seed
    os.execve(sys.executable, [sys.executable] + sys.argv, dict(os.environ, PYTHONHASHSEED="0"))

import alembic.script.base as script_base
from alembic import command
from alembic.config import Config

_listdir = os.listdir
script_base.os.listdir = lambda p: sorted(_listdir(p))   # one order for both tools

OUT = Path(__file__).resolve().parents[1] / "resources" / "alembic-parity" / "text.json"
WORDS = ["add", "users", "orders", "index", "drop", "rename", "column", "table", "fix", "email", "audit", "tags"]
TEMPLATE = '''"""{message}

Revision ID: {id}
Revises: {revises}
Create Date: 2026-12-04 00:00:00.000000

"""
revision = {id!r}
down_revision = {down!r}
branch_labels = {labels!r}
depends_on = {deps!r}


def upgrade():
    pass


def downgrade():
    pass
'''
ENV = '''
from alembic import context
from sqlalchemy import create_engine
config = context.config
engine = create_engine(config.get_main_option("sqlalchemy.url"))
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()
'''


def graph(r, n):
    revs = []
    label_no = 0
    for i in range(n):
        rid = "%04x%04x%04x" % (r.randrange(0x10000), r.randrange(0x10000), i)
        if i == 0 or r.random() < 0.15:
            down = []
        elif i >= 2 and r.random() < 0.2:
            down = sorted(r.sample([x["id"] for x in revs], 2))
        else:
            down = [r.choice(revs)["id"]]
        labels = []
        if r.random() < 0.25:
            label_no += 1
            labels = ["lbl%d" % label_no]
        deps = []
        if i >= 2 and r.random() < 0.2:
            target = r.choice(revs)
            if target["id"] not in down:
                deps = [target["labels"][0] if target["labels"] and r.random() < 0.5 else target["id"]]
        words = " ".join(r.choice(WORDS) for _ in range(r.randint(1, 4)))
        message = words if r.random() < 0.8 else words + "\n" + " ".join(r.choice(WORDS) for _ in range(2))
        revs.append({"id": rid, "down": down, "labels": labels, "deps": deps, "message": message})
    return revs


def write_scripts(d, revs):
    versions = d / "versions"
    versions.mkdir(parents=True)
    (d / "env.py").write_text(ENV)
    for x in revs:
        down = None if not x["down"] else (x["down"][0] if len(x["down"]) == 1 else tuple(x["down"]))
        (versions / (x["id"] + "_rev.py")).write_text(TEMPLATE.format(
            message=x["message"], id=x["id"], revises=", ".join(x["down"]), down=down,
            labels=tuple(x["labels"]) if x["labels"] else None, deps=tuple(x["deps"]) if x["deps"] else None))


def run(cfg, fn, *args, **kw):
    buf = io.StringIO()
    cfg.stdout = buf
    try:
        fn(cfg, *args, **kw)
        return {"ok": True, "out": buf.getvalue()}
    except Exception as e:  # what the alembic command reports after FAILED:
        return {"ok": False, "error": "%s" % (e,), "class": type(e).__name__}


def main():
    r = random.Random(77)
    graphs = []
    work = Path(tempfile.mkdtemp(prefix="alembic-text"))
    try:
        for g in range(40):
            revs = graph(r, r.randint(3, 8))
            d = work / ("g%d" % g)
            write_scripts(d, revs)
            db = d / "state.db"
            cfg = Config()
            cfg.set_main_option("script_location", str(d))
            cfg.set_main_option("sqlalchemy.url", "sqlite:///" + str(db))
            ids = [x["id"] for x in revs]
            states = [[], [r.choice(ids)], sorted(r.sample(ids, 2)), ["ffffffffffff"]]
            r.shuffle(states[2])
            commands = []
            pick = r.choice(ids)
            other = r.choice(ids)
            for args in (["heads"], ["heads", "--resolve-dependencies"], ["branches"], ["history"],
                         ["history", "-r", "base:" + pick], ["history", "-r", pick + ":"], ["history", "-r", ":" + pick],
                         ["history", "-r", other + ":" + pick], ["history", "-r", "base:heads"], ["show", pick], ["show", "heads"],
                         ["history", "-r", "nosuch:"], ["show", "nosuch"]):
                commands.append({"args": args, "state": None})
            for si in range(len(states)):
                for args in (["current"], ["history", "-i"], ["history", "-r", "current:"], ["show", "current"]):
                    commands.append({"args": args, "state": si})
            for c in commands:
                if c["state"] is not None:
                    if db.exists():
                        db.unlink()
                    con = sqlite3.connect(str(db))
                    con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                                "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))")
                    for row in states[c["state"]]:
                        con.execute("INSERT INTO alembic_version VALUES (?)", (row,))
                    con.commit()
                    con.close()
                a = c["args"]
                if a[0] == "heads":
                    res = run(cfg, command.heads, resolve_dependencies="--resolve-dependencies" in a)
                elif a[0] == "branches":
                    res = run(cfg, command.branches)
                elif a[0] == "history":
                    rng = a[a.index("-r") + 1] if "-r" in a else None
                    res = run(cfg, command.history, rev_range=rng, indicate_current="-i" in a)
                elif a[0] == "show":
                    res = run(cfg, command.show, a[1])
                else:
                    res = run(cfg, command.current)
                c.update(res)
            graphs.append({"revisions": revs, "states": states, "commands": commands})
    finally:
        shutil.rmtree(work, ignore_errors=True)
    OUT.write_text(json.dumps({"alembic": "1.8.1", "graphs": graphs}, indent=1, sort_keys=True) + "\n")
    print("%d graphs, %d commands -> %s" % (len(graphs), sum(len(g["commands"]) for g in graphs), OUT), file=sys.stderr)


if __name__ == "__main__":
    main()
