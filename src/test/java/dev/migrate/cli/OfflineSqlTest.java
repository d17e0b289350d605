package dev.migrate.cli;

import dev.migrate.support.Cli;
import dev.migrate.support.Scripts;
import dev.migrate.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --sql}: the printed script, run with psql on an empty database, leaves the same schema and version rows
 * as the online command.
 */
class OfflineSqlTest {

    @TempDir Path dir;

    void graph() {
        Scripts s = new Scripts(dir);
        s.add("a1", "", "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT 'it''s; fine');",
                "DROP TABLE users;");
        s.add("b2", "a1", "-- Branch Labels: orders",
                "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id));\n"
                        + "CREATE FUNCTION order_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM orders; $$;",
                "DROP FUNCTION order_count();\nDROP TABLE orders;");
        s.add("c3", "a1", "CREATE INDEX ix_users_name ON users (name); -- a trailing comment", "DROP INDEX ix_users_name;");
        s.add("d4", "b2, c3", "INSERT INTO users (id, name) VALUES (1, 'merged');", "DELETE FROM users WHERE id = 1;");
        s.add("e5", "d4", "ALTER TABLE users ADD COLUMN email TEXT;", "ALTER TABLE users DROP COLUMN email;");
    }

    static void psql(TestDatabase db, Path script) throws Exception {
        Process p = new ProcessBuilder("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db.url(), "-f", script.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "psql failed:\n" + out + "\n--- script:\n" + Files.readString(script));
    }

    static List<String> schema(TestDatabase db) throws Exception {
        List<String> rows = new java.util.ArrayList<>(db.query(
                "SELECT table_name || '.' || column_name || ':' || data_type || ':' || is_nullable || ':' || coalesce(column_default, '') "
                        + "FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1"));
        rows.addAll(db.query("SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"));
        rows.addAll(db.query("SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint "
                + "WHERE connamespace = 'public'::regnamespace ORDER BY 1"));
        rows.addAll(db.query("SELECT proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace ORDER BY 1"));
        rows.addAll(db.query("SELECT * FROM users ORDER BY id"));
        return rows;
    }

    @Test
    void offlineRangeWithBranchAndMergeMatchesOnline() throws Exception {
        graph();
        try (TestDatabase online = TestDatabase.postgres(); TestDatabase offline = TestDatabase.postgres()) {
            Cli cli = new Cli(dir).env("DATABASE_URL", online.url());
            Cli.Result sql = new Cli(dir).env("DATABASE_URL", offline.url()).run("upgrade", "base:d4", "--sql");
            assertEquals(0, sql.code(), sql::toString);
            assertTrue(offline.tables().isEmpty(), "--sql touches no database");
            assertTrue(sql.out().contains("-- Running upgrade b2, c3 -> d4"), sql.out());
            assertEquals(5, sql.out().split("BEGIN;", -1).length - 1 + 1, "four revisions, four transactions");
            Path script = dir.resolve("up.sql");
            Files.writeString(script, sql.out());
            psql(offline, script);

            assertEquals(0, cli.run("upgrade", "d4").code());
            assertEquals(online.versions(), offline.versions());
            assertEquals(List.of("d4"), offline.versions());
            assertEquals(schema(online), schema(offline));
            assertEquals(online.tables(), offline.tables());
            assertEquals(online.query("SELECT revision, kind, heads_before, heads_after, checksum, status FROM migrate_version_audit ORDER BY id"),
                    offline.query("SELECT revision, kind, heads_before, heads_after, checksum, status FROM migrate_version_audit ORDER BY id"));

            // The rest of the way, from a start revision, and back down.
            Cli.Result more = new Cli(dir).run("upgrade", "d4:heads", "--sql");
            assertFalse(more.out().contains("CREATE TABLE IF NOT EXISTS"), "no version-table DDL when not starting from base");
            Files.writeString(script, more.out());
            psql(offline, script);
            assertEquals(0, cli.run("upgrade", "heads").code());
            assertEquals(schema(online), schema(offline));
            assertEquals(online.versions(), offline.versions());

            Cli.Result down = new Cli(dir).run("downgrade", "e5:b2", "--sql");
            assertEquals(0, down.code(), down::toString);
            Files.writeString(script, down.out());
            psql(offline, script);
            assertEquals(0, cli.run("downgrade", "b2").code());
            assertEquals(schema(online), schema(offline));
            assertEquals(List.of("b2", "c3"), offline.versions(), "downgrading through the merge unmerges");
            assertEquals(online.versions(), offline.versions());
        }
    }

    @Test
    void offlineStampFromEmptyDatabase() throws Exception {
        graph();
        try (TestDatabase offline = TestDatabase.postgres()) {
            Cli.Result r = new Cli(dir).run("stamp", "c3", "b2", "--sql");
            assertEquals(0, r.code(), r::toString);
            Path script = dir.resolve("stamp.sql");
            Files.writeString(script, r.out());
            psql(offline, script);
            assertEquals(List.of("b2", "c3"), offline.versions());
            assertEquals(List.of("migrate_version", "migrate_version_audit"), offline.tables());
        }
    }

    @Test
    void downgradeSqlNeedsARange() {
        graph();
        Cli.Result r = new Cli(dir).run("downgrade", "base", "--sql");
        assertEquals(ExitCode.USAGE, r.code(), r::toString);
    }

    /** A revision message of several lines stays a comment: the DBA's script must not run what was only text. */
    @Test
    void aMessageOfSeveralLinesStaysAComment() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            try (java.sql.Connection c = db.connect(); java.sql.Statement st = c.createStatement()) {
                st.execute("CREATE TABLE victim (id INTEGER)");
            }
            Scripts s = new Scripts(dir);
            s.write("r1.sql", "-- Add t\n-- DROP TABLE victim; --\n-- and a second line\n--\n-- Revision ID: r1\n-- Revises:\n\n"
                    + "-- migrate:upgrade\nCREATE TABLE t (id INTEGER);\n");
            Cli.Result r = new Cli(dir).env("DATABASE_URL", db.url()).run("upgrade", "head", "--sql");
            assertEquals(0, r.code(), r.toString());
            Path script = Files.writeString(dir.resolve("offline.sql"), r.out());
            psql(db, script);
            assertTrue(db.tables().contains("victim"), "the message did not run:\n" + r.out());
            assertTrue(db.tables().contains("t"));
        }
    }

    /** A no-transaction revision runs with psql as online: its CREATE INDEX CONCURRENTLY outside any BEGIN. */
    @Test
    void aNoTransactionRevisionRunsOutsideATransactionBlock() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            Scripts s = new Scripts(dir);
            s.add("r1", "", "CREATE TABLE t (id INTEGER);", null);
            s.add("r2", "r1", "-- migrate:no-transaction\nCREATE INDEX CONCURRENTLY ix_t ON t (id);", null);
            Cli.Result r = new Cli(dir).env("DATABASE_URL", db.url()).run("upgrade", "head", "--sql");
            assertEquals(0, r.code(), r.toString());
            psql(db, Files.writeString(dir.resolve("offline.sql"), r.out()));
            assertEquals(java.util.List.of("r2"), db.versions());
            assertEquals(java.util.List.of("true"), db.query("SELECT indisvalid::text FROM pg_index WHERE indexrelid = 'ix_t'::regclass"));
        }
    }
}
