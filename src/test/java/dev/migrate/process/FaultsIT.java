package dev.migrate.process;

import dev.migrate.support.PgBouncer;
import dev.migrate.support.PostgresServer;
import dev.migrate.support.Scripts;
import dev.migrate.support.TcpProxy;
import dev.migrate.support.ThrowawayCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The faults production brings, with real processes against a throw-away cluster that has the settings they need:
 * an idle-session timeout, a terminated lock session, PgBouncer in transaction and session mode, a network that goes
 * silent (a frozen proxy) with a deadline and with SIGTERM.
 */
class FaultsIT {

    static ThrowawayCluster pg;

    @TempDir Path dir;

    @BeforeAll
    static void cluster() {
        // Every idle session ends after a second: a lock on an idle connection would vanish.
        pg = ThrowawayCluster.start(Map.of("idle_session_timeout", "1s", "idle_in_transaction_session_timeout", "1s"));
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    static List<String> query(String url, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = PostgresServer.connect(url); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    static List<String> advisoryLocks() throws Exception {
        return query(pg.url("postgres"), "SELECT pid || ':' || objid FROM pg_locks WHERE locktype = 'advisory'");
    }

    static List<Processes.Finished> runAll(Path dir, Map<String, String> env, int n, long staggerMillis, String... args)
            throws Exception {
        List<Process> ps = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path log = dir.resolve("p" + i + "-" + System.nanoTime() + ".log");
            logs.add(log);
            List<String> cmd = new ArrayList<>(List.of(Processes.LAUNCHER.toString()));
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            ps.add(pb.start());
            if (staggerMillis > 0) Thread.sleep(staggerMillis);
        }
        List<Processes.Finished> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            assertTrue(ps.get(i).waitFor(2, TimeUnit.MINUTES), "process " + i + " finished");
            out.add(new Processes.Finished(ps.get(i).exitValue(), Files.readString(logs.get(i))));
        }
        return out;
    }

    /** r1 (a table), r2 (transactional, 3 s), r3 (no-transaction, 3 s), each inserting one row that must land once. */
    void slowRevisions() {
        Scripts s = new Scripts(dir);
        s.add("r1", "", "CREATE TABLE t (rev TEXT);", null);
        s.add("r2", "r1", "INSERT INTO t VALUES ('r2');\nSELECT pg_sleep(3);", null);
        s.add("r3", "r2", "-- migrate:no-transaction\nINSERT INTO t VALUES ('r3');\nSELECT pg_sleep(3);", null);
    }

    @Test
    void anIdleSessionTimeoutCannotTakeTheLockAwayFromARunningProcess() throws Exception {
        slowRevisions();
        String url = pg.createDatabase();
        // Two processes; the second starts while the first is inside r2 and waits for the lock for 3 s at a time.
        List<Processes.Finished> done = runAll(dir, Map.of("DATABASE_URL", url), 2, 1500, "upgrade", "head");
        for (Processes.Finished f : done) assertEquals(0, f.code(), f.output());
        assertEquals(List.of("r2", "r3"), query(url, "SELECT rev FROM t ORDER BY rev"), "each revision applied once");
        assertEquals(List.of("r3"), query(url, "SELECT version_num FROM migrate_version"));
        assertEquals(List.of(), advisoryLocks());
    }

    @Test
    void aTerminatedLockSessionStopsItsRunAndTheNextRunAppliesTheRevisionOnce() throws Exception {
        slowRevisions();
        String url = pg.createDatabase();
        Map<String, String> env = Map.of("DATABASE_URL", url);
        Processes.Started a = Processes.launch(dir, env, "upgrade", "head");
        // Wait until A is inside r2, then end its session as an administrator's script would.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> pid;
        while ((pid = query(url, "SELECT pid FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(3)%' "
                + "AND datname = current_database()")).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, a.output());
            Thread.sleep(20);
        }
        query(url, "SELECT pg_terminate_backend(" + pid.get(0) + ")::text");
        assertTrue(a.process().waitFor(30, TimeUnit.SECONDS));
        assertEquals(14, a.process().exitValue(), a.output());
        assertFalse(a.output().contains("Internal error"), a.output());
        assertEquals(List.of(), query(url, "SELECT rev FROM t"));
        assertEquals(List.of(), query(url, "SELECT status FROM migrate_version_audit WHERE revision = 'r2'"),
                "nothing written after the lock was lost");

