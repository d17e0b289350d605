package dev.migrate.core;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The database is in a state that a command will not work from without being told: it is ahead of the code,
 * an applied script changed, or a non-transactional revision stopped part-way. Nothing was changed.
 */
public final class DatabaseStateException extends RuntimeException {

    /** Which of the three it is. */
    public enum Reason { UNKNOWN_REVISION, CHANGED_SCRIPT, PARTIAL_REVISION }

    private final Reason reason;
    private final transient DatabaseState state;

    private DatabaseStateException(Reason reason, DatabaseState state, String message) {
        super(message);
        this.reason = reason;
        this.state = state;
    }

    public Reason reason() { return reason; }

    public DatabaseState state() { return state; }

    static DatabaseStateException unknown(DatabaseState s, String command) {
        String list = s.unknown().stream().map(DatabaseState.Unknown::describe).collect(Collectors.joining("; "));
        String one = s.unknown().get(0).revision();
        return new DatabaseStateException(Reason.UNKNOWN_REVISION, s, "The database is at revision "
                + list + ", which no script here defines: the database is ahead of this code, usually after an "
                + "application rollback or a checkout of another branch. Nothing was changed. Deploy the code that has "
                + one + ", or run `migrate downgrade` from that code"
                + (command.equals("upgrade") ? "; `migrate upgrade --ignore-unknown` leaves it alone."
                   : command.equals("stamp") ? "; `migrate stamp --purge <target>` replaces it." : "."));
    }

    static DatabaseStateException changed(DatabaseState s) {
        String list = s.changed().stream().map(DatabaseState.Changed::describe).collect(Collectors.joining("; "));
        String revs = s.changed().stream().map(DatabaseState.Changed::revision).collect(Collectors.joining(" "));
        return new DatabaseStateException(Reason.CHANGED_SCRIPT, s, "The script of an applied revision has changed since "
                + "it was applied: " + list + ". Environments that applied the old content now differ from new ones. "
                + "Nothing was changed. Undo the edit and put the change in a new revision, or, if the edit changes "
                + "nothing that ran (a comment, formatting), accept it: migrate accept " + revs);
    }

    static DatabaseStateException partial(DatabaseState s, String command) {
        DatabaseState.Partial p = s.partial().get(0);
        return new DatabaseStateException(Reason.PARTIAL_REVISION, s, "Revision " + p.describe()
                + ". It runs outside a transaction, so the statements before that one took effect. Nothing was changed. "
                + "Either run it again from its first statement: migrate " + command + " <target> --retry-partial "
                + "(an INVALID index left by CREATE INDEX CONCURRENTLY is dropped first), or, if you completed it by hand, "
                + "mark it done: migrate stamp " + p.revision());
    }

    static List<String> revisions(List<DatabaseState.Unknown> unknown) {
        return unknown.stream().map(DatabaseState.Unknown::revision).toList();
    }
}
