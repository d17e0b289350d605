package dev.migrate.api;

/**
 * An operation needed a live database while offline SQL was being generated: {@link Operations#connection()}, or
 * a SQLite table copy that must read the table's current definition. Names the revision.
 */
public final class OfflineModeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String revisionId;
    private final String operation;

    private OfflineModeException(String revisionId, String operation, String message) {
        super(message);
        this.revisionId = revisionId;
        this.operation = operation;
    }

    /** {@link Operations#connection()} was called offline. */
    public static OfflineModeException connection(String revisionId) {
        return new OfflineModeException(revisionId, "connection()", "revision " + revisionId
                + ": connection() needs a live database, and offline SQL cannot run code that needs one; "
                + "run this revision online, or skip that code when op.offline() is true");
    }

    /**
     * An operation that must read the current schema was called offline.
     *
     * @param operation the operation and its table, e.g. {@code alterColumn accounts.email}
     * @param reason    why it needs the database, e.g. {@code SQLite rebuilds the table from its current definition}
     */
    public static OfflineModeException needsSchema(String revisionId, String operation, String reason) {
        return new OfflineModeException(revisionId, operation, "revision " + revisionId + ": " + operation + ": "
                + reason + ", which only a live database can tell, so offline SQL cannot include it; "
                + "run this revision online");
    }

    public String revisionId() { return revisionId; }

    /** The operation that was refused. */
    public String operation() { return operation; }
}
