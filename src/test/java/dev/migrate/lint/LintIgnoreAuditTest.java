package dev.migrate.lint;

import dev.migrate.cli.ExitCode;
import dev.migrate.support.Cli;
import dev.migrate.support.CliTestBase;
import dev.migrate.support.JsonReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reason a revision gives for a lint finding it accepts is kept in the audit row of the step that applies it:
 * the statement's own for its direction, the file's for both; in a table made by an older migrate too, which gains
 * the column only when there is something to keep.
 */
class LintIgnoreAuditTest extends CliTestBase {

    private static final String FILE_REASON = "drop-column: the app stopped reading it in 2.3";
    private static final String STATEMENT_REASON = "drop-table (line 8): scratch table, no reader";

    private void revisions() {
        scripts.add("r1", "", "CREATE TABLE users (id integer PRIMARY KEY, email text); CREATE TABLE scratch (id int);",
                "DROP TABLE users;");
        scripts.write("r2.sql", """
                -- revision r2
                -- Revision ID: r2
                -- Revises: r1
                -- migrate:lint-ignore-file drop-column reason="the app stopped reading it in 2.3"

                -- migrate:upgrade
                ALTER TABLE users DROP COLUMN email;
                -- migrate:lint-ignore drop-table reason="scratch table, no reader"
                DROP TABLE scratch;

                -- migrate:downgrade
                -- migrate:lint-ignore add-column reason="filled by the backfill job"
                ALTER TABLE users ADD COLUMN email text;
                CREATE TABLE scratch (id int);
                """);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void theReasonsGoIntoTheAuditRowOfTheirDirection(String kind) throws Exception {
        setUp(kind);
        revisions();
        assertEquals(0, cli.run("upgrade", "head").code());
        assertEquals(0, cli.run("downgrade", "-1").code());

        Cli.Result log = cli.run("log");
        assertEquals(0, log.code(), log.all());
        List<Map<String, Object>> entries = entries(cli.run("--format", "json", "log"));
        // newest first: r2 downgrade, r2 upgrade, r1 upgrade
        assertEquals(List.of(FILE_REASON, "add-column (line 12): filled by the backfill job"), entries.get(0).get("lint_ignored"));
        assertEquals(List.of(FILE_REASON, STATEMENT_REASON), entries.get(1).get("lint_ignored"));
        assertEquals(List.of(), entries.get(2).get("lint_ignored"));
        assertTrue(log.out().contains("    lint ignored: " + STATEMENT_REASON), log.all());
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void anOlderAuditTableGainsTheColumnOnlyWhenAReasonComes(String kind) throws Exception {
        setUp(kind);
        revisions();
        olderTables();
        assertEquals(0, cli.run("upgrade", "r1").code());
        assertFalse(hasColumn(), "a step without reasons leaves the older table as it is");
        Cli.Result before = cli.run("--format", "json", "log");
        assertEquals(0, before.code(), before.all());
        assertEquals(List.of(), entries(before).get(0).get("lint_ignored"));

        Cli.Result head = cli.run("upgrade", "head");
        assertEquals(0, head.code(), head.all());
        assertTrue(hasColumn(), db.query("SELECT * FROM migrate_version_audit").toString());
        assertEquals(List.of(FILE_REASON, STATEMENT_REASON), entries(cli.run("--format", "json", "log")).get(0).get("lint_ignored"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void aFailedStepKeepsItsReasonsThoughItsColumnWasRolledBack(String kind) throws Exception {
        setUp(kind);
        scripts.add("r1", "", "CREATE TABLE users (id integer PRIMARY KEY);", "DROP TABLE users;");
        scripts.add("r2", "r1", "-- migrate:lint-ignore-file drop-table reason=\"gone since 3.0\"",
                "DROP TABLE users; SELECT * FROM no_such_table;", null);
        olderTables();
        assertEquals(ExitCode.MIGRATION_FAILED, cli.run("upgrade", "head").code());
        Map<String, Object> failed = entries(cli.run("--format", "json", "log")).get(0);
        assertEquals("failed", failed.get("status"));
        assertEquals(List.of("drop-table: gone since 3.0"), failed.get("lint_ignored"));
        assertEquals(List.of("users"), db.tables().stream().filter(t -> t.equals("users")).toList(), "rolled back whole");
    }

    @Test
    void theOfflineScriptAddsTheColumnWhereItCanAndKeepsTheReason() throws Exception {
        setUp("postgresql");
        revisions();
        olderTables();
        Cli.Result sql = cli.run("upgrade", "head", "--sql");
        assertEquals(0, sql.code(), sql.all());
        assertTrue(sql.out().contains("ADD COLUMN IF NOT EXISTS lint_ignored TEXT"), sql.out());
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute(sql.out());
        }
        assertEquals(List.of(FILE_REASON, STATEMENT_REASON), entries(cli.run("--format", "json", "log")).get(0).get("lint_ignored"));
        assertEquals(List.of("r2"), db.versions());
    }

    @Test
    void onSqliteTheOfflineScriptKeepsTheReasonAsAComment() {
        setUp("sqlite");
        revisions();
        Cli.Result sql = cli.run("upgrade", "head", "--sql");
        assertEquals(0, sql.code(), sql.all());
        assertTrue(sql.out().contains("-- lint ignored: " + STATEMENT_REASON), sql.out());
        assertFalse(sql.out().contains("ADD COLUMN IF NOT EXISTS"), sql.out());
    }

    @Test
    void aJavaRevisionsAnnotationsGoIntoItsAuditRow() {
        setUp("sqlite");
        scripts.add("r1", "", "CREATE TABLE users (id integer PRIMARY KEY, email text);", "DROP TABLE users;");
        scripts.write("r2_rev.java", """
                import dev.migrate.api.*;

                @Revision(id = "r2", revises = "r1", message = "drop email")
                @LintIgnore(rule = "drop-column", reason = "no reader since 2.3")
                @LintIgnore(reason = "checked by hand", rule = "Rename-Column")
                class R2 implements Migration {
                    public void upgrade(Operations op) {
                        op.dropColumn("users", "email");
                    }
                }
                """);
        Cli.Result up = cli.run("upgrade", "head");
        assertEquals(0, up.code(), up.all());
        assertEquals(List.of("drop-column: no reader since 2.3", "rename-column: checked by hand"),
                entries(cli.run("--format", "json", "log")).get(0).get("lint_ignored"));
    }

    /** The version and audit tables as a migrate without the lint column made them. */
    private void olderTables() throws Exception {
        String key = db.kind().equals("sqlite") ? "INTEGER" : "BIGSERIAL";
        String time = db.kind().equals("sqlite") ? "TEXT" : "TIMESTAMPTZ";
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE migrate_version (version_num VARCHAR(255) NOT NULL, CONSTRAINT migrate_version_pkc PRIMARY KEY (version_num))");
            st.execute("CREATE TABLE migrate_version_audit (id " + key + " PRIMARY KEY, revision VARCHAR(255), kind VARCHAR(16) NOT NULL, "
                    + "heads_before TEXT NOT NULL, heads_after TEXT NOT NULL, checksum VARCHAR(64), db_user TEXT, os_user TEXT, "
                    + "host TEXT, tool_version VARCHAR(32), started_at " + time + " NOT NULL, duration_ms BIGINT NOT NULL, "
                    + "status VARCHAR(16) NOT NULL, error TEXT, statement TEXT)");
        }
    }

    private boolean hasColumn() throws Exception {
        String sql = db.kind().equals("sqlite") ? "SELECT name FROM pragma_table_info('migrate_version_audit') WHERE name = 'lint_ignored'"
                : "SELECT column_name FROM information_schema.columns WHERE table_name = 'migrate_version_audit' AND column_name = 'lint_ignored'";
        return !db.query(sql).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> entries(Cli.Result json) {
        assertEquals(0, json.code(), json.all());
        return (List<Map<String, Object>>) ((Map<String, Object>) JsonReader.parse(json.out())).get("entries");
    }
}
