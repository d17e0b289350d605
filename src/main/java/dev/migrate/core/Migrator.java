package dev.migrate.core;

import dev.migrate.db.AuditEntry;
import dev.migrate.db.SessionGuard;
import dev.migrate.db.StatementFailedException;
import dev.migrate.db.VersionStore;
import dev.migrate.graph.Plan;
import dev.migrate.graph.Revision;
import dev.migrate.graph.Step;
import dev.migrate.script.RevisionScript;
import dev.migrate.script.SqlSplitter;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * The running side of migrate as a library: upgrade, downgrade, stamp and the read-only queries, over a
 * {@link Project} (what is on disk) and a database (what happened). It returns results and never prints.
 *
 * <p>Every command that writes takes the migration lock first, on a connection of its own, and reads the version
 * table only once the lock is held. Each revision then runs in its own transaction together with its
 * version-table change and its audit row; a revision marked {@code no-transaction} runs statement by statement,
 * with its progress in the audit log so that a crash leaves a visible mark.
 */
public final class Migrator implements Interruptible {

    private static final String SQLSTATE_LOCK_NOT_AVAILABLE = "55P03";

    private final Project project;
    private final Database database;
    private final Settings settings;
    private volatile boolean cancelled;
    private volatile Connection working;

    /** The run across tenants this one is part of, written in its audit rows; null for a run of its own. */
    private volatile String runId;

    /**
     * Whether a write first reads the state without the lock, so that a database already at its target is left
     * without waiting for anyone. Off for a caller that has just read the heads itself and found work to do (a
     * fleet's batched read): the read would only repeat it.
     */
    private volatile boolean readFirst = true;

    /**
     * Whether runs of consecutive transactional SQL revisions are sent to the server together, one round trip for
     * all of them (see {@link StepBatch}). A fleet's runs are: their progress is told by tenant. A run of its own is
     * not, so that each revision is shown as it starts.
     */
    private volatile boolean batched;

    /** Sends consecutive transactional SQL revisions to the server together (see {@link StepBatch}). */
    public Migrator batched() {
        this.batched = true;
        return this;
    }

    /** Marks this run's audit rows with the id of the run across tenants it is part of. */
    public Migrator partOf(String runId) {
        this.runId = runId;
        return this;
    }

    /** Skips the unlocked read in front of a write: the caller has just found that there is work to do. */
    public Migrator knownToHaveWork() {
        this.readFirst = false;
        return this;
    }

    public Migrator(Project project, Database database, Settings settings) {
        this.project = project;
        this.database = database;
        this.settings = settings;
    }

    public Migrator(Project project, Database database, Duration lockWait) {
        this(project, database, new Settings(lockWait, Settings.defaults().lockTimeout(), Duration.ZERO,
                Settings.defaults().lockRetries()));
    }

    public Project project() { return project; }

    public Database database() { return database; }

    /** Upgrades to {@code target} (Alembic's syntax: {@code head}, {@code heads}, {@code +1}, {@code accounts@head}, ...). */
    public RunResult upgrade(String target, MigrationListener listener) {
        return upgrade(target, RunOptions.DEFAULT, listener);
    }

    public RunResult upgrade(String target, RunOptions options, MigrationListener listener) {
        return write("upgrade", heads -> project.graph().upgrade(heads, target), options, listener, false);
    }

    /** Downgrades to {@code target} ({@code base}, {@code -1}, a revision, ...). */
    public RunResult downgrade(String target, MigrationListener listener) {
        return downgrade(target, RunOptions.DEFAULT, listener);
    }

    public RunResult downgrade(String target, RunOptions options, MigrationListener listener) {
        return write("downgrade", heads -> project.graph().downgrade(heads, target), options, listener, false);
    }

    /** Sets the version table to {@code targets} without running any script; {@code purge} empties it first. */
    public RunResult stamp(List<String> targets, boolean purge, MigrationListener listener) {
        return write("stamp", heads -> project.graph().stamp(purge ? List.of() : heads, targets, purge),
                RunOptions.DEFAULT, listener, purge);
    }

