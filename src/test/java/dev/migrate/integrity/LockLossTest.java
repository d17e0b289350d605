package dev.migrate.integrity;

import dev.migrate.db.PostgresDialect;
import dev.migrate.support.Cli;
import dev.migrate.support.CliTestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The migration lock cannot silently vanish: when the session that holds it is terminated while a revision runs,
 * the run stops with exit 14 and commits nothing more, the next run applies the revision once, and nobody declares a
 * live holder dead. One lock per table, however migrate.yaml spells its name.
 */
class LockLossTest extends CliTestBase {

    ExecutorService background = Executors.newSingleThreadExecutor();

    @BeforeEach
    void setUp() {
        setUp("postgresql");
    }

    @AfterEach
    void stopBackground() {
        background.shutdownNow();
    }

    Cli cli() {
        return cli;
    }

    /** The backend of the migrate run executing the statement marked {@code marker}, once it runs it. */
    String awaitActive(String marker, Future<Cli.Result> run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            assertFalse(run.isDone(), () -> "the run ended before its statement was seen: " + result(run));
            List<String> pids = db.query("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                    + "AND application_name = 'migrate upgrade' AND query LIKE '%" + marker + "%' AND state = 'active'");
            if (!pids.isEmpty()) return pids.get(0);
            assertTrue(System.nanoTime() < deadline, "the revision never started");
            Thread.sleep(20);
        }
    }

    /** Terminates the backend of the migrate run that is executing {@code marker}, once it is. */
    void terminateWhenRunning(String marker, Future<Cli.Result> run) throws Exception {
        db.query("SELECT pg_terminate_backend(" + awaitActive(marker, run) + ")::text");
    }

    static String result(Future<Cli.Result> run) {
        try {
            return run.get().toString();
        } catch (Exception e) {
            return e.toString();
        }
    }

    @Test
    void aTransactionalRevisionWhoseSessionIsTerminatedCommitsNothingAndRunsOnceLater() throws Exception {
        scripts.add("r1", "", "CREATE TABLE t (id INTEGER);\nINSERT INTO t VALUES (1);", null);
        scripts.add("r2", "r1", "INSERT INTO t VALUES (2);\nSELECT pg_sleep(3) AS marker_tx;", null);
        assertEquals(0, cli().run("upgrade", "r1").code());

        Future<Cli.Result> a = background.submit(() -> cli().run("upgrade", "head"));
        terminateWhenRunning("marker_tx", a);
        Cli.Result ra = a.get(30, TimeUnit.SECONDS);
        assertEquals(14, ra.code(), ra.toString());
        assertTrue(ra.err().contains("The migration lock was lost during upgrade r2"), ra.toString());
        assertTrue(ra.err().contains("r2 was not committed"), ra.toString());
        assertFalse(ra.err().contains("Internal error"), ra.toString());
        assertEquals(List.of("r1"), db.versions());
        assertEquals(List.of("1"), db.query("SELECT id FROM t ORDER BY id"));
        // A wrote nothing after losing the lock: no failed row that another process could misread.
        assertEquals(List.of(), db.query("SELECT status FROM migrate_version_audit WHERE revision = 'r2'"));

        Cli.Result rb = cli().run("upgrade", "head");
        assertEquals(0, rb.code(), rb.toString());
        assertEquals(List.of("1", "2"), db.query("SELECT id FROM t ORDER BY id"));
        assertEquals(List.of("ok"), db.query("SELECT status FROM migrate_version_audit WHERE revision = 'r2'"));
    }

