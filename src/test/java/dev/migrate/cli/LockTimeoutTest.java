package dev.migrate.cli;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL's lock_timeout and statement_timeout around each revision: a revision that waits behind another
 * transaction's lock gives up after lock_timeout, is rolled back and tried again with backoff, each attempt in the
 * audit log; the timeouts come from migrate.yaml or the script's header and hold for that revision only.
 */
class LockTimeoutTest {

    @TempDir Path dir;
    TestDatabase db;
    Scripts scripts;
    ExecutorService background = Executors.newSingleThreadExecutor();

    @BeforeEach
    void setUp() {
        db = TestDatabase.postgres();
        scripts = new Scripts(dir);
    }

    @AfterEach
    void tearDown() {
        background.shutdownNow();
        db.close();
    }

    Cli cli() {
        return new Cli(dir).env("DATABASE_URL", db.url());
    }

    /** A connection holding an ACCESS EXCLUSIVE lock on {@code table} in an open transaction. */
    Connection lockTable(String table) throws Exception {
        Connection holder = db.connect();
        holder.setAutoCommit(false);
        try (Statement st = holder.createStatement()) {
            st.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
        }
        return holder;
    }

    List<String> attempts(String revision) throws Exception {
        return db.query("SELECT status || '|' || coalesce(statement, '') || '|' || coalesce(error, '') "
                + "FROM migrate_version_audit WHERE revision = '" + revision + "' ORDER BY id");
    }

    @Test
    void aRevisionBlockedByAnotherTransactionIsRetriedUntilThatTransactionCommits() throws Exception {
        scripts.add("r1", "", "CREATE TABLE t (id INTEGER);", "DROP TABLE t;");
        assertEquals(0, cli().run("upgrade", "head").code());
        scripts.add("r2", "r1", "-- Lock Timeout: 200ms", "CREATE TABLE t2 (id INTEGER);\nALTER TABLE t ADD COLUMN x INTEGER;", null);

        Connection holder = lockTable("t");
        Future<Cli.Result> run = background.submit(() -> cli().run("upgrade", "head"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (db.query("SELECT 1 FROM migrate_version_audit WHERE revision = 'r2' AND status = 'retry'").size() < 2) {
            assertTrue(System.nanoTime() < deadline, "two attempts failed on the lock within 30 s: " + attempts("r2"));
            assertFalse(run.isDone(), () -> "still retrying: " + result(run));
            Thread.sleep(50);
        }
        assertEquals(List.of("r1"), db.versions(), "nothing of r2 committed while the lock is held");
        assertFalse(db.tables().contains("t2"), "each attempt is rolled back whole");
        holder.commit();
        holder.close();

        Cli.Result r = run.get(60, TimeUnit.SECONDS);
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("lock timeout"), r::toString);
        assertTrue(r.all().contains("rolled back, attempt 2 in"), r::toString);
        assertEquals(List.of("r2"), db.versions());
        assertEquals(List.of("1"), db.query("SELECT count(*) FROM information_schema.columns WHERE table_name = 't' AND column_name = 'x'"));

        List<String> rows = attempts("r2");
        assertTrue(rows.size() >= 3, rows::toString);
        for (String retry : rows.subList(0, rows.size() - 1)) {
            assertTrue(retry.startsWith("retry|ALTER TABLE t ADD COLUMN x INTEGER|canceling statement due to lock timeout (attempt "),
                    "each failed attempt names the statement and the lock timeout: " + rows);
        }
        assertEquals("ok||", rows.get(rows.size() - 1), rows::toString);
        assertEquals(List.of("1"), db.query("SELECT count(*) FROM migrate_version_audit WHERE revision = 'r2' AND status = 'ok'"));
    }

    @Test
    void whenTheRetriesRunOutTheRevisionFailsWithEveryAttemptRecorded() throws Exception {
        Files.writeString(dir.resolve("migrate.yaml"), "lock_timeout: 100ms\nlock_retries: 2\n");
        scripts.add("r1", "", "CREATE TABLE t (id INTEGER);", "DROP TABLE t;");
        assertEquals(0, cli().run("upgrade", "head").code());
        scripts.add("r2", "r1", "ALTER TABLE t ADD COLUMN x INTEGER;", null);

        try (Connection holder = lockTable("t")) {
            Cli.Result r = cli().run("upgrade", "head");
            assertEquals(ExitCode.MIGRATION_FAILED, r.code(), r::toString);
            assertTrue(r.err().contains("FAILED: upgrade r2 failed at") && r.err().contains("lock timeout (SQLSTATE 55P03)"), r::toString);
            assertTrue(r.err().contains("statement: ALTER TABLE t ADD COLUMN x INTEGER"), r::toString);
            int pid;
            try (var st = holder.createStatement(); var rs = st.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            // The session that held the table is named: who, where, since when, which lock, what it ran.
            assertTrue(r.err().matches("(?s).*  blocked by: pid " + pid + " \\(.*\\), .*holds AccessExclusiveLock on public\\.t: .*"), r::toString);
            holder.rollback();
        }
        List<String> rows = attempts("r2");
        assertEquals(3, rows.size(), "lock_retries: 2 means three attempts: " + rows);
        assertTrue(rows.get(0).startsWith("retry|") && rows.get(0).endsWith("(attempt 1 of 3)"), rows::toString);
        assertTrue(rows.get(1).startsWith("retry|") && rows.get(1).endsWith("(attempt 2 of 3)"), rows::toString);
        assertTrue(rows.get(2).startsWith("failed|ALTER TABLE t ADD COLUMN x INTEGER|canceling statement due to lock timeout"), rows::toString);
        assertEquals(List.of("r1"), db.versions());
    }

    @Test
    void timeoutsComeFromConfigOrHeaderAndHoldForOneRevisionOnly() throws Exception {
        Files.writeString(dir.resolve("migrate.yaml"), "lock_timeout: 3s\nstatement_timeout: 1m\n");
        String record = "INSERT INTO s SELECT '%s', current_setting('lock_timeout'), current_setting('statement_timeout');";
        scripts.add("r1", "", "CREATE TABLE s (rev TEXT, lock_timeout TEXT, statement_timeout TEXT);\n" + record.formatted("r1"), null);
        scripts.add("r2", "r1", "-- Lock Timeout: 2s\n-- Statement Timeout: 30s", record.formatted("r2"), null);
        scripts.add("r3", "r2", record.formatted("r3"), null);
        scripts.add("r4", "r3", "-- Lock Timeout: 700ms", "-- migrate:no-transaction\n" + record.formatted("r4"), null);
        scripts.add("r5", "r4", record.formatted("r5"), null);
        Cli.Result r = cli().run("upgrade", "head");
        assertEquals(0, r.code(), r::toString);
        assertEquals(List.of("r1|3s|1min", "r2|2s|30s", "r3|3s|1min", "r4|700ms|1min", "r5|3s|1min"),
                db.query("SELECT rev || '|' || lock_timeout || '|' || statement_timeout FROM s ORDER BY rev"));
    }

    @Test
    void defaultsAreFiveSecondsAndNoStatementTimeout() throws Exception {
        scripts.add("r1", "", "CREATE TABLE s AS SELECT current_setting('lock_timeout') AS lt, current_setting('statement_timeout') AS st;", null);
        Cli.Result r = cli().run("upgrade", "head");
        assertEquals(0, r.code(), r::toString);
        assertEquals(List.of("5s|0"), db.query("SELECT lt || '|' || st FROM s"));
    }

    private static String result(Future<Cli.Result> run) {
        try {
            return run.get().toString();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