    /**
     * Records the current content of applied scripts as intended ({@code migrate accept}): their new checksums
     * go into the audit log, and upgrade stops refusing them. {@code revisions} empty: every changed one.
     *
     * @return the revisions accepted
     */
    public List<String> accept(List<String> revisions, MigrationListener listener) {
        return database.withLock(settings.lockWait(), listener, (c, held) -> {
            VersionStore store = guarded(held);
            // Creates nothing: a changed script means both tables exist already.
            DatabaseState state = readState(c, store, store.heads(c));
            List<String> accepted = new ArrayList<>();
            Set<String> wanted = new LinkedHashSet<>();
            for (String r : revisions) project.graph().resolve(r).forEach(rev -> wanted.add(rev.id()));
            for (DatabaseState.Changed ch : state.changed()) {
                if (!wanted.isEmpty() && !wanted.contains(ch.revision())) continue;
                store.record(c, new AuditEntry(0, ch.revision(), "accept", state.heads(), state.heads(), ch.currentChecksum(),
                        database.dialect().databaseUser(c), Environment.osUser(), Environment.host(), Version.get(),
                        Instant.now(), 0, AuditEntry.OK, null, null, List.of(), runId));
                accepted.add(ch.revision());
            }
            c.commit();
            return accepted;
        });
    }

    /** The heads recorded in the database (empty for a new database). Reads without the lock and creates nothing. */
    public List<String> current() {
        return database.read(database.store()::heads);
    }

    /** The database checked against the scripts. Reads without the lock and creates nothing. */
    public DatabaseState state() {
        return database.read(c -> readState(c, database.store(), database.store().heads(c)));
    }

    /**
     * The database checked against the scripts, from the version rows {@code heads}: with every head known, only each
     * revision's latest audit rows are read; a head no script defines needs the whole log (which rows made it).
     */
    private DatabaseState readState(Connection c, VersionStore store, List<String> heads) throws SQLException {
        boolean allKnown = heads.stream().allMatch(h -> project.graph().get(h) != null);
        return DatabaseState.of(project, heads, allKnown ? store.latestAuditRows(c) : store.auditLog(c));
    }

    /** The audit log, oldest first. */
    public List<AuditEntry> auditLog() {
        return database.read(database.store()::auditLog);
    }

    /** The audit log's rows about {@code revision} (all when null), newest first, at most {@code limit} (all when 0). */
    public List<AuditEntry> auditLog(String revision, int limit) {
        return database.read(c -> database.store().auditLog(c, revision, limit));
    }

    /** The steps that {@code upgrade target} would run now from the known heads, without running them. */
    public Plan pending(String target) {
        return project.graph().upgrade(state().planningHeads(), target);
    }

    /**
     * Stops a run from another thread (a signal handler): the running statement is cancelled, the revision rolled
     * back and recorded as interrupted, and the run ends with {@link MigrationInterruptedException}.
     */
    @Override
    public void cancel() {
        cancelled = true;
        Connection c = working;
        if (c != null) database.dialect().cancel(c);
    }

    /**
     * After {@link #cancel} did not end the run in time (the network no longer answers): closes the run's connection
     * from this side, so that whatever waits on it fails at once. The server rolls back what was not committed when
     * it notices the closed connection.
     */
    @Override
    public void abort() {
        cancelled = true;
        Connection c = working;
        if (c == null) return;
        try {
            c.abort(Runnable::run);
        } catch (SQLException | RuntimeException ignored) {
            // already closed
        }
    }

    // ----- offline -----

    /**
     * The SQL script that {@code upgrade end} would run on a database at {@code start} ({@code base} or null: an empty
     * database, whose version and audit tables the script then creates). Touches no database.
     */
    public String offlineUpgrade(String start, String end) {
        List<String> heads = startHeads(start);
        return offline("upgrade " + (start == null ? "base" : start) + ":" + end, project.graph().upgrade(heads, end), heads.isEmpty(), false);
    }

    /** The SQL script that {@code downgrade end} would run on a database at {@code start}. Touches no database. */
    public String offlineDowngrade(String start, String end) {
        return offline("downgrade " + start + ":" + end, project.graph().downgrade(startHeads(start), end), false, false);
    }

