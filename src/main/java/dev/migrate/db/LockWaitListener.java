package dev.migrate.db;

import java.time.Duration;

/** Told while a process waits for the migration lock, so that a caller can say who holds it. */
@FunctionalInterface
public interface LockWaitListener {
    /** Called when the wait starts and then every few seconds; {@code holder} is null when it cannot be seen. */
    void waiting(LockHolder holder, Duration waited);

    /** Called before each new try for the lock; may throw to stop waiting (a run cancelled by a signal). */
    default void polling() { }

    LockWaitListener NONE = (holder, waited) -> { };
}
