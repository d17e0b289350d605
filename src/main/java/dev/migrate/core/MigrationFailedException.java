package dev.migrate.core;

import dev.migrate.db.DatabaseError;
import dev.migrate.db.StatementFailedException;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A statement of a revision failed. The revision was rolled back, the failure recorded in the audit log (unless
 * {@link #auditError()} says why it could not be), and the database stays at {@link #heads()}.
 */
public final class MigrationFailedException extends RuntimeException {
    private final String revision;
    private final String direction;
    private final Path file;
    private final int line;
    private final int statementLine;
    private final String statement;
    private final DatabaseError error;
    private final List<String> heads;
    private final boolean partial;
    private final String auditError;
    private List<String> blockers = List.of();

    /**
     * A failure known by its SQLSTATE and message. When {@code cause} is the {@link StatementFailedException} these
     * came from, what else the database said (DETAIL, HINT, the error's position) comes with it.
     */
    public MigrationFailedException(String revision, String direction, Path file, int line, String statement,
                                    String sqlState, String databaseMessage, List<String> heads, boolean partial, Throwable cause) {
        this(revision, direction, file, line, statementLineOf(cause, line, statement, sqlState, databaseMessage), statement,
                errorOf(cause, line, statement, sqlState, databaseMessage), heads, partial, null, cause);
    }

    /**
     * @param line          the line of the script where it failed (that of the error's position, when known); 0 when
     *                      not known
     * @param statementLine the line of the script on which {@code statement} begins; 0 when it is not text of the
     *                      file (a Java revision's)
     * @param auditError    why the failure could not be recorded in the audit log; null when it was
     */
    public MigrationFailedException(String revision, String direction, Path file, int line, int statementLine,
                                    String statement, DatabaseError error, List<String> heads, boolean partial,
                                    String auditError, Throwable cause) {
        super(message(revision, direction, file, line, error, auditError), cause);
        this.revision = revision;
        this.direction = direction;
        this.file = file;
        this.line = line;
        this.statementLine = statementLine;
        this.statement = statement;
        this.error = Objects.requireNonNull(error, "error");
        this.heads = List.copyOf(heads);
        this.partial = partial;
        this.auditError = auditError;
    }

    /** The failure of {@code e}, a statement of the revision's script {@code file}. */
    public static MigrationFailedException of(String revision, String direction, Path file, StatementFailedException e,
                                              List<String> heads, boolean partial) {
        return new MigrationFailedException(revision, direction, file, e.line(), e.statementLine(), e.statement(), e.error(),
                heads, partial, null, e);
    }

    /** The same failure, which could not be recorded in the audit log, for the reason {@code why}. */
    public MigrationFailedException withAuditError(String why) {
        MigrationFailedException copy = new MigrationFailedException(revision, direction, file, line, statementLine, statement,
                error, heads, partial, why, getCause());
        copy.blockers = blockers;
        copy.setStackTrace(getStackTrace());
        for (Throwable s : getSuppressed()) copy.addSuppressed(s);
        return copy;
    }

    /**
     * The same failure, with the sessions that held locks on the statement's tables when it gave up waiting
     * ({@code lock_timeout}): who to look at, in the words of {@link dev.migrate.db.Dialect#lockHolders}.
     */
    public MigrationFailedException withBlockers(List<String> sessions) {
        MigrationFailedException copy = withAuditError(auditError);
        copy.blockers = List.copyOf(sessions);
        return copy;
    }

    /** The sessions that held locks on the statement's tables when a lock wait timed out; empty otherwise. */
    public List<String> blockers() { return blockers; }

    private static String message(String revision, String direction, Path file, int line, DatabaseError error,
                                  String auditError) {
        StringBuilder b = new StringBuilder(headline(revision, direction, file, line, error));
        if (error.detail() != null) b.append("\nDETAIL: ").append(error.detail());
        if (error.hint() != null) b.append("\nHINT: ").append(error.hint());
        if (auditError != null) b.append("\nThe failure could not be recorded in the audit log: ").append(auditError);
        return b.toString();
    }

    private static String headline(String revision, String direction, Path file, int line, DatabaseError error) {
        return direction + " " + revision + " failed at " + file + (line > 0 ? ":" + line : "") + ": " + error.message()
                + (error.sqlState() == null ? "" : " (SQLSTATE " + error.sqlState() + ")");
    }

    private static boolean cameFrom(Throwable cause, int line, String statement, String sqlState, String databaseMessage) {
        return cause instanceof StatementFailedException s && s.line() == line && Objects.equals(s.statement(), statement)
                && Objects.equals(s.sqlState(), sqlState) && Objects.equals(s.databaseMessage(), databaseMessage);
    }

    private static DatabaseError errorOf(Throwable cause, int line, String statement, String sqlState, String databaseMessage) {
        return cameFrom(cause, line, statement, sqlState, databaseMessage) ? ((StatementFailedException) cause).error()
                : DatabaseError.of(sqlState, databaseMessage);
    }

    private static int statementLineOf(Throwable cause, int line, String statement, String sqlState, String databaseMessage) {
        return cameFrom(cause, line, statement, sqlState, databaseMessage) ? ((StatementFailedException) cause).statementLine() : 0;
    }

    /** True for a revision that runs outside a transaction: the statements before the failed one took effect. */
    public boolean partial() { return partial; }

    public String revision() { return revision; }
    /** {@code upgrade} or {@code downgrade}. */
    public String direction() { return direction; }
    public Path file() { return file; }
    /** The line of the script where it failed: that of the error's position when the database gave one; 0 when not known. */
    public int line() { return line; }
    /** The line of the script on which the statement begins; 0 when the statement is not text of the file (a Java revision's). */
    public int statementLine() { return statementLine; }
    /** The statement that failed; empty when the error was not a statement's (a Java revision's own exception). */
    public String statement() { return statement; }
    public String sqlState() { return error.sqlState(); }
    /** The database's primary message. */
    public String databaseMessage() { return error.message(); }
    /** Everything the database said: DETAIL, HINT, the position in the statement, the context. */
    public DatabaseError error() { return error; }
    /** The database's DETAIL; null when it gave none. */
    public String detail() { return error.detail(); }
    /** The database's HINT; null when it gave none. */
    public String hint() { return error.hint(); }
    /** Where in {@link #statement()} the database found the error: a 1-based character index; 0 when not known. */
    public int position() { return error.position(); }
    /** Where the error's position falls in the statement, as a line of the statement and a column; empty when not known. */
    public Optional<DatabaseError.Pointer> pointer() { return error.pointer(statement); }
    /** The message with the database's DETAIL, HINT and context, one a line: the text for the audit log. */
    public String fullMessage() { return error.fullMessage(); }
    /** Why the failure could not be recorded in the audit log; null when it was. */
    public String auditError() { return auditError; }
    /** The first line of the message: what failed, where, the database's message and SQLSTATE. */
    public String headline() { return headline(revision, direction, file, line, error); }
    /** The heads the database stays at. */
    public List<String> heads() { return heads; }
}