    /** The SQL script that {@code stamp targets} would run on a database at {@code start}. Touches no database. */
    public String offlineStamp(String start, List<String> targets, boolean purge) {
        List<String> heads = purge ? List.of() : startHeads(start);
        boolean fromEmpty = start == null || start.equals("base");
        return offline("stamp " + String.join(" ", targets), project.graph().stamp(heads, targets, purge), fromEmpty, purge && !fromEmpty);
    }

    private List<String> startHeads(String start) {
        if (start == null || start.equals("base")) return List.of();
        return project.graph().resolve(start).stream().map(Revision::id).toList();
    }

    private String offline(String title, Plan plan, boolean createTables, boolean purge) {
        Map<Step, Body> bodies = prepare(plan);
        return OfflineScript.render(title, database, project, plan, bodies, createTables, purge);
    }

    // ----- online -----

    private RunResult write(String command, Function<List<String>, Plan> planner, RunOptions options,
                            MigrationListener listener, boolean purge) {
        long start = System.nanoTime();
        MigrationListener watched = new MigrationListener() {
            @Override
            public void lockWaiting(dev.migrate.db.LockHolder holder, Duration waited) {
                if (cancelled) throw new MigrationInterruptedException(null, "Interrupted while waiting for the migration lock; nothing was changed.");
                listener.lockWaiting(holder, waited);
            }

            @Override
            public void lockPolling() {
                if (cancelled) throw new MigrationInterruptedException(null, "Interrupted while waiting for the migration lock; nothing was changed.");
            }
        };
        return database.withLock(settings.lockWait(), watched, nothingToDo(command, planner, options, start), (c, held) -> {
            working = c;
            try {
                VersionStore store = guarded(held);
                List<String> before = store.heads(c);
                DatabaseState state = readState(c, store, before);
                c.commit();
                List<String> planningHeads = checkState(command, state, options, purge);
                if (!state.clean()) listener.proceedingDespite(state);
                Plan plan = planner.apply(planningHeads);
                checkUnknownUntouched(state, planningHeads, plan);
                Map<Step, Body> bodies = prepare(plan);
                // Only once the target and every script are known to be good: a bad one changes nothing.
                store.createIfMissing(c);
                // The configured timeouts once for the session; a revision with its own sets them for itself only.
                database.dialect().applyTimeouts(c, settings.lockTimeout(), settings.statementTimeout(), false);
                c.commit();
                if (purge) store.purge(c);
                StepAudit audit = new StepAudit(database, store, c, runId, held.session().user());
                List<StepResult> done = new ArrayList<>();
                List<Step> steps = plan.steps();
                int n = 0;
                while (n < steps.size()) {
                    if (cancelled) {
                        throw new MigrationInterruptedException(null, "Interrupted between revisions; the database is at "
                                + String.join(", ", store.heads(c)) + ".");
                    }
                    StepBatch batch = batched && database.dialect().sendsStatementsTogether() && state.unknown().isEmpty()
                            ? StepBatch.of(project, store, steps, n, bodies, step -> audit.entry(step, project.script(step.revision().id()),
                                    Instant.EPOCH, Duration.ZERO, AuditEntry.OK, null, null), this::ownTimeouts)
                            : null;
                    if (batch != null) {
                        List<StepResult> ran = runBatch(c, store, audit, batch, listener, n, steps.size());
                        done.addAll(ran);
                        n += ran.size();
                        if (ran.size() == batch.steps().size()) continue;
                        // The batch stopped at this step, which was rolled back: it runs again on its own, so that its
                        // failure is reported, retried and recorded as any step's (its statement and line among them).
                    }
                    Step step = steps.get(n);
                    listener.stepStarting(step, ++n, steps.size());
                    done.add(runStep(c, store, audit, step, bodies.get(step), listener));
                }
                if (plan.steps().isEmpty() && purge) c.commit();
                return new RunResult(command, done, before, store.heads(c), Duration.ofNanos(System.nanoTime() - start));
            } catch (SQLException e) {
                if (!database.dialect().sessionLost(c, e)) throw e;
                if (cancelled) throw new MigrationInterruptedException(null, "Interrupted; the connection to the database "
                        + "was closed, and the server rolls back whatever was not committed.");
                throw RunErrors.lockLost(database.dialect(), null, null, null, false, false, e);
            } finally {
                working = null;
            }
        });
    }

