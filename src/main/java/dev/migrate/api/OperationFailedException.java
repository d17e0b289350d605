package dev.migrate.api;

import java.sql.SQLException;

/**
 * The database rejected a statement of an operation. Carries the operation, the statement and the SQLState; the
 * {@link SQLException} is the cause.
 */
public final class OperationFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String operation;
    private final String statement;
    private final String sqlState;

    public OperationFailedException(String operation, String statement, SQLException cause) {
        super(operation + " failed: " + firstLine(cause.getMessage()) + " [statement: " + abbreviate(statement) + "]",
                cause);
        this.operation = operation;
        this.statement = statement;
        this.sqlState = cause.getSQLState();
    }

    /** The operation, e.g. {@code alterColumn accounts.email}. */
    public String operation() { return operation; }

    /** The statement that failed, in full. */
    public String statement() { return statement; }

    /** The SQLState, or null if the driver gave none (SQLite). */
    public String sqlState() { return sqlState; }

    @Override
    public synchronized SQLException getCause() {
        return (SQLException) super.getCause();
    }

    private static String firstLine(String m) {
        if (m == null) return "no message";
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).trim();
    }

    private static String abbreviate(String sql) {
        String s = sql.replaceAll("\\s+", " ").trim();
        return s.length() <= 200 ? s : s.substring(0, 199) + "…";
    }
}
