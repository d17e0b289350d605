package dev.migrate.db;

import java.util.ArrayList;
import java.util.List;

/**
 * What migrate puts in front of its own writes while it holds the migration lock, so that a revision cannot reach
 * them: {@code restore} puts the session back as migrate set it up (a revision may have changed the search path,
 * the role, the timeouts, or run {@code RESET ALL}), and {@code check} fails with {@link #LOCK_LOST_STATE} unless
 * this very session still holds the lock. Both travel in the same round trip as the write itself.
 *
 * @param restore statements that restore migrate's session settings; may be empty
 * @param check   a statement that fails unless the session holds the lock; empty when there is nothing to check
 */
public record SessionGuard(List<String> restore, String check) {

    /** The SQLSTATE of {@link #check} when the lock is no longer held by this session. */
    public static final String LOCK_LOST_STATE = "MGL01";

    /** Nothing to restore or check (SQLite: the lock is the process's own file lock, and a session has no settings). */
    public static final SessionGuard NONE = new SessionGuard(List.of(), "");

    public SessionGuard {
        restore = List.copyOf(restore);
    }

    /** The statements in front of a write made inside migrate's transaction (a revision's version change and audit row). */
    public List<String> inTransaction() {
        List<String> out = new ArrayList<>(restore);
        if (!check.isEmpty()) out.add(check);
        return out;
    }

    /**
     * The statements around one write made in auto-commit, between the statements of a no-transaction revision, with
     * the number of results in front of the write's own: a transaction of its own, read-write whatever the revision
     * made the session's default, as the session's own user. The revision's settings stay for its next statement.
     */
    public List<String> autoCommit(String sql) {
        if (check.isEmpty()) return List.of(sql);
        return List.of("BEGIN READ WRITE", "SET LOCAL SESSION AUTHORIZATION DEFAULT", check, sql, "COMMIT");
    }

    /** How many statements {@link #autoCommit} puts in front of the write. */
    public int autoCommitPrefix() {
        return check.isEmpty() ? 0 : 3;
    }
}