    /** The version store of a locked run: its writes restore the session and check the lock first. */
    private VersionStore guarded(Database.Held held) {
        return held.store().guarded(database.dialect().guard(held.session(), held.lock(), settings.lockTimeout(),
                settings.statementTimeout()));
    }


    /** The session is gone: the run ends here, interrupted (a signal closed the connection) or with the lock lost. */
    private RuntimeException sessionEnded(Step step, RevisionScript script, Duration took, boolean partial,
                                          boolean committing, Throwable cause, MigrationListener listener) {
        if (cancelled) return RunErrors.interrupted(step, took, step.headsBefore(), partial, listener);
        return RunErrors.lockLost(database.dialect(), step, script, step.headsBefore(), partial, committing, cause);
    }


    /**
     * The check made before the lock is waited for: an upgrade or downgrade of a database already at its target, with
     * nothing unusual about it (every revision known, no script changed, nothing stopped part-way), is done without
     * the lock; everything else, a bad target excepted, goes on under the lock and is read again there.
     */
    private Database.Work<RunResult> nothingToDo(String command, Function<List<String>, Plan> planner, RunOptions options,
                                                 long start) {
        if (!readFirst || command.equals("stamp") || !options.equals(RunOptions.DEFAULT)) return null;
        return c -> {
            VersionStore store = database.store();
            List<String> heads = store.heads(c);
            if (heads.isEmpty()) return null; // also when the tables are missing: the locked run creates them
            DatabaseState state = readState(c, store, heads);
            if (!state.clean() || !planner.apply(heads).steps().isEmpty()) return null;
            return new RunResult(command, List.of(), heads, heads, Duration.ofNanos(System.nanoTime() - start));
        };
    }

    /** Refuses a state the command must not work from; returns the heads to plan from. */
    private List<String> checkState(String command, DatabaseState state, RunOptions options, boolean purge) {
        if (!state.partial().isEmpty() && !options.retryPartial() && !command.equals("stamp")) {
            throw DatabaseStateException.partial(state, command);
        }
        if (command.equals("upgrade") && !state.changed().isEmpty()) {
            throw DatabaseStateException.changed(state);
        }
        // stamp --purge replaces whatever the version table holds, unknown revisions included.
        if (state.unknown().isEmpty() || purge) return state.heads();
        if (!(command.equals("upgrade") && options.ignoreUnknown())) {
            throw DatabaseStateException.unknown(state, command);
        }
        // Plan as if the unknown revisions were their nearest known ancestors, which they include.
        for (DatabaseState.Unknown u : state.unknown()) {
            if (u.knownAncestors().isEmpty() && u.applied() == null) {
                throw new RevisionException(u.revision(), null, "The database is at revision " + u.revision()
                        + ", which no script here defines, and the audit log does not say what it was applied on top of, "
                        + "so it cannot be left alone safely. Deploy the code that has it.");
            }
        }
        return state.planningHeads();
    }

    /** With unknown revisions left alone, no step may build on what they stand on: that part of the graph moved on. */
    private static void checkUnknownUntouched(DatabaseState state, List<String> planningHeads, Plan plan) {
        if (state.unknown().isEmpty()) return;
        Set<String> substituted = new LinkedHashSet<>(planningHeads);
        substituted.removeAll(state.knownHeads());
        for (Step step : plan.steps()) {
            for (String from : step.fromRevisions()) {
                if (substituted.contains(from)) {
                    throw new RevisionException(from, null, "Revision " + step.revision().id() + " would be applied on top of "
                            + from + ", but the database has moved past " + from + " to "
                            + String.join(", ", DatabaseStateException.revisions(state.unknown()))
                            + ", which no script here defines. Nothing was changed. Deploy the code that has those revisions.");
                }
            }
        }
    }