    @Test
    void aNoTransactionRevisionWhoseSessionIsTerminatedStopsPartWayAndIsNeverDeclaredDead() throws Exception {
        scripts.add("r1", "", "CREATE TABLE t (id INTEGER);", null);
        scripts.add("r2", "r1", "-- migrate:no-transaction\nINSERT INTO t VALUES (2);\nSELECT pg_sleep(3) AS marker_ntx;\n"
                + "INSERT INTO t VALUES (3);", null);
        assertEquals(0, cli().run("upgrade", "r1").code());

        Future<Cli.Result> a = background.submit(() -> cli().run("upgrade", "head"));
        terminateWhenRunning("marker_ntx", a);
        Cli.Result ra = a.get(30, TimeUnit.SECONDS);
        assertEquals(14, ra.code(), ra.toString());
        assertTrue(ra.err().contains("runs outside a transaction and stopped part-way"), ra.toString());
        assertEquals(List.of("2"), db.query("SELECT id FROM t ORDER BY id"));

        // The next run finds the revision stopped part-way and refuses, without claiming that anyone died.
        Cli.Result rb = cli().run("upgrade", "head");
        assertEquals(13, rb.code(), rb.toString());
        assertTrue(rb.err().contains("has not finished"), rb.toString());
        assertFalse(rb.err().contains("died"), rb.toString());
        assertEquals(List.of("2"), db.query("SELECT id FROM t ORDER BY id"));
        assertEquals(List.of("r1"), db.versions());
    }

    /** While a run holds the lock, a reader sees its running no-transaction revision as not finished, not as dead. */
    @Test
    void aReaderDoesNotDeclareARunningNoTransactionRevisionDead() throws Exception {
        scripts.add("r1", "", "CREATE TABLE t (id INTEGER);", null);
        scripts.add("r2", "r1", "-- migrate:no-transaction\nINSERT INTO t VALUES (2);\nSELECT pg_sleep(2) AS marker_read;", null);
        assertEquals(0, cli().run("upgrade", "r1").code());
        Future<Cli.Result> a = background.submit(() -> cli().run("upgrade", "head"));
        awaitActive("marker_read", a);
        Cli.Result check = cli().run("check");
        assertFalse(check.all().contains("died"), check.toString());
        assertEquals(0, a.get(30, TimeUnit.SECONDS).code());
    }

    /** A revision that releases the lock itself cannot commit: the check in front of its version change finds it gone. */
    @Test
    void aRevisionThatReleasesTheLockIsNotCommitted() throws Exception {
        scripts.add("r1", "", "CREATE TABLE t (id INTEGER);", null);
        scripts.add("r2", "r1", "INSERT INTO t VALUES (2);\nSELECT pg_advisory_unlock_all();", null);
        Cli.Result r = cli().run("upgrade", "head");
        assertEquals(14, r.code(), r.toString());
        assertTrue(r.err().contains("the session no longer held it"), r.toString());
        assertEquals(List.of("r1"), db.versions());
        assertEquals(List.of(), db.query("SELECT id FROM t"));
    }

    /** PostgreSQL folds unquoted names: these spellings are one table, and must be one lock. */
    @Test
    void everySpellingOfTheVersionTableTakesTheSameLock() throws Exception {
        scripts.add("r1", "", "CREATE TABLE t (id INTEGER);", null);
        for (String spelling : List.of("Migrate_Version", "MIGRATE_VERSION", "public.migrate_version", "Public.Migrate_Version")) {
            Files.writeString(dir.resolve("migrate.yaml"), "version_table: " + spelling + "\nlock_wait: 500ms\n");
            try (Connection holder = db.connect(); PreparedStatement ps = holder.prepareStatement("SELECT pg_advisory_lock(?)")) {
                ps.setLong(1, PostgresDialect.lockKey("public.migrate_version"));
                ps.execute();
                Cli.Result r = cli().run("upgrade", "head");
                assertEquals(7, r.code(), spelling + ": " + r);
            }
        }
        Files.writeString(dir.resolve("migrate.yaml"), "version_table: Migrate_Version\n");
        assertEquals(0, cli().run("upgrade", "head").code());
        assertEquals(List.of("r1"), db.query("SELECT version_num FROM public.migrate_version"));
    }
}
