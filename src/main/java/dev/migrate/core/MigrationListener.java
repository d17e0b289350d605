package dev.migrate.core;

import dev.migrate.db.LockHolder;
import dev.migrate.graph.Step;

import java.time.Duration;

/**
 * Told what a run is doing while it does it. The core never prints; the CLI turns these calls into its
 * {@code Running upgrade a1 -> b2, add avatar ... 12 ms} lines. All methods have empty defaults.
 */
public interface MigrationListener {
    default void lockWaiting(LockHolder holder, Duration waited) { }

    /** Called before each new try for the migration lock; may throw to stop waiting. */
    default void lockPolling() { }

    default void stepStarting(Step step, int number, int total) { }

    default void stepFinished(Step step, Duration duration) { }

    default void stepFailed(Step step, Duration duration, RuntimeException error) { }

    /** A revision failed on PostgreSQL's lock_timeout, was rolled back, and runs again after {@code pause}. */
    default void stepRetrying(Step step, int attempt, Duration pause, String databaseMessage) { }

    /**
     * The run goes ahead although the database is not as the scripts expect: it holds revisions that no script
     * defines ({@code --ignore-unknown}), or a partial revision runs again ({@code --retry-partial}).
     */
    default void proceedingDespite(DatabaseState state) { }

    MigrationListener NONE = new MigrationListener() { };
}
