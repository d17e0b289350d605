package dev.migrate.db;

import dev.migrate.config.DatabaseUrl;
import dev.migrate.ops.SqlRenderer;
import dev.migrate.script.SqlSplitter;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.Duration;

/**
 * Everything that differs between the databases migrate supports: statement splitting, the DDL of its own
 * tables, catalog look-ups and the migration lock. Code outside this package never asks which database it is on.
 */
public interface Dialect {

    /** A short name for messages: {@code postgresql}, {@code sqlite}. */
    String name();

    /** How revision scripts are split into statements on this database. */
    SqlSplitter.Flavor flavor();

    /** How the schema operations of Java revision scripts are rendered as SQL on this database. */
    SqlRenderer renderer();

    /** Whether the table exists (in the table's schema, or the connection's current schema when it has none). */
    boolean tableExists(Connection connection, TableName table) throws SQLException;

    /** Whether the table has the column (named as created, unquoted and lower case). */
    boolean columnExists(Connection connection, TableName table, String column) throws SQLException;

    /** {@code ALTER TABLE ... ADD COLUMN IF NOT EXISTS} for an offline script; null where the database has no such form. */
    default String addColumnIfNotExists(TableName table, String column, String type) {
        return null;
    }

    /** DDL of the version table: Alembic's shape, one {@code version_num} row per head. */
    default String versionTableDdl(TableName table) {
        return "CREATE TABLE IF NOT EXISTS " + table.sql() + " (version_num VARCHAR(255) NOT NULL, "
                + "CONSTRAINT " + table.name() + "_pkc PRIMARY KEY (version_num))";
    }

    /** DDL of the append-only audit table; the dialects differ only in the key and timestamp types. */
    default String auditTableDdl(TableName table) {
        return "CREATE TABLE IF NOT EXISTS " + table.sql() + " ("
                + "id " + auditKeyType() + " PRIMARY KEY, "
                + "revision VARCHAR(255), "
                + "kind VARCHAR(16) NOT NULL, "
                + "heads_before TEXT NOT NULL, "
                + "heads_after TEXT NOT NULL, "
                + "checksum VARCHAR(64), "
                + "db_user TEXT, "
                + "os_user TEXT, "
                + "host TEXT, "
                + "tool_version VARCHAR(32), "
                + "started_at " + timestampType() + " NOT NULL, "
                + "duration_ms BIGINT NOT NULL, "
                + "status VARCHAR(16) NOT NULL, "
                + "error TEXT, "
                + "statement TEXT, "
                + "lint_ignored TEXT, "
                + "run_id TEXT)";
    }

    /** An auto-numbered key column type for the audit table. */
    String auditKeyType();

    /** The column type of the audit table's timestamps. */
    String timestampType();

    /** The database user of the connection, for the audit log. */
    String databaseUser(Connection connection) throws SQLException;

    /**
     * Takes the migration lock for {@code versionTable} ({@linkplain #resolve resolved}) on {@code connection}, the
     * connection that then runs the revisions, waiting at most {@code wait} (zero: fail at once). The connection is in
     * auto-commit while it waits: a waiting process never holds a transaction open, so it cannot hold up the holder's
     * {@code CREATE INDEX CONCURRENTLY}.
     *
     * @throws LockTimeoutException when the wait runs out
     */
    MigrationLock lock(Connection connection, TableName versionTable, Duration wait, LockWaitListener listener)
            throws SQLException;

    /**
     * The table as the database resolves it: schema-qualified and spelled as the database stores it, so that every
     * spelling of one table shares one lock and migrate's statements do not depend on the search path.
     */
    /**
     * The other sessions that hold locks on the tables {@code statement} names, one line each (who, where, since
     * when, which lock, what it runs): asked after a statement gave up waiting for a lock, so that the message names
     * the blocker. Empty where the database cannot say.
     */
    default java.util.List<String> lockHolders(Connection connection, String statement) {
        return java.util.List.of();
    }

    default TableName resolve(Connection connection, TableName table) throws SQLException {
        return table;
    }

    /**
     * Sets up the connection of a command that writes, before anything else runs on it: refuses a connection that
     * cannot keep a session of its own (a transaction-mode pooler; {@code connections} may open a second connection
     * to find out) and sets the session as a run needs it.
     *
     * @param foreign whether the session may carry settings of an application's (a connection of its pool), which a
     *                run restores for each revision and when the connection goes back; false for sessions migrate
     *                opened itself, which carry none
     */
    default WorkSession prepareWorkConnection(Connection connection, ConnectionSource connections, Duration networkTimeout,
                                              boolean foreign) throws SQLException {
        return WorkSession.PLAIN;
    }

    /**
     * Puts the session back as {@link #prepareWorkConnection} found it, for a connection that goes back to an
     * application's pool: migrate's timeouts must not stay on the application's connections.
     */
    default void handBack(Connection connection, WorkSession session) throws SQLException {
    }

    /** The guard of migrate's own writes while {@code lock} is held, restoring the session and these timeouts. */
    default SessionGuard guard(WorkSession session, MigrationLock lock, Duration lockTimeout, Duration statementTimeout) {
        return SessionGuard.NONE;
    }

