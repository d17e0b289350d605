package dev.migrate.integrity;

import dev.migrate.support.Cli;
import dev.migrate.support.Scripts;
import dev.migrate.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A revision cannot reach migrate's own session: what it changes (search path, role, {@code RESET ALL},
 * {@code set_config}, {@code default_transaction_read_only}, the timeouts) does not carry into migrate's bookkeeping
 * or into the next revision, and the configured lock_timeout and statement_timeout hold for every revision.
 */
class SessionIsolationTest {

    @TempDir Path dir;
    TestDatabase db;
    Scripts scripts;
    String role;

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabase.postgres();
        scripts = new Scripts(dir);
        role = "migrate_t_norights_" + ProcessHandle.current().pid();
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("DROP ROLE IF EXISTS " + role);
            st.execute("CREATE ROLE " + role + " NOLOGIN"); // may write nothing of migrate's
        }
        Files.writeString(dir.resolve("migrate.yaml"), "lock_timeout: 2s\nstatement_timeout: 1m\nlock_retries: 0\n");
    }

    @AfterEach
    void tearDown() throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("DROP OWNED BY " + role);
        } finally {
            db.close();
            try (Connection c = dev.migrate.support.PostgresServer.connect(dev.migrate.support.PostgresServer.adminUrl());
                 Statement st = c.createStatement()) {
                st.execute("DROP ROLE IF EXISTS " + role);
            }
        }
    }

    Cli cli() {
        return new Cli(dir).env("DATABASE_URL", db.url());
    }

    /** r1..r7: each one changes the session a different way; r8 records what the session looks like to a revision. */
    void sessionChangingRevisions() {
        scripts.add("r1", "", "CREATE SCHEMA other;\nSET search_path TO other;", null);
        scripts.add("r2", "r1", "CREATE TABLE t2 (id INTEGER);", null);
        scripts.add("r3", "r2", "SET ROLE " + role + ";", null);
        scripts.add("r4", "r3", "SELECT pg_catalog.set_config('search_path', '', false);", null);
        scripts.add("r5", "r4", "RESET ALL;\nSET lock_timeout = 0;\nSET statement_timeout = 0;", null);
        scripts.add("r6", "r5", "SET default_transaction_read_only = on;", null);
        // A no-transaction revision that changes the session between its own statements: its running rows still land.
        scripts.add("r7", "r6", "-- migrate:no-transaction\nSET search_path TO other;\nSET ROLE " + role
                + ";\nSET default_transaction_read_only = on;\nSELECT 1;", null);
        scripts.add("r8", "r7", "CREATE TABLE probe AS SELECT current_setting('search_path') AS sp, current_user AS u, "
                + "current_setting('lock_timeout') AS lt, current_setting('statement_timeout') AS st, "
                + "current_setting('transaction_read_only') AS ro;", null);
    }

    List<String> probe() throws Exception {
        return db.query("SELECT sp || '|' || u || '|' || lt || '|' || st || '|' || ro FROM public.probe");
    }

    @Test
    void whatARevisionChangesInTheSessionReachesNeitherMigratesWritesNorTheNextRevision() throws Exception {
        sessionChangingRevisions();
        Cli.Result r = cli().run("upgrade", "head");
        assertEquals(0, r.code(), r.toString());
        assertEquals(List.of("r8"), db.versions());
        assertEquals(List.of("\"$user\", public|postgres|2s|1min|off"), probe());
        // r2 ran after r1 set the search path to `other`: it landed where the session had it, in public.
        assertEquals(List.of("public"), db.query("SELECT table_schema FROM information_schema.tables WHERE table_name = 't2'"));
        assertEquals(List.of("8"), db.query("SELECT count(*) FROM public.migrate_version_audit WHERE status = 'ok'"));
        // The no-transaction revision's running rows were written, one per statement, despite its role and read-only default.
        assertEquals(List.of("4"), db.query("SELECT count(*) FROM public.migrate_version_audit WHERE revision = 'r7' AND status = 'running'"));
    }

    @Test
    void oneRevisionARunOrAllInOneRunLeaveTheSameDatabase() throws Exception {
        sessionChangingRevisions();
        for (int i = 1; i <= 8; i++) {
            Cli.Result r = cli().run("upgrade", "+1");
            assertEquals(0, r.code(), r.toString());
        }
        assertEquals(List.of("r8"), db.versions());
        assertEquals(List.of("\"$user\", public|postgres|2s|1min|off"), probe());
        assertEquals(List.of("public"), db.query("SELECT table_schema FROM information_schema.tables WHERE table_name = 't2'"));
    }

    /**
     * The outage lock_timeout exists to prevent: an ALTER TABLE queued behind a long transaction. A revision before it
     * switched the timeout off for the session; the configured one must still hold for the ALTER.
     */
    @Test
    void theConfiguredLockTimeoutHoldsAfterARevisionSwitchedItOff() throws Exception {
        scripts.add("r1", "", "CREATE TABLE t (id INTEGER);", null);
        scripts.add("r2", "r1", "RESET ALL;\nSET lock_timeout = 0;", null);
        scripts.add("r3", "r2", "ALTER TABLE t ADD COLUMN x INTEGER;", null);
        Files.writeString(dir.resolve("migrate.yaml"), "lock_timeout: 1s\nlock_retries: 0\n");
        assertEquals(0, cli().run("upgrade", "r1").code());
        try (Connection holder = db.connect()) {
            holder.setAutoCommit(false);
            try (Statement st = holder.createStatement()) {
                st.execute("LOCK TABLE t IN ACCESS SHARE MODE"); // a long reader: ALTER TABLE must not queue behind it
            }
            // Without the timeout the ALTER would queue for good: the reader lets go after 20 s, and the run then fails the
            // time check below instead of hanging the suite.
            Thread release = new Thread(() -> {
                try {
                    Thread.sleep(20_000);
                    holder.rollback();
                } catch (Exception ignored) {
                    // closed already
                }
            });
            release.setDaemon(true);
            release.start();
            long t0 = System.nanoTime();
            // One run applies r2 (which switches the timeout off for the session) and then r3 (which must still have it).
            Cli.Result r = cli().run("upgrade", "head");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(8, r.code(), r.toString());
            assertTrue(r.err().contains("55P03"), r.toString());
            assertTrue(ms < 15_000, "gave up after " + ms + " ms, not queued behind the reader");
            release.interrupt();
        }
    }
}
