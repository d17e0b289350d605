package dev.migrate.integrity;

import dev.migrate.support.Cli;
import dev.migrate.support.Scripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SQLite: a lock file that cannot be opened is a database error naming the file (never "a bug in migrate"), and a
 * database that another connection holds is waited for as long as lock_wait allows, not the driver's three seconds.
 */
class SqliteLockTest {

    @TempDir Path dir;

    Cli cli() {
        return new Cli(dir).env("DATABASE_URL", "sqlite:app.db");
    }

    @Test
    void aLockFileThatCannotBeOpenedIsADatabaseErrorNamingIt() throws Exception {
        new Scripts(dir).add("r1", "", "CREATE TABLE t (id INTEGER);", null);
        // The lock file's name is taken by a directory: fails for root too, unlike a permission.
        Files.createDirectories(dir.resolve("app.db.migrate-lock"));
        Cli.Result r = cli().run("upgrade", "head");
        assertEquals(6, r.code(), r.toString());
        assertTrue(r.err().contains("cannot open the migration lock file") && r.err().contains("app.db.migrate-lock"), r.toString());
        assertFalse(r.err().contains("Internal error") || r.err().contains("at dev.migrate"), r.toString());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("FAILED:")).count(), r.toString());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("app.db"));
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 't'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "nothing was changed");
        }
    }

    /** Another connection holds the database for 5 s, longer than the driver's default busy wait. */
    Future<?> busyWriter(ExecutorService background) throws Exception {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("app.db"));
        Statement st = c.createStatement();
        st.execute("BEGIN EXCLUSIVE");
        st.execute("CREATE TABLE IF NOT EXISTS other (id INTEGER)");
        return background.submit(() -> {
            Thread.sleep(5000);
            st.execute("COMMIT");
            c.close();
            return null;
        });
    }

    @Test
    void aBusyDatabaseIsWaitedForAsLongAsLockWaitAllows() throws Exception {
        new Scripts(dir).add("r1", "", "CREATE TABLE t (id INTEGER);", null);
        Files.writeString(dir.resolve("migrate.yaml"), "lock_wait: 20s\n");
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            Future<?> writer = busyWriter(background);
            long t0 = System.nanoTime();
            Cli.Result r = cli().run("upgrade", "head");
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            writer.get(30, TimeUnit.SECONDS);
            assertEquals(0, r.code(), r.toString());
            assertTrue(ms >= 3500, "waited for the writer: " + ms + " ms");
        } finally {
            background.shutdownNow();
        }
    }

    @Test
    void aDatabaseBusyForLongerThanLockWaitFailsWithAClearMessage() throws Exception {
        new Scripts(dir).add("r1", "", "CREATE TABLE t (id INTEGER);", null);
        Files.writeString(dir.resolve("migrate.yaml"), "lock_wait: 1s\n");
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            Future<?> writer = busyWriter(background);
            long t0 = System.nanoTime();
            Cli.Result r = cli().run("upgrade", "head");
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            writer.get(30, TimeUnit.SECONDS);
            assertTrue(r.code() == 6 || r.code() == 8, r.toString());
            assertTrue(r.err().contains("database is locked"), r.toString());
            assertFalse(r.err().contains("Internal error") || r.err().contains("at dev.migrate"), r.toString());
            assertTrue(ms < 4000, "gave up after lock_wait: " + ms + " ms");
        } finally {
            background.shutdownNow();
        }
    }
}
