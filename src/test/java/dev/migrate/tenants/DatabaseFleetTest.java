package dev.migrate.tenants;

import dev.migrate.cli.ExitCode;
import dev.migrate.config.DatabaseUrl;
import dev.migrate.support.Cli;
import dev.migrate.support.PostgresServer;
import dev.migrate.support.Scripts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --tenants-mode database}: 20 databases on the test server, by pattern, and by a file of URLs. */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class DatabaseFleetTest {

    static final int TENANTS = 20;
    static final String PREFIX = "migrate_dbfleet_" + ProcessHandle.current().pid() + "_";
    @TempDir static Path dir;
    static Cli cli;

    @BeforeAll
    static void databases() throws Exception {
        for (int i = 0; i < TENANTS; i++) admin("CREATE DATABASE " + PREFIX + String.format("%02d", i));
        Scripts s = new Scripts(dir);
        s.add("a1", "", "CREATE TABLE users (id integer PRIMARY KEY);", "DROP TABLE users;");
        s.add("b2", "a1", "ALTER TABLE users ADD COLUMN email text;", "ALTER TABLE users DROP COLUMN email;");
        cli = new Cli(dir).env("DATABASE_URL", PostgresServer.adminUrl());
    }

    @AfterAll
    static void drop() throws Exception {
        for (int i = 0; i < TENANTS; i++) admin("DROP DATABASE IF EXISTS " + PREFIX + String.format("%02d", i) + " WITH (FORCE)");
    }

    static void admin(String sql) throws Exception {
        try (Connection c = PostgresServer.connect(PostgresServer.adminUrl()); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    static String url(int i) {
        return DatabaseUrl.parse(PostgresServer.adminUrl()).withDatabase(PREFIX + String.format("%02d", i)).jdbcUrl();
    }

    static List<String> versions(int i) throws Exception {
        try (Connection c = PostgresServer.connect(PostgresServer.adminUrl().replaceFirst("/[^/?]*(\\?|$)", "/" + PREFIX + String.format("%02d", i) + "$1"));
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT version_num FROM migrate_version")) {
            List<String> out = new ArrayList<>();
            while (rs.next()) out.add(rs.getString(1));
            return out;
        }
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void aDatabaseEach() throws Exception {
        try (Connection c = PostgresServer.connect(PostgresServer.adminUrl().replaceFirst("/[^/?]*(\\?|$)", "/" + PREFIX + "07$1"));
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE users (x int)");
        }
        String pattern = PREFIX + "*";
        Cli.Result run = cli.run("upgrade", "heads", "--tenants-mode", "database", "--tenants-pattern", pattern, "--parallel", "2",
                "--report", "db.json");
        assertEquals(ExitCode.TENANTS_FAILED, run.code(), run.all());
        assertTrue(run.all().contains(PREFIX + "07: failed in a1") && run.all().contains("Tenants: 19 ok, 1 failed of 20"), run.all());
        assertEquals(List.of("b2"), versions(0));
        assertEquals(List.of("b2"), versions(19));

        try (Connection c = PostgresServer.connect(PostgresServer.adminUrl().replaceFirst("/[^/?]*(\\?|$)", "/" + PREFIX + "07$1"));
             Statement st = c.createStatement()) {
            st.execute("DROP TABLE users");
        }
        Cli.Result again = cli.run("upgrade", "heads", "--tenants-mode", "database", "--only-failed", "db.json");
        assertEquals(0, again.code(), again.all());
        assertTrue(again.all().contains("Tenants: 1 ok of 1"), again.all());

        Cli.Result noop = cli.run("upgrade", "heads", "--tenants-mode", "database", "--tenants-pattern", pattern);
        assertTrue(noop.all().contains("Tenants: 20 skipped of 20"), noop.all());

        // A file of URLs: tenants of their own, shown without a password
        Files.writeString(dir.resolve("urls.txt"), url(3) + "\n" + url(4) + "\n");
        Cli.Result down = cli.run("downgrade", "a1", "--tenants-mode", "database", "--tenants-file", "urls.txt");
        assertEquals(0, down.code(), down.all());
        assertEquals(List.of("a1"), versions(3));
        assertEquals(List.of("b2"), versions(5));
        Cli.Result current = cli.run("current", "--tenants-mode", "database", "--tenants-pattern", pattern);
        assertTrue(current.all().contains("18 of 20 tenants at the head."), current.all());

        // Fingerprints in database mode: each database's default schema; the two at a1 are compared with each other.
        Cli.Result fingerprints = cli.run("check", "--tenants-mode", "database", "--tenants-pattern", pattern, "--fingerprint");
        assertEquals(ExitCode.CHECK_FAILED, fingerprints.code(), "two tenants are behind: " + fingerprints.all());
        assertTrue(fingerprints.all().contains("Schemas: 2 fingerprints among 20 tenants; the tenants at the same heads have the same schema."),
                fingerprints.all());
    }

    /** Tenants given as URLs with a password: the report masks it, and --only-failed with the list again takes the failed. */
    @Test
    @org.junit.jupiter.api.Order(2)
    void urlsWithAPasswordAndOnlyFailed() throws Exception {
        String secret = "pw-never-shown";
        java.util.function.IntFunction<String> withPassword = i -> "postgres://postgres:" + secret + "@"
                + DatabaseUrl.parse(PostgresServer.adminUrl()).withDatabase(PREFIX + i).redacted().replaceFirst("^[a-z]+://([^@]*@)?", "");
        Files.writeString(dir.resolve("secret-urls.txt"), withPassword.apply(12) + "\n" + withPassword.apply(13) + "\n");
        assertEquals(0, cli.run("downgrade", "a1", "--tenants-mode", "database", "--tenants-file", "secret-urls.txt").code());
        try (Connection c = PostgresServer.connect(PostgresServer.adminUrl().replaceFirst("/[^/?]*(\\?|$)", "/" + PREFIX + "13$1"));
             Statement st = c.createStatement()) {
            st.execute("ALTER TABLE users ADD COLUMN email integer");
        }
        Cli.Result run = cli.run("upgrade", "heads", "--tenants-mode", "database", "--tenants-file", "secret-urls.txt", "--report", "pw.json");
        assertEquals(ExitCode.TENANTS_FAILED, run.code(), run.all());
        String report = Files.readString(dir.resolve("pw.json"));
        assertTrue(!run.all().contains(secret) && !report.contains(secret) && report.contains(":***@"), run.all() + report);

        Cli.Result masked = cli.run("upgrade", "heads", "--tenants-mode", "database", "--only-failed", "pw.json");
        assertEquals(ExitCode.USAGE, masked.code(), masked.all());
        assertTrue(masked.err().contains("with its password masked: give the same list of tenants again"), masked.all());
        Cli.Result schemas = cli.run("upgrade", "heads", "--only-failed", "pw.json");
        assertEquals(ExitCode.USAGE, schemas.code(), schemas.all());
        assertTrue(schemas.err().contains("names databases") && schemas.err().contains("add --tenants-mode database"), schemas.all());

        try (Connection c = PostgresServer.connect(PostgresServer.adminUrl().replaceFirst("/[^/?]*(\\?|$)", "/" + PREFIX + "13$1"));
             Statement st = c.createStatement()) {
            st.execute("ALTER TABLE users DROP COLUMN email");
        }
        Cli.Result again = cli.run("upgrade", "heads", "--tenants-mode", "database", "--tenants-file", "secret-urls.txt", "--only-failed", "pw.json");
        assertEquals(0, again.code(), again.all());
        assertTrue(again.all().contains("Tenants: 1 ok of 1"), again.all());
        assertEquals(List.of("b2"), versions(13));
        assertTrue(!again.all().contains(secret), again.all());

        // a database that cannot be read is shown with the reason
        Files.writeString(dir.resolve("missing.txt"), PREFIX + "00\n" + PREFIX + "missing\n");
        Cli.Result missing = cli.run("current", "--tenants-mode", "database", "--tenants-file", "missing.txt");
        assertTrue(missing.out().contains(PREFIX + "missing: cannot be read: ") && missing.out().contains("does not exist"), missing.all());
    }
}
