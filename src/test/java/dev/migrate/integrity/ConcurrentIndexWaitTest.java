package dev.migrate.integrity;

import dev.migrate.support.Cli;
import dev.migrate.support.CliTestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A concurrent index build waits for every older snapshot in the database; its wait blocks no reads or writes, and
 * cancelling it leaves an INVALID index. So it runs without lock_timeout (statement_timeout still bounds it), unless
 * {@code concurrent_lock_timeout} asks for one.
 */
class ConcurrentIndexWaitTest extends CliTestBase {

    ExecutorService background = Executors.newSingleThreadExecutor();

    @BeforeEach
    void setUp() throws Exception {
        setUp("postgresql");
        scripts.add("r1", "", "CREATE TABLE t (id INTEGER);\nINSERT INTO t SELECT generate_series(1, 1000);\n"
                + "CREATE TABLE unrelated (id INTEGER);", null);
        scripts.add("r2", "r1", "-- migrate:no-transaction\nCREATE INDEX CONCURRENTLY ix_t_id ON t (id);",
                "-- migrate:no-transaction\nDROP INDEX CONCURRENTLY ix_t_id;");
    }

    @AfterEach
    void stopBackground() {
        background.shutdownNow();
    }

    Cli cli() {
        return cli;
    }

    /** A session that holds a snapshot older than the index build, on an unrelated table, for {@code millis}. */
    Future<?> oldSnapshot(long millis) throws Exception {
        Connection c = db.connect();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            st.execute("SELECT count(*) FROM unrelated");
        }
        return background.submit(() -> {
            Thread.sleep(millis);
            c.commit();
            c.close();
            return null;
        });
    }

    @Test
    void anIndexBuildWaitsForAnOldSnapshotInsteadOfFailingOnLockTimeout() throws Exception {
        Files.writeString(dir.resolve("migrate.yaml"), "lock_timeout: 500ms\n");
        assertEquals(0, cli().run("upgrade", "r1").code());
        Future<?> holder = oldSnapshot(3000);
        long t0 = System.nanoTime();
        Cli.Result r = cli().run("upgrade", "head");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        holder.get(10, TimeUnit.SECONDS);
        assertEquals(0, r.code(), r.toString());
        assertTrue(ms >= 2000, "it waited for the old snapshot: " + ms + " ms");
        assertEquals(List.of("true"), db.query("SELECT indisvalid::text FROM pg_index WHERE indexrelid = 'ix_t_id'::regclass"));
    }

    @Test
    void concurrentLockTimeoutBoundsTheWaitWhenSet() throws Exception {
        Files.writeString(dir.resolve("migrate.yaml"), "lock_timeout: 10s\nconcurrent_lock_timeout: 500ms\n");
        assertEquals(0, cli().run("upgrade", "r1").code());
        Future<?> holder = oldSnapshot(4000);
        Cli.Result r = cli().run("upgrade", "head");
        holder.get(10, TimeUnit.SECONDS);
        assertEquals(8, r.code(), r.toString());
        assertTrue(r.err().contains("55P03"), r.toString());
        // --retry-partial drops the INVALID index the cancelled build left, and builds it again.
        Cli.Result again = cli().run("upgrade", "head", "--retry-partial");
        assertEquals(0, again.code(), again.toString());
        assertEquals(List.of("true"), db.query("SELECT indisvalid::text FROM pg_index WHERE indexrelid = 'ix_t_id'::regclass"));
    }
}
