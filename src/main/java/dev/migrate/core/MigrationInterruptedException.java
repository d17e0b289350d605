package dev.migrate.core;

/** The run was interrupted (SIGINT, SIGTERM, or {@link Migrator#cancel()}); the current revision was rolled back. */
public final class MigrationInterruptedException extends RuntimeException {
    private final String revision;
    private final boolean partial;
    private final java.util.List<String> heads;

    public MigrationInterruptedException(String revision, String message) {
        this(revision, message, false, null);
    }

    /**
     * @param partial whether the revision runs outside a transaction and stopped part-way
     * @param heads   the heads the database stays at, or null when not known
     */
    public MigrationInterruptedException(String revision, String message, boolean partial, java.util.List<String> heads) {
        super(message);
        this.revision = revision;
        this.partial = partial;
        this.heads = heads == null ? null : java.util.List.copyOf(heads);
    }

    /** Whether the revision that was running is a no-transaction one that stopped part-way. */
    public boolean partial() { return partial; }

    /** The heads the database stays at, or null when not known. */
    public java.util.List<String> heads() { return heads; }

    /** The revision that was running, or null when the run stopped between revisions or while waiting. */
    public String revision() { return revision; }
}
