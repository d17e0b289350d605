package dev.migrate.db;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;

/** PostgreSQL's migration lock: a session-level advisory lock on the session that runs the revisions. */
final class PostgresLock {

    /** How often the lock is tried while another process holds it; Flyway polls once a second, we need not. */
    private static final long POLL_MIN_MILLIS = 25, POLL_MAX_MILLIS = 250;
    private static final Duration REPORT_EVERY = Duration.ofSeconds(5);

    private PostgresLock() { }

    /**
     * The lock lives on the connection that runs the revisions: when that session ends (killed, timed out, cut off by
     * the network), the lock and the revision's transaction end together, and nothing commits without the lock. A
     * session that already holds the key before asking has been shared with another client: a pooler.
     */
    static MigrationLock take(Connection c, TableName versionTable, Duration wait, LockWaitListener listener)
            throws SQLException {
        String qualified = versionTable.sql();
        long key = key(qualified);
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
            PostgresDialect.sleep(Math.min(pause, Math.max(1, wait.minus(waited).toMillis())));
            pause = Math.min(POLL_MAX_MILLIS, pause * 2);
            listener.polling();
        }
        return new AdvisoryLock(c, key);
    }

    /** A session-level advisory lock held by the work connection's session. */
    private record AdvisoryLock(Connection c, long key) implements MigrationLock {
        /**
         * Cheap, unlike a look at {@code pg_locks}: the session holds the lock twice (see {@link PostgresLock#tryLock}), so releasing
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
                if (!c.getAutoCommit()) {
                    c.rollback();
                    c.setAutoCommit(true); // the release opens no transaction that would need ending after it
                }
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
    static long key(String qualifiedTable) {
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
     * Takes the lock if free, twice: the check in front of each write releases it once and takes it again (see
     * {@link AdvisoryLock#checkSql}). Asked first whether this very session holds it already, which migrate never does
     * before it asks: then the server session was handed over by a pooler from another client that holds it. The two
     * tries succeed or fail together, whichever the server evaluates first: a session that holds the lock takes it
     * again at once.
     */
    private static boolean tryLock(Connection c, long key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_locks "
                + "WHERE locktype = 'advisory' AND pid = pg_catalog.pg_backend_pid() AND classid::bigint = ? AND objid::bigint = ? "
                + "AND objsubid = 1 AND granted) THEN 2 WHEN pg_catalog.pg_try_advisory_lock(?) AND pg_catalog.pg_try_advisory_lock(?) THEN 1 ELSE 0 END")) {
            ps.setLong(1, key >>> 32);
            ps.setLong(2, key & 0xffffffffL);
            ps.setLong(3, key);
            ps.setLong(4, key);
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

}
