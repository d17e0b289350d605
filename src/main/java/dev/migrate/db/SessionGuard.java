package dev.migrate.db;

import java.util.List;

/**
 * What migrate puts in front of its own writes while it holds the migration lock, so that a revision cannot reach
 * them: the session put back as migrate set it up (a revision may have changed the search path, the role, the
 * timeouts, or run {@code RESET ALL}), and a check that this very session still holds the lock, which fails with
 * {@link #LOCK_LOST_STATE}. Each is one statement that travels in the same round trip as the write itself.
 *
 * @param plpgsql the restore and the check together, as PL/pgSQL statements: put in front of a write inside migrate's
 *                transaction, in one {@code DO} statement with the checks of the write itself ({@link #inTransaction})
 * @param restore the restore alone, run after a no-transaction revision
 * @param check   the check alone, in front of a write made in auto-commit
 */
public record SessionGuard(String plpgsql, String restore, String check) {

    /** The SQLSTATE of the check when the lock is no longer held by this session. */
    public static final String LOCK_LOST_STATE = "MGL01";

    /** Whether {@code e}, or an error it wraps, is the check's: this session no longer holds the lock. */
    public static boolean lockCheckFailed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException s && LOCK_LOST_STATE.equals(s.getSQLState())) return true;
        }
        return false;
    }

    /** Nothing to restore or check (SQLite: the lock is the process's own file lock, and a session has no settings). */
    public static final SessionGuard NONE = new SessionGuard("", "", "");

    /** The statements in front of a write made inside migrate's transaction (a revision's version change and audit row). */
    public List<String> inTransactionPrefix() {
        return plpgsql.isEmpty() ? List.of() : List.of(inTransaction(""));
    }

    /**
     * The restore and the check, then {@code more} (PL/pgSQL: the write's own checks and changes), as one {@code DO}
     * statement, which PostgreSQL runs as one statement of its round trip; empty when there is nothing to run.
     */
    public String inTransaction(String more) {
        return plpgsql.isEmpty() && more.isEmpty() ? "" : doBlock(plpgsql + more);
    }

    /** PL/pgSQL statements as one {@code DO} statement, in migrate's own dollar quotes. */
    static String doBlock(String plpgsql) {
        return "DO $migrate$BEGIN " + plpgsql + "END$migrate$";
    }

    /**
     * The statements around one write made in auto-commit, between the statements of a no-transaction revision: a
     * transaction of its own, read-write whatever the revision made the session's default, as the session's own
     * user. The revision's settings stay for its next statement.
     */
    public List<String> autoCommit(String sql) {
        if (check.isEmpty()) return List.of(sql);
        return List.of("BEGIN READ WRITE", "SET LOCAL SESSION AUTHORIZATION DEFAULT", check, sql, "COMMIT");
    }
}
