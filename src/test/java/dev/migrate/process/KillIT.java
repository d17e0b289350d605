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

/** A process killed with SIGKILL while it holds the lock leaves neither the lock nor half a revision behind. */
class KillIT {

    @TempDir Path dir;

    @Test
    void nextRunProceedsOnceTheServerNoticesTheKilledHolder() throws Exception {
        try (TestDatabase.Postgres db = (TestDatabase.Postgres) TestDatabase.postgres()) {
            Scripts scripts = new Scripts(dir);
            scripts.add("r1", "", "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;");
            scripts.add("r2", "r1", "CREATE TABLE t2 (id INTEGER);\nSELECT pg_sleep(60);", "DROP TABLE t2;");
            scripts.add("r3", "r2", "CREATE TABLE t3 (id INTEGER);", "DROP TABLE t3;");
            Map<String, String> env = Map.of("DATABASE_URL", db.url());
            Process p = Processes.start(dir, env, "upgrade", "head");
            // Wait until r2 is running: the lock is held and t1 is committed.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline
                    && db.query("SELECT 1 FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(60)%' AND datname = current_database()").isEmpty()) {
                Thread.sleep(50);
            }
            assertEquals(1, db.advisoryLocks().size(), "the running process holds the lock");
            p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly(); // SIGKILL
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));

            scripts.add("r2", "r1", "CREATE TABLE t2 (id INTEGER);", "DROP TABLE t2;");
            long start = System.nanoTime();
            Processes.Finished next = Processes.run(dir, Map.of("DATABASE_URL", db.url()), "upgrade", "head");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(0, next.code(), next.output());
            // The lock lives on the session that ran r2: it is released when the server has noticed the dead client
            // and cancelled its statement (client_connection_check_interval, 1 s), not before: until then that
            // statement could still have committed. So the next run may wait, but only that long.
            assertTrue(next.output().contains("Running upgrade r1 -> r2"), next.output());
            assertTrue(millis < 10_000, "proceeded once the server noticed the dead client, took " + millis + " ms");
            assertEquals(List.of("r3"), db.versions());
            assertTrue(db.tables().containsAll(List.of("t1", "t2", "t3")));
            assertEquals(List.of("r1|upgrade", "r2|upgrade", "r3|upgrade"),
                    db.query("SELECT revision, kind FROM migrate_version_audit WHERE status = 'ok' ORDER BY id"));
        }
    }
}
