package dev.migrate.support;

import dev.migrate.config.DatabaseUrl;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one PostgreSQL server of a test run: {@code MIGRATE_TEST_DATABASE_URL} when set (CI sets it to the local
 * server), else a Testcontainers container, else (no Docker engine, as on this project's build machines) the
 * local server at 127.0.0.1:5432. No test is ever skipped: without a server, the tests fail and say why.
 * Each test class gets a database of its own from {@link #createDatabase()}.
 */
public final class PostgresServer {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static String adminUrl;

    private PostgresServer() { }

    /** A {@code postgres://} URL of a database on the server that tests may create databases from. */
    public static synchronized String adminUrl() {
        if (adminUrl != null) return adminUrl;
        String env = System.getenv("MIGRATE_TEST_DATABASE_URL");
        if (env != null && !env.isBlank()) {
            adminUrl = env;
        } else if (dockerAvailable()) {
            PostgreSQLContainer<?> pg = new PostgreSQLContainer<>("postgres:15-alpine");
            pg.start();
            adminUrl = "postgres://" + enc(pg.getUsername()) + ":" + enc(pg.getPassword()) + "@" + pg.getHost() + ":"
                    + pg.getFirstMappedPort() + "/" + pg.getDatabaseName();
        } else {
            adminUrl = "postgres://postgres@127.0.0.1:5432/postgres";
        }
        try (Connection c = connect(adminUrl)) {
            c.isValid(5);
        } catch (SQLException e) {
            throw new IllegalStateException("No PostgreSQL for the tests at " + DatabaseUrl.parse(adminUrl, Path.of("")).redacted()
                    + ": " + e.getMessage() + ". Set MIGRATE_TEST_DATABASE_URL (see .ci/run).", e);
        }
        return adminUrl;
    }

    /** Creates a fresh, empty database and returns its {@code postgres://} URL. */
    public static String createDatabase() {
        String name = "migrate_t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = connect(adminUrl()); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name);
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
        }
        return withDatabase(adminUrl(), name);
    }

    /** Drops a database made by {@link #createDatabase()}, disconnecting whoever is still in it. */
    public static void dropDatabase(String url) {
        String name = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        try (Connection c = connect(adminUrl()); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database " + name + ": " + e.getMessage(), e);
        }
    }

    /** A JDBC connection from a {@code postgres://} URL, through the tool's own URL parser. */
    public static Connection connect(String url) throws SQLException {
        DatabaseUrl parsed = DatabaseUrl.parse(url, Path.of(""));
        return DriverManager.getConnection(parsed.jdbcUrl(), parsed.jdbcProperties());
    }

    /** The password of the test server, for tests that assert it never appears in output (null if none). */
    public static String password() {
        return DatabaseUrl.parse(adminUrl(), Path.of("")).password();
    }

    static String withDatabase(String url, String database) {
        int slash = url.indexOf('/', url.indexOf("://") + 3);
        int q = url.indexOf('?', slash);
        return url.substring(0, slash + 1) + database + (q < 0 ? "" : url.substring(q));
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
