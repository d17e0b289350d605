package dev.migrate.core;

/** The database refused one of migrate's own statements (not a revision's: see {@link MigrationFailedException}). */
public final class DatabaseException extends RuntimeException {
    private final String sqlState;

    public DatabaseException(String redactedUrl, String sqlState, String databaseMessage, Throwable cause) {
        super("Database error on " + redactedUrl + ": " + databaseMessage + (sqlState == null ? "" : " (SQLSTATE " + sqlState + ")"), cause);
        this.sqlState = sqlState;
    }

    public String sqlState() { return sqlState; }
}
