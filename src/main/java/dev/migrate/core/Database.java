package dev.migrate.core;

import dev.migrate.config.DatabaseUrl;
import dev.migrate.db.ConnectionSource;
import dev.migrate.db.Dialect;
import dev.migrate.db.Executor;
import dev.migrate.db.LockHolder;
import dev.migrate.db.LockWaitListener;
import dev.migrate.db.MigrationLock;
import dev.migrate.db.TableName;
import dev.migrate.db.VersionStore;

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

    /** Told when the database is not reachable yet and the connection is tried again. */
    @FunctionalInterface
    public interface ConnectRetryListener {
        void retrying(int attempt, Duration pause, String databaseMessage);
    }

    public Database(Dialect dialect, ConnectionSource connections, String description, TableName versionTable, TableName auditTable) {
        this(dialect, connections, description, new VersionStore(dialect, versionTable, auditTable), Duration.ZERO, null);
    }

    private Database(Dialect dialect, ConnectionSource connections, String description, VersionStore store,
                     Duration connectWait, ConnectRetryListener retryListener) {
        this.dialect = dialect;
        this.connections = connections;
        this.description = description;
        this.store = store;
        this.executor = new Executor(dialect);
        this.connectWait = connectWait;
        this.retryListener = retryListener;
    }

    /**
     * The same database, but a server that is still starting (refused connection, "the database system is starting
     * up") is tried again with backoff for up to {@code wait}. A refused login or an unknown database fails at once.
     */
    public Database withConnectWait(Duration wait, ConnectRetryListener listener) {
        return new Database(dialect, connections, description, store, wait, listener);
    }

    /** A database reached through the driver; {@code applicationName} is what lock waiters see (PostgreSQL). */
    public static Database of(DatabaseUrl url, TableName versionTable, TableName auditTable, String applicationName) {
        Dialect dialect = Dialect.of(url);
        Properties props = url.jdbcProperties();
        dialect.addConnectionProperties(props, applicationName);
        return new Database(dialect, () -> dialect.connect(url.jdbcUrl(), props), url.redacted(),
                versionTable, auditTable);
    }

    /** A database that is never connected to: for offline scripts, which only need its dialect. */
    public static Database offline(Dialect dialect, TableName versionTable, TableName auditTable) {
        return new Database(dialect, () -> {
            throw new SQLException("offline: no connection");
        }, "(offline " + dialect.name() + ")", versionTable, auditTable);
    }

    /** A database reached through the application's own {@code DataSource}. */
    public static Database of(DataSource dataSource, Dialect dialect, TableName versionTable, TableName auditTable) {
        return new Database(dialect, dataSource::getConnection, dataSource.getClass().getSimpleName(), versionTable, auditTable);
    }

    public Dialect dialect() { return dialect; }

    public VersionStore store() { return store; }

    public Executor executor() { return executor; }

    /** The URL with its password masked, for messages. */
    public String description() { return description; }

    /** Runs read-only work on a connection of its own, without the lock. */
    public <T> T read(Work<T> work) {
        try (Connection c = open()) {
            return work.run(c);
        } catch (SQLException e) {
            throw databaseError(e);
        }
    }

    /**
     * Takes the migration lock, then runs {@code work} on a second connection with auto-commit off; the work
     * commits its own transactions. Whatever happens, the connection is closed and the lock released.
     */
    public <T> T withLock(Duration wait, MigrationListener listener, Work<T> work) {
        return withLock(wait, listener, null, work);
    }

    /**
     * As {@link #withLock(Duration, MigrationListener, Work)}, but {@code unlocked} runs first, without the lock, on
     * the connection that then waits for it (in auto-commit: it holds nothing while it waits). When it returns a
     * result, that is the outcome and the lock is never taken: an upgrade of a database already at its target, which
     * every instance of an application may run at once, waits for nobody and opens one connection.
     */
    public <T> T withLock(Duration wait, MigrationListener listener, Work<T> unlocked, Work<T> work) {
        LockWaitListener waiting = new LockWaitListener() {
            @Override public void waiting(LockHolder holder, Duration waited) { listener.lockWaiting(holder, waited); }
            @Override public void polling() { listener.lockPolling(); }
        };
        Handover first = new Handover();
        try {
            if (unlocked != null) {
                first.connection = open();
                first.connection.setAutoCommit(true);
                T early = unlocked.run(first.connection);
                if (early != null) return early;
            }
            try (MigrationLock lock = dialect.lock(first, store.versionTable(), wait, waiting);
                 Connection c = open()) {
                first.close(); // not taken: the dialect's lock needs no connection
                dialect.prepareWorkConnection(c);
                c.setAutoCommit(false);
                return work.run(c);
            }
        } catch (SQLException e) {
            throw databaseError(e);
        } finally {
            first.close();
        }
    }

    /** A connection already open, handed to the lock in place of a new one; closed here if the lock did not take it. */
    private final class Handover implements ConnectionSource {
        Connection connection;

        @Override
        public Connection open() throws SQLException {
            Connection c = connection;
            connection = null;
            return c != null ? c : Database.this.open();
        }

        void close() {
            Connection c = connection;
            connection = null;
            if (c == null) return;
            try {
                c.close();
            } catch (SQLException ignored) {
                // it ran reads only, in auto-commit: nothing to lose
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
