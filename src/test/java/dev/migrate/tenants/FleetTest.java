package dev.migrate.tenants;

import dev.migrate.cli.ExitCode;
import dev.migrate.db.PostgresDialect;
import dev.migrate.support.Cli;
import dev.migrate.support.JsonReader;
import dev.migrate.support.PostgresServer;
import dev.migrate.support.Scripts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
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
 * {@code --tenants} on 200 schemas of a real PostgreSQL database: every tenant reaches the head exactly once, a
 * no-op rerun locks nothing, a failing tenant leaves the others done with exit status 16, {@code --only-failed}
 * takes just it, and the canary and the failure budget stop where they must.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetTest {

    static final int TENANTS = 200;
    @TempDir static Path dir;
    static String url;
    static Cli cli;

    @BeforeAll
    static void fleet() throws Exception {
        url = PostgresServer.createDatabase();
        Scripts s = new Scripts(dir);
        s.add("a1", "", "CREATE TABLE users (id integer PRIMARY KEY, email text);", "DROP TABLE users;");
        s.add("b2", "a1", "CREATE INDEX ix_users_email ON users (email);", "DROP INDEX ix_users_email;");
        s.add("c3", "b2", "ALTER TABLE users ADD COLUMN name text;", "ALTER TABLE users DROP COLUMN name;");
        Files.writeString(dir.resolve("migrate.yaml"), "lock_wait: 1s\n");
        sql(String.join(";", java.util.stream.IntStream.range(0, TENANTS).mapToObj(i -> "CREATE SCHEMA " + tenant(i)).toList()));
        cli = new Cli(dir).env("DATABASE_URL", url);
    }

    @AfterAll
    static void drop() {
        PostgresServer.dropDatabase(url);
    }

    static String tenant(int i) {
        return String.format("tenant_%03d", i);
    }

    static void sql(String sql) throws Exception {
        try (Connection c = PostgresServer.connect(url); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    static List<String> query(String sql) throws Exception {
        try (Connection c = PostgresServer.connect(url); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) out.add(rs.getString(1));
            return out;
        }
    }

    /** Upgrade rows of every tenant's audit table, by revision and status: one query over the fleet. */
    static List<String> auditCounts() throws Exception {
        StringBuilder union = new StringBuilder();
        for (int i = 0; i < TENANTS; i++) {
            if (i > 0) union.append(" UNION ALL ");
            union.append("SELECT revision, status FROM ").append(tenant(i)).append(".migrate_version_audit WHERE kind = 'upgrade'");
        }
        return query("SELECT revision || ' ' || status || ' ' || count(*) FROM (" + union + ") a GROUP BY revision, status ORDER BY 1");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> report(Path file) throws Exception {
        return (Map<String, Object>) JsonReader.parse(Files.readString(file));
    }

    @Test
    @Order(1)
    void everyTenantReachesTheHeadOnce() throws Exception {
        // tenant_150 has a table in the way: it fails, the others do not
        sql("CREATE TABLE tenant_150.users (x int)");
        Cli.Result run = cli.run("upgrade", "heads", "--tenants-pattern", "tenant_*", "--parallel", "3", "--report", "run.json");
        assertEquals(ExitCode.TENANTS_FAILED, run.code(), run.all());
        assertTrue(run.all().contains("tenant_150: failed in a1") && run.all().contains("relation \"users\" already exists"), run.all());
        assertTrue(run.all().contains("Tenants: 199 ok, 1 failed of 200"), run.all());
        Map<String, Object> report = report(dir.resolve("run.json"));
        assertEquals(Map.of("ok", 199L, "skipped", 0L, "failed", 1L, "locked", 0L, "not_started", 0L, "unknown_revision", 0L, "partial", 0L),
                report.get("counts"));
        @SuppressWarnings("unchecked")
        Map<String, Object> failed = ((List<Map<String, Object>>) report.get("tenants")).get(150);
        assertEquals("tenant_150", failed.get("tenant"));
        assertEquals("failed", failed.get("status"));
        @SuppressWarnings("unchecked")
        Map<String, Object> error = (Map<String, Object>) failed.get("error");
        assertEquals("a1", error.get("revision"));
        assertEquals("42P07", error.get("sqlstate"));
        assertTrue(String.valueOf(error.get("statement")).startsWith("CREATE TABLE users"), error.toString());
        StringBuilder runIds = new StringBuilder();
        for (int i = 0; i < TENANTS; i++) {
            runIds.append(i == 0 ? "" : " UNION ALL ").append("SELECT run_id FROM ").append(tenant(i)).append(".migrate_version_audit");
        }
        assertEquals(List.of(report.get("run_id") + " " + (199 * 3 + 1)), query("SELECT run_id || ' ' || count(*) FROM (" + runIds + ") r GROUP BY run_id"),
                "every audit row of the run carries its id");

        sql("DROP TABLE tenant_150.users");
        Cli.Result again = cli.run("upgrade", "heads", "--only-failed", "run.json", "--report", "again.json");
        assertEquals(0, again.code(), again.all());
        assertTrue(again.all().contains("1 tenant (") && again.all().contains("Tenants: 1 ok of 1"), again.all());
        assertEquals(List.of("a1 failed 1", "a1 ok 200", "b2 ok 200", "c3 ok 200"), auditCounts(),
                "each revision once in every tenant (and tenant_150's failed attempt, recorded)");
        assertEquals(List.of(String.valueOf(TENANTS)), query(
                "SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                        + "WHERE c.relname = 'ix_users_email' AND n.nspname LIKE 'tenant_%'"));
    }

    @Test
    @Order(2)
    void aNoOpRerunLocksNothing() throws Exception {
        // Another session holds tenant_007's migration lock: a run that needs the tenant reports it locked...
        try (Connection holder = PostgresServer.connect(url); Statement st = holder.createStatement()) {
            st.execute("SELECT pg_advisory_lock(" + PostgresDialect.lockKey("tenant_007.migrate_version") + ")");
            sql("UPDATE tenant_007.migrate_version SET version_num = 'b2'");
            Cli.Result behind = cli.run("upgrade", "heads", "--tenants-pattern", "tenant_00*");
            assertEquals(ExitCode.TENANTS_FAILED, behind.code(), behind.all());
            assertTrue(behind.all().contains("tenant_007: locked") && behind.all().contains("9 skipped, 1 locked of 10"), behind.all());
            sql("UPDATE tenant_007.migrate_version SET version_num = 'c3'");
            // ...while a run that finds every tenant at the head, from one batched read, never asks for a lock.
            Cli.Result noop = cli.run("--format", "json", "upgrade", "heads", "--tenants-pattern", "tenant_*");
            assertEquals(0, noop.code(), noop.all());
            @SuppressWarnings("unchecked")
            Map<String, Object> doc = (Map<String, Object>) JsonReader.parse(noop.out());
            @SuppressWarnings("unchecked")
            Map<String, Object> counts = (Map<String, Object>) doc.get("counts");
            assertEquals((long) TENANTS, counts.get("skipped"));
        }
        assertEquals(List.of("a1 failed 1", "a1 ok 200", "b2 ok 200", "c3 ok 200"), auditCounts(), "nothing ran");
        assertEquals(0, cli.run("check", "--tenants-pattern", "tenant_*").code());
        Cli.Result current = cli.run("current", "--tenants-pattern", "tenant_*");
        assertTrue(current.out().contains("tenant_199: c3 (head)") && current.all().contains("200 of 200 tenants at the head."), current.all());
    }

    @Test
    @Order(3)
    void theCanaryStopsTheRunAtItsFailure() throws Exception {
        Cli.Result down = cli.run("downgrade", "b2", "--tenants-pattern", "tenant_*", "--parallel", "4");
        assertEquals(0, down.code(), down.all());
        sql("ALTER TABLE tenant_000.users ADD COLUMN name text");
        Cli.Result run = cli.run("upgrade", "heads", "--tenants-pattern", "tenant_*", "--canary", "1", "--report", "canary.json");
        assertEquals(ExitCode.TENANTS_FAILED, run.code(), run.all());
        @SuppressWarnings("unchecked")
        Map<String, Object> counts = (Map<String, Object>) report(dir.resolve("canary.json")).get("counts");
        assertEquals(1L, counts.get("failed"));
        assertEquals((long) TENANTS - 1, counts.get("not_started"), "nothing after the canary's failure");
        assertEquals(List.of("b2"), query("SELECT version_num FROM tenant_199.migrate_version"));
        Cli.Result check = cli.run("check", "--tenants-pattern", "tenant_*");
        assertEquals(ExitCode.CHECK_FAILED, check.code(), check.all());
        assertTrue(check.out().contains("tenant_199: b2") && !check.out().contains("(head)") && check.all().contains("0 of 200 tenants at the head."),
                check.all());
        sql("ALTER TABLE tenant_000.users DROP COLUMN name");
    }

    @Test
    @Order(4)
    void theFailureBudgetStopsDispatching() throws Exception {
        for (int i : new int[] {10, 20, 30, 40}) sql("ALTER TABLE " + tenant(i) + ".users ADD COLUMN name text");
        Cli.Result run = cli.run("upgrade", "heads", "--tenants-pattern", "tenant_*", "--parallel", "1", "--max-failures", "2",
                "--report", "budget.json");
        assertEquals(ExitCode.TENANTS_FAILED, run.code(), run.all());
        @SuppressWarnings("unchecked")
        Map<String, Object> counts = (Map<String, Object>) report(dir.resolve("budget.json")).get("counts");
        assertEquals(2L, counts.get("failed"));
        assertEquals(19L, counts.get("ok"), "tenant_000 to tenant_020 but the two that failed");
        assertEquals((long) TENANTS - 21, counts.get("not_started"));
        for (int i : new int[] {10, 20, 30, 40}) sql("ALTER TABLE " + tenant(i) + ".users DROP COLUMN name");
        Cli.Result rest = cli.run("upgrade", "heads", "--only-failed", "budget.json", "--parallel", "4");
        assertEquals(0, rest.code(), rest.all());
        assertTrue(rest.all().contains("Tenants: 181 ok of 181"), rest.all());

        Files.writeString(dir.resolve("two.txt"), "# two tenants\ntenant_001\ntenant_002   # and a comment\n\n");
        Cli.Result stamp = cli.run("stamp", "b2", "--tenants-file", "two.txt");
        assertEquals(0, stamp.code(), stamp.all());
        assertEquals(List.of("b2", "b2", "c3"), query("SELECT version_num FROM tenant_001.migrate_version UNION ALL "
                + "SELECT version_num FROM tenant_002.migrate_version UNION ALL SELECT version_num FROM tenant_003.migrate_version"));
        assertEquals(0, cli.run("stamp", "c3", "--tenants-file", "two.txt").code(), "where their schema is");
    }

    /** The guide's block ("Many tenants"), line by line, on this fleet. */
    @Test
    @Order(5)
    void theGuidesCommandsRunAsWritten() throws Exception {
        dev.migrate.docs.Guide.runMigrateLines(dev.migrate.docs.Guide.runBy("FleetTest"), cli);
        assertEquals(List.of("c3"), query("SELECT version_num FROM tenant_001.migrate_version"));
        Cli.Result current = cli.run("current", "--tenants-query", "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'tenant%' ORDER BY 1");
        assertTrue(current.all().contains("200 of 200 tenants at the head."), current.all());
    }

    /** The keys in migrate.yaml: `--tenants` alone takes the list from the file; an option wins over a key; a bad key is named. */
    @Test
    @Order(6)
    void theKeysOfTheConfigurationFile() throws Exception {
        Files.writeString(dir.resolve("migrate.yaml"), "lock_wait: 1s\ntenants_pattern: tenant_00*\ntenants_parallel: 2\n");
        try {
            Cli.Result keys = cli.run("current", "--tenants");
            assertEquals(0, keys.code(), keys.all());
            assertTrue(keys.all().contains("10 of 10 tenants at the head."), keys.all());
            Cli.Result option = cli.run("current", "--tenants-pattern", "tenant_1*");
            assertTrue(option.all().contains("100 of 100 tenants at the head."), option.all());

            Files.writeString(dir.resolve("migrate.yaml"), "tenants_pattern: tenant_*\ntenants_parallel: many\n");
            Cli.Result bad = cli.run("upgrade", "heads", "--tenants");
            assertEquals(ExitCode.CONFIG, bad.code(), bad.all());
            assertTrue(bad.err().contains("tenants_parallel") && bad.err().contains("`many` is not a whole number from 1 to 1000"), bad.all());
            Files.writeString(dir.resolve("migrate.yaml"), "tenants_mode: schemas\n");
            Cli.Result mode = cli.run("current", "--tenants");
            assertEquals(ExitCode.CONFIG, mode.code(), mode.all());
            assertTrue(mode.err().contains("`schemas` is neither schema nor database"), mode.all());
            Files.writeString(dir.resolve("migrate.yaml"), "");
            for (String command : List.of("upgrade", "downgrade", "stamp")) {
                Cli.Result sql = cli.run(command, "a1", "--sql", "--tenants-pattern", "tenant_*");
                assertEquals(ExitCode.USAGE, sql.code(), sql.all());
                assertTrue(sql.err().contains("--sql and --tenants do not go together"), sql.all());
            }
            Cli.Result parallel = cli.run("upgrade", "heads", "--tenants-pattern", "tenant_*", "--parallel", "0");
            assertEquals(ExitCode.USAGE, parallel.code(), parallel.all());
            assertTrue(parallel.err().contains("--parallel must be 1 or more"), parallel.all());
            Cli.Result missing = cli.run("upgrade", "heads", "--tenants-file", "no-such-file.txt");
            assertEquals(ExitCode.USAGE, missing.code(), missing.all());
            assertTrue(missing.err().contains("--tenants-file no-such-file.txt: cannot be read"), missing.all());
            Files.writeString(dir.resolve("not-a-report.json"), "[1, 2]");
            Cli.Result notReport = cli.run("upgrade", "heads", "--only-failed", "not-a-report.json");
            assertEquals(ExitCode.USAGE, notReport.code(), notReport.all());
            assertTrue(notReport.err().contains("is not a report of a run with --tenants"), notReport.all());
            // An option of a run across tenants, without the tenants, is refused rather than ignored.
            Map<String, List<String>> alone = Map.of("--fingerprint", List.of("current", "--fingerprint"),
                    "--parallel", List.of("upgrade", "heads", "--parallel", "4"), "--report", List.of("check", "--report", "r.json"));
            for (Map.Entry<String, List<String>> e : alone.entrySet()) {
                Cli.Result r = cli.run(e.getValue().toArray(String[]::new));
                assertEquals(ExitCode.USAGE, r.code(), r.all());
                assertTrue(r.err().contains(e.getKey() + " applies to a run across tenants: give the tenants with --tenants-pattern"), r.all());
            }
            Cli.Result none = cli.run("current", "--tenants");
            assertEquals(ExitCode.USAGE, none.code(), none.all());
            assertTrue(none.err().contains("--tenants needs the list of tenants"), none.all());
        } finally {
            Files.writeString(dir.resolve("migrate.yaml"), "lock_wait: 1s\n");
        }
    }

    /**
     * The list of tenants only reads: a query that would write fails and leaves nothing; a bad query is one line; no
     * tenants at all is said; options that only a run reads are refused by current and check; a report that cannot be
     * written, and a search path that does not put the tenant first, are refused before anything runs.
     */
    @Test
    @Order(7)
    void theListOfTenantsOnlyReadsAndBadOptionsAreRefusedBeforeAnythingRuns() throws Exception {
        sql("INSERT INTO tenant_000.users (id) VALUES (1)");
        Map<String, String> writes = Map.of(
                "CREATE TABLE public.zz (a integer)", "read-only transaction",
                "SELECT 'tenant_000'; CREATE TABLE public.evil (a integer)", "read-only transaction",
                "WITH d AS (DELETE FROM tenant_000.users RETURNING 1) SELECT 'tenant_000' FROM d", "read-only transaction",
                "SELEC nspname FROM pg_namespace", "syntax error at or near");
        for (Map.Entry<String, String> w : writes.entrySet()) {
            for (String command : List.of("current", "check", "upgrade")) {
                Cli.Result r = command.equals("upgrade") ? cli.run("upgrade", "heads", "--tenants-query", w.getKey())
                        : cli.run(command, "--tenants-query", w.getKey());
                assertEquals(ExitCode.USAGE, r.code(), r.all());
                assertTrue(r.err().contains("--tenants-query failed: ") && r.err().contains(w.getValue())
                        && r.err().contains("It must be one read-only query"), r.all());
                assertTrue(!r.err().contains("Position:"), "one line: " + r.all());
            }
        }
        assertEquals(List.of("true true 1"), query("SELECT (to_regclass('public.zz') IS NULL) || ' ' || (to_regclass('public.evil') IS NULL) "
                + "|| ' ' || (SELECT count(*) FROM tenant_000.users)"), "nothing the queries did stayed");
        sql("DELETE FROM tenant_000.users");

        Cli.Result none = cli.run("upgrade", "heads", "--tenants-query", "SELECT nspname FROM pg_namespace WHERE false");
        assertEquals(0, none.code(), none.all());
        assertTrue(none.err().contains("No tenants: --tenants-query returned no rows; nothing to do."), none.all());
        Cli.Result nonePattern = cli.run("current", "--tenants-pattern", "tenatn_*");
        assertTrue(nonePattern.err().contains("No tenants: --tenants-pattern 'tenatn_*' matches no schema"), nonePattern.all());

        for (List<String> args : List.of(List.of("check", "--tenants-pattern", "tenant_*", "--report", "r.json"),
                List.of("current", "--tenants-pattern", "tenant_*", "--canary", "2"),
                List.of("check", "--tenants-pattern", "tenant_*", "--max-failures", "2"))) {
            Cli.Result r = cli.run(args.toArray(String[]::new));
            assertEquals(ExitCode.USAGE, r.code(), r.all());
            assertTrue(r.err().contains(args.get(3) + " applies to upgrade, downgrade and stamp across tenants: " + args.get(0)
                    + " runs nothing"), r.all());
        }
        assertTrue(!Files.exists(dir.resolve("r.json")));

        Cli.Result many = cli.run("upgrade", "heads", "--tenants-pattern", "tenant_*", "--parallel", "500");
        assertEquals(ExitCode.USAGE, many.code(), many.all());
        assertTrue(many.err().contains("--parallel 500 needs 201 connections, and the server has ") && many.err().contains("lower --parallel"),
                many.all());

        sql("CREATE SCHEMA tenant_zzz");
        try {
            Cli.Result report = cli.run("upgrade", "heads", "--tenants-pattern", "tenant_zzz", "--report", "no-such-dir/run.json");
            assertEquals(ExitCode.USAGE, report.code(), report.all());
            assertTrue(report.err().contains("--report no-such-dir/run.json cannot be written: the directory ")
                    && report.err().contains("does not exist"), report.all());
            for (String path : List.of("shared_ext, ${tenant}", "public")) {
                Cli.Result sp = cli.run("upgrade", "heads", "--tenants-pattern", "tenant_zzz", "--tenants-search-path", path);
                assertEquals(ExitCode.USAGE, sp.code(), sp.all());
                assertTrue(sp.err().contains("the tenants' search path `" + path + "` must start with ${tenant}"), sp.all());
            }
            assertEquals(List.of("f"), query("SELECT to_regclass('tenant_zzz.migrate_version') IS NOT NULL"), "nothing ran");
        } finally {
            sql("DROP SCHEMA tenant_zzz CASCADE");
        }
    }
}
