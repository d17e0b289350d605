package dev.migrate.cli;

import dev.migrate.support.Cli;
import dev.migrate.support.CliTestBase;
import dev.migrate.support.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The offline script as a DBA runs it: by psql (ON_ERROR_STOP) for PostgreSQL and by sqlite3 (-bail) for SQLite, in
 * the dialect {@code --dialect} names. Revision messages and file names full of line breaks, comment markers, quotes
 * and semicolons never leave their comments; and a range with branches, a merge, a no-transaction revision and a Java
 * revision leaves the same catalog, version rows and audit rows as the online run.
 */
class OfflineScriptRunTest extends CliTestBase {

    /** Pieces of hostile text: each kind of line break, comment markers, quotes, a statement. */
    static final String[] PIECES = {"\n", "\r", "\r\n", "\u2028", "\u0085", "--", "*/", "/*", "'", "\"", ";", "DROP TABLE victim;",
            " --", "$$", "\\", "BEGIN;", "COMMIT;", "a", "b c"};

    static String hostile(Random r) {
        StringBuilder b = new StringBuilder("m");
        int n = 2 + r.nextInt(6);
        for (int i = 0; i < n; i++) b.append(PIECES[r.nextInt(PIECES.length)]);
        b.append("\nDROP TABLE victim; --");
        return b.toString();
    }

    static void runScript(TestDatabase db, Path script) throws Exception {
        ProcessBuilder pb = db.kind().equals("sqlite")
                ? new ProcessBuilder("sqlite3", "-bail", db.url().substring("sqlite:".length()))
                : new ProcessBuilder("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db.url(), "-f", script.toString());
        if (db.kind().equals("sqlite")) pb.redirectInput(script.toFile());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), pb.command().get(0) + " failed:\n" + out + "\n--- script:\n" + Files.readString(script));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void hostileMessagesAndFileNamesStayComments(String kind) throws Exception {
        setUp(kind);
        Random r = new Random(20261204L);
        String parent = "";
        for (int i = 1; i <= 12; i++) {
            String id = "r" + i;
            // The header's first line is one line (a line break of any kind ends it); the Java revision below has them all.
            String message = hostile(r).replaceAll("[\\n\\r\\u0085\\u2028\\u2029]", " ");
            String name = id + "_" + hostile(r).replace("/", "_") + ".sql";
            String text = "-- " + message + "\n--\n-- Revision ID: " + id + "\n-- Revises: " + parent
                    + "\n-- Create Date: 2026-12-04 00:00:00.000000\n\n-- migrate:upgrade\nCREATE TABLE t" + i + " (id INTEGER);\n\n"
                    + "-- migrate:downgrade\nDROP TABLE t" + i + ";\n";
            Files.writeString(scripts.versions().resolve(name), text);
            parent = id;
        }
        // A Java revision whose message has every kind of line break.
        scripts.write("r13_rev.java", """
                import dev.migrate.api.*;

                @Revision(id = "r13", revises = {"r12"}, message = "two\\nlines\\rand\\r\\nmore\\u2028DROP TABLE victim; --", createDate = "2026-12-04 00:00:00.000000")
                class R13 implements Migration {
                    public void upgrade(Operations op) throws Exception {
                        op.execute("CREATE TABLE t13 (id INTEGER)");
                    }
                }
                """);
        try (var c = db.connect(); var st = c.createStatement()) {
            st.execute("CREATE TABLE victim (id INTEGER)");
        }
        Cli.Result sql = cli.run("upgrade", "base:head", "--sql", "--dialect", kind);
        assertEquals(0, sql.code(), sql.all());
        assertTrue(sql.out().startsWith("-- migrate ") && sql.out().contains(kind.equals("sqlite") ? "Run it with: sqlite3" : "Run it with: psql"),
                sql.out());
        runScript(db, Files.writeString(dir.resolve("offline.sql"), sql.out()));
        assertTrue(db.tables().contains("victim"), "a message or file name ran as SQL: " + db.tables());
        assertTrue(db.tables().contains("t13"), db.tables().toString());
        assertEquals(List.of("r13"), db.versions());
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void theScriptLeavesWhatTheOnlineRunLeaves(String kind) throws Exception {
        setUp(kind);
        scripts.add("a1", "", "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);", "DROP TABLE users;");
        scripts.add("b2", "a1", "-- Branch Labels: left", "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER);", "DROP TABLE orders;");
        scripts.add("c3", "a1", "ALTER TABLE users ADD COLUMN name TEXT;", kind.equals("sqlite") ? "ALTER TABLE users DROP COLUMN name;"
                : "ALTER TABLE users DROP COLUMN name;");
        scripts.add("d4", "b2, c3", "", "");
        scripts.add("e5", "d4", "-- migrate:no-transaction\n" + (kind.equals("sqlite") ? "CREATE INDEX ix_users_email ON users (email);"
                : "CREATE INDEX CONCURRENTLY ix_users_email ON users (email);"), "DROP INDEX ix_users_email;");
        scripts.java("f6", "e5", """
                op.addColumn("orders", Column.of("total", "integer"));
                op.bulkInsert("users", List.of(Map.of("id", 1, "email", "a@example.com")));
                """, null);

        Cli.Result sql = cli.run("upgrade", "base:head", "--sql", "--dialect", kind);
        assertEquals(0, sql.code(), sql.all());
        runScript(db, Files.writeString(dir.resolve("offline.sql"), sql.out()));

        TestDatabase online = kind.equals("sqlite") ? TestDatabase.sqlite(Files.createDirectories(dir.resolve("online"))) : TestDatabase.postgres();
        try {
            Cli.Result up = new Cli(dir).env("DATABASE_URL", online.url()).run("upgrade", "head");
            assertEquals(0, up.code(), up.all());
            assertEquals(online.versions(), db.versions());
            String audit = "SELECT revision || '|' || kind || '|' || heads_before || '|' || heads_after || '|' || coalesce(checksum, '') "
                    + "|| '|' || status FROM migrate_version_audit ORDER BY id";
            assertEquals(online.query(audit), db.query(audit));
            assertEquals(catalog(online), catalog(db));
            assertEquals(online.query("SELECT id || email FROM users"), db.query("SELECT id || email FROM users"));
        } finally {
            online.close();
        }
    }

    /** The tables, columns and indexes, as either database lists them. */
    static List<String> catalog(TestDatabase db) throws Exception {
        List<String> out = new ArrayList<>();
        if (db.kind().equals("sqlite")) {
            out.addAll(db.query("SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"));
        } else {
            out.addAll(db.query("SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable FROM information_schema.columns "
                    + "WHERE table_schema = 'public' ORDER BY 1"));
            out.addAll(db.query("SELECT indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"));
            out.addAll(db.query("SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1"));
        }
        return out;
    }
}
