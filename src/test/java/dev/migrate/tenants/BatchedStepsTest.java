package dev.migrate.tenants;

import dev.migrate.cli.ExitCode;
import dev.migrate.support.Cli;
import dev.migrate.support.JsonReader;
import dev.migrate.support.PostgresServer;
import dev.migrate.support.Scripts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fleet sends each tenant's consecutive transactional SQL revisions to the server together: the outcome is a run's
 * of one revision after another. Every revision is its own transaction with its version change and audit row; a
 * revision that fails stops the tenant there, reported with its statement and line, with the revisions before it
 * committed and none after it run; row-returning statements, {@code ?} operators and trailing line comments run as
 * written; a revision that gives up the migration lock commits nothing.
 */
class BatchedStepsTest {

    @TempDir Path dir;
    String url;
    Cli cli;
    Scripts scripts;

    @BeforeEach
    void setUp() throws Exception {
        url = PostgresServer.createDatabase();
        scripts = new Scripts(dir);
        Files.writeString(dir.resolve("migrate.yaml"), "lock_wait: 5s\n");
        sql("CREATE SCHEMA t_a; CREATE SCHEMA t_b; CREATE SCHEMA t_c");
        cli = new Cli(dir).env("DATABASE_URL", url);
    }

    @AfterEach
    void drop() {
        PostgresServer.dropDatabase(url);
    }

    void sql(String sql) throws Exception {
        PostgresServer.execute(url, sql);
    }

    List<String> query(String sql) throws Exception {
        return PostgresServer.query(url, sql);
    }

    @Test
    void aRevisionThatFailsStopsItsTenantThereWithTheRevisionsBeforeItCommittedAndNoneAfter() throws Exception {
        scripts.add("r1", "", "CREATE TABLE items (id integer PRIMARY KEY, tags jsonb) -- the items\n", null);
        scripts.add("r2", "r1", "INSERT INTO items VALUES (1, '{\"a\": 1}');\nSELECT id FROM items WHERE tags ? 'a';", null);
        scripts.add("r3", "r2", "CREATE TABLE log (id integer);\nCREATE TABLE notes (id integer);", null);
        scripts.add("r4", "r3", "ALTER TABLE items ADD COLUMN name text;", null);
        sql("CREATE TABLE t_b.notes (x integer)"); // in r3's way, in its second statement

        Cli.Result run = cli.run("upgrade", "head", "--tenants-pattern", "t_*", "--report", "run.json");
        assertEquals(ExitCode.TENANTS_FAILED, run.code(), run.all());
        for (String t : List.of("t_a", "t_c")) {
            assertEquals(List.of("r4"), query("SELECT version_num FROM " + t + ".migrate_version"), t);
            assertEquals(List.of("r1 ok", "r2 ok", "r3 ok", "r4 ok"), query("SELECT revision || ' ' || status FROM " + t
                    + ".migrate_version_audit ORDER BY id"), t);
            assertEquals(List.of("t"), query("SELECT bool_and(duration_ms >= 0 AND started_at <= now() AND run_id IS NOT NULL "
                    + "AND heads_after = revision AND db_user = current_user) FROM " + t + ".migrate_version_audit"), t);
        }
        assertEquals(List.of("r2"), query("SELECT version_num FROM t_b.migrate_version"));
        assertEquals(List.of("r1 ok", "r2 ok", "r3 failed"), query("SELECT revision || ' ' || status FROM t_b.migrate_version_audit ORDER BY id"),
                "the failing revision recorded once, nothing after it");
        assertEquals(List.of("1 true false"), query("SELECT (SELECT count(*) FROM t_b.items) || ' ' || (to_regclass('t_b.log') IS NULL) "
                + "|| ' ' || EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = 't_b' AND column_name = 'name')"),
                "r2's row stays; r3's first table was rolled back; r4 never ran");

        @SuppressWarnings("unchecked")
        Map<String, Object> report = (Map<String, Object>) JsonReader.parse(Files.readString(dir.resolve("run.json")));
        @SuppressWarnings("unchecked")
        Map<String, Object> tb = ((List<Map<String, Object>>) report.get("tenants")).get(1);
        assertEquals("t_b", tb.get("tenant"));
        assertEquals("failed", tb.get("status"));
        assertEquals(List.of(), tb.get("heads_before"));
        assertEquals(List.of("r2"), tb.get("heads_after"), "where the tenant stays: the revisions before the failing one committed");
        assertEquals(List.of("r1", "r2"), tb.get("applied"));
        @SuppressWarnings("unchecked")
        Map<String, Object> error = (Map<String, Object>) tb.get("error");
        assertEquals("r3", error.get("revision"));
        assertEquals("42P07", error.get("sqlstate"));
        assertEquals("CREATE TABLE notes (id integer)", error.get("statement"));
        assertEquals(9L, error.get("line"), error.toString());

        sql("DROP TABLE t_b.notes");
        Cli.Result again = cli.run("upgrade", "head", "--only-failed", "run.json");
        assertEquals(0, again.code(), again.all());
        assertEquals(List.of("r4"), query("SELECT version_num FROM t_b.migrate_version"));
        assertEquals(List.of("r1 ok", "r2 ok", "r3 failed", "r3 ok", "r4 ok"),
                query("SELECT revision || ' ' || status FROM t_b.migrate_version_audit ORDER BY id"));
    }

    @Test
    void aRevisionThatGivesUpTheLockCommitsNothingAndStopsItsTenant() throws Exception {
        scripts.add("r1", "", "CREATE TABLE items (id integer);", null);
        scripts.add("r2", "r1", "CREATE TABLE more (id integer);\nSELECT pg_advisory_unlock_all();", null);
        scripts.add("r3", "r2", "CREATE TABLE last (id integer);", null);
        Cli.Result run = cli.run("upgrade", "head", "--tenants-pattern", "t_a");
        assertEquals(ExitCode.TENANTS_FAILED, run.code(), run.all());
        assertTrue(run.all().contains("The migration lock was lost during upgrade r2"), run.all());
        assertEquals(List.of("r1"), query("SELECT version_num FROM t_a.migrate_version"));
        assertEquals(List.of("true true"), query("SELECT (to_regclass('t_a.more') IS NULL) || ' ' || (to_regclass('t_a.last') IS NULL)"));
    }

    @Test
    void aDowngradeAcrossTheFleetRunsEachRevisionBackOnce() throws Exception {
        scripts.add("r1", "", "CREATE TABLE a (id integer);", "DROP TABLE a;");
        scripts.add("r2", "r1", "CREATE TABLE b (id integer);", "DROP TABLE b;");
        scripts.add("r3", "r2", "CREATE TABLE c (id integer);", "DROP TABLE c;");
        assertEquals(0, cli.run("upgrade", "head", "--tenants-pattern", "t_*").code());
        Cli.Result down = cli.run("downgrade", "r1", "--tenants-pattern", "t_*");
        assertEquals(0, down.code(), down.all());
        for (String t : List.of("t_a", "t_b", "t_c")) {
            assertEquals(List.of("r1"), query("SELECT version_num FROM " + t + ".migrate_version"), t);
            assertEquals(List.of("r3 downgrade ok", "r2 downgrade ok"), query("SELECT revision || ' ' || kind || ' ' || status FROM " + t
                    + ".migrate_version_audit WHERE kind = 'downgrade' ORDER BY id"), t);
            assertEquals(List.of("false true true"), query("SELECT (to_regclass('" + t + ".a') IS NULL) || ' ' || (to_regclass('" + t
                    + ".b') IS NULL) || ' ' || (to_regclass('" + t + ".c') IS NULL)"), t);
        }
    }
}
