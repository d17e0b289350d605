package dev.migrate.db;

/**
 * The connection that runs a command which writes, as {@link Dialect#prepareWorkConnection} set it up.
 *
 * @param restore  what puts its session settings back as they were set up, in the dialect's own terms (PL/pgSQL
 *                 statements for PostgreSQL), without the timeouts, which {@link Dialect#guard} adds; empty where
 *                 there is nothing to restore
 * @param handBack what puts the session back as it was found, for a connection that goes back to an application's pool
 * @param readOnly whether the database accepts only reads on it (a standby, {@code default_transaction_read_only})
 * @param user     the database user migrate's writes run as, read when the session was set up; null where the
 *                 dialect did not read it
 */
public record WorkSession(String restore, String handBack, boolean readOnly, String user) {
    public static final WorkSession PLAIN = new WorkSession("", "", false, null);
}
