package dev.migrate.core;

import dev.migrate.config.DatabaseUrl;
import dev.migrate.db.ConnectionSettings;
import dev.migrate.db.ConnectionSource;
import dev.migrate.db.Dialect;
import dev.migrate.db.Executor;
import dev.migrate.db.LockHolder;
import dev.migrate.db.LockWaitListener;
import dev.migrate.db.MigrationLock;
import dev.migrate.db.TableName;
import dev.migrate.db.VersionStore;
import dev.migrate.db.WorkSession;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * What happened in one database: connections, its dialect, the version table and audit log, and the scopes in
 * which work runs. A scope is a callback ({@link #read}, {@link #withLock}): the connection and the lock live
 * exactly as long as the lambda, and their cleanup never hides the lambda's own error.
 */
public final class Database {

    /** Work on a connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final Dialect dialect;
    private final ConnectionSource connections;
    private final String description;
    private final VersionStore store;
    private final Executor executor;
    private final Duration connectWait;
    private final ConnectRetryListener retryListener;
    private final Duration networkTimeout;
    /** Connections come from a pool and go back to it (a {@code DataSource}). */
    private final boolean pooled;
    /** Sessions may carry an application's settings (its pool's connections), which a run restores. */
    private final boolean foreign;

    /** How long migrate waits for an answer to its own statements, and for a silent network, unless configured. */
    public static final Duration DEFAULT_NETWORK_TIMEOUT = Duration.ofSeconds(30);

    /** Told when the database is not reachable yet and the connection is tried again. */
    @FunctionalInterface
    public interface ConnectRetryListener {
        void retrying(int attempt, Duration pause, String databaseMessage);
    }

    public Database(Dialect dialect, ConnectionSource connections, String description, TableName versionTable, TableName auditTable) {
        this(dialect, connections, description, new VersionStore(dialect, versionTable, auditTable), Duration.ZERO, null,
                DEFAULT_NETWORK_TIMEOUT, false, false);
    }

    private Database(Dialect dialect, ConnectionSource connections, String description, VersionStore store,
                     Duration connectWait, ConnectRetryListener retryListener, Duration networkTimeout, boolean pooled,
                     boolean foreign) {
        this.dialect = dialect;
        this.connections = connections;
        this.description = description;
        this.store = store;
        this.executor = new Executor(dialect);
        this.connectWait = connectWait;
        this.retryListener = retryListener;
        this.networkTimeout = networkTimeout;
        this.pooled = pooled;
        this.foreign = foreign;
    }

    /**
     * The same database, but a server that is still starting (refused connection, "the database system is starting
     * up") is tried again with backoff for up to {@code wait}. A refused login or an unknown database fails at once.
     */
    public Database withConnectWait(Duration wait, ConnectRetryListener listener) {
        return new Database(dialect, connections, description, store, wait, listener, networkTimeout, pooled, foreign);
    }

    /**
     * The same database, whose pool's sessions are migrate's own (a fleet's): they carry no application's settings, so
     * none are read to be restored.
     */
    public Database ownSessions() {
        return new Database(dialect, connections, description, store, connectWait, retryListener, networkTimeout, pooled, false);
    }

    /** How long to wait for the database to answer migrate's own statements; see {@link #networkTimeout()}. */
    public Duration networkTimeout() { return networkTimeout; }

    /** A database reached through the driver; {@code applicationName} is what lock waiters see (PostgreSQL). */
    public static Database of(DatabaseUrl url, TableName versionTable, TableName auditTable, String applicationName) {
        return of(url, versionTable, auditTable, ConnectionSettings.of(applicationName));
    }

    /**
     * As {@link #of(DatabaseUrl, TableName, TableName, String)}, with the network timeout bounding connecting, each of
     * migrate's own statements, a silent network and a transaction left open by a client that went silent, and the
     * busy wait bounding how long SQLite waits for a database another connection holds.
     */
    public static Database of(DatabaseUrl url, TableName versionTable, TableName auditTable, ConnectionSettings settings) {
        Dialect dialect = Dialect.of(url);
        Properties props = dialect.connectionProperties(url, settings);
        return new Database(dialect, () -> dialect.connect(url.jdbcUrl(), props), url.redacted(),
                new VersionStore(dialect, versionTable, auditTable), Duration.ZERO, null, settings.networkTimeout(), false, false);
    }

    /** A database that is never connected to: for offline scripts, which only need its dialect. */
    public static Database offline(Dialect dialect, TableName versionTable, TableName auditTable) {
        return new Database(dialect, () -> {
            throw new SQLException("offline: no connection");
        }, "(offline " + dialect.name() + ")", versionTable, auditTable);
    }

    /** A database reached through the application's own {@code DataSource}. */
    public static Database of(DataSource dataSource, Dialect dialect, TableName versionTable, TableName auditTable) {
        return new Database(dialect, dataSource::getConnection, dataSource.getClass().getSimpleName(),
                new VersionStore(dialect, versionTable, auditTable), Duration.ZERO, null, DEFAULT_NETWORK_TIMEOUT, true, true);
    }

    public Dialect dialect() { return dialect; }

    public VersionStore store() { return store; }

    public Executor executor() { return executor; }

    /** The URL with its password masked, for messages. */
    public String description() { return description; }

    /** Runs read-only work on a connection of its own, without the lock. */
    public <T> T read(Work<T> work) {
        try (Connection c = open()) {
            int original = c.getNetworkTimeout();
            dialect.setNetworkTimeout(c, networkTimeout);
            T result = work.run(c);
            if (pooled) c.setNetworkTimeout(Runnable::run, original);
            return result;
        } catch (SQLException e) {
            throw databaseError(e);
        }
    }

    /** Work under the migration lock. */
    @FunctionalInterface
    public interface LockedWork<T> {
        T run(Connection connection, Held held) throws SQLException;
    }

    /**
     * The migration lock as the work holds it: the lock, the session it was taken on, and the version store with both
     * tables as the database resolved them (schema-qualified: a revision that changes the search path cannot move them).
     */
    public record Held(MigrationLock lock, WorkSession session, VersionStore store) { }

    /** As {@link #withLock(Duration, MigrationListener, Work, LockedWork)} with nothing to try before the lock. */
    public <T> T withLock(Duration wait, MigrationListener listener, LockedWork<T> work) {
        return withLock(wait, listener, null, work);
    }

    /**
     * Runs {@code work} under the migration lock, on the connection that holds it, with auto-commit off; the work
     * commits its own transactions. The lock lives on that connection's session, so that the work can commit nothing
     * once the session is gone: the session and the lock end together. {@code unlocked}, when given, runs first on the
     * same connection, in auto-commit and without the lock: when it returns a result, that is the outcome and the lock
     * is never taken (an upgrade of a database already at its target, which every instance of an application may run
     * at once, waits for nobody). Whatever happens, the lock is released and the connection closed.
     */
    public <T> T withLock(Duration wait, MigrationListener listener, Work<T> unlocked, LockedWork<T> work) {
        LockWaitListener waiting = new LockWaitListener() {
            @Override public void waiting(LockHolder holder, Duration waited) { listener.lockWaiting(holder, waited); }
            @Override public void polling() { listener.lockPolling(); }
        };
        try (Connection c = open()) {
            boolean autoCommit = c.getAutoCommit();
            int originalNetworkTimeout = c.getNetworkTimeout();
            WorkSession session = null;
            try {
                c.setAutoCommit(true);
                session = dialect.prepareWorkConnection(c, this::open, networkTimeout, foreign);
                dialect.setNetworkTimeout(c, networkTimeout);
                if (unlocked != null) {
                    T early = unlocked.run(c);
                    if (early != null) return early;
                }
                if (session.readOnly()) {
                    throw new DatabaseException(description, "25006", "the database accepts only reads on this connection "
                            + "(transaction_read_only is on: a standby server, or default_transaction_read_only set for the "
                            + "database or the role). Point migrate at the primary, or unset default_transaction_read_only", null);
                }
                VersionStore resolved = new VersionStore(dialect, dialect.resolve(c, store.versionTable()),
                        dialect.resolve(c, store.auditTable())).forOneRun();
                try (MigrationLock lock = dialect.lock(c, resolved.versionTable(), wait, waiting)) {
                    c.setAutoCommit(false);
                    return work.run(c, new Held(lock, session, resolved));
                }
            } finally {
                if (pooled) handBack(c, session, autoCommit, originalNetworkTimeout);
            }
        } catch (SQLException e) {
            throw databaseError(e);
        }
    }

    /**
     * A connection of the application's pool goes back as it came: its session settings, auto-commit and network
     * timeout. One that cannot be put back is aborted, so that the pool drops it rather than lend it on changed.
     */
    private void handBack(Connection c, WorkSession session, boolean autoCommit, int networkTimeoutMillis) {
        try {
            if (c.isClosed()) return;
            if (!c.getAutoCommit()) c.rollback();
            c.setAutoCommit(true);
            if (session != null) dialect.handBack(c, session);
            c.setAutoCommit(autoCommit);
            c.setNetworkTimeout(Runnable::run, networkTimeoutMillis);
        } catch (SQLException | RuntimeException e) {
            try {
                c.abort(Runnable::run);
            } catch (SQLException | RuntimeException ignored) {
                // the pool finds it broken
            }
        }
    }

    private Connection open() throws SQLException {
        long deadline = System.nanoTime() + connectWait.toNanos();
        long pause = 250;
        for (int attempt = 1; ; attempt++) {
            try {
                return connections.open();
            } catch (SQLException e) {
                long left = deadline - System.nanoTime();
                if (!transient_(e) || left <= 0) {
                    throw new DatabaseUnavailableException(description, e.getSQLState(), dialect.describe(e), e);
                }
                Duration sleep = Duration.ofMillis(Math.min(pause, Math.max(1, left / 1_000_000)));
                if (retryListener != null) retryListener.retrying(attempt, sleep, dialect.describe(e));
                try {
                    Thread.sleep(sleep.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new DatabaseUnavailableException(description, e.getSQLState(), dialect.describe(e), e);
                }
                pause = Math.min(5_000, pause * 2);
            }
        }
    }

    /** A server that is not up yet, as opposed to one that answered no (wrong password, unknown database). */
    private static boolean transient_(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.equals("57P03") || state.equals("53300"));
    }

    private RuntimeException databaseError(SQLException e) {
        return new DatabaseException(description, e.getSQLState(), dialect.describe(e), e);
    }
}
