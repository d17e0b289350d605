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
     * One round trip: who this session is, where the server thinks it is reached, and migrate's session settings.
     * No idle timeout may end the session that holds the lock (migrate is idle in it only between its own
     * statements); a transaction left open by a client that went silent ends after {@code network_timeout}; the
     * server probes a silent client with keepalives; since PostgreSQL 14 it also checks every second, while a
     * statement runs, that the client is still there, so that the statement of a killed process is cancelled.
     */
    @Override
    public WorkSession prepareWorkConnection(Connection c, ConnectionSource connections, Duration networkTimeout)
            throws SQLException {
        boolean v14 = c.getMetaData().getDatabaseMajorVersion() >= 14;
        int[] probes = KeepAliveSocketFactory.probes((int) Math.max(3, networkTimeout.toSeconds()));
        StringBuilder settings = new StringBuilder()
                .append(setting("idle_in_transaction_session_timeout", networkTimeout.toMillis() + "ms"))
                .append(", ").append(setting("tcp_keepalives_idle", Integer.toString(probes[0])))
                .append(", ").append(setting("tcp_keepalives_interval", Integer.toString(probes[1])))
                .append(", ").append(setting("tcp_keepalives_count", Integer.toString(probes[2])));
        if (v14) {
            settings.append(", ").append(setting("idle_session_timeout", "0"))
                    .append(", ").append(setting("client_connection_check_interval", "1000ms"));
        }
        int pid;
        String serverAddress, searchPath, currentUser, sessionUser;
        Integer serverPort;
        boolean readOnly;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_catalog.pg_backend_pid(), "
                + "pg_catalog.host(pg_catalog.inet_server_addr()), pg_catalog.inet_server_port(), "
                + "pg_catalog.current_setting('search_path'), current_user, session_user, "
                + "pg_catalog.current_setting('transaction_read_only'), " + settings)) {
            rs.next();
            pid = rs.getInt(1);
            serverAddress = rs.getString(2);
            serverPort = (Integer) rs.getObject(3);
            searchPath = rs.getString(4);
            currentUser = rs.getString(5);
            sessionUser = rs.getString(6);
            readOnly = "on".equals(rs.getString(7));
        }
        if (!reachedDirectly(c, serverAddress, serverPort)) refuseTransactionPooling(c, connections, pid);
        // PL/pgSQL, run in one DO statement (one statement of the round trip it travels in, not four).
        String restore = "RESET SESSION AUTHORIZATION; RESET ALL; "
                + (currentUser.equals(sessionUser) ? "" : "PERFORM " + setting("role", currentUser) + "; ")
                + "PERFORM " + setting("search_path", searchPath) + ", " + settings + "; ";
        return new WorkSession(restore, readOnly);
    }

    private static String setting(String name, String value) {
        return "pg_catalog.set_config('" + name + "', " + literal(value) + ", false)";
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static String quoteIdent(String s) {
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /**
     * Whether the server's own address and port are the ones the driver connected to. A pooler or a proxy in between
     * shows another (the server sees the pooler); only then is the second connection of
     * {@link #refuseTransactionPooling} worth its cost. Unknown (a Unix socket) counts as direct.
     */
    private static boolean reachedDirectly(Connection c, String serverAddress, Integer serverPort) {
        if (serverAddress == null || serverPort == null) return true;
        try {
            org.postgresql.util.HostSpec spec = c.unwrap(org.postgresql.core.BaseConnection.class).getQueryExecutor().getHostSpec();
            if (spec.getPort() != serverPort) return false;
            java.net.InetAddress server = java.net.InetAddress.getByName(serverAddress);
            for (java.net.InetAddress a : java.net.InetAddress.getAllByName(spec.getHost())) {
                if (a.equals(server)) return true;
            }
            return false;
        } catch (SQLException | java.io.IOException | RuntimeException e) {
            return false; // cannot tell: look closer
        }
    }

    /**
     * A transaction-mode pooler hands the server session of a client that is between transactions to the next client
     * that asks, most recently released first (PgBouncer's default). So while this connection holds no transaction, a
     * second connection asks for a session, a few times: if it is given this connection's, or this connection then
     * finds itself on another one, sessions are not the client's own. In session mode the second connection may have
     * to wait for a free server session; it waits a second at most, and the wait itself shows the session is pinned.
     */
    private static void refuseTransactionPooling(Connection c, ConnectionSource connections, int pid) throws SQLException {
        try (Connection second = connections.open()) {
            second.setAutoCommit(true);
            second.setNetworkTimeout(Runnable::run, 1000);
            for (int round = 0; round < PROBE_ROUNDS; round++) {
                int other;
                try {
                    other = backendPid(second);
                } catch (SQLException e) {
                    if (e.getSQLState() != null && e.getSQLState().startsWith("08")) return; // waited: session mode
                    throw e;
                }
                if (other == pid) {
                    throw new PoolerException("a second connection was given the same server session (backend pid "
                            + pid + ") while the first held no transaction");
                }
                int again = backendPid(c);
                if (again != pid) {
                    throw new PoolerException("the connection moved from server session " + pid + " to " + again
                            + " between two transactions");
                }
            }
        }
    }

    private static final int PROBE_ROUNDS = 3;

    private static int backendPid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_catalog.pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
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

    @Override
    public SessionGuard guard(WorkSession session, MigrationLock lock, Duration lockTimeout, Duration statementTimeout) {
        String restore = session.restore() + "PERFORM " + setting("lock_timeout", lockTimeout.toMillis() + "ms")
                + ", " + setting("statement_timeout", statementTimeout.toMillis() + "ms") + "; ";
        String check = lock.checkSql();
        return new SessionGuard(doBlock(restore + check), doBlock(restore), check.isEmpty() ? "" : doBlock(check));
    }

    private static String doBlock(String plpgsql) {
        return "DO $migrate$BEGIN " + plpgsql + "END$migrate$";
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
            if (s instanceof LockLostException || SessionGuard.LOCK_LOST_STATE.equals(state)) return true;
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

    /**
     * The lock lives on the connection that runs the revisions: when that session ends (killed, timed out, cut off by
     * the network), the lock and the revision's transaction end together, and nothing commits without the lock. A
     * session that already holds the key before asking has been shared with another client: a pooler.
     */
    @Override
    public MigrationLock lock(Connection c, TableName versionTable, Duration wait, LockWaitListener listener)
            throws SQLException {
        String qualified = versionTable.sql();
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
        // Held twice: the check in front of each write releases it once and takes it again (see checkSql).
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_catalog.pg_advisory_lock(?)")) {
            ps.setLong(1, key);
            ps.execute();
        } catch (SQLException e) {
            new AdvisoryLock(c, key).close();
            throw e;
        }
        return new AdvisoryLock(c, key);
    }

    /** A session-level advisory lock held by the work connection's session. */
    private record AdvisoryLock(Connection c, long key) implements MigrationLock {
        /**
         * Cheap, unlike a look at {@code pg_locks}: the session holds the lock twice (see {@link #lock}), so releasing
         * it once succeeds exactly when this session holds it, and taking it again cannot wait.
         */
        @Override
        public String checkSql() {
            return "IF NOT pg_catalog.pg_advisory_unlock(" + key + ") THEN RAISE EXCEPTION USING ERRCODE = '"
                    + SessionGuard.LOCK_LOST_STATE + "', MESSAGE = 'this session no longer holds the migration lock'; "
                    + "END IF; PERFORM pg_catalog.pg_advisory_lock(" + key + "); ";
        }

        /**
         * Releases the lock, leaving the connection as it found it. A connection that cannot release it (its session
         * is broken) is aborted, never handed back to a pool still holding the lock.
         */
        @Override
        public void close() {
            try {
                if (c.isClosed()) return;
                if (!c.getAutoCommit()) c.rollback();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT pg_catalog.pg_advisory_unlock(?), pg_catalog.pg_advisory_unlock(?)")) {
                    ps.setLong(1, key);
                    ps.setLong(2, key);
                    ps.execute();
                }
            } catch (SQLException e) {
                try {
                    c.abort(Runnable::run);
                } catch (SQLException | RuntimeException ignored) {
                    // closing the session releases a session-level lock anyway
                }
            }
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

    /**
     * Takes the lock if free. Asked first whether this very session holds it already, which migrate never does before
     * it asks: then the server session was handed over by a pooler from another client that holds it.
     */
    private static boolean tryLock(Connection c, long key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_locks "
                + "WHERE locktype = 'advisory' AND pid = pg_catalog.pg_backend_pid() AND classid::bigint = ? AND objid::bigint = ? "
                + "AND objsubid = 1 AND granted) THEN 2 WHEN pg_catalog.pg_try_advisory_lock(?) THEN 1 ELSE 0 END")) {
            ps.setLong(1, key >>> 32);
            ps.setLong(2, key & 0xffffffffL);
            ps.setLong(3, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                int r = rs.getInt(1);
                if (r == 2) {
                    throw new PoolerException("the server session behind this connection already held the migration "
                            + "lock before migrate asked for it: another client's");
                }
                return r == 1;
            }
        }
    }

    /** Who holds the lock; since when its session is connected (it asks for the lock at once). */
    private static LockHolder holder(Connection c, long key) {
        String sql = "SELECT a.pid, a.application_name, host(a.client_addr), a.backend_start "
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
