package dev.migrate.process;

import dev.migrate.support.JsonReader;
import dev.migrate.support.PostgresServer;
import dev.migrate.support.Scripts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fleet run as a real process, stopped in the middle: by kill -9 (nothing is lost, the same command finishes the
 * fleet, no revision runs twice) and by SIGTERM (no more tenants start, the rest are reported not started, exit 10),
 * also while a tenant's revisions are on the server together (the one running is cancelled and recorded as
 * interrupted, the one before it stays, none after it runs).
 */
class TenantsIT {

    static final int TENANTS = 60;
    @TempDir Path dir;
    String url;
    Map<String, String> env;

    @BeforeEach
    void fleet() throws Exception {
        url = PostgresServer.createDatabase();
        Scripts s = new Scripts(dir);
        s.add("a1", "", "CREATE TABLE users (id integer PRIMARY KEY); SELECT pg_sleep(0.05);", "DROP TABLE users;");
        s.add("b2", "a1", "ALTER TABLE users ADD COLUMN email text; SELECT pg_sleep(0.05);", "ALTER TABLE users DROP COLUMN email;");
        StringBuilder schemas = new StringBuilder();
        for (int i = 0; i < TENANTS; i++) schemas.append("CREATE SCHEMA tenant_").append(String.format("%02d", i)).append(';');
        sql(schemas.toString());
        env = Map.of("DATABASE_URL", url);
    }

    @AfterEach
    void drop() {
        PostgresServer.dropDatabase(url);
    }

    void sql(String sql) throws Exception {
        PostgresServer.execute(url, sql);
    }

