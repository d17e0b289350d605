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
        return createDatabaseOn(adminUrl());
    }

    /** Creates a fresh, empty database on the server of {@code serverAdminUrl} and returns its URL. */
    public static String createDatabaseOn(String serverAdminUrl) {
        String name = "migrate_t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = connect(serverAdminUrl); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name);
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
        }
        return withDatabase(serverAdminUrl, name);
    }

    /** Drops a database made by {@link #createDatabase()}, disconnecting whoever is still in it. */
    public static void dropDatabase(String url) {
        String name = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        String admin = url.contains("@" + hostPort() + "/") || url.contains("//" + hostPort() + "/") ? adminUrl()
                : withDatabase(url, "postgres");
        try (Connection c = connect(admin); Statement st = c.createStatement()) {
            // PostgreSQL 12 has no DROP DATABASE ... WITH (FORCE): disconnect whoever is still in it first.
            st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "' "
                    + "AND pid <> pg_backend_pid()");
            st.execute("DROP DATABASE IF EXISTS " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database " + name + ": " + e.getMessage(), e);
        }
    }

    /** A JDBC connection from a {@code postgres://} URL, through the tool's own URL parser. */
    public static Connection connect(String url) throws SQLException {
        DatabaseUrl parsed = DatabaseUrl.parse(url, Path.of(""));
        return DriverManager.getConnection(parsed.jdbcUrl(), parsed.jdbcProperties());
    }

    /** Runs {@code sql} (one statement or several) on the database of {@code url}. */
    public static void execute(String url, String sql) throws SQLException {
        try (Connection c = connect(url); java.sql.Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** The first column of every row {@code sql} returns on the database of {@code url}, as text. */
    public static java.util.List<String> query(String url, String sql) throws SQLException {
        try (Connection c = connect(url); java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(sql)) {
            java.util.List<String> out = new java.util.ArrayList<>();
            while (rs.next()) out.add(rs.getString(1));
            return out;
        }
    }

    /** The password of the test server, for tests that assert it never appears in output (null if none). */
    public static String password() {
        return DatabaseUrl.parse(adminUrl(), Path.of("")).password();
    }

    /** The role of {@link #passwordUrl}: it must log in with its password, which no output may ever show. */
    public static final String PASSWORD_ROLE = "migrate_pw_test";
    /** Distinctive, so that a search of the output cannot miss it. */
    public static final String PASSWORD_ROLE_PASSWORD = "Pw7-never-shown-3c1e";

    private static ThrowawayCluster passwordCluster;

    /**
     * A cluster of the test run's own whose pg_hba.conf makes {@link #PASSWORD_ROLE} log in with its password
     * (scram-sha-256), so that the shared server's configuration is never touched and no role is left on it.
     */
    public static synchronized ThrowawayCluster passwordCluster() {
        if (passwordCluster != null) return passwordCluster;
        ThrowawayCluster c = ThrowawayCluster.start(java.util.Map.of("password_encryption", "scram-sha-256"),
                java.util.List.of("host all " + PASSWORD_ROLE + " 127.0.0.1/32 scram-sha-256"));
        c.execute("CREATE ROLE " + PASSWORD_ROLE + " LOGIN PASSWORD '" + PASSWORD_ROLE_PASSWORD + "'");
        try (Connection bad = connect("postgres://" + PASSWORD_ROLE + ":not-the-password@127.0.0.1:" + c.port() + "/postgres")) {
            throw new IllegalStateException("the password cluster let " + PASSWORD_ROLE + " in with a wrong password");
        } catch (SQLException expected) {
            if (!"28P01".equals(expected.getSQLState())) {
                throw new IllegalStateException("expected 'password authentication failed' (28P01), got "
                        + expected.getSQLState() + ": " + expected.getMessage(), expected);
            }
        }
        passwordCluster = c;
        return c;
    }

    /** A fresh database on the {@link #passwordCluster}, owned by {@link #PASSWORD_ROLE}; its superuser URL. */
    public static String createPasswordDatabase() {
        ThrowawayCluster c = passwordCluster();
        String url = createDatabaseOn(c.url("postgres"));
        c.execute("ALTER DATABASE " + databaseName(url) + " OWNER TO " + PASSWORD_ROLE);
        return url;
    }

    /** {@code host:port} of the {@link #passwordCluster}. */
    public static String passwordHostPort() {
        return "127.0.0.1:" + passwordCluster().port();
    }

    /**
     * A {@code postgres://} URL for {@link #PASSWORD_ROLE} with {@code password} of the database named as in
     * {@code databaseUrl}, on the {@link #passwordCluster} (where {@link #createPasswordDatabase} makes them).
     */
    public static String passwordUrl(String databaseUrl, String password) {
        return "postgres://" + PASSWORD_ROLE + ":" + enc(password) + "@" + passwordHostPort() + "/" + databaseName(databaseUrl);
    }

    static String databaseName(String url) {
        return url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
    }

    /** {@code host:port} of the test server. */
    public static String hostPort() {
        return adminUrl().replaceFirst("^[a-z]+://([^@/]*@)?([^/?]+).*$", "$2");
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
