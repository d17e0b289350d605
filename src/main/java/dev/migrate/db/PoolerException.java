package dev.migrate.db;

/**
 * The connection goes through a pooler that hands the server session to other clients between transactions
 * (PgBouncer's {@code pool_mode = transaction} or {@code statement}, and the hosted offers that put one in front by
 * default): a session-level lock cannot be held through it. The URL must change: a configuration error.
 */
public final class PoolerException extends RuntimeException {
    private final String evidence;

    public PoolerException(String evidence) {
        super("The database URL goes through a connection pooler in transaction (or statement) pooling mode: "
                + evidence + ". migrate holds a session-level lock while it runs, which such a pooler cannot keep "
                + "(it hands the server session to other clients between transactions), so nothing was done");
        this.evidence = evidence;
    }

    public String evidence() { return evidence; }

    /** What to do instead. */
    public String hint() {
        return "Point migrate at the database directly, or at a session-pooled port (PgBouncer pool_mode = session; "
                + "on Supabase the session pooler on port 5432 or the direct connection, on Neon the host name without "
                + "-pooler); see \"Connection poolers\" in MIGRATIONS.md";
    }
}