    /**
     * The body of every step, made before the first one runs: a script that is missing, cannot be downgraded or
     * does not split fails here, with nothing changed.
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

    private StepResult runStep(Connection c, VersionStore store, StepAudit audit, Step step, Body body,
                               MigrationListener listener) throws SQLException {
        RevisionScript script = step.kind() == Step.Kind.STAMP ? null : project.script(step.revision().id());
        boolean upgrade = step.kind() != Step.Kind.DOWNGRADE;
        if (script != null && !script.transactional(upgrade)) {
            return runOutsideTransaction(c, store, audit, step, script, body, listener);
        }
        for (int attempt = 1; ; attempt++) {
            Instant startedAt = Instant.now();
            long t0 = System.nanoTime();
            boolean committing = false;
            try {
                if (ownTimeouts(script)) database.dialect().applyTimeouts(c, lockTimeout(script), statementTimeout(script), true);
                try {
                    revisionBound(c, script);
                    runBody(c, body, st -> { });
                } finally {
                    ownBound(c);
                }
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                // The version change, its audit row and the commit together, behind the session restore and the lock
                // check: one round trip on PostgreSQL. A session lost meanwhile may have committed.
                committing = true;
                try {
                    store.applyAndCommit(c, step.versionOps(), audit.entry(step, script, startedAt, took, AuditEntry.OK, null, null));
                } catch (SQLException e) {
                    if (script == null || database.dialect().sessionLost(c, e) || cancelled) throw e;
                    throw ownWriteFailed(c, audit, step, script, e, listener, took);
                }
                listener.stepFinished(step, took);
                return new StepResult(step, script == null ? null : script.path(), took);
            } catch (StatementFailedException e) {
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                if (database.dialect().sessionLost(c, e)) {
                    throw sessionEnded(step, script, took, false, false, e.getCause(), listener);
                }
                rollback(c, e);
                if (cancelled) {
                    recordQuietly(c, () -> audit.record(step, script, startedAt, took, AuditEntry.INTERRUPTED, "interrupted",
                            e.statement()));
                    throw RunErrors.interrupted(step, took, step.headsBefore(), false, listener);
                }
                boolean retry = SQLSTATE_LOCK_NOT_AVAILABLE.equals(e.sqlState()) && attempt <= settings.lockRetries();
                String error = e.fullMessage()
                        + (retry ? " (attempt " + attempt + " of " + (settings.lockRetries() + 1) + ")" : "");
                String auditError = recordQuietly(c, () -> audit.record(step, script, startedAt, took,
                        retry ? AuditEntry.RETRY : AuditEntry.FAILED, error, e.statement()));
                if (retry && auditError == null) {
                    Duration pause = backoff(attempt);
                    listener.stepRetrying(step, attempt, pause, e.databaseMessage());
                    sleep(pause, step);
                    continue;
                }
                MigrationFailedException failure = RunErrors.failed(step, script, e, step.headsBefore(), false);
                if (auditError != null) failure = failure.withAuditError(auditError);
                if (SQLSTATE_LOCK_NOT_AVAILABLE.equals(e.sqlState())) {
                    failure = failure.withBlockers(database.dialect().lockHolders(c, e.statement()));
                }
                listener.stepFailed(step, took, failure);
                throw failure;
            } catch (SQLException | RuntimeException e) {
                if (e instanceof SQLException && database.dialect().sessionLost(c, e)) {
                    Duration took = Duration.ofNanos(System.nanoTime() - t0);
                    throw sessionEnded(step, script, took, false, committing, e, listener);
                }
                rollback(c, e);
                if (cancelled && e instanceof SQLException) {
                    // The cancel arrived while one of migrate's own statements ran (version table, audit row).
                    Duration took = Duration.ofNanos(System.nanoTime() - t0);
                    recordQuietly(c, () -> audit.record(step, script, startedAt, took, AuditEntry.INTERRUPTED,
                            "interrupted", null));
                    throw RunErrors.interrupted(step, took, step.headsBefore(), false, listener);
                }
                throw e;
            }
        }
    }

    /**
     * Runs a batch of steps in one round trip, in auto-commit: each step's transaction is in the batch. Returns the steps
     * that committed, in order; fewer than the batch's when one failed, which then was rolled back, with none after it
     * run (each step's end checks that the one before it committed). The failure itself is left to the caller, which
     * runs that step again on its own, except where nothing may run any more: the session lost (which steps
     * committed is then unknown), the lock lost, or the run cancelled (the step is recorded as interrupted).
     */
    private List<StepResult> runBatch(Connection c, VersionStore store, StepAudit audit, StepBatch batch,
                                      MigrationListener listener, int before, int total) throws SQLException {
        List<Long> millis = new ArrayList<>();
        SQLException failure = null;
        c.commit();
        c.setAutoCommit(true);
        try (java.sql.Statement st = c.createStatement()) {
            revisionBound(c, settings.statementTimeout(), batch.statements());
            millis.addAll(StepBatch.durations(st, st.execute(batch.sql())));
        } catch (SQLException e) {
            failure = e;
        } finally {
            ownBound(c);
        }
        int committed = batch.steps().size();
        if (failure != null) {
            Step first = batch.steps().get(0);
            if (database.dialect().sessionLost(c, failure) && !SessionGuard.lockCheckFailed(failure)) {
                throw sessionEnded(first, project.script(first.revision().id()), Duration.ZERO, false, true, failure, listener);
            }
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("ROLLBACK");
            }
            c.setAutoCommit(false);
            List<String> heads = store.heads(c);
            committed = batch.committed(heads);
            if (committed < 0) throw failure; // the version table is at no step of the batch: changed by someone else
            millis.clear();
            List<AuditEntry> rows = committed == 0 ? List.of() : store.auditLog(c, null, committed);
            for (int i = rows.size() - 1; i >= 0; i--) millis.add(rows.get(i).durationMillis());
            c.commit();
        } else {
            c.setAutoCommit(false);
        }
        List<StepResult> out = new ArrayList<>();
        for (int i = 0; i < committed; i++) {
            Step step = batch.steps().get(i);
            Duration took = Duration.ofMillis(i < millis.size() ? millis.get(i) : 0);
            listener.stepStarting(step, before + i + 1, total);
            listener.stepFinished(step, took);
            out.add(new StepResult(step, project.script(step.revision().id()).path(), took));
        }
        if (failure != null && committed < batch.steps().size()) {
            Step step = batch.steps().get(committed);
            RevisionScript script = project.script(step.revision().id());
            List<String> heads = step.headsBefore();
            if (SessionGuard.lockCheckFailed(failure)) {
                throw RunErrors.lockLost(database.dialect(), step, script, heads, false, false, failure);
            }
            if (cancelled) {
                listener.stepStarting(step, before + committed + 1, total);
                recordQuietly(c, () -> audit.record(step, script, Instant.now(), Duration.ZERO, AuditEntry.INTERRUPTED,
                        "interrupted", null));
                throw RunErrors.interrupted(step, Duration.ZERO, heads, false, listener);
            }
        }
        return out;
    }

    /**
     * The revision ran, but the end of its transaction failed: migrate's own write (the version change and audit row,
     * behind the session restore and the lock check), or the commit that travels with it. A revision that made its
     * transaction read-only, or dropped or changed migrate's tables; or one whose changes violate a deferred
     * constraint, checked at commit. The revision is rolled back and the failure is the revision's, named as such.
     */
    private MigrationFailedException ownWriteFailed(Connection c, StepAudit audit, Step step, RevisionScript script, SQLException e,
                                                    MigrationListener listener, Duration took) {
        rollback(c, e);
        boolean constraint = e.getSQLState() != null && e.getSQLState().startsWith("23");
        StatementFailedException cause = new StatementFailedException(0,
                "(the end of the revision's transaction: migrate's version change, audit row and commit)", e.getSQLState(),
                database.dialect().describe(e) + (constraint
                        ? " (the revision ran, but a constraint checked at commit failed: its changes violate a deferred constraint)"
                        : VersionStore.VERSION_TABLE_STATE.equals(e.getSQLState()) ? ""
                        : " (the revision ran, but left its transaction unable to record it)"), e);
        MigrationFailedException failure = RunErrors.failed(step, script, cause, step.headsBefore(), false);
        String auditError = recordQuietly(c, () -> audit.record(step, script, Instant.now().minus(took), took,
                AuditEntry.FAILED, cause.databaseMessage(), null));
        if (auditError != null) failure = failure.withAuditError(auditError);
        listener.stepFailed(step, took, failure);
        return failure;
    }

    /** One write of migrate's own. */
    @FunctionalInterface
    private interface Write {
        void run() throws SQLException;
    }

    /**
     * Records a failure or an interruption in the audit log, on the connection's own clean transaction, without ever
     * replacing the error being reported: returns why it could not be recorded, or null.
     */
    private String recordQuietly(Connection c, Write write) {
        try {
            write.run();
            c.commit();
            return null;
        } catch (SQLException | RuntimeException e) {
            try {
                if (!c.isClosed()) c.rollback();
            } catch (SQLException ignored) {
                // the session is gone: nothing was recorded, which the message says
            }
            String why = e instanceof SQLException x ? database.dialect().describe(x) : e.toString();
            return database.dialect().sessionLost(c, e) ? "the database session ended (" + why + ")" : why;
        }
    }

    /**
     * A no-transaction revision: each statement commits on its own. Before each statement a {@code running} row naming
     * it goes into the audit log (behind the lock check), so that a process that dies in it leaves a mark that the next
     * run sees, with the statement; a failure records {@code partial}. A statement that waits for older transactions
     * (a concurrent index build) runs with {@code concurrent_lock_timeout} in place of {@code lock_timeout}.
     */
    private StepResult runOutsideTransaction(Connection c, VersionStore store, StepAudit audit, Step step, RevisionScript script,
                                             Body body, MigrationListener listener) throws SQLException {
        Instant startedAt = Instant.now();
        long t0 = System.nanoTime();
        c.commit();
        c.setAutoCommit(true);
        boolean[] concurrent = {false};
        try {
            if (ownTimeouts(script)) database.dialect().applyTimeouts(c, lockTimeout(script), statementTimeout(script), false);
            database.dialect().dropInvalidIndexes(c, body.knownStatements());
            if (!(body instanceof Body.SqlBody)) audit.record(step, script, startedAt, Duration.ZERO, AuditEntry.RUNNING, null, null);
            try {
                revisionBound(c, script);
                runBody(c, body, st -> {
                    audit.record(step, script, startedAt, Duration.ofNanos(System.nanoTime() - t0), AuditEntry.RUNNING,
                            null, st.sql());
                    boolean waits = database.dialect().waitsForOlderTransactions(st.sql());
                    if (waits && !settings.concurrentLockTimeout().equals(lockTimeout(script))) {
                        database.dialect().applyTimeouts(c, settings.concurrentLockTimeout(), statementTimeout(script), false);
                        concurrent[0] = true;
                    } else if (!waits && concurrent[0]) {
                        database.dialect().applyTimeouts(c, lockTimeout(script), statementTimeout(script), false);
                        concurrent[0] = false;
                    }
                });
            } finally {
                ownBound(c);
            }
        } catch (StatementFailedException e) {
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            if (database.dialect().sessionLost(c, e)) {
                throw sessionEnded(step, script, took, true, false, e.getCause(), listener);
            }
            restoreSession(c, store);
            c.setAutoCommit(false);
            String auditError = recordQuietly(c, () -> audit.record(step, script, startedAt, took, AuditEntry.PARTIAL,
                    cancelled ? "interrupted" : e.fullMessage(), e.statement()));
            if (cancelled) throw RunErrors.interrupted(step, took, step.headsBefore(), true, listener);
            MigrationFailedException failure = RunErrors.failed(step, script, e, step.headsBefore(), true);
            if (auditError != null) failure = failure.withAuditError(auditError);
            listener.stepFailed(step, took, failure);
            throw failure;
        } catch (SQLException e) {
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            if (database.dialect().sessionLost(c, e)) {
                throw sessionEnded(step, script, took, true, false, e, listener);
            }
            if (!cancelled) throw e;
            // The cancel arrived while one of migrate's own statements ran (an audit row, dropping an index).
            restoreSession(c, store);
            c.setAutoCommit(false);
            recordQuietly(c, () -> audit.record(step, script, startedAt, took, AuditEntry.PARTIAL, "interrupted", null));
            throw RunErrors.interrupted(step, took, step.headsBefore(), true, listener);
        } finally {
            if (!c.isClosed() && c.getAutoCommit()) {
                restoreSession(c, store);
                c.setAutoCommit(false);
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        try {
            store.applyAndCommit(c, step.versionOps(), audit.entry(step, script, startedAt, took, AuditEntry.OK, null, null));
        } catch (SQLException e) {
            if (database.dialect().sessionLost(c, e)) {
                throw sessionEnded(step, script, took, true, true, e, listener);
            }
            throw e;
        }
        listener.stepFinished(step, took);
        return new StepResult(step, script.path(), took);
    }

    /**
     * Puts the session back as migrate set it up, in auto-commit after a no-transaction revision (whose settings
     * would otherwise make the next transaction read-only, or run it as another role). Quiet when the session is gone:
     * the caller's next statement says so.
     */
    private void restoreSession(Connection c, VersionStore store) {
        String restore = store.guard().restore();
        if (restore.isEmpty()) return;
        try (java.sql.Statement st = c.createStatement()) {
            st.execute(restore);
        } catch (SQLException ignored) {
            // reported by the next statement
        }
    }

    /** While a revision's statement runs: bounded by its statement timeout plus the network timeout, else unbounded. */
    private void revisionBound(Connection c, RevisionScript script) throws SQLException {
        revisionBound(c, statementTimeout(script), 1);
    }

    /** While {@code statements} statements of revisions run together, each bounded by {@code statement}. */
    private void revisionBound(Connection c, Duration statement, int statements) throws SQLException {
        database.dialect().setNetworkTimeout(c, statement.isZero() ? Duration.ZERO
                : statement.multipliedBy(statements).plus(database.networkTimeout()));
    }

    /** While migrate's own statements run: the network timeout. */
    private void ownBound(Connection c) throws SQLException {
        if (!c.isClosed()) database.dialect().setNetworkTimeout(c, database.networkTimeout());
    }

    /** Called before each statement of an SQL body. */
    @FunctionalInterface
    private interface BeforeStatement {
        void accept(SqlSplitter.Statement statement) throws SQLException;
    }

    /**
     * Runs an SQL body statement by statement, so that a cancellation that arrives between two statements (when
     * there is nothing on the server to cancel) still stops the revision before the next one; other bodies whole.
     */
    private void runBody(Connection c, Body body, BeforeStatement before) throws SQLException, StatementFailedException {
        if (!(body instanceof Body.SqlBody sql)) {
            body.run(c);
            return;
        }
        for (SqlSplitter.Statement st : sql.statements()) {
            if (cancelled) {
                throw new StatementFailedException(st.line(), st.sql(), "57014", "interrupted before this statement started", null);
            }
            before.accept(st);
            sql.executor().run(c, List.of(st));
        }
    }

    /** Whether the script sets a timeout of its own, to be set around it (else the session's configured ones hold). */
    private boolean ownTimeouts(RevisionScript script) {
        return script != null && (!lockTimeout(script).equals(settings.lockTimeout())
                || !statementTimeout(script).equals(settings.statementTimeout()));
    }

    private Duration lockTimeout(RevisionScript script) {
        return script == null ? settings.lockTimeout() : script.lockTimeoutOverride().orElse(settings.lockTimeout());
    }

    private Duration statementTimeout(RevisionScript script) {
        return script == null ? settings.statementTimeout() : script.statementTimeoutOverride().orElse(settings.statementTimeout());
    }

    /** Full jitter over an exponential step: 0.5 s, 1 s, 2 s ... capped at 30 s. */
    static Duration backoff(int attempt) {
        long cap = Math.min(30_000, 500L << Math.min(attempt - 1, 16));
        return Duration.ofMillis(cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1));
    }

    private void sleep(Duration pause, Step step) {
        long end = System.nanoTime() + pause.toNanos();
        while (System.nanoTime() < end) {
            if (cancelled) throw new MigrationInterruptedException(step.revision().id(), "Interrupted while waiting to retry "
                    + step.revision().id() + "; it was rolled back.");
            try {
                Thread.sleep(Math.min(50, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancelled = true;
            }
        }
    }



    private static void rollback(Connection c, Throwable primary) {
        try {
            c.rollback();
        } catch (SQLException e) {
            primary.addSuppressed(e);
        }
    }

}
