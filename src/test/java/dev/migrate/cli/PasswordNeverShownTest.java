package dev.migrate.cli;

import dev.migrate.db.PostgresDialect;
import dev.migrate.support.Cli;
import dev.migrate.support.PostgresServer;
import dev.migrate.support.Scripts;
import dev.migrate.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Commands run over a connection that really authenticates with a password (and some with a wrong one): the
 * password appears in no output, whichever way the URL was given, whatever fails, even with --stacktrace.
 */
class PasswordNeverShownTest {

    static final String WRONG = "Wrong-pw-77aa";
    /** The passphrase of a client key (sslpassword): a secret too. */
    static final String SSL = "Ssl-pass-5e5e";

    @TempDir Path dir;
    TestDatabase db;
    Scripts scripts;
    String url;
    final List<Cli.Result> results = new ArrayList<>();

    @BeforeEach
    void setUp() {
        db = TestDatabase.postgresWithPasswordRole();
        url = PostgresServer.passwordUrl(db.url(), PostgresServer.PASSWORD_ROLE_PASSWORD);
        scripts = new Scripts(dir);
        scripts.add("r1", "", "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;");
        scripts.add("r2", "r1", "CREATE TABLE t2 (id INTEGER);", "DROP TABLE t2;");
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    /** Runs with the password-bearing URL in DATABASE_URL, expecting {@code code}. */
    Cli.Result run(int code, String... args) {
        return runWith(new Cli(dir).env("DATABASE_URL", url), code, args);
    }

    Cli.Result runWith(Cli cli, int code, String... args) {
        Cli.Result r = cli.run(args);
        assertEquals(code, r.code(), () -> "migrate " + String.join(" ", args) + "\n" + r);
        results.add(r);
        for (String secret : List.of(PostgresServer.PASSWORD_ROLE_PASSWORD, WRONG, SSL)) {
            assertFalse(r.all().contains(secret), () -> "migrate " + String.join(" ", args) + " shows the password:\n" + r);
        }
        return r;
    }

    @Test
    void noCommandShowsThePassword() throws Exception {
        run(0, "upgrade", "head");
        assertTrue(run(0, "current", "-v").out().contains("postgres://" + PostgresServer.PASSWORD_ROLE + ":***@"), "redacted URL shown");
        run(0, "check");
        run(0, "history", "-i");
        run(0, "show", "current");
        run(0, "upgrade", "head", "--sql");
        run(0, "downgrade", "-1");
        run(0, "stamp", "heads");
        run(ExitCode.REVISION, "upgrade", "nosuch");
        run(ExitCode.REVISION, "--stacktrace", "upgrade", "nosuch");

        // A failing statement, with and without --stacktrace.
        Path r3 = scripts.add("r3", "r2", "INSERT INTO nope VALUES (1);", null);
        run(ExitCode.MIGRATION_FAILED, "upgrade", "head");
        run(ExitCode.MIGRATION_FAILED, "--stacktrace", "upgrade", "head");
        Files.delete(r3);

        // A changed script, then accepted.
        Path r2 = scripts.versions().resolve("r2.sql");
        Files.writeString(r2, Files.readString(r2) + "-- edited\n");
        run(ExitCode.CHANGED_SCRIPT, "upgrade", "head");
        run(0, "accept");

        // A database ahead of the code.
        Path r4 = scripts.add("r4", "r2", "CREATE TABLE t4 (id INTEGER);", "DROP TABLE t4;");
        run(0, "upgrade", "head");
        Files.delete(r4);
        run(ExitCode.UNKNOWN_REVISION, "upgrade", "head");
        run(ExitCode.UNKNOWN_REVISION, "--stacktrace", "upgrade", "head");
        run(0, "current", "-v");
        run(ExitCode.CHECK_FAILED, "check");
        run(0, "stamp", "--purge", "r2");

        // A non-transactional revision that stopped part-way.
        scripts.add("r5", "r2", "-- migrate:no-transaction\nCREATE TABLE t5 (id INTEGER);\nINSERT INTO nope VALUES (1);", null);
        run(ExitCode.MIGRATION_FAILED, "upgrade", "head");
        run(ExitCode.PARTIAL_REVISION, "upgrade", "head");
        run(0, "stamp", "r5");

        // The migration lock held by another session.
        Files.writeString(dir.resolve("migrate.yaml"), "lock_wait: 1s\n");
        try (Connection holder = db.connect(); PreparedStatement ps = holder.prepareStatement("SELECT pg_advisory_lock(?)")) {
            ps.setLong(1, PostgresDialect.lockKey("public.migrate_version"));
            ps.execute();
            scripts.add("r6", "r5", "CREATE TABLE t6 (id INTEGER);", null);
            run(ExitCode.LOCK_TIMEOUT, "upgrade", "head");
            holder.createStatement().execute("SELECT pg_advisory_unlock_all()");
        }
        run(0, "upgrade", "head");
        assertEquals(List.of("r6"), db.versions());
    }

    @Test
    void noConnectionFailureShowsThePassword() {
        String wrong = PostgresServer.passwordUrl(db.url(), WRONG);
        for (String flag : List.of("--wait=0", "--stacktrace")) {
            runWith(new Cli(dir).env("DATABASE_URL", wrong), ExitCode.DATABASE, flag, "upgrade", "head");
            runWith(new Cli(dir).env("DATABASE_URL", wrong), ExitCode.DATABASE, flag, "current");
            String unknownDb = "postgres://" + PostgresServer.PASSWORD_ROLE + ":" + PostgresServer.PASSWORD_ROLE_PASSWORD + "@"
                    + PostgresServer.passwordHostPort() + "/no_such_database_here";
            runWith(new Cli(dir).env("DATABASE_URL", unknownDb), ExitCode.DATABASE, flag, "upgrade", "head");
            String closed = "postgres://" + PostgresServer.PASSWORD_ROLE + ":" + PostgresServer.PASSWORD_ROLE_PASSWORD + "@127.0.0.1:1/x";
            runWith(new Cli(dir).env("DATABASE_URL", closed), ExitCode.DATABASE, flag, "upgrade", "head");
        }
        String closed = "postgres://" + PostgresServer.PASSWORD_ROLE + ":" + PostgresServer.PASSWORD_ROLE_PASSWORD + "@127.0.0.1:1/x";
        Cli.Result waited = runWith(new Cli(dir).env("DATABASE_URL", closed), ExitCode.DATABASE, "--wait", "1s", "current");
        assertTrue(waited.err().contains("Database not reachable yet (attempt 1"), waited::toString);
        Cli.Result badScheme = runWith(new Cli(dir).env("DATABASE_URL", "mysql://u:" + PostgresServer.PASSWORD_ROLE_PASSWORD + "@h/db"),
                ExitCode.CONFIG, "current");
        assertTrue(badScheme.err().startsWith("FAILED: "), badScheme::toString);
    }

    @Test
    void everyPasswordLikeParameterIsMaskedInEveryChannel() throws Exception {
        run(0, "upgrade", "head");
        String name = db.url().substring(db.url().lastIndexOf('/') + 1);
        String base = "postgres://" + PostgresServer.PASSWORD_ROLE + "@" + PostgresServer.passwordHostPort() + "/" + name;
        // The password as a parameter in any case logs in; the client key's passphrase in any case or spelling is masked.
        for (String query : List.of("?Password=" + PostgresServer.PASSWORD_ROLE_PASSWORD,
                "?password=" + PostgresServer.PASSWORD_ROLE_PASSWORD + "&sslpassword=" + SSL,
                "?password=" + PostgresServer.PASSWORD_ROLE_PASSWORD + "&SSLPassword=" + SSL,
                "?password=" + PostgresServer.PASSWORD_ROLE_PASSWORD + "&ssl%70assword=" + SSL)) {
            Cli cli = new Cli(dir).env("DATABASE_URL", base + query);
            Cli.Result text = runWith(cli, 0, "current", "-v");
            assertTrue(text.out().contains("=***"), text::toString);
            runWith(cli, 0, "--format", "json", "current", "-v");
            runWith(cli, 0, "upgrade", "head", "-v");
            runWith(new Cli(dir).env("DATABASE_URL", base.replace(PostgresServer.passwordHostPort(), "127.0.0.1:1") + query),
                    ExitCode.DATABASE, "current");
            runWith(new Cli(dir).env("DATABASE_URL", base.replace(PostgresServer.passwordHostPort(), "127.0.0.1:1") + query),
                    ExitCode.DATABASE, "--stacktrace", "--format", "json", "upgrade", "head");
            Files.writeString(dir.resolve("migrate.yaml"), "url: " + base + query + "\nlock_wait: soon\n");
            runWith(new Cli(dir), ExitCode.CONFIG, "current");
            Files.delete(dir.resolve("migrate.yaml"));
        }
    }

    @Test
    void theUrlMayComeFromTheOptionTheConfigOrAJdbcUrl() throws Exception {
        runWith(new Cli(dir), 0, "--url", url, "upgrade", "head");
        runWith(new Cli(dir), 0, "current", "-v", "--url", url);
        runWith(new Cli(dir), ExitCode.REVISION, "--url", url, "upgrade", "nosuch");

        Files.writeString(dir.resolve("migrate.yaml"), "url: " + url + "\n");
        runWith(new Cli(dir), 0, "current", "-v");
        runWith(new Cli(dir), ExitCode.REVISION, "--stacktrace", "downgrade", "nosuch");
        Files.writeString(dir.resolve("migrate.yaml"), "url: " + url + "\nlock_wait: [1s\n");
        runWith(new Cli(dir), ExitCode.CONFIG, "current");
        Files.writeString(dir.resolve("migrate.yaml"), "url: " + url + "\nlock_wait: soon\n");
        runWith(new Cli(dir), ExitCode.CONFIG, "current");
        Files.delete(dir.resolve("migrate.yaml"));

        String name = db.url().substring(db.url().lastIndexOf('/') + 1);
        String jdbc = "jdbc:postgresql://" + PostgresServer.passwordHostPort() + "/" + name + "?user=" + PostgresServer.PASSWORD_ROLE
                + "&password=" + PostgresServer.PASSWORD_ROLE_PASSWORD;
        runWith(new Cli(dir).env("DATABASE_URL", jdbc), 0, "current", "-v");
        runWith(new Cli(dir).env("DATABASE_URL", jdbc.replace(PostgresServer.PASSWORD_ROLE_PASSWORD, WRONG)), ExitCode.DATABASE,
                "--stacktrace", "current");
        runWith(new Cli(dir).env("DATABASE_URL", jdbc.replace(name, "no_such_database_here")), ExitCode.DATABASE, "current");
    }
}
