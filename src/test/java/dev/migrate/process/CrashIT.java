package dev.migrate.process;

import dev.migrate.support.Scripts;
import dev.migrate.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crash safety: a real {@code migrate upgrade head} of 30 revisions killed with SIGKILL at a random moment, 50
 * times. After every kill the database is consistent (the version row and the tables agree, in one snapshot), the
 * next run completes, and every revision was applied exactly once.
 */
class CrashIT {

    static final int REVISIONS = 30;
    static final int KILLS = 50;

    @TempDir Path dir;

    static String id(int i) {
        return String.format("r%02d", i);
    }

    @Test
    void sigkillAtRandomMomentsNeverLeavesHalfARevision() throws Exception {
        try (TestDatabase.Postgres db = (TestDatabase.Postgres) TestDatabase.postgres()) {
            Scripts s = new Scripts(dir);
            for (int i = 1; i <= REVISIONS; i++) {
                // No IF NOT EXISTS: a revision applied twice fails. A pause in every fifth widens the windows.
                String body = "CREATE TABLE t" + i + " (id INTEGER);\nINSERT INTO t" + i + " VALUES (" + i + ");"
                        + (i % 5 == 0 ? "\nSELECT pg_sleep(0.05);" : "");
                s.add(id(i), i == 1 ? "" : id(i - 1), body, "DROP TABLE t" + i + ";");
            }
            Map<String, String> env = Map.of("DATABASE_URL", db.url());

            long t0 = System.nanoTime();
            Processes.Finished first = Processes.run(dir, env, "upgrade", "head");
            long full = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(0, first.code(), first.output());
            assertComplete(db);
            // A run with nothing to do: about how long the JVM takes to start, connect and take the lock.
            long t1 = System.nanoTime();
            Processes.Finished noop = Processes.run(dir, env, "upgrade", "head");
            long startup = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1);
            assertEquals(0, noop.code(), noop.output());

            long seed = System.nanoTime();
            Random random = new Random(seed);
            int midway = 0;
            List<String> appliedAtKill = new ArrayList<>();
            // The end of the window follows the machine's pace: a kill after the run ended narrows it, one before the
            // first revision widens it (a loaded machine made the first, measured run slower or faster than the rest).
            long window = full;
            for (int k = 1; k <= KILLS; k++) {
                reset(db);
                Processes.Started p = Processes.launch(dir, env, "upgrade", "head");
                // Mostly while the revisions run: from a little before the first one to about when the run ends.
                long from = startup * 4 / 5;
                Thread.sleep(from + random.nextInt((int) Math.max(1, window - from)));
                p.process().destroyForcibly(); // SIGKILL
                Processes.waitFor(p, 30);

                int applied = consistentState(db, "after kill " + k + " (seed " + seed + ")");
                appliedAtKill.add(String.valueOf(applied));
                if (applied > 0 && applied < REVISIONS) midway++;
                if (applied == REVISIONS) window = Math.max(from + 50, window * 17 / 20);
                if (applied == 0) window = window * 11 / 10;

                Processes.Finished next = Processes.run(dir, env, "upgrade", "head");
                assertEquals(0, next.code(), "kill " + k + " (seed " + seed + "), the run after it:\n" + next.output());
                assertComplete(db);
            }
            System.out.printf("CrashIT: a full run took %d ms, one with nothing to do %d ms; %d kills in %d s, %d in the middle "
                    + "of the upgrade (seed %d)%n", full, startup, KILLS, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0), midway, seed);
            assertTrue(midway >= KILLS / 3, "at least a third of the kills landed in the middle of the upgrade; "
                    + "revisions applied at each kill: " + appliedAtKill);
        }
    }

    /**
     * The version table and the tables agree, read in one snapshot: version r{@code n} means exactly t1..t{@code n}
     * exist, each with its one row. Returns n.
     */
    static int consistentState(TestDatabase db, String when) throws Exception {
        int n;
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement st = c.createStatement()) {
                List<String> tables = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables "
                        + "WHERE table_schema = 'public' AND table_name ~ '^t[0-9]+$'")) {
                    while (rs.next()) tables.add(rs.getString(1));
                }
                List<String> versions = new ArrayList<>();
                boolean hasVersionTable;
                try (ResultSet rs = st.executeQuery("SELECT to_regclass('migrate_version') IS NOT NULL")) {
                    rs.next();
                    hasVersionTable = rs.getBoolean(1);
                }
                if (hasVersionTable) {
                    try (ResultSet rs = st.executeQuery("SELECT version_num FROM migrate_version")) {
                        while (rs.next()) versions.add(rs.getString(1));
                    }
                }
                assertTrue(versions.size() <= 1, when + ": one head at most: " + versions);
                n = versions.isEmpty() ? 0 : Integer.parseInt(versions.get(0).substring(1));
                assertEquals(n, tables.size(), when + ": version " + versions + " but tables " + tables);
                for (int i = 1; i <= n; i++) {
                    try (ResultSet rs = st.executeQuery("SELECT count(*), min(id) FROM t" + i)) {
                        rs.next();
                        assertEquals(1, rs.getInt(1), when + ": t" + i + " holds its one row");
                        assertEquals(i, rs.getInt(2), when + ": t" + i + " holds its one row");
                    }
                }
                if (n > 0) {
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM migrate_version_audit WHERE kind = 'upgrade' "
                            + "AND status = 'ok'")) {
                        rs.next();
                        assertEquals(n, rs.getInt(1), when + ": one ok audit row per applied revision");
                    }
                }
            }
            c.rollback();
        }
        return n;
    }

    /** Every revision applied exactly once, the schema complete, no lock left, nothing marked running. */
    static void assertComplete(TestDatabase.Postgres db) throws Exception {
        assertEquals(List.of(id(REVISIONS)), db.versions());
        List<String> perRevision = db.query("SELECT revision || ':' || count(*) FROM migrate_version_audit "
                + "WHERE kind = 'upgrade' AND status = 'ok' GROUP BY revision ORDER BY revision");
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= REVISIONS; i++) expected.add(id(i) + ":1");
        assertEquals(expected, perRevision, "each revision applied exactly once");
        for (int i = 1; i <= REVISIONS; i++) {
            assertEquals(List.of(String.valueOf(i)), db.query("SELECT id FROM t" + i));
        }
        assertEquals(List.of("0"), db.query("SELECT count(*) FROM migrate_version_audit WHERE status IN ('running', 'partial', 'failed')"));
        assertEquals(List.of(), db.advisoryLocks(), "no lock left behind");
    }

    /** Back to an empty database; a killed run's backend may still be ending, so this may wait for its locks. */
    static void reset(TestDatabase db) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("DO $$ DECLARE r record; BEGIN FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                    + "LOOP EXECUTE 'DROP TABLE ' || quote_ident(r.tablename) || ' CASCADE'; END LOOP; END $$");
        }
    }
}
