package dev.migrate.core;

import dev.migrate.db.AuditEntry;
import dev.migrate.db.StatementFailedException;
import dev.migrate.db.VersionStore;
import dev.migrate.graph.Plan;
import dev.migrate.graph.Step;
import dev.migrate.script.RevisionScript;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.List;
import java.util.function.Function;

/**
 * The running side of migrate as a library: upgrade, downgrade, stamp and the read-only queries, over a
 * {@link Project} (what is on disk) and a database (what happened). It returns results and never prints.
 *
 * <p>Every command that writes takes the migration lock first, on a connection of its own, and reads the version
 * table only once the lock is held. Each revision then runs in its own transaction together with its
 * version-table change and its audit row.
 */
public final class Migrator {

    private final Project project;
    private final Database database;
    private final Duration lockWait;

    public Migrator(Project project, Database database, Duration lockWait) {
        this.project = project;
        this.database = database;
        this.lockWait = lockWait;
    }

    public Project project() { return project; }

    public Database database() { return database; }

    /** Upgrades to {@code target} (Alembic's syntax: {@code head}, {@code heads}, {@code +1}, {@code accounts@head}, ...). */
    public RunResult upgrade(String target, MigrationListener listener) {
        return write("upgrade", heads -> project.graph().upgrade(heads, target), listener);
    }

    /** Downgrades to {@code target} ({@code base}, {@code -1}, a revision, ...). */
    public RunResult downgrade(String target, MigrationListener listener) {
        return write("downgrade", heads -> project.graph().downgrade(heads, target), listener);
    }

    /** Sets the version table to {@code targets} without running any script; {@code purge} empties it first. */
    public RunResult stamp(List<String> targets, boolean purge, MigrationListener listener) {
        return write("stamp", heads -> project.graph().stamp(purge ? List.of() : heads, targets, purge), listener, purge);
    }

    /** The heads recorded in the database (empty for a new database). Reads without the lock and creates nothing. */
    public List<String> current() {
        return database.read(database.store()::heads);
    }

    /** The audit log, oldest first. */
    public List<AuditEntry> auditLog() {
        return database.read(database.store()::auditLog);
    }

    /** The steps that {@code upgrade target} would run now, without running them. */
    public Plan pending(String target) {
        List<String> heads = current();
        return project.graph().upgrade(heads, target);
    }

    private RunResult write(String command, Function<List<String>, Plan> planner, MigrationListener listener) {
        return write(command, planner, listener, false);
    }

    private RunResult write(String command, Function<List<String>, Plan> planner, MigrationListener listener, boolean purge) {
        long start = System.nanoTime();
        return database.withLock(lockWait, listener, c -> {
            VersionStore store = database.store();
            store.createIfMissing(c);
            c.commit();
            List<String> before = store.heads(c);
            c.commit();
            Plan plan = planner.apply(before);
            Map<Step, Body> bodies = prepare(plan);
            if (purge) {
                store.purge(c);
            }
            Audit audit = new Audit(database, c);
            List<StepResult> done = new ArrayList<>();
            int n = 0;
            for (Step step : plan.steps()) {
                listener.stepStarting(step, ++n, plan.steps().size());
                done.add(runStep(c, store, audit, step, bodies.get(step), listener));
            }
            if (plan.steps().isEmpty() && purge) c.commit();
            return new RunResult(command, done, before, store.heads(c), Duration.ofNanos(System.nanoTime() - start));
        });
    }

    /**
     * The statements of every step, split before the first one runs: a script that is missing, cannot be
     * downgraded or does not split fails here, with nothing changed.
     */
    private Map<Step, Body> prepare(Plan plan) {
        Map<Step, Body> bodies = new IdentityHashMap<>();
        for (Step step : plan.steps()) {
            if (step.kind() == Step.Kind.STAMP) {
                bodies.put(step, Body.NONE);
                continue;
            }
            String id = step.revision().id();
            RevisionScript script = project.script(id);
            if (script == null) {
                throw new RevisionException(id, null, "No script defines revision '" + id + "'.");
            }
            bodies.put(step, Body.of(script, step.kind() == Step.Kind.UPGRADE, database));
        }
        return bodies;
    }

    private StepResult runStep(Connection c, VersionStore store, Audit audit, Step step,
                               Body body, MigrationListener listener) throws SQLException {
        Instant startedAt = Instant.now();
        long t0 = System.nanoTime();
        RevisionScript script = step.kind() == Step.Kind.STAMP ? null : project.script(step.revision().id());
        String revision = script == null ? String.join(",", step.toRevisions()) : script.id();
        String checksum = script == null ? null : script.checksum();
        try {
            body.run(c);
            store.apply(c, step.versionOps());
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            audit.record(step, revision, checksum, startedAt, took, null);
            c.commit();
            listener.stepFinished(step, took);
            return new StepResult(step, script == null ? null : script.path(), took);
        } catch (StatementFailedException e) {
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            rollback(c, e);
            List<String> heads = store.heads(c);
            c.commit();
            audit.recordFailure(step, revision, checksum, startedAt, took, e.databaseMessage());
            MigrationFailedException failure = new MigrationFailedException(revision, step.kind().name().toLowerCase(),
                    script.path(), e.line(), e.statement(), e.sqlState(), e.databaseMessage(), heads, e);
            listener.stepFailed(step, took, failure);
            throw failure;
        } catch (SQLException | RuntimeException e) {
            rollback(c, e);
            throw e;
        }
    }

    private static void rollback(Connection c, Throwable primary) {
        try {
            c.rollback();
        } catch (SQLException e) {
            primary.addSuppressed(e);
        }
    }

    /** Writes audit rows: inside the step's transaction on success, in a transaction of its own after a failure. */
    private static final class Audit {
        private final Database database;
        private final Connection c;
        private final String dbUser;

        Audit(Database database, Connection c) throws SQLException {
            this.database = database;
            this.c = c;
            this.dbUser = database.dialect().databaseUser(c);
        }

        void record(Step step, String revision, String checksum, Instant startedAt, Duration took, String error) throws SQLException {
            database.store().record(c, new AuditEntry(0, revision, step.kind().name().toLowerCase(), step.headsBefore(),
                    error == null ? step.headsAfter() : step.headsBefore(), checksum, dbUser, Environment.osUser(),
                    Environment.host(), Version.get(), startedAt, took.toMillis(), error == null, error));
        }

        void recordFailure(Step step, String revision, String checksum, Instant startedAt, Duration took, String error)
                throws SQLException {
            record(step, revision, checksum, startedAt, took, error);
            c.commit();
        }
    }
}
