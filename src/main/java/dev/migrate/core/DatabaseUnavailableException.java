package dev.migrate.core;

/**
 * The database could not be reached or refused the connection (wrong password, unknown database). The message
 * carries the URL with its password shown as {@code ***}, never the password.
 */
public final class DatabaseUnavailableException extends RuntimeException {
    private final String redactedUrl;
    private final String sqlState;

    public DatabaseUnavailableException(String redactedUrl, String sqlState, String databaseMessage, Throwable cause) {
        super("Cannot connect to " + redactedUrl + ": " + databaseMessage, cause);
        this.redactedUrl = redactedUrl;
        this.sqlState = sqlState;
    }

    public String redactedUrl() { return redactedUrl; }
    public String sqlState() { return sqlState; }
}
