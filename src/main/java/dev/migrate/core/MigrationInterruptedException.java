package dev.migrate.core;

/** The run was interrupted (SIGINT, SIGTERM, or {@link Migrator#cancel()}); the current revision was rolled back. */
public final class MigrationInterruptedException extends RuntimeException {
    private final String revision;

    public MigrationInterruptedException(String revision, String message) {
        super(message);
        this.revision = revision;
    }

    /** The revision that was running, or null when the run stopped between revisions or while waiting. */
    public String revision() { return revision; }
}
