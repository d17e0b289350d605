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

    /** The role of {@link #passwordUrl}: it must log in with its password, which no output may ever show. */
    public static final String PASSWORD_ROLE = "migrate_pw_test";
    /** Distinctive, so that a search of the output cannot miss it. */
    public static final String PASSWORD_ROLE_PASSWORD = "Pw7-never-shown-3c1e";

    /**
     * A {@code postgres://} URL of {@code databaseUrl}'s database for {@link #PASSWORD_ROLE} with {@code password}.
     * The server must really check that role's password: on a server that trusts 127.0.0.1 for everyone,
     * pg_hba.conf needs a line for the role before the trust line ({@code .ci/run} adds it); without it this fails
     * and says so, rather than letting a test pass that proves nothing.
     */
    public static String passwordUrl(String databaseUrl, String password) {
        ensurePasswordRole();
        return "postgres://" + PASSWORD_ROLE + ":" + enc(password) + "@" + hostPort() + "/" + databaseName(databaseUrl);
    }

    /** Makes {@link #PASSWORD_ROLE} the owner of the database, so that it may create tables in it. */
    public static void giveToPasswordRole(String databaseUrl) {
        ensurePasswordRole();
        String name = databaseName(databaseUrl);
        try (Connection c = connect(adminUrl()); Statement st = c.createStatement()) {
            st.execute("ALTER DATABASE " + name + " OWNER TO " + PASSWORD_ROLE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot give " + name + " to " + PASSWORD_ROLE + ": " + e.getMessage(), e);
        }
    }

    static String databaseName(String url) {
        return url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
    }

    /** {@code host:port} of the test server. */
    public static String hostPort() {
        return adminUrl().replaceFirst("^[a-z]+://([^@/]*@)?([^/?]+).*$", "$2");
    }

    private static boolean passwordRoleChecked;

    private static synchronized void ensurePasswordRole() {
        if (passwordRoleChecked) return;
        try (Connection c = connect(adminUrl()); Statement st = c.createStatement()) {
            try {
                st.execute("CREATE ROLE " + PASSWORD_ROLE + " LOGIN");
            } catch (SQLException alreadyThere) {
                // created by an earlier run, or by a run in parallel
            }
            st.execute("ALTER ROLE " + PASSWORD_ROLE + " LOGIN PASSWORD '" + PASSWORD_ROLE_PASSWORD + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the role " + PASSWORD_ROLE + ": " + e.getMessage(), e);
        }
        String hostPort = hostPort();
        String adminDb = adminUrl().replaceFirst("^[a-z]+://[^/]+/([^?]*).*$", "$1");
        try (Connection c = connect("postgres://" + PASSWORD_ROLE + ":not-the-password@" + hostPort + "/" + adminDb)) {
            throw new IllegalStateException("The test server let " + PASSWORD_ROLE + " in with a wrong password: it does not "
                    + "check passwords on " + hostPort + ", so the wrong-password tests would prove nothing. Put the line "
                    + "`host all " + PASSWORD_ROLE + " 127.0.0.1/32 scram-sha-256` first in pg_hba.conf and reload "
                    + "(SELECT pg_reload_conf()); .ci/run does this.");
        } catch (SQLException expected) {
            if (!"28P01".equals(expected.getSQLState())) {
                throw new IllegalStateException("expected 'password authentication failed' (28P01) for " + PASSWORD_ROLE
                        + " with a wrong password, got " + expected.getSQLState() + ": " + expected.getMessage(), expected);
            }
        }
        passwordRoleChecked = true;
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
