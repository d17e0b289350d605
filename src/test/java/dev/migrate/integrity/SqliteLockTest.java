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

    record Timed(Cli.Result result, long millis) { }

    /** {@code upgrade head} with this lock_wait while another connection holds the database for 5 s. */
    Timed upgradeWhileBusy(String lockWait) throws Exception {
        new Scripts(dir).add("r1", "", "CREATE TABLE t (id INTEGER);", null);
        Files.writeString(dir.resolve("migrate.yaml"), "lock_wait: " + lockWait + "\n");
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            Future<?> writer = busyWriter(background);
            long t0 = System.nanoTime();
            Cli.Result r = cli().run("upgrade", "head");
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            writer.get(30, TimeUnit.SECONDS);
            return new Timed(r, ms);
        } finally {
            background.shutdownNow();
        }
    }

    @Test
    void aBusyDatabaseIsWaitedForAsLongAsLockWaitAllows() throws Exception {
        Timed t = upgradeWhileBusy("20s");
        assertEquals(0, t.result().code(), t.result().toString());
        assertTrue(t.millis() >= 3500, "waited for the writer: " + t.millis() + " ms");
    }

    @Test
    void aDatabaseBusyForLongerThanLockWaitFailsWithAClearMessage() throws Exception {
        Timed t = upgradeWhileBusy("1s");
        Cli.Result r = t.result();
        assertEquals(6, r.code(), r.toString());
        assertTrue(r.err().contains("database is locked") && r.err().contains("raise lock_wait"), r.toString());
        assertFalse(r.err().contains("Internal error") || r.err().contains("at dev.migrate"), r.toString());
        assertTrue(t.millis() < 4000, "gave up after lock_wait: " + t.millis() + " ms");
    }
}
