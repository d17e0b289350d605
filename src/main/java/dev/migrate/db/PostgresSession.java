package dev.migrate.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The PostgreSQL session that runs a command which writes: set up once (refusing a transaction-mode pooler), and
 * restored and checked in front of each of migrate's writes, so that a revision cannot reach migrate's bookkeeping.
 */
final class PostgresSession {

    private PostgresSession() { }

    /**
     * One round trip: who this session is, where the server thinks it is reached, and migrate's session settings.
     * No idle timeout may end the session that holds the lock (migrate is idle in it only between its own
     * statements); a transaction left open by a client that went silent ends after {@code network_timeout}; the
     * server probes a silent client with keepalives; since PostgreSQL 14 it also checks every second, while a
     * statement runs, that the client is still there, so that the statement of a killed process is cancelled.
     */
    static WorkSession prepare(Connection c, ConnectionSource connections, Duration networkTimeout, boolean foreign)
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
        // What the session had set before migrate came (an application's pool may have run SETs on it), read before
        // migrate sets its own, in the same round trip: it is restored for each revision and when the connection
        // goes back to the pool. A session migrate opened itself has nothing of the kind, and the read of every
        // setting is the costliest statement of the set-up.
        StringBuilder original = new StringBuilder();
        try (Statement st = c.createStatement()) {
            st.execute((foreign ? "SELECT name, setting FROM pg_catalog.pg_settings WHERE source = 'session' ORDER BY name;\n" : "")
                    + "SELECT pg_catalog.pg_backend_pid(), "
                    + "pg_catalog.host(pg_catalog.inet_server_addr()), pg_catalog.inet_server_port(), "
                    + "pg_catalog.current_setting('search_path'), current_user, session_user, "
                    + "pg_catalog.current_setting('transaction_read_only'), " + settings);
            if (foreign) {
                try (ResultSet rs = st.getResultSet()) {
                    while (rs.next()) original.append(", ").append(setting(rs.getString(1), rs.getString(2)));
                }
                st.getMoreResults();
            }
            try (ResultSet rs = st.getResultSet()) {
                rs.next();
                pid = rs.getInt(1);
                serverAddress = rs.getString(2);
                serverPort = (Integer) rs.getObject(3);
                searchPath = rs.getString(4);
                currentUser = rs.getString(5);
                sessionUser = rs.getString(6);
                readOnly = "on".equals(rs.getString(7));
            }
        }
        if (!reachedDirectly(c, serverAddress, serverPort)) refuseTransactionPooling(c, connections, pid);
        // PL/pgSQL, run in one DO statement (one statement of the round trip it travels in, not four).
        String asFound = "RESET ALL; "
                + (currentUser.equals(sessionUser) ? "" : "PERFORM " + setting("role", currentUser) + "; ")
                + "PERFORM " + setting("search_path", searchPath) + original + "; ";
        return new WorkSession("RESET SESSION AUTHORIZATION; " + asFound + "PERFORM " + settings + "; ",
                "RESET SESSION AUTHORIZATION; " + asFound, readOnly, currentUser);
    }

    /** Puts the session back as the pool handed it over, before the connection goes back. */
    static void handBack(Connection c, WorkSession session) throws SQLException {
        if (session.handBack().isEmpty()) return;
        try (Statement st = c.createStatement()) {
            st.execute(SessionGuard.doBlock(session.handBack()));
        }
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

    static SessionGuard guard(WorkSession session, MigrationLock lock, Duration lockTimeout, Duration statementTimeout) {
        String restore = session.restore() + "PERFORM " + setting("lock_timeout", lockTimeout.toMillis() + "ms")
                + ", " + setting("statement_timeout", statementTimeout.toMillis() + "ms") + "; ";
        String check = lock.checkSql();
        return new SessionGuard(restore + check, SessionGuard.doBlock(restore), check.isEmpty() ? "" : SessionGuard.doBlock(check));
    }

}
