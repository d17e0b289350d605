package dev.migrate.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A fresh database for one test: a new PostgreSQL database on the test server, or a new SQLite file.
 * {@link #close()} checks that no advisory lock was left behind (jdbi's leak check) and drops it.
 */
public abstract class TestDatabase implements AutoCloseable {

    /** The URL in the form users give it ({@code postgres://...} or {@code sqlite:...}). */
    public abstract String url();

    public abstract String kind();

    public abstract Connection connect() throws SQLException;

    /** Table names in the default schema, sorted. */
    public abstract List<String> tables() throws SQLException;

    @Override
    public abstract void close();

    @Override
    public String toString() {
        return kind();
    }

    public List<String> query(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) b.append(i > 1 ? "|" : "").append(rs.getString(i));
                rows.add(b.toString());
            }
        }
        return rows;
    }

    public List<String> versions() throws SQLException {
        return query("SELECT version_num FROM migrate_version ORDER BY version_num");
    }

    public static TestDatabase postgres() {
        return new Postgres(PostgresServer.createDatabase());
    }

    /** A fresh database on the password cluster, owned by the role that must log in with its password. */
    public static TestDatabase postgresWithPasswordRole() {
        return new Postgres(PostgresServer.createPasswordDatabase());
    }

    public static TestDatabase sqlite(Path dir) {
        return new Sqlite(dir.resolve("test-" + System.nanoTime() + ".db"));
    }

    public static final class Postgres extends TestDatabase {
        private final String url;

        Postgres(String url) { this.url = url; }

        @Override public String url() { return url; }
        @Override public String kind() { return "postgresql"; }
        @Override public Connection connect() throws SQLException { return PostgresServer.connect(url); }

        @Override
        public List<String> tables() throws SQLException {
            return query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name");
        }

        /** Advisory locks still held in this database by anyone. */
        public List<String> advisoryLocks() throws SQLException {
            return query("SELECT l.pid || ':' || l.objid FROM pg_locks l JOIN pg_database d ON d.oid = l.database "
                    + "WHERE l.locktype = 'advisory' AND d.datname = current_database()");
        }

        @Override
        public void close() {
            try {
                List<String> leaked = advisoryLocks();
                if (!leaked.isEmpty()) throw new AssertionError("advisory locks left behind: " + leaked);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            } finally {
                PostgresServer.dropDatabase(url);
            }
        }
    }

    public static final class Sqlite extends TestDatabase {
        private final Path file;

        Sqlite(Path file) { this.file = file; }

        @Override public String url() { return "sqlite:" + file; }
        @Override public String kind() { return "sqlite"; }
        @Override public Connection connect() throws SQLException { return DriverManager.getConnection("jdbc:sqlite:" + file); }

        @Override
        public List<String> tables() throws SQLException {
            return query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
        }

        @Override public void close() { }
    }
}
