package dev.migrate.db;

import dev.migrate.ops.PostgresRenderer;
import dev.migrate.ops.SqlRenderer;
import dev.migrate.script.SqlSplitter;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL: transactional DDL, a session-level advisory lock keyed by the version table's qualified name
 * ({@link PostgresLock}), and the work session's set-up and guard ({@link PostgresSession}).
 */
public final class PostgresDialect implements Dialect {

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile(
            "\"(?:[^\"]|\"\")+\"(?:\\.\"(?:[^\"]|\"\")+\"|\\.[A-Za-z_][\\w$]*)?|[A-Za-z_][\\w$]*(?:\\.(?:[A-Za-z_][\\w$]*|\"(?:[^\"]|\"\")+\"))?");

    @Override
    public java.util.List<String> lockHolders(Connection c, String statement) {
        if (statement == null) return java.util.List.of();
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        java.util.regex.Matcher m = NAME.matcher(statement);
        while (m.find() && names.size() < 200) names.add(m.group());
        String sql = "SELECT DISTINCT a.pid, coalesce(nullif(a.application_name, ''), '?'), coalesce(host(a.client_addr), 'local'), "
                + "coalesce(a.state, '?'), a.xact_start, l.mode, n.nspname || '.' || r.relname, "
                + "left(regexp_replace(coalesce(a.query, ''), '\\s+', ' ', 'g'), 120) "
                + "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid JOIN pg_class r ON r.oid = l.relation "
                + "JOIN pg_namespace n ON n.oid = r.relnamespace "
                + "WHERE l.granted AND a.pid <> pg_backend_pid() AND l.relation IN "
                + "(SELECT to_regclass(x) FROM unnest(?::text[]) AS x WHERE to_regclass(x) IS NOT NULL) ORDER BY 1, 7";
        java.util.List<String> out = new java.util.ArrayList<>();
        try (java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", names.toArray()));
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    java.sql.Timestamp since = rs.getTimestamp(5);
                    out.add("pid " + rs.getInt(1) + " (" + rs.getString(2) + ", " + rs.getString(3) + "), " + rs.getString(4)
                            + (since == null ? "" : ", transaction open since " + since.toInstant()) + ", holds " + rs.getString(6)
                            + " on " + rs.getString(7) + ": " + rs.getString(8));
                }
            }
            if (!c.getAutoCommit()) c.rollback();
        } catch (SQLException e) {
            try {
                if (!c.getAutoCommit()) c.rollback();
            } catch (SQLException ignored) {
                // the report is a courtesy: the failure itself is what matters
            }
            return java.util.List.of();
        }
        return out;
    }

    @Override public String name() { return "postgresql"; }

    @Override public SqlRenderer renderer() { return new PostgresRenderer(); }

    @Override public SqlSplitter.Flavor flavor() { return SqlSplitter.Flavor.POSTGRESQL; }

    @Override
    public boolean tableExists(Connection connection, TableName table) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, table.sql());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    @Override
    public boolean columnExists(Connection connection, TableName table, String column) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(?) AND attname = ? AND NOT attisdropped")) {
            ps.setString(1, table.sql());
            ps.setString(2, column);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public String addColumnIfNotExists(TableName table, String column, String type) {
        return "ALTER TABLE " + table.sql() + " ADD COLUMN IF NOT EXISTS " + column + " " + type;
    }

    /**
     * Microseconds since the epoch, a number: every run reads the whole audit log, and the driver's parsing of a
     * timestamp's text per row was a tenth of a no-op's time over a thousand rows.
     */
    @Override
    public String timestampSelect(String column) {
        return "(extract(epoch from " + column + ") * 1000000)::bigint";
    }

    @Override
    public Instant getTimestamp(ResultSet rs, int index) throws SQLException {
        long micros = rs.getLong(index);
        return rs.wasNull() ? null : Instant.EPOCH.plus(micros, java.time.temporal.ChronoUnit.MICROS);
    }

    @Override
    public boolean sendsStatementsTogether() { return true; }

    @Override
    public String auditKeyType() { return "BIGSERIAL"; }

    @Override
    public String timestampType() { return "TIMESTAMPTZ"; }

    @Override
    public void cancel(Connection connection) {
        try {
            connection.unwrap(org.postgresql.PGConnection.class).cancelQuery();
        } catch (SQLException | RuntimeException ignored) {
            // nothing running, or the connection is gone: either way nothing left to cancel
        }
    }

    @Override
    public void applyTimeouts(Connection connection, Duration lockTimeout, Duration statementTimeout, boolean local)
            throws SQLException {
        String set = local ? "SET LOCAL " : "SET ";
        try (Statement st = connection.createStatement()) {
            // Both in one round trip.
            st.execute(set + "lock_timeout = '" + lockTimeout.toMillis() + "ms'; "
                    + set + "statement_timeout = '" + statementTimeout.toMillis() + "ms'");
        }
    }

    private static final java.util.regex.Pattern CREATE_INDEX_CONCURRENTLY = java.util.regex.Pattern.compile(
            "(?is)^\\s*CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+CONCURRENTLY\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\"[^\"]+\"|[\\w$.]+)");

    @Override
    public void dropInvalidIndexes(Connection connection, java.util.List<String> statements) throws SQLException {
        for (String sql : statements) {
            java.util.regex.Matcher m = CREATE_INDEX_CONCURRENTLY.matcher(sql);
            if (!m.find()) continue;
            String name = m.group(1);
            boolean invalid;
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT NOT indisvalid FROM pg_index WHERE indexrelid = to_regclass(?)")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    invalid = rs.next() && rs.getBoolean(1);
                }
            }
            if (invalid) {
                try (Statement st = connection.createStatement()) {
                    st.execute("DROP INDEX CONCURRENTLY " + name);
                }
            }
        }
    }

    /**
     * Straight to the driver: {@link java.sql.DriverManager} first loads and initialises every driver on the class
     * path, SQLite's and its logging included, which a run on PostgreSQL does not need.
     */
    @Override
    public Connection connect(String jdbcUrl, java.util.Properties properties) throws SQLException {
        java.sql.Driver driver;
        try {
            driver = Driver.INSTANCE;
        } catch (LinkageError missing) {
            throw new SQLException("The PostgreSQL JDBC driver is not on the class path: add org.postgresql:postgresql "
                    + "(42.7 or newer) to the application's dependencies", "08001", missing);
        }
        Connection c = driver.connect(jdbcUrl, properties);
        if (c == null) throw new SQLException("No suitable driver found for " + jdbcUrl, "08001");
        return c;
    }

    /** Made on first connection only: offline runs never load the driver. */
    private static final class Driver {
        static final java.sql.Driver INSTANCE = new org.postgresql.Driver();
    }

    /**
     * The application name (lock waiters see who holds the lock), and bounds on the network unless the URL sets its
     * own: connecting, the cancel request of a signal, and TCP keepalive probes after a few seconds of silence.
     */
    @Override
    public void addConnectionProperties(java.util.Properties properties, ConnectionSettings settings) {
        properties.setProperty("ApplicationName", settings.applicationName());
        long seconds = Math.max(1, settings.networkTimeout().toSeconds());
        properties.putIfAbsent("connectTimeout", Long.toString(Math.min(seconds, 60)));
        properties.putIfAbsent("cancelSignalTimeout", Long.toString(Math.min(seconds, 5)));
        properties.putIfAbsent("tcpKeepAlive", "true");
        properties.putIfAbsent("socketFactory", KeepAliveSocketFactory.class.getName());
        properties.putIfAbsent(KeepAliveSocketFactory.SECONDS_PROPERTY, Long.toString(seconds));
    }

    /**
     * Schema-qualified, as PostgreSQL resolves the name: where the search path finds the table, else the schema a
     * CREATE TABLE would use; an unquoted name folded to lower case, as PostgreSQL folds it. One table, one lock key,
     * however migrate.yaml spells it.
     */
    @Override
    public TableName resolve(Connection c, TableName t) throws SQLException {
        String name = t.name().toLowerCase(java.util.Locale.ROOT);
        if (t.schema() != null) return new TableName(t.schema().toLowerCase(java.util.Locale.ROOT), name);
        try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT n.nspname FROM pg_catalog.pg_class r "
                + "JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace WHERE r.oid = pg_catalog.to_regclass(?)), "
                + "pg_catalog.current_schema()")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String schema = rs.getString(1) != null ? rs.getString(1) : rs.getString(2);
                if (schema == null) {
                    throw new SQLException("no schema to hold the version table " + name + ": no schema of the "
                            + "search path exists", "3F000");
                }
                return new TableName(schema, name);
            }
        }
    }

    /**
     * The session is gone (or no longer the lock's): the network, the server or an administrator ended it, an idle
     * timeout closed it, or migrate's own check found the lock missing.
     */
    @Override
    public boolean sessionLost(Connection c, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (!(t instanceof SQLException s)) continue;
            String state = s.getSQLState();
            if (SessionGuard.LOCK_LOST_STATE.equals(state)) return true;
            if (state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                    || state.equals("57P05") || state.equals("25P03"))) return true;
        }
        try {
            return c.isClosed();
        } catch (SQLException x) {
            return true;
        }
    }

    @Override
    public void setNetworkTimeout(Connection c, Duration timeout) throws SQLException {
        c.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    private static final java.util.regex.Pattern WAITS_FOR_OLDER_TRANSACTIONS = java.util.regex.Pattern.compile(
            "(?is)^(?:\\s+|--[^\\n]*(?:\\n|$)|/\\*.*?\\*/)*(?:CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+CONCURRENTLY\\b|DROP\\s+INDEX\\s+CONCURRENTLY\\b"
                    + "|REINDEX\\b.*\\bCONCURRENTLY\\b|ALTER\\s+TABLE\\b.*\\bDETACH\\s+PARTITION\\b.*\\bCONCURRENTLY\\b)");

    @Override
    public boolean waitsForOlderTransactions(String statement) {
        return WAITS_FOR_OLDER_TRANSACTIONS.matcher(statement).find();
    }

    @Override
    public String describe(SQLException e) {
        // pgjdbc appends "Position:", "Where:" and hint lines; the first line is the server's message.
        String m = Dialect.super.describe(e);
        return m.startsWith("ERROR: ") ? m.substring("ERROR: ".length()) : m;
    }

    /** The server's error fields, as pgjdbc received them; the message alone when the error is the driver's own. */
    @Override
    public DatabaseError error(SQLException e) {
        ServerErrorMessage m = serverMessage(e);
        if (m == null || m.getMessage() == null) return Dialect.super.error(e);
        return new DatabaseError(m.getSQLState() != null ? m.getSQLState() : e.getSQLState(), m.getMessage(), m.getDetail(),
                m.getHint(), m.getPosition(), m.getInternalPosition(), m.getInternalQuery(), m.getWhere());
    }

    private static ServerErrorMessage serverMessage(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PSQLException p && p.getServerErrorMessage() != null) return p.getServerErrorMessage();
        }
        return null;
    }

    @Override
    public String databaseUser(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT current_user")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** See {@link PostgresSession#prepare}. */
    @Override
    public WorkSession prepareWorkConnection(Connection c, ConnectionSource connections, Duration networkTimeout,
                                             boolean foreign) throws SQLException {
        return PostgresSession.prepare(c, connections, networkTimeout, foreign);
    }

    @Override
    public void handBack(Connection c, WorkSession session) throws SQLException {
        PostgresSession.handBack(c, session);
    }

    @Override
    public SessionGuard guard(WorkSession session, MigrationLock lock, Duration lockTimeout, Duration statementTimeout) {
        return PostgresSession.guard(session, lock, lockTimeout, statementTimeout);
    }

    /** See {@link PostgresLock#take}. */
    @Override
    public MigrationLock lock(Connection c, TableName versionTable, Duration wait, LockWaitListener listener)
            throws SQLException {
        return PostgresLock.take(c, versionTable, wait, listener);
    }

    /** The lock key: the first 8 bytes of SHA-256 over the schema-qualified version table name. */
    public static long lockKey(String qualifiedTable) {
        return PostgresLock.key(qualifiedTable);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the migration lock", e);
        }
    }
}
