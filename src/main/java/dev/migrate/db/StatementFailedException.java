package dev.migrate.db;

/** A statement of a revision script failed on the database. Carries where it stood and what the database said. */
public final class StatementFailedException extends Exception {
    private final int line;
    private final String statement;
    private final String sqlState;
    private final String databaseMessage;

    public StatementFailedException(int line, String statement, String sqlState, String databaseMessage, Throwable cause) {
        super(databaseMessage, cause);
        this.line = line;
        this.statement = statement;
        this.sqlState = sqlState;
        this.databaseMessage = databaseMessage;
    }

    public int line() { return line; }
    public String statement() { return statement; }
    public String sqlState() { return sqlState; }
    public String databaseMessage() { return databaseMessage; }
}
