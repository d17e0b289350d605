package dev.migrate.core;

import dev.migrate.db.Dialect;
import dev.migrate.db.SessionGuard;
import dev.migrate.db.StatementFailedException;
import dev.migrate.graph.Step;
import dev.migrate.script.RevisionScript;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/** The errors a run ends with when a step fails, is interrupted, or loses the lock, with the messages they carry. */
final class RunErrors {

    private RunErrors() { }

    /**
     * The lock went with the session that held it: nothing may be committed any more, and nothing is written (another
     * process may hold the lock now). {@code committing}: the session ended while a commit was under way, so whether
     * the revision took effect is unknown.
     */
    static MigrationLockLostException lockLost(Dialect dialect, Step step, RevisionScript script, List<String> heads,
                                               boolean partial, boolean committing, Throwable cause) {
        String id = step == null ? null : script != null ? script.id()
                : step.revision() != null ? step.revision().id() : String.join(",", step.toRevisions());
        String what = step == null ? "" : " during " + step.kind().name().toLowerCase() + " " + id
                + (script == null ? "" : " (" + script.path() + ")");
        String reason = SessionGuard.lockCheckFailed(cause)
                ? "the session no longer held it (a statement released it, or a pooler gave the connection another session)"
                : "the database session that held it ended (" + describe(dialect, cause) + ")";
        String outcome;
        if (step == null) {
            outcome = "Nothing more was committed.";
        } else if (partial) {
            outcome = id + " runs outside a transaction and stopped part-way: the statements before the one that was "
                    + "running took effect (see the audit log's `running` rows). The next run refuses to go on until you "
                    + "run it again with --retry-partial or mark it done with `migrate stamp`.";
        } else if (committing) {
            outcome = "The connection broke while " + id + " was being committed: whether it took effect is unknown; "
                    + "`migrate current` says.";
        } else {
            outcome = id + " was not committed: nothing of it took effect, and the database stays at "
                    + (heads == null || heads.isEmpty() ? "base" : String.join(", ", heads)) + ".";
        }
        return new MigrationLockLostException(id, "The migration lock was lost" + what + ": " + reason + ". " + outcome
                + " migrate stopped at once and wrote nothing more; another process may hold the lock now. Check what "
                + "ends database sessions: idle_session_timeout or idle_in_transaction_session_timeout set for the "
                + "server, database or role, a job that terminates idle backends, a proxy, NAT or load balancer with an "
                + "idle timeout, or a pooler in transaction mode; then run the command again.",
                committing ? null : heads, partial, cause);
    }

    /** What the database said, with its SQLSTATE. */
    static String describe(Dialect dialect, Throwable cause) {
        if (cause instanceof SQLException e) {
            String state = e.getSQLState();
            return dialect.describe(e) + (state == null ? "" : "; SQLSTATE " + state);
        }
        return String.valueOf(cause);
    }

    /** The interruption of a step that had started: the listener ends its line before the error is reported. */
    static MigrationInterruptedException interrupted(Step step, Duration took, List<String> heads, boolean partial,
                                                     MigrationListener listener) {
        String id = step.revision() == null ? String.join(",", step.toRevisions()) : step.revision().id();
        String at = heads.isEmpty() ? "base" : String.join(", ", heads);
        MigrationInterruptedException e = new MigrationInterruptedException(id, "Interrupted during "
                + step.kind().name().toLowerCase() + " " + id
                + (partial ? "; it runs outside a transaction and stopped part-way (see the audit log)"
                           : "; it was rolled back and recorded in the audit log")
                + ". The database is at " + at + ".", partial, heads);
        listener.stepFailed(step, took, e);
        return e;
    }

    /** A step's statement failed. */
    static MigrationFailedException failed(Step step, RevisionScript script, StatementFailedException e,
                                                   List<String> heads, boolean partial) {
        return new MigrationFailedException(script.id(), step.kind().name().toLowerCase(), script.path(), e.line(),
                e.statement(), e.sqlState(), e.databaseMessage(), heads, partial, e);
    }
}
