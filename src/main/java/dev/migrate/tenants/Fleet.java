package dev.migrate.tenants;

import dev.migrate.core.DatabaseStateException;
import dev.migrate.core.Interruptible;
import dev.migrate.core.MigrationFailedException;
import dev.migrate.core.MigrationListener;
import dev.migrate.core.Migrator;
import dev.migrate.core.Project;
import dev.migrate.core.RunResult;
import dev.migrate.core.Settings;
import dev.migrate.graph.Step;
import dev.migrate.db.LockTimeoutException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;

/**
 * Runs one command across a fleet of tenants: the canary tenants first, one at a time, stopping at the first
 * failure; then the rest on {@code parallel} workers, dispatching no more once {@code maxFailures} tenants have
 * failed. A tenant the batched read found at its target is reported skipped and never touched. Each tenant is a
 * single run of its own ({@link Migrator}): its lock, the state re-read under it, one transaction per revision, the
 * retries, the audit rows.
 */
public final class Fleet implements Interruptible {

    /**
     * @param parallel    how many tenants run at once
     * @param canary      how many tenants run first, alone; the run stops at the first of them that fails
     * @param maxFailures after this many failed tenants, no more are started (0: no limit)
     */
    public record Options(int parallel, int canary, int maxFailures) {
        public Options {
            if (parallel < 1) throw new IllegalArgumentException("--parallel must be 1 or more");
            if (canary < 0) throw new IllegalArgumentException("--canary must be 0 or more");
            if (maxFailures < 0) throw new IllegalArgumentException("--max-failures must be 0 or more");
        }
    }

    /** Told as each tenant ends, from the worker that ran it. */
    public interface Listener {
        Listener NONE = r -> { };

        void finished(TenantResult result);
    }

    private final Project project;
    private final TenantDatabases databases;
    private final Settings settings;
    private final Options options;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Listener listener;
    private final AtomicBoolean stop = new AtomicBoolean();
    /** The tenants' runs under way, which a signal cancels. */
    private final Set<Migrator> running = ConcurrentHashMap.newKeySet();

    public Fleet(Project project, TenantDatabases databases, Settings settings, Options options, Listener listener) {
        this.project = project;
        this.databases = databases;
        this.settings = settings;
        this.options = options;
        this.listener = listener;
    }

    /** A signal: start no more tenants, and cancel those running (each rolls back and records it, as a single run). */
    @Override
    public void cancel() {
        cancelled.set(true);
        stop.set(true);
        running.forEach(Migrator::cancel);
    }

    @Override
    public void abort() {
        running.forEach(Migrator::abort);
    }

    /**
     * @param heads    each tenant's heads from the batched read; a tenant absent from it is run (its run says what is
     *                 wrong), one present is skipped when {@code atTarget} says so
     * @param atTarget whether the tenant, with these heads, is already where the command goes
     * @param work     the command on one tenant's migrator
     */
    public FleetReport run(String command, List<Tenant> tenants, Map<String, List<String>> heads, BiPredicate<Tenant, List<String>> atTarget,
                           BiFunction<Migrator, MigrationListener, RunResult> work) {
        long started = System.nanoTime();
        String runId = UUID.randomUUID().toString();
        List<TenantResult> results = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        List<Tenant> toRun = new ArrayList<>();
        for (Tenant t : tenants) {
            List<String> h = heads.get(t.name());
            String refused = databases.refused(t, h != null);
            if (refused != null) { // told at once: not a canary, and not a failure of the revisions that the budget counts
                List<String> at = h == null ? List.of() : h;
                TenantResult r = failed(t, TenantResult.Status.FAILED, at, at, List.of(), System.nanoTime(),
                        TenantResult.Error.of(refused));
                results.add(r);
                listener.finished(r);
            } else if (h != null && atTarget.test(t, h)) {
                TenantResult r = new TenantResult(t.name(), TenantResult.Status.SKIPPED, h, h, List.of(), 0, null);
                results.add(r);
                listener.finished(r);
            } else {
                toRun.add(t);
            }
        }
        int canaries = Math.min(options.canary(), toRun.size());
        for (int i = 0; i < canaries; i++) {
            TenantResult r = stop.get() ? notStarted(toRun.get(i), heads) : runOne(toRun.get(i), heads, work, runId);
            results.add(r);
            listener.finished(r);
            if (r.status().unfinished()) {
                failures.incrementAndGet();
                stop.set(true);
            }
        }
        List<Tenant> rest = toRun.subList(canaries, toRun.size());
        Workers.each(rest, options.parallel(), "migrate-tenant", () -> stop.set(true), t -> {
            boolean budgetSpent = options.maxFailures() > 0 && failures.get() >= options.maxFailures();
            TenantResult r = stop.get() || budgetSpent ? notStarted(t, heads) : runOne(t, heads, work, runId);
            if (r.status() != TenantResult.Status.NOT_STARTED && r.status().unfinished()) failures.incrementAndGet();
            results.add(r);
            listener.finished(r);
        });
        List<TenantResult> ordered = new ArrayList<>(results);
        ordered.sort((a, b) -> a.tenant().compareTo(b.tenant()));
        return new FleetReport(runId, command, ordered, Duration.ofNanos(System.nanoTime() - started).toMillis(), cancelled.get());
    }