    /** Rows of every tenant's audit table: revision, kind, status, and how many. */
    List<String> audit() throws Exception {
        StringBuilder union = new StringBuilder();
        for (int i = 0; i < TENANTS; i++) {
            if (i > 0) union.append(" UNION ALL ");
            union.append("SELECT revision, status FROM tenant_").append(String.format("%02d", i))
                    .append(".migrate_version_audit WHERE kind = 'upgrade' AND to_regclass('tenant_").append(String.format("%02d", i))
                    .append(".migrate_version_audit') IS NOT NULL");
        }
        List<String> out = new ArrayList<>();
        try (Connection c = PostgresServer.connect(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT revision || ' ' || status || ' ' || count(*) FROM (" + union + ") a GROUP BY revision, status ORDER BY 1")) {
            while (rs.next()) out.add(rs.getString(1));
        } catch (java.sql.SQLException someTenantsHaveNoTable) {
            return List.of("(not every tenant has an audit table)");
        }
        return out;
    }

    void waitForSomeTenants() throws Exception {
        for (int i = 0; i < 200; i++) {
            try (Connection c = PostgresServer.connect(url); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_class WHERE relname = 'migrate_version'")) {
                rs.next();
                if (rs.getInt(1) >= 5) return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no tenant started");
    }

    @Test
    void killedMidRunTheSameCommandFinishesTheFleetAndNothingRunsTwice() throws Exception {
        Processes.Started run = Processes.launch(dir, env, "upgrade", "heads", "--tenants-pattern", "tenant_*", "--parallel", "2");
        waitForSomeTenants();
        Processes.signal(run, "KILL");
        Processes.waitFor(run, 30);
        Processes.Finished again = Processes.run(dir, env, "upgrade", "heads", "--tenants-pattern", "tenant_*", "--parallel", "2");
        assertEquals(0, again.code(), run.output() + "\n---\n" + again.output());
        assertTrue(again.output().contains("skipped") && again.output().contains("ok"), "some were done, the rest run now: " + again.output());
        assertEquals(List.of("a1 ok " + TENANTS, "b2 ok " + TENANTS), audit(), "each revision once in every tenant");
    }

    @Test
    void sigtermWhileATenantsRevisionsAreOnTheServerTogetherCancelsTheOneRunning() throws Exception {
        Path slow = Files.createDirectories(dir.resolve("slow"));
        Files.writeString(slow.resolve("migrate.yaml"), "lock_wait: 5s\n");
        Scripts s = new Scripts(slow);
        s.add("r1", "", "CREATE TABLE first (id integer);", null);
        s.add("r2", "r1", "CREATE TABLE second (id integer);\nSELECT pg_sleep(60);", null);
        s.add("r3", "r2", "CREATE TABLE third (id integer);", null);
        Processes.Started run = Processes.launch(slow, env, "upgrade", "head", "--tenants-pattern", "tenant_00", "--report", "term.json");
        for (int i = 0; i < 400 && !sleeping(); i++) Thread.sleep(50);
        assertTrue(sleeping(), "r2 is running: " + run.output());
        long t0 = System.nanoTime();
        Processes.signal(run, "TERM");
        int code = Processes.waitFor(run, 30);
        assertTrue(System.nanoTime() - t0 < 20_000_000_000L, "the running statement was cancelled, not waited for");
        assertEquals(dev.migrate.cli.ExitCode.INTERRUPTED, code, run.output());
        try (Connection c = PostgresServer.connect(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT (SELECT string_agg(version_num, ',') FROM tenant_00.migrate_version), "
                     + "(SELECT string_agg(revision || ' ' || status, ',' ORDER BY id) FROM tenant_00.migrate_version_audit), "
                     + "to_regclass('tenant_00.second') IS NULL, to_regclass('tenant_00.third') IS NULL")) {
            rs.next();
            assertEquals("r1", rs.getString(1));
            assertEquals("r1 ok,r2 interrupted", rs.getString(2));
            assertTrue(rs.getBoolean(3) && rs.getBoolean(4), "r2 rolled back, r3 never ran");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> report = (Map<String, Object>) JsonReader.parse(Files.readString(slow.resolve("term.json")));
        assertEquals(Boolean.TRUE, report.get("interrupted"));
        @SuppressWarnings("unchecked")
        Map<String, Object> t = ((List<Map<String, Object>>) report.get("tenants")).get(0);
        assertEquals("failed", t.get("status"), t.toString());
        assertEquals(List.of("r1"), t.get("heads_after"), t.toString());
        assertEquals(List.of("r1"), t.get("applied"), t.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> error = (Map<String, Object>) t.get("error");
        assertEquals("r2", error.get("revision"), t.toString());
    }

    /** Whether a session of the test's database is in pg_sleep. */
    boolean sleeping() throws Exception {
        try (Connection c = PostgresServer.connect(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                     + "AND query LIKE '%pg_sleep(60)%' AND state = 'active' AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    @Test
    void sigtermStopsDispatchingAndReportsTheRestNotStarted() throws Exception {
        Processes.Started run = Processes.launch(dir, env, "upgrade", "heads", "--tenants-pattern", "tenant_*", "--parallel", "2",
                "--report", "term.json");
        waitForSomeTenants();
        Processes.signal(run, "TERM");
        int code = Processes.waitFor(run, 30);
        assertEquals(dev.migrate.cli.ExitCode.INTERRUPTED, code, run.output());
        @SuppressWarnings("unchecked")
        Map<String, Object> counts = (Map<String, Object>) ((Map<String, Object>) JsonReader.parse(Files.readString(dir.resolve("term.json")))).get("counts");
        assertTrue((Long) counts.get("not_started") > 0 && (Long) counts.get("ok") > 0, counts.toString());
        Processes.Finished rest = Processes.run(dir, env, "upgrade", "heads", "--only-failed", "term.json", "--parallel", "2");
        assertEquals(0, rest.code(), rest.output());
        List<String> audit = audit();
        assertTrue(audit.contains("a1 ok " + TENANTS) && audit.contains("b2 ok " + TENANTS), audit.toString());
        assertTrue(audit.stream().allMatch(r -> r.endsWith("ok " + TENANTS) || r.contains(" interrupted ")),
                "the tenants running at the signal rolled back and said so: " + audit);
    }
}
