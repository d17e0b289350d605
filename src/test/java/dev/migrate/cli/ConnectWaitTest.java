package dev.migrate.cli;

import dev.migrate.support.Cli;
import dev.migrate.support.PostgresServer;
import dev.migrate.support.Scripts;
import dev.migrate.support.TcpProxy;
import dev.migrate.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --wait} and {@code connect_wait}: a database that is not reachable yet is tried again with backoff, each
 * attempt reported; one that answers no (unknown database, wrong password) fails at once.
 */
class ConnectWaitTest {

    @TempDir Path dir;
    TestDatabase db;

    @BeforeEach
    void setUp() {
        db = TestDatabase.postgres();
        new Scripts(dir).add("r1", "", "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;");
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    /** The test database's URL, through 127.0.0.1:{@code port}. */
    String through(int port) {
        return "postgres://postgres@127.0.0.1:" + port + "/" + db.url().substring(db.url().lastIndexOf('/') + 1);
    }

    static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    static long attempts(Cli.Result r) {
        return r.err().lines().filter(l -> l.startsWith("Database not reachable yet (attempt ")).count();
    }

    @Test
    void aServerThatAppearsLateIsWaitedFor() throws Exception {
        try (TcpProxy proxy = TcpProxy.startingAfter(Duration.ofMillis(1500), PostgresServer.hostPort())) {
            long start = System.nanoTime();
            Cli.Result r = new Cli(dir).env("DATABASE_URL", through(proxy.port())).run("--wait", "30s", "upgrade", "head");
            long took = millisSince(start);
            assertEquals(0, r.code(), r::toString);
            assertTrue(took >= 1400, "waited for the server: " + took + " ms");
            assertTrue(attempts(r) >= 2, "each attempt reported: " + r);
            assertTrue(r.err().contains("(attempt 1: Connection to 127.0.0.1:" + proxy.port() + " refused"), r::toString);
            assertTrue(r.err().contains("trying again in "), r::toString);
            assertTrue(proxy.accepted() >= 2, "the lock and the work connection went through the proxy");
        }
        assertEquals(List.of("r1"), db.versions());
    }

    @Test
    void connectWaitInMigrateYamlDoesTheSame() throws Exception {
        Files.writeString(dir.resolve("migrate.yaml"), "connect_wait: 30s\n");
        try (TcpProxy proxy = TcpProxy.startingAfter(Duration.ofMillis(1500), PostgresServer.hostPort())) {
            Cli.Result r = new Cli(dir).env("DATABASE_URL", through(proxy.port())).run("current");
            assertEquals(0, r.code(), r::toString);
            assertTrue(attempts(r) >= 2, r::toString);
        }
    }

    @Test
    void theWaitRunsOutWithTheLastError() throws Exception {
        try (TcpProxy proxy = TcpProxy.startingAfter(Duration.ofHours(1), PostgresServer.hostPort())) {
            long start = System.nanoTime();
            Cli.Result r = new Cli(dir).env("DATABASE_URL", through(proxy.port())).run("--wait", "1500ms", "upgrade", "head");
            long took = millisSince(start);
            assertEquals(ExitCode.DATABASE, r.code(), r::toString);
            assertTrue(took >= 1400 && took < 10_000, "gave up after the wait: " + took + " ms");
            assertTrue(attempts(r) >= 2, r::toString);
            assertTrue(r.err().contains("FAILED: Cannot connect to postgres://postgres@127.0.0.1:" + proxy.port()) && r.err().contains("refused"), r::toString);
        }
    }

    @Test
    void anUnknownDatabaseFailsAtOnceDespiteTheWait() {
        String url = "postgres://postgres@" + PostgresServer.hostPort() + "/no_such_database_here";
        long start = System.nanoTime();
        Cli.Result r = new Cli(dir).env("DATABASE_URL", url).run("--wait", "30s", "upgrade", "head");
        long took = millisSince(start);
        assertEquals(ExitCode.DATABASE, r.code(), r::toString);
        assertTrue(took < 5_000, "at once: " + took + " ms");
        assertEquals(0, attempts(r), r::toString);
        assertTrue(r.err().contains("no_such_database_here") && r.err().contains("does not exist"), r::toString);
    }

    @Test
    void aWrongPasswordFailsAtOnceDespiteTheWait() {
        String url = PostgresServer.passwordUrl(db.url(), "Wrong-pw-41f0");
        long start = System.nanoTime();
        Cli.Result r = new Cli(dir).env("DATABASE_URL", url).run("--wait", "30s", "upgrade", "head");
        long took = millisSince(start);
        assertEquals(ExitCode.DATABASE, r.code(), r::toString);
        assertTrue(took < 5_000, "at once: " + took + " ms");
        assertEquals(0, attempts(r), r::toString);
        assertTrue(r.err().contains("password authentication failed"), r::toString);
        assertFalse(r.all().contains("Wrong-pw-41f0"), r::toString);
    }
}