    private static TenantResult notStarted(Tenant t, Map<String, List<String>> heads) {
        List<String> h = heads.getOrDefault(t.name(), List.of());
        return new TenantResult(t.name(), TenantResult.Status.NOT_STARTED, h, h, List.of(), 0, null);
    }

    private TenantResult runOne(Tenant t, Map<String, List<String>> heads, BiFunction<Migrator, MigrationListener, RunResult> work,
                                String runId) {
        long started = System.nanoTime();
        List<String> before = heads.getOrDefault(t.name(), List.of());
        Applied applied = new Applied();
        Migrator migrator = null;
        try {
            migrator = new Migrator(project, databases.database(t), settings).partOf(runId).batched();
            if (heads.containsKey(t.name())) migrator.knownToHaveWork(); // the batched read found it short of its target
            running.add(migrator);
            RunResult r = work.apply(migrator, applied);
            List<String> ids = r.steps().stream().map(s -> Applied.id(s.step())).toList();
            // nothing to do once locked: another run took it there first
            return new TenantResult(t.name(), ids.isEmpty() ? TenantResult.Status.SKIPPED : TenantResult.Status.OK,
                    r.headsBefore(), r.headsAfter(), ids, millis(started), null);
        } catch (MigrationFailedException e) {
            return failed(t, e.partial() ? TenantResult.Status.PARTIAL : TenantResult.Status.FAILED, before, e.heads(), applied.ids,
                    started, new TenantResult.Error(e.databaseMessage(), e.sqlState(), e.revision(), e.file(), e.line(), e.statement()));
        } catch (dev.migrate.core.MigrationInterruptedException e) {
            // stopped before it changed anything (waiting for its lock, or between revisions before the first): not started
            boolean untouched = applied.ids.isEmpty() && e.revision() == null;
            TenantResult.Status status = untouched ? TenantResult.Status.NOT_STARTED
                    : e.partial() ? TenantResult.Status.PARTIAL : TenantResult.Status.FAILED;
            return failed(t, status, before, e.heads() != null ? e.heads() : applied.ids.isEmpty() ? before : headsNow(t, before),
                    applied.ids, started,
                    new TenantResult.Error(e.getMessage(), null, e.revision(), null, 0, null));
        } catch (LockTimeoutException e) {
            return failed(t, TenantResult.Status.LOCKED, before, before, List.of(), started, TenantResult.Error.of(e.getMessage()));
        } catch (DatabaseStateException e) {
            TenantResult.Status s = e.state() != null && !e.state().unknown().isEmpty() ? TenantResult.Status.UNKNOWN_REVISION
                    : e.state() != null && !e.state().partial().isEmpty() ? TenantResult.Status.PARTIAL : TenantResult.Status.FAILED;
            return failed(t, s, before, before, List.of(), started, TenantResult.Error.of(e.getMessage()));
        } catch (RuntimeException e) {
            return failed(t, TenantResult.Status.FAILED, before, applied.ids.isEmpty() ? before : headsNow(t, before), applied.ids, started,
                    new TenantResult.Error(e.getMessage() == null ? e.toString() : e.getMessage(),
                            e instanceof dev.migrate.core.DatabaseException d ? d.sqlState() : null, null, null, 0, null));
        } finally {
            if (migrator != null) running.remove(migrator);
        }
    }

    /** The revisions a tenant's run committed, in order, as its steps finish (a failed run's too). */
    private static final class Applied implements MigrationListener {
        final List<String> ids = new ArrayList<>();

        @Override
        public void stepFinished(Step step, Duration duration) {
            ids.add(id(step));
        }

        static String id(Step step) {
            return step.revision() != null ? step.revision().id() : String.join(",", step.toRevisions());
        }
    }

    /** The tenant's heads read again after a run that ended with steps committed; {@code otherwise} when they cannot be. */
    private List<String> headsNow(Tenant t, List<String> otherwise) {
        try {
            return databases.heads(List.of(t)).getOrDefault(t.name(), otherwise);
        } catch (Exception e) {
            return otherwise;
        }
    }

    private static TenantResult failed(Tenant t, TenantResult.Status status, List<String> before, List<String> after, List<String> applied,
                                       long started, TenantResult.Error error) {
        return new TenantResult(t.name(), status, before, after, applied, millis(started), error);
    }

    private static long millis(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }
}
