package dev.migrate.db;

import java.time.Duration;

/** The migration lock could not be taken within the configured wait. */
public final class LockTimeoutException extends RuntimeException {
    private final Duration waited;
    private final transient LockHolder holder;
    private final String lockName;

    public LockTimeoutException(String lockName, Duration waited, LockHolder holder) {
        super("Timed out after " + waited.toMillis() + " ms waiting for the migration lock on " + lockName
                + (holder == null ? "" : ", held by " + holder.describe()));
        this.lockName = lockName;
        this.waited = waited;
        this.holder = holder;
    }

    public Duration waited() { return waited; }
    public LockHolder holder() { return holder; }
    public String lockName() { return lockName; }
}
