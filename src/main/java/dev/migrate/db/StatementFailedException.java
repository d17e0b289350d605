package dev.migrate.db;

/**
 * A statement of a revision failed on the database. Carries where it stood and what the database said: the
 * {@link DatabaseError} with its SQLSTATE, message and, where the database gives them, DETAIL, HINT and the position
 * of the error in the statement.
 */
public final class StatementFailedException extends Exception {
    private final int line;
    private final int statementLine;
    private final String statement;
    private final DatabaseError error;

    /** At {@code line}, with what the database said reduced to its SQLSTATE and message. */
    public StatementFailedException(int line, String statement, String sqlState, String databaseMessage, Throwable cause) {
        this(line, 0, statement, DatabaseError.of(sqlState, databaseMessage), cause);
    }

    /**
     * At {@code line} as the caller found it (a Java revision's line, from its stack trace): {@code statement} is not
     * text of the script file, so the error's position in it says nothing about the file's lines.
     */
    public StatementFailedException(int line, String statement, DatabaseError error, Throwable cause) {
        this(line, 0, statement, error, cause);
    }

    private StatementFailedException(int line, int statementLine, String statement, DatabaseError error, Throwable cause) {
        super(error.message(), cause);
        this.line = line;
        this.statementLine = statementLine;
        this.statement = statement;
        this.error = error;
    }

    /**
     * A statement written in the script file, whose text begins on {@code statementLine}: the failure is reported at
     * the line the error's position falls on, else at the statement's first line.
     */
    public static StatementFailedException inScript(int statementLine, String statement, DatabaseError error, Throwable cause) {
        int line = statementLine + error.pointer(statement).map(p -> p.line() - 1).orElse(0);
        return new StatementFailedException(line, statementLine, statement, error, cause);
    }

    /** The line of the script where it failed: that of the error's position when the database gave one; 0 when not known. */
    public int line() { return line; }
    /** The line of the script on which the statement's text begins; 0 when the statement is not text of the file. */
    public int statementLine() { return statementLine; }
    public String statement() { return statement; }
    public String sqlState() { return error.sqlState(); }
    /** The database's primary message. */
    public String databaseMessage() { return error.message(); }
    /** Everything the database said. */
    public DatabaseError error() { return error; }
    /** The message with the database's DETAIL, HINT and context, one a line: the text for the audit log. */
    public String fullMessage() { return error.fullMessage(); }
}
