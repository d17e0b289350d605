package dev.migrate.db;

import dev.migrate.ops.SqliteRenderer;
import dev.migrate.ops.SqlRenderer;
import dev.migrate.script.SqlSplitter;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * SQLite: transactional DDL, and in place of an advisory lock an operating-system lock on a file beside the
 * database ({@code <database>.migrate-lock}), which the operating system releases when the process dies.
 */
public final class SqliteDialect implements Dialect {

    private final Path databaseFile; // null for an in-memory database: one connection, nothing to share

    public SqliteDialect(Path databaseFile) {
        this.databaseFile = databaseFile;
    }

    /** The database file of a {@code jdbc:sqlite:} URL, or null for an in-memory database. */
    public static Path databaseFile(String jdbcUrl) {
        String rest = jdbcUrl.substring("jdbc:sqlite:".length());
        int q = rest.indexOf('?');
        if (q >= 0) rest = rest.substring(0, q);
        if (rest.startsWith("file:")) rest = rest.substring("file:".length());
        if (rest.isEmpty() || rest.equals(":memory:") || rest.contains("mode=memory")) return null;
        return Path.of(rest);
    }

    @Override public String name() { return "sqlite"; }

    @Override public SqlRenderer renderer() { return new SqliteRenderer(); }

    @Override public SqlSplitter.Flavor flavor() { return SqlSplitter.Flavor.SQLITE; }

    @Override
    public boolean tableExists(Connection connection, TableName table) throws SQLException {
        String master = table.schema() == null ? "sqlite_master" : table.schema() + ".sqlite_master";
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM " + master + " WHERE type = 'table' AND name = ?")) {
            ps.setString(1, table.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public boolean columnExists(Connection connection, TableName table, String column) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM pragma_table_info(?, ?) WHERE name = ?")) {
            ps.setString(1, table.name());
            ps.setString(2, table.schema() == null ? "main" : table.schema());
            ps.setString(3, column);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** SQLite makes an INTEGER PRIMARY KEY an alias of the row id: auto-numbered. */
    @Override
    public String auditKeyType() { return "INTEGER"; }

    @Override
    public String timestampType() { return "TEXT"; }

    /** SQLite has no timestamp type: ISO-8601 text sorts and reads well. */
    @Override
    public void setTimestamp(PreparedStatement ps, int index, Instant value) throws SQLException {
        ps.setString(index, value.toString());
    }

    @Override
    public Instant getTimestamp(ResultSet rs, int index) throws SQLException {
        return Instant.parse(rs.getString(index));
    }

    @Override
    public void cancel(Connection connection) {
        try {
            connection.unwrap(org.sqlite.SQLiteConnection.class).getDatabase().interrupt();
        } catch (SQLException | RuntimeException ignored) {
            // nothing running, or the connection is gone
        }
    }

    /**
     * A database that another connection holds (a writer in a long transaction) is waited for as long as the lock
     * wait allows, not for the driver's default of three seconds (the driver lets this property win over the URL).
     */
    @Override
    public void addConnectionProperties(java.util.Properties properties, ConnectionSettings settings) {
        properties.putIfAbsent("busy_timeout", Long.toString(Math.min(Integer.MAX_VALUE, settings.busyWait().toMillis())));
    }

    @Override
    public String currentUserSql() {
        return "NULL";
    }

    /** The ISO-8601 form {@link #setTimestamp} writes, so that the audit log reads back the same way. */
    @Override
    public String nowSql() {
        return "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
    }


    @Override
    public String databaseUser(Connection connection) {
        return null; // SQLite has no users
    }

    @Override
    public MigrationLock lock(Connection connection, TableName versionTable, Duration wait, LockWaitListener listener) {
        if (databaseFile == null) return () -> { };
        Path lockFile = databaseFile.resolveSibling(databaseFile.getFileName() + ".migrate-lock");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            long start = System.nanoTime();
            long pause = 25;
            Duration nextReport = Duration.ZERO;
            FileLock lock;
            while ((lock = tryLock(channel)) == null) {
                Duration waited = Duration.ofNanos(System.nanoTime() - start);
                if (waited.compareTo(wait) >= 0) {
                    throw new LockTimeoutException("lock file " + lockFile, waited, holder(channel));
                }
                if (waited.compareTo(nextReport) >= 0) {
                    listener.waiting(holder(channel), waited);
                    nextReport = nextReport.plusSeconds(5);
                }
                PostgresDialect.sleep(Math.min(pause, Math.max(1, wait.minus(waited).toMillis())));
                pause = Math.min(250, pause * 2);
                listener.polling();
            }
            writeHolder(channel);
            FileChannel held = channel;
            FileLock heldLock = lock;
            return () -> {
                try {
                    heldLock.release();
                    held.close();
                } catch (IOException ignored) {
                    // the operating system drops the lock with the file handle
                }
            };
        } catch (IOException e) {
            closeQuietly(channel);
            throw new LockFileException(lockFile, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            // Lock a byte range past the holder note, so that waiters can still read who holds it.
            return channel.tryLock(1 << 20, 1, false);
        } catch (OverlappingFileLockException e) {
            return null; // held by this JVM (another thread or library user)
        }
    }

    private static void writeHolder(FileChannel channel) throws IOException {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown host";
        }
        String note = ProcessHandle.current().pid() + "\n" + host + "\n" + OffsetDateTime.now(ZoneOffset.UTC) + "\n";
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(note.getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
    }

    private static LockHolder holder(FileChannel channel) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(512);
            channel.read(buf, 0);
            String[] lines = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).split("\n");
            if (lines.length < 3) return null;
            return new LockHolder(Integer.valueOf(lines[0].trim()), "migrate", lines[1], OffsetDateTime.parse(lines[2].trim()));
        } catch (IOException | RuntimeException e) {
            return null; // only used to enrich a message
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing held yet
        }
    }
}