    /** Whether {@code e} means the connection's session is gone, or no longer holds the migration lock. */
    default boolean sessionLost(Connection connection, Throwable e) {
        if (SessionGuard.lockCheckFailed(e)) return true;
        try {
            return connection.isClosed();
        } catch (SQLException x) {
            return true;
        }
    }

    /** Bounds how long the driver waits for an answer on the connection (zero: no bound). */
    default void setNetworkTimeout(Connection connection, Duration timeout) throws SQLException {
    }

    /**
     * Whether a statement waits for every older transaction in the database rather than for a table lock (PostgreSQL's
     * concurrent index builds): {@code lock_timeout} would cancel it for an unrelated long transaction and leave an
     * INVALID index, while its wait blocks no reads or writes.
     */
    default boolean waitsForOlderTransactions(String statement) {
        return false;
    }

    /** SQL for the connected database user, in an offline script. */
    default String currentUserSql() {
        return "current_user";
    }

    /** SQL for the current time as the audit log stores it, in an offline script. */
    default String nowSql() {
        return "CURRENT_TIMESTAMP";
    }


    /** Binds a timestamp of the audit log. */
    default void setTimestamp(PreparedStatement ps, int index, Instant value) throws SQLException {
        ps.setTimestamp(index, Timestamp.from(value));
    }

    /** How the audit log's timestamp column is selected, to be read back by {@link #getTimestamp}. */
    default String timestampSelect(String column) {
        return column;
    }

    /** Reads a timestamp of the audit log, selected as {@link #timestampSelect} says. */
    default Instant getTimestamp(ResultSet rs, int index) throws SQLException {
        return rs.getTimestamp(index).toInstant();
    }

    /** The database's own message for an error, on one line, without the driver's decorations. */
    default String describe(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).trim();
    }

    /**
     * Everything the database said about a statement it refused: the SQLSTATE and {@link #describe message}, and
     * where the database gives them its DETAIL, HINT, the error's position in the statement and its context.
     */
    default DatabaseError error(SQLException e) {
        return DatabaseError.of(e.getSQLState(), describe(e));
    }

    /** Cancels whatever runs on the connection, from another thread. Never throws. */
    void cancel(Connection connection);

    /**
     * Sets the database's own lock and statement timeouts: {@code local} for the current transaction only (one
     * revision's own), else for the session (the configured ones, set once per run). Zero means no limit.
     */
    default void applyTimeouts(Connection connection, Duration lockTimeout, Duration statementTimeout, boolean local)
            throws SQLException {
    }

    /**
     * Before a non-transactional revision runs: drops an INVALID index that a failed
     * {@code CREATE INDEX CONCURRENTLY} of these statements left behind, so that running it again can succeed.
     */
    default void dropInvalidIndexes(Connection connection, java.util.List<String> statements) throws SQLException {
    }

    /**
     * Whether one prepared statement may hold several statements, separated by semicolons, that the driver sends
     * in one round trip (PostgreSQL's does; SQLite's would run only the first).
     */
    default boolean sendsStatementsTogether() {
        return false;
    }

    /** Opens a connection to a URL of this database; through {@link DriverManager} unless the dialect knows better. */
    default Connection connect(String jdbcUrl, java.util.Properties properties) throws SQLException {
        try {
            return DriverManager.getConnection(jdbcUrl, properties);
        } catch (SQLException e) {
            if (!"08001".equals(e.getSQLState()) || !String.valueOf(e.getMessage()).startsWith("No suitable driver")) throw e;
            throw new SQLException("No JDBC driver on the class path accepts " + jdbcUrl.replaceAll("\\?.*", "")
                    + ": add the database's driver (SQLite: org.xerial:sqlite-jdbc) to the application's dependencies", "08001", e);
        }
    }

    /**
     * Connection properties this dialect adds: PostgreSQL names the application, so that lock waiters see who holds
     * it, and bounds its network waits; SQLite waits for a busy database as long as the lock wait allows.
     */
    default void addConnectionProperties(java.util.Properties properties, ConnectionSettings settings) {
    }

    /** The driver properties of a connection to {@code url}: the URL's own (user, password, parameters), then this dialect's. */
    default java.util.Properties connectionProperties(DatabaseUrl url, ConnectionSettings settings) {
        java.util.Properties properties = url.jdbcProperties();
        addConnectionProperties(properties, settings);
        return properties;
    }

    /** The dialect of the database behind a {@code DataSource}, from its driver's product name. */
    static Dialect detect(javax.sql.DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName();
            if ("PostgreSQL".equalsIgnoreCase(product)) return new PostgresDialect();
            if ("SQLite".equalsIgnoreCase(product)) {
                String url = c.getMetaData().getURL();
                return new SqliteDialect(url == null ? null : SqliteDialect.databaseFile(url));
            }
            throw new IllegalArgumentException("migrate supports PostgreSQL and SQLite, not " + product);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to find out the database kind: " + e.getMessage(), e);
        }
    }

    /** The dialect for a parsed database URL. */
    public static Dialect of(DatabaseUrl url) {
        return switch (url.kind()) {
            case POSTGRESQL -> new PostgresDialect();
            case SQLITE -> new SqliteDialect(SqliteDialect.databaseFile(url.jdbcUrl()));
        };
    }
}
