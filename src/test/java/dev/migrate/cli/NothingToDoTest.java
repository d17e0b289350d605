package dev.migrate.cli;

import dev.migrate.db.PostgresDialect;
import dev.migrate.support.Cli;
import dev.migrate.support.Scripts;
import dev.migrate.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An upgrade of a database already at its target does not wait for the migration lock: every instance of an
 * application may run {@code upgrade head} as it starts, and while one of them migrates, the others only wait
 * when there is something left to do. Everything else still takes the lock.
 */
class NothingToDoTest {

    @TempDir Path dir;

    @Test
    void onPostgresql() throws Exception {
        try (TestDatabase db = TestDatabase.postgres(); Connection holder = db.connect()) {
            Cli cli = new Cli(dir).env("DATABASE_URL", db.url());
            check(cli, () -> {
                try (PreparedStatement ps = holder.prepareStatement("SELECT pg_advisory_lock(?)")) {
                    ps.setLong(1, PostgresDialect.lockKey("public.migrate_version"));
                    ps.execute();
                }
                return () -> holder.createStatement().execute("SELECT pg_advisory_unlock_all()");
            }, db::versions);
        }
    }

    @Test
    void onSqlite() throws Exception {
        try (TestDatabase db = TestDatabase.sqlite(dir)) {
            Path file = Path.of(db.url().substring("sqlite:".length()));
            Cli cli = new Cli(dir).env("DATABASE_URL", db.url());
            check(cli, () -> {
                // The byte range of the lock file that a run locks, held by this process as another run would hold it.
                FileChannel channel = FileChannel.open(file.resolveSibling(file.getFileName() + ".migrate-lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
                FileLock lock = channel.lock(1 << 20, 1, false);
                return () -> {
                    lock.release();
                    channel.close();
                };
            }, db::versions);
        }
    }

    interface Holder {
        AutoCloseable hold() throws Exception;
    }

    interface Versions {
        List<String> get() throws Exception;
    }

    private void check(Cli cli, Holder holder, Versions versions) throws Exception {
        Scripts scripts = new Scripts(dir);
        Files.writeString(dir.resolve("migrate.yaml"), "lock_wait: 1s\n");
        scripts.add("a1", "", "CREATE TABLE t (id INTEGER);", "DROP TABLE t;");
        assertEquals(0, cli.run("upgrade", "head").code());

        try (AutoCloseable held = holder.hold()) {
            long t0 = System.nanoTime();
            Cli.Result r = cli.run("upgrade", "head");
            assertEquals(0, r.code(), r::toString);
            assertFalse(r.err().contains("Waiting for the migration lock"), r::toString);
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 1000, "returned before lock_wait could run out: " + r);
            assertEquals(0, cli.run("downgrade", "a1").code(), "a downgrade to where it is: nothing to do either");

            scripts.add("a2", "a1", "CREATE TABLE t2 (id INTEGER);", "DROP TABLE t2;");
            Cli.Result pending = cli.run("upgrade", "head");
            assertEquals(ExitCode.LOCK_TIMEOUT, pending.code(), "something to do: it waits for the lock: " + pending);
            assertEquals(List.of("a1"), versions.get());

            Cli.Result stamp = cli.run("stamp", "a1");
            assertEquals(ExitCode.LOCK_TIMEOUT, stamp.code(), "stamp always takes the lock: " + stamp);
            Cli.Result bad = cli.run("upgrade", "nosuch");
            assertEquals(ExitCode.REVISION, bad.code(), "a bad target fails without waiting: " + bad);
        }
        assertEquals(0, cli.run("upgrade", "head").code());
        assertEquals(List.of("a2"), versions.get());
    }
}
