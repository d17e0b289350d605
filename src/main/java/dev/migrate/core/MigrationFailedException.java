package dev.migrate.core;

import java.nio.file.Path;
import java.util.List;

/**
 * A statement of a revision failed. The revision was rolled back, the failure recorded in the audit log, and the
 * database stays at {@link #heads()}.
 */
public final class MigrationFailedException extends RuntimeException {
    private final String revision;
    private final String direction;
    private final Path file;
    private final int line;
    private final String statement;
    private final String sqlState;
    private final String databaseMessage;
    private final List<String> heads;
    private final boolean partial;
    private String auditError;

    public MigrationFailedException(String revision, String direction, Path file, int line, String statement,
                                    String sqlState, String databaseMessage, List<String> heads, boolean partial, Throwable cause) {
        super(direction + " " + revision + " failed at " + file + (line > 0 ? ":" + line : "") + ": " + databaseMessage
                + (sqlState == null ? "" : " (SQLSTATE " + sqlState + ")"), cause);
        this.revision = revision;
        this.direction = direction;
        this.file = file;
        this.line = line;
        this.statement = statement;
        this.sqlState = sqlState;
        this.databaseMessage = databaseMessage;
        this.heads = List.copyOf(heads);
        this.partial = partial;
    }

    /** This failure, noting that it could not be recorded in the audit log, and why. */
    public MigrationFailedException withAuditError(String why) {
        this.auditError = why;
        return this;
    }

    /** Why the failure could not be recorded in the audit log, or null when it was. */
    public String auditError() { return auditError; }

    /** True for a revision that runs outside a transaction: the statements before the failed one took effect. */
    public boolean partial() { return partial; }

    public String revision() { return revision; }
    /** {@code upgrade} or {@code downgrade}. */
    public String direction() { return direction; }
    public Path file() { return file; }
    /** The line of the script where it failed; 0 when not known. */
    public int line() { return line; }
    /** The statement that failed; empty when the error was not a statement's (a Java revision's own exception). */
    public String statement() { return statement; }
    public String sqlState() { return sqlState; }
    public String databaseMessage() { return databaseMessage; }
    /** The heads the database stays at. */
    public List<String> heads() { return heads; }
}
