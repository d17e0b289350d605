package dev.migrate.core;

import java.util.List;

/**
 * The database session that held the migration lock ended, or no longer holds it, while a run was under way: killed
 * by an administrator, closed by an idle timeout, cut off by the network, or handed to another client by a pooler.
 * The run stopped at once and committed nothing more; another process may hold the lock now.
 */
public final class MigrationLockLostException extends RuntimeException {
    private final String revision;
    private final List<String> heads;
    private final boolean partial;

    public MigrationLockLostException(String revision, String message, List<String> heads, boolean partial, Throwable cause) {
        super(message, cause);
        this.revision = revision;
        this.heads = heads == null ? null : List.copyOf(heads);
        this.partial = partial;
    }

    /** The revision that was running, or null when the lock was lost between revisions. */
    public String revision() { return revision; }

    /** The heads the database stays at, or null when they cannot be known (the connection broke while committing). */
    public List<String> heads() { return heads; }

    /** True when a no-transaction revision stopped part-way. */
    public boolean partial() { return partial; }
}
