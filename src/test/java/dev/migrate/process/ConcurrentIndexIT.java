package dev.migrate.process;

import dev.migrate.support.Scripts;
import dev.migrate.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code CREATE INDEX CONCURRENTLY} waits for every transaction that might not see the new index. A second migrate
 * process waiting for the lock must hold no transaction open, or the two deadlock: the index waits for the waiter,
 * the waiter for the lock. With real processes: both finish.
 */
class ConcurrentIndexIT {

    @TempDir Path dir;

    @Test
    void aConcurrentIndexBuildsWhileAnotherProcessWaitsForTheLock() throws Exception {
        try (TestDatabase.Postgres db = (TestDatabase.Postgres) TestDatabase.postgres()) {
            Scripts s = new Scripts(dir);
            s.add("r1", "", "CREATE TABLE big AS SELECT g AS id, md5(g::text) AS v FROM generate_series(1, 100000) g;", "DROP TABLE big;");
            // The pause lets the second process start waiting before the index build begins.
            s.add("r2", "r1", "-- migrate:no-transaction\nSELECT pg_sleep(1.5);\nCREATE INDEX CONCURRENTLY big_v ON big (v);\n"
                    + "CREATE UNIQUE INDEX CONCURRENTLY big_id ON big (id);", "DROP INDEX big_v;\nDROP INDEX big_id;");
            s.add("r3", "r2", "CREATE TABLE after_index (id INTEGER);", "DROP TABLE after_index;");
            Map<String, String> env = Map.of("DATABASE_URL", db.url());

            Processes.Started first = Processes.launch(dir, env, "upgrade", "head");
            SignalIT.awaitStatement(db, "SELECT pg_sleep(1.5)");
            Processes.Started second = Processes.launch(dir, env, "upgrade", "head");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!second.output().contains("Waiting for the migration lock")) {
                assertTrue(System.nanoTime() < deadline, "the second process waits for the lock:\n" + second.output());
                assertTrue(first.process().isAlive(), "the first process still runs r2 while the second starts waiting:\n" + first.output());
                Thread.sleep(20);
            }
            assertEquals(List.of(), db.query("SELECT id FROM migrate_version_audit WHERE statement LIKE 'CREATE INDEX CONCURRENTLY%'"),
                    "the second process was waiting before the index build began; it waits (polling) until the first ends");

            assertEquals(0, Processes.waitFor(first, 60), first.output());
            assertEquals(0, Processes.waitFor(second, 60), second.output());
            assertTrue(first.output().contains("Running upgrade r1 -> r2") && first.output().contains("Running upgrade r2 -> r3"), first.output());
            assertTrue(second.output().contains("held by pid") && second.output().contains("Nothing to do; the database is at r3."),
                    second.output());
            assertEquals(List.of("r3"), db.versions());
            assertEquals(List.of("big_id|true", "big_v|true"),
                    db.query("SELECT c.relname || '|' || i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                            + "WHERE i.indrelid = 'big'::regclass ORDER BY 1"));
            assertEquals(List.of("r1:1", "r2:1", "r3:1"), db.query("SELECT revision || ':' || count(*) FROM migrate_version_audit "
                    + "WHERE status = 'ok' GROUP BY revision ORDER BY revision"));
        }
    }
}