        Processes.Finished b = Processes.run(dir, env, "upgrade", "head");
        assertEquals(0, b.code(), b.output());
        assertEquals(List.of("r2", "r3"), query(url, "SELECT rev FROM t ORDER BY rev"));
        assertEquals(List.of(), advisoryLocks());
    }

    @Test
    void eightProcessesThroughPgBouncerInTransactionModeAreRefusedAndLeaveNoLock() throws Exception {
        slowRevisions();
        String url = pg.createDatabase();
        String db = url.substring(url.lastIndexOf('/') + 1);
        try (PgBouncer bouncer = PgBouncer.start("transaction", "127.0.0.1", pg.port(), 4)) {
            List<Processes.Finished> done = runAll(dir, Map.of("DATABASE_URL", bouncer.url(db) + "?prepareThreshold=0"), 8, 0,
                    "upgrade", "head");
            for (Processes.Finished f : done) {
                assertEquals(3, f.code(), f.output());
                assertTrue(f.output().contains("transaction (or statement) pooling mode") && f.output().contains("session"),
                        f.output());
            }
        }
        assertEquals(List.of(), advisoryLocks(), "no advisory lock outlives the processes");
        assertEquals(List.of(), query(url, "SELECT to_regclass('migrate_version')::text WHERE to_regclass('migrate_version') IS NOT NULL"),
                "nothing was done");
    }

    @Test
    void eightProcessesThroughPgBouncerInSessionModeApplyEachRevisionOnce() throws Exception {
        Scripts s = new Scripts(dir);
        s.add("r1", "", "CREATE TABLE t (rev TEXT);", null);
        s.add("r2", "r1", "INSERT INTO t VALUES ('r2');\nSELECT pg_sleep(0.5);", null);
        String url = pg.createDatabase();
        String db = url.substring(url.lastIndexOf('/') + 1);
        try (PgBouncer bouncer = PgBouncer.start("session", "127.0.0.1", pg.port(), 4)) {
            List<Processes.Finished> done = runAll(dir, Map.of("DATABASE_URL", bouncer.url(db)), 8, 0, "upgrade", "head");
            for (Processes.Finished f : done) assertEquals(0, f.code(), f.output());
        }
        assertEquals(List.of("r2"), query(url, "SELECT rev FROM t"));
        assertEquals(List.of(), advisoryLocks());
    }

    /** A network that goes silent while a revision runs: the run ends within its documented bound, exit 14. */
    @Test
    void aFrozenNetworkEndsTheRunWithinStatementTimeoutPlusNetworkTimeout() throws Exception {
        Scripts s = new Scripts(dir);
        s.add("r1", "", "CREATE TABLE t (id INTEGER);", null);
        s.add("r2", "r1", "INSERT INTO t VALUES (2);\nSELECT pg_sleep(1);", null);
        Files.writeString(dir.resolve("migrate.yaml"), "statement_timeout: 2s\nnetwork_timeout: 3s\n");
        String url = pg.createDatabase();
        try (TcpProxy proxy = TcpProxy.to("127.0.0.1", pg.port())) {
            Processes.Started p = upgradeThenFreeze(url, proxy);
            long t0 = System.nanoTime();
            assertTrue(p.process().waitFor(30, TimeUnit.SECONDS), "the run ended: " + p.output());
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(14, p.process().exitValue(), p.output());
            assertTrue(ms < 12_000, "within statement_timeout + network_timeout and start-up slack: " + ms + " ms");
            assertTrue(p.output().contains("The migration lock was lost during upgrade r2"), p.output());
            // With the proxy still holding the connection open, the server-side session ends on its own once its
            // statement is done (idle_in_transaction_session_timeout, set to network_timeout), and with it the
            // revision and the lock.
            awaitNoLocks(20);
        }
        assertEquals(List.of(), query(url, "SELECT id FROM t"));
    }

    /** SIGTERM while the network is silent: the cancel cannot get through, and the process still ends at once, exit 10. */
    @Test
    void sigtermEndsARunOnAFrozenNetworkWithinSeconds() throws Exception {
        Scripts s = new Scripts(dir);
        s.add("r1", "", "CREATE TABLE t (id INTEGER);", null);
        s.add("r2", "r1", "INSERT INTO t VALUES (2);\nSELECT pg_sleep(60);", null);
        String url = pg.createDatabase();
        try (TcpProxy proxy = TcpProxy.to("127.0.0.1", pg.port())) {
            Processes.Started p = upgradeThenFreeze(url, proxy);
            long t0 = System.nanoTime();
            new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
            assertTrue(p.process().waitFor(30, TimeUnit.SECONDS), "the run ended: " + p.output());
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(10, p.process().exitValue(), p.output());
            assertTrue(ms < 10_000, "within seconds of SIGTERM: " + ms + " ms");
        }
        // The proxy is gone with its sockets: the server sees the client leave and rolls back.
        awaitNoLocks(30);
        assertEquals(List.of(), query(url, "SELECT id FROM t"));
    }

    /** The orphaned server session ends and releases its lock within {@code seconds}. */
    static void awaitNoLocks(int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!advisoryLocks().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the orphaned session released its lock: " + advisoryLocks());
            Thread.sleep(200);
        }
    }

    /** Starts {@code upgrade head} through {@code proxy}, and freezes the proxy once a revision's sleep runs. */
    Processes.Started upgradeThenFreeze(String url, TcpProxy proxy) throws Exception {
        String db = url.substring(url.lastIndexOf('/') + 1);
        Processes.Started p = Processes.launch(dir, Map.of("DATABASE_URL", "postgres://postgres@127.0.0.1:" + proxy.port()
                + "/" + db), "upgrade", "head");
        awaitSleep(url);
        proxy.freeze();
        return p;
    }

    static void awaitSleep(String url) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (query(url, "SELECT 1 FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(%' AND state = 'active' "
                + "AND datname = current_database()").isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the revision started");
            Thread.sleep(20);
        }
    }
}
