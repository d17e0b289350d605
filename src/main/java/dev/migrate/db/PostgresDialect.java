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

/** PostgreSQL: transactional DDL, a session-level advisory lock keyed by the version table's qualified name. */
public final class PostgresDialect implements Dialect {

    /** How often the lock is tried while another process holds it; Flyway polls once a second, we need not. */
    private static final long POLL_MIN_MILLIS = 25, POLL_MAX_MILLIS = 250;
    private static final Duration REPORT_EVERY = Duration.ofSeconds(5);

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
        Connection c = Driver.INSTANCE.connect(jdbcUrl, properties);
        if (c == null) throw new SQLException("No suitable driver found for " + jdbcUrl, "08001");
        return c;
    }

    /** Made on first connection only: offline runs never load the driver. */
    private static final class Driver {
        static final java.sql.Driver INSTANCE = new org.postgresql.Driver();
    }

    @Override
    public void addConnectionProperties(java.util.Properties properties, String applicationName) {
        properties.setProperty("ApplicationName", applicationName);
    }

    /**
     * A migrate process killed with SIGKILL leaves its backend running the current statement, holding the
     * revision's locks until the statement ends. Since PostgreSQL 14 the server can notice the lost client while a
     * statement runs: check every second, so that the next run is not blocked by an orphan.
     */
    @Override
    public void prepareWorkConnection(Connection connection) throws SQLException {
        if (connection.getMetaData().getDatabaseMajorVersion() >= 14) {
            try (Statement st = connection.createStatement()) {
                st.execute("SET client_connection_check_interval = '1s'");
            }
        }
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

    @Override
    public MigrationLock lock(ConnectionSource connections, TableName versionTable, Duration wait,
                              LockWaitListener listener) throws SQLException {
        Connection c = connections.open();
        try {
            c.setAutoCommit(true); // a waiting process must never hold a transaction open
            String qualified = qualifiedName(c, versionTable);
            long key = lockKey(qualified);
            long start = System.nanoTime();
            long pause = POLL_MIN_MILLIS;
            Duration nextReport = Duration.ZERO;
            while (!tryLock(c, key)) {
                Duration waited = Duration.ofNanos(System.nanoTime() - start);
                if (waited.compareTo(wait) >= 0) {
                    throw new LockTimeoutException("advisory lock " + key + " (" + qualified + ")", waited, holder(c, key));
                }
                if (waited.compareTo(nextReport) >= 0) {
                    listener.waiting(holder(c, key), waited);
                    nextReport = nextReport.plus(REPORT_EVERY);
                }
                sleep(Math.min(pause, Math.max(1, wait.minus(waited).toMillis())));
                pause = Math.min(POLL_MAX_MILLIS, pause * 2);
                listener.polling();
            }
            return () -> release(c, key);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c, e);
            throw e;
        }
    }

    /** The lock key: the first 8 bytes of SHA-256 over the schema-qualified version table name. */
    public static long lockKey(String qualifiedTable) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(("migrate:" + qualifiedTable).getBytes(StandardCharsets.UTF_8));
            long k = 0;
            for (int i = 0; i < 8; i++) k = (k << 8) | (d[i] & 0xff);
            return k;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String qualifiedName(Connection c, TableName t) throws SQLException {
        if (t.schema() != null) return t.sql();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_schema()")) {
            rs.next();
            String schema = rs.getString(1);
            return (schema == null ? "public" : schema) + "." + t.name();
        }
    }

    private static boolean tryLock(Connection c, long key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Who holds the lock; {@code state_change} of an idle lock connection is when it took the lock. */
    private static LockHolder holder(Connection c, long key) {
        String sql = "SELECT a.pid, a.application_name, host(a.client_addr), a.state_change "
                + "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                + "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
                + "AND l.classid::bigint = ? AND l.objid::bigint = ? "
                + "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, key >>> 32);
            ps.setLong(2, key & 0xffffffffL);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return null;
                return new LockHolder(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getObject(4, OffsetDateTime.class));
            }
        } catch (SQLException e) {
            return null; // only used to enrich a message
        }
    }

    private static void release(Connection c, long key) {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            ps.setLong(1, key);
            ps.execute();
        } catch (SQLException ignored) {
            // closing the session below releases a session-level lock anyway
        } finally {
            closeQuietly(c, null);
        }
    }

    static void closeQuietly(Connection c, Throwable primary) {
        try {
            c.close();
        } catch (SQLException e) {
            if (primary != null) primary.addSuppressed(e);
        }
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
