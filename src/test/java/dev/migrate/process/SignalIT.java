package dev.migrate.process;

import dev.migrate.support.Scripts;
import dev.migrate.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM or SIGINT while a real migrate process runs a long statement: the statement is cancelled, the revision
 * rolled back and recorded as interrupted, the lock released, exit code 10; the next run proceeds.
 */
class SignalIT {

    @TempDir Path dir;

    static void awaitStatement(TestDatabase db, String prefix) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (db.query("SELECT 1 FROM pg_stat_activity WHERE state = 'active' AND datname = current_database() "
                + "AND query LIKE '" + prefix + "%'").isEmpty()) {
            if (System.nanoTime() > deadline) throw new AssertionError("'" + prefix + "' never ran");
            Thread.sleep(20);
        }
    }

    static List<String> stillRunning(TestDatabase db, String prefix) throws Exception {
        return db.query("SELECT pid FROM pg_stat_activity WHERE state = 'active' AND datname = current_database() "
                + "AND query LIKE '" + prefix + "%'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"})
    void aSignalDuringALongStatementRollsTheRevisionBackAndReleasesTheLock(String signal) throws Exception {
        try (TestDatabase.Postgres db = (TestDatabase.Postgres) TestDatabase.postgres()) {
            Scripts s = new Scripts(dir);
            s.add("r1", "", "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;");
            s.add("r2", "r1", "CREATE TABLE t2 (id INTEGER);\nINSERT INTO t2 VALUES (1);\nSELECT pg_sleep(60);", "DROP TABLE t2;");
            s.add("r3", "r2", "CREATE TABLE t3 (id INTEGER);", "DROP TABLE t3;");
            Map<String, String> env = Map.of("DATABASE_URL", db.url());

            Processes.Started p = Processes.launch(dir, env, "upgrade", "head");
            awaitStatement(db, "SELECT pg_sleep(60)");
            assertEquals(1, db.advisoryLocks().size(), "the running process holds the lock");
            long start = System.nanoTime();
            Processes.signal(p, signal);
            int code = Processes.waitFor(p, 40);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            String out = p.output();
            assertEquals(10, code, out);
            assertTrue(millis < 10_000, "ended promptly, took " + millis + " ms");
            assertTrue(out.contains("FAILED: Interrupted during upgrade r2; it was rolled back and recorded in the audit log. "
                    + "The database is at r1."), out);
            assertEquals(1, out.lines().filter(l -> l.startsWith("FAILED: ")).count(), out);
            assertFalse(out.contains("\tat "), out);
            assertEquals(List.of("r1"), db.versions());
            assertFalse(db.tables().contains("t2"), "r2 rolled back");
            assertEquals(List.of("r1|upgrade|ok|", "r2|upgrade|interrupted|SELECT pg_sleep(60)"),
                    db.query("SELECT revision || '|' || kind || '|' || status || '|' || coalesce(statement, '') "
                            + "FROM migrate_version_audit ORDER BY id"));
            assertEquals(List.of(), db.advisoryLocks(), "the lock was released");
            assertEquals(List.of(), stillRunning(db, "SELECT pg_sleep(60)"), "the statement was cancelled, not left running");

            s.add("r2", "r1", "CREATE TABLE t2 (id INTEGER);\nINSERT INTO t2 VALUES (1);", "DROP TABLE t2;");
            Processes.Finished next = Processes.run(dir, env, "upgrade", "head");
            assertEquals(0, next.code(), next.output());
            assertTrue(next.output().contains("Running upgrade r1 -> r2") && next.output().contains("Running upgrade r2 -> r3"), next.output());
            assertEquals(List.of("r3"), db.versions());
        }
    }

    @Test
    void sigtermDuringANonTransactionalRevisionMarksItPartial() throws Exception {
        try (TestDatabase.Postgres db = (TestDatabase.Postgres) TestDatabase.postgres()) {
            Scripts s = new Scripts(dir);
            s.add("r1", "", "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;");
            s.add("r2", "r1", "-- migrate:no-transaction\nCREATE TABLE t2 (id INTEGER);\nSELECT pg_sleep(60);\nCREATE TABLE t2b (id INTEGER);", null);
            Map<String, String> env = Map.of("DATABASE_URL", db.url());

            Processes.Started p = Processes.launch(dir, env, "upgrade", "head");
            awaitStatement(db, "SELECT pg_sleep(60)");
            Processes.signal(p, "TERM");
            String out;
            assertEquals(10, Processes.waitFor(p, 40), out = p.output());
            assertTrue(p.output().contains("FAILED: Interrupted during upgrade r2; it runs outside a transaction and stopped part-way"), p.output());
            assertEquals(List.of("r1"), db.versions());
            assertTrue(db.tables().contains("t2") && !db.tables().contains("t2b"), out);
            assertEquals(List.of("running|CREATE TABLE t2 (id INTEGER)", "running|SELECT pg_sleep(60)", "partial|SELECT pg_sleep(60)"),
                    db.query("SELECT status || '|' || coalesce(statement, '') FROM migrate_version_audit WHERE revision = 'r2' ORDER BY id"));
            assertEquals(List.of(), db.advisoryLocks());

            Processes.Finished next = Processes.run(dir, env, "upgrade", "head");
            assertEquals(13, next.code(), next.output());
            assertTrue(next.output().contains("Revision r2 (") && next.output().contains("in statement: SELECT pg_sleep(60)"), next.output());
        }
    }

    @Test
    void sigkillDuringANonTransactionalRevisionLeavesAMarkNamingTheStatement() throws Exception {
        try (TestDatabase.Postgres db = (TestDatabase.Postgres) TestDatabase.postgres()) {
            Scripts s = new Scripts(dir);
            s.add("r1", "", "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;");
            s.add("r2", "r1", "-- migrate:no-transaction\nCREATE TABLE t2 (id INTEGER);\nSELECT pg_sleep(60);\nCREATE TABLE t2b (id INTEGER);", null);
            Map<String, String> env = Map.of("DATABASE_URL", db.url());

            Processes.Started p = Processes.launch(dir, env, "upgrade", "head");
            awaitStatement(db, "SELECT pg_sleep(60)");
            p.process().destroyForcibly(); // SIGKILL: no chance to record anything
            Processes.waitFor(p, 30);

            Processes.Finished next = Processes.run(dir, env, "upgrade", "head");
            assertEquals(13, next.code(), next.output());
            assertTrue(next.output().contains("FAILED: Revision r2 (") && next.output().contains("it started and has not finished "
                    + "(its run is still going, or ended part-way), in statement: SELECT pg_sleep(60)"), next.output());
            assertTrue(next.output().contains("--retry-partial") && next.output().contains("migrate stamp r2"), next.output());

            // The orphaned backend notices its client is gone within about a second (client_connection_check_interval).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!stillRunning(db, "SELECT pg_sleep(60)").isEmpty() && System.nanoTime() < deadline) Thread.sleep(100);
            s.add("r2", "r1", "-- migrate:no-transaction\nCREATE TABLE IF NOT EXISTS t2 (id INTEGER);\nCREATE TABLE t2b (id INTEGER);", null);
            Processes.Finished retried = Processes.run(dir, env, "upgrade", "head", "--retry-partial");
            assertEquals(0, retried.code(), retried.output());
            assertEquals(List.of("r2"), db.versions());
        }
    }
    @Test
    void sigtermOnSqliteInterruptsTheRunningStatement() throws Exception {
        try (TestDatabase db = TestDatabase.sqlite(dir)) {
            Scripts s = new Scripts(dir);
            s.add("r1", "", "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;");
            s.add("r2", "r1", "CREATE TABLE t2 (id INTEGER);\n"
                    + "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000000000) SELECT count(*) FROM c;", null);
            Map<String, String> env = Map.of("DATABASE_URL", db.url());
            Processes.Started p = Processes.launch(dir, env, "upgrade", "head");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!p.output().contains("Running upgrade r1 -> r2")) {
                assertTrue(System.nanoTime() < deadline && p.process().isAlive(), p.output());
                Thread.sleep(20);
            }
            Thread.sleep(300);
            Processes.signal(p, "TERM");
            assertEquals(10, Processes.waitFor(p, 40), p.output());
            assertTrue(p.output().contains("FAILED: Interrupted during upgrade r2; it was rolled back"), p.output());
            assertEquals(List.of("r1"), db.versions());
            assertFalse(db.tables().contains("t2"));
            assertEquals(List.of("interrupted"), db.query("SELECT status FROM migrate_version_audit WHERE revision = 'r2'"));

            s.add("r2", "r1", "CREATE TABLE t2 (id INTEGER);", null);
            Processes.Finished next = Processes.run(dir, env, "upgrade", "head");
            assertEquals(0, next.code(), next.output());
            assertEquals(List.of("r2"), db.versions());
        }
    }

    @Test
    void sigtermWhileWaitingForTheLockChangesNothing() throws Exception {
        try (TestDatabase.Postgres db = (TestDatabase.Postgres) TestDatabase.postgres();
             java.sql.Connection holder = db.connect()) {
            new Scripts(dir).add("r1", "", "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;");
            try (var ps = holder.prepareStatement("SELECT pg_advisory_lock(?)")) {
                ps.setLong(1, dev.migrate.db.PostgresDialect.lockKey("public.migrate_version"));
                ps.execute();
            }
            Processes.Started p = Processes.launch(dir, Map.of("DATABASE_URL", db.url()), "upgrade", "head");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!p.output().contains("Waiting for the migration lock")) {
                assertTrue(System.nanoTime() < deadline && p.process().isAlive(), p.output());
                Thread.sleep(20);
            }
            long start = System.nanoTime();
            Processes.signal(p, "TERM");
            assertEquals(10, Processes.waitFor(p, 40), p.output());
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < 3_000, "ended promptly, took " + millis + " ms");
            assertTrue(p.output().contains("FAILED: Interrupted while waiting for the migration lock; nothing was changed."), p.output());
            assertEquals(List.of(), db.tables());
            holder.createStatement().execute("SELECT pg_advisory_unlock_all()");
        }
    }
}
