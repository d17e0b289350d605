package dev.migrate.cli;

import dev.migrate.core.MigrationFailedException;
import dev.migrate.db.DatabaseError;
import dev.migrate.support.Cli;
import dev.migrate.support.CliTestBase;
import dev.migrate.support.JsonReader;
import dev.migrate.support.Scripts;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When a revision fails, what the database said survives whole: DETAIL, HINT, the context of an error inside a
 * {@code DO} block, and the error's position, reported as the line of the script it is on with a caret under it, as
 * psql shows it; in text and in {@code --format json}. Against a real PostgreSQL database and a real SQLite file.
 */
class FailureDetailsTest extends CliTestBase {

    static final String USERS = "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);";

    /** Scripts.add puts the first line of the upgrade section on line 8. */
    static final int FIRST = 8;

    Cli.Result failed(String... args) {
        Cli.Result r = cli.run(args);
        assertEquals(ExitCode.MIGRATION_FAILED, r.code(), r::toString);
        assertFalse(r.all().contains("\tat "), () -> "no stack trace: " + r);
        return r;
    }

    /** The lines of standard error from the FAILED line on. */
    static List<String> message(Cli.Result r) {
        return r.err().substring(r.err().indexOf("FAILED: ")).lines().toList();
    }

    @Test
    void anErrorOnTheThirdLineOfAStatementIsReportedThereWithTheHintAndACaret() throws Exception {
        setUp("postgresql");
        scripts.add("r1", "", USERS, null);
        scripts.add("r2", "r1", """
                INSERT INTO users VALUES (1, 'a@example.com');
                SELECT
                  id,
                  emial
                FROM users;""", null);
        Cli.Result r = failed("upgrade", "head");
        int line = FIRST + 3;   // the statement begins on FIRST + 1; emial is its third line
        assertEquals(List.of(
                "FAILED: upgrade r2 failed at migrations/versions/r2.sql:" + line + ": column \"emial\" does not exist (SQLSTATE 42703)",
                "  statement: SELECT id, emial FROM users",
                "  HINT: Perhaps you meant to reference the column \"users.email\".",
                "  LINE " + line + ":   emial",
                "             ^",
                "  The revision was rolled back and recorded as failed in the audit log; the database stays at r1. "
                        + "Fix the script, then run `migrate upgrade` again."), message(r), r::toString);
        assertEquals("  emial", Files.readAllLines(scripts.versions().resolve("r2.sql")).get(line - 1), "the line shown is the file's");
        assertEquals(List.of("r1"), db.versions());
    }

    @Test
    void commentsBeforeAndInsideTheStatementDoNotMoveTheLine() throws Exception {
        setUp("postgresql");
        scripts.add("r1", "", USERS, null);
        // The first two lines belong to the statement's chunk but not to its text; the block comment spans a line
        // and holds a character that is one to PostgreSQL and two to Java.
        scripts.add("r2", "r1", """
                -- pick the columns 😀

                SELECT id, /* the key,
                   which is 😀 */
                  emial -- misspelt
                FROM users;""", null);
        Cli.Result r = failed("upgrade", "head");
        int line = FIRST + 4;
        List<String> m = message(r);
        assertTrue(m.get(0).startsWith("FAILED: upgrade r2 failed at migrations/versions/r2.sql:" + line + ": column \"emial\""), r::toString);
        assertEquals("  LINE " + line + ":   emial -- misspelt", m.get(3), r::toString);
        assertEquals(" ".repeat(("  LINE " + line + ":   ").length()) + "^", m.get(4), r::toString);
    }

    @Test
    void aUniqueViolationShowsItsDetailAtTheStatementsLine() throws Exception {
        setUp("postgresql");
        scripts.add("r1", "", USERS, null);
        scripts.add("r2", "r1", "INSERT INTO users VALUES (1, 'a');\nINSERT INTO users\n  VALUES (1, 'b');", null);
        Cli.Result r = failed("upgrade", "head");
        List<String> m = message(r);
        assertEquals("FAILED: upgrade r2 failed at migrations/versions/r2.sql:" + (FIRST + 1)
                + ": duplicate key value violates unique constraint \"users_pkey\" (SQLSTATE 23505)", m.get(0), r::toString);
        assertEquals("  statement: INSERT INTO users VALUES (1, 'b')", m.get(1), r::toString);
        assertEquals("  DETAIL: Key (id)=(1) already exists.", m.get(2), r::toString);
        assertTrue(m.get(3).startsWith("  The revision was rolled back"), "no position, no caret: " + r);
        // The audit log keeps the whole of what the database said.
        assertEquals(List.of("r2|failed|duplicate key value violates unique constraint \"users_pkey\"\nDETAIL: Key (id)=(1) already exists."),
                db.query("SELECT revision, status, error FROM migrate_version_audit WHERE revision = 'r2'"));
    }

    @Test
    void anErrorRaisedInADoBlockShowsItsDetailHintAndContext() throws Exception {
        setUp("postgresql");
        scripts.add("r1", "", USERS, null);
        scripts.add("r2", "r1", """
                DO $$
                BEGIN
                  RAISE EXCEPTION 'users is not empty' USING DETAIL = 'It has 1 row.', HINT = 'Delete them first.';
                END
                $$;""", null);
        Cli.Result r = failed("upgrade", "head");
        List<String> m = message(r);
        assertEquals("FAILED: upgrade r2 failed at migrations/versions/r2.sql:" + FIRST + ": users is not empty (SQLSTATE P0001)",
                m.get(0), r::toString);
        assertEquals(List.of("  DETAIL: It has 1 row.", "  HINT: Delete them first.",
                "  CONTEXT: PL/pgSQL function inline_code_block line 3 at RAISE"), m.subList(2, 5), r::toString);
        assertTrue(m.get(5).startsWith("  The revision was rolled back"), r::toString);
    }

    @Test
    void anErrorInAQueryInsideAFunctionShowsThatQueryWithACaret() throws Exception {
        setUp("postgresql");
        scripts.add("r1", "", USERS, null);
        scripts.add("r2", "r1", """
                CREATE FUNCTION first_email() RETURNS text LANGUAGE plpgsql AS $$
                BEGIN
                  RETURN (SELECT emial FROM users LIMIT 1);
                END
                $$;
                SELECT first_email();""", null);
        Cli.Result r = failed("upgrade", "head");
        List<String> m = message(r);
        assertEquals("FAILED: upgrade r2 failed at migrations/versions/r2.sql:" + (FIRST + 5)
                + ": column \"emial\" does not exist (SQLSTATE 42703)", m.get(0), r::toString);
        assertEquals("  HINT: Perhaps you meant to reference the column \"users.email\".", m.get(2), r::toString);
        assertEquals("  QUERY: (SELECT emial FROM users LIMIT 1)", m.get(3), r::toString);
        assertEquals(" ".repeat("  QUERY: (SELECT ".length()) + "^", m.get(4), r::toString);
        assertTrue(m.get(5).startsWith("  CONTEXT: PL/pgSQL function first_email() line 3 at RETURN"), r::toString);
    }

    @Test
    void theJsonErrorHasTheFields() throws Exception {
        setUp("postgresql");
        scripts.add("r1", "", USERS, null);
        scripts.add("r2", "r1", "SELECT\n  id,\n  emial\nFROM users;", null);
        Cli.Result r = failed("upgrade", "head", "--format", "json");
        Map<String, Object> error = JsonOutputTest.map(JsonOutputTest.map(JsonReader.parse(r.out())).get("error"));
        assertEquals("migration_failed", error.get("kind"));
        assertEquals("r2", error.get("revision"));
        assertEquals("migrations/versions/r2.sql", error.get("file"));
        assertEquals((long) FIRST + 2, error.get("line"));
        assertEquals(3L, error.get("column"));
        assertEquals(16L, error.get("position"), "emial begins at character 16 of the statement");
        assertEquals("SELECT\n  id,\n  emial\nFROM users", error.get("statement"));
        assertEquals("42703", error.get("sqlstate"));
        assertEquals("column \"emial\" does not exist", error.get("database_message"));
        assertNull(error.get("detail"));
        assertEquals("Perhaps you meant to reference the column \"users.email\".", error.get("hint"));
        assertTrue(error.containsKey("audit_error") && error.get("audit_error") == null, error::toString);
        assertTrue(((String) error.get("message")).contains("\n  LINE " + (FIRST + 2) + ":   emial\n"), error::toString);

        scripts.add("r2", "r1", "INSERT INTO users VALUES (1, 'a'), (1, 'b');", null);
        Map<String, Object> unique = JsonOutputTest.map(JsonOutputTest.map(JsonReader.parse(
                failed("upgrade", "head", "--format", "json").out())).get("error"));
        assertEquals("Key (id)=(1) already exists.", unique.get("detail"));
        assertNull(unique.get("hint"));
        assertNull(unique.get("position"));
        assertNull(unique.get("column"));
        assertEquals((long) FIRST, unique.get("line"));
    }

    @Test
    void onSqliteTheMessageIsAllThereIs() throws Exception {
        setUp("sqlite");
        scripts.add("r1", "", USERS, null);
        scripts.add("r2", "r1", "SELECT\n  id,\n  emial\nFROM users;", null);
        Cli.Result r = failed("upgrade", "head");
        List<String> m = message(r);
        assertTrue(m.get(0).startsWith("FAILED: upgrade r2 failed at migrations/versions/r2.sql:" + FIRST + ": "), r::toString);
        assertTrue(m.get(0).contains("no such column: emial"), r::toString);
        assertEquals("  statement: SELECT id, emial FROM users", m.get(1), r::toString);
        assertTrue(m.get(2).startsWith("  The revision was rolled back and recorded as failed"), r::toString);
        assertEquals(3, m.size(), r::toString);

        Map<String, Object> error = JsonOutputTest.map(JsonOutputTest.map(JsonReader.parse(
                failed("upgrade", "head", "--format", "json").out())).get("error"));
        assertEquals((long) FIRST, error.get("line"));
        assertNull(error.get("detail"));
        assertNull(error.get("hint"));
        assertNull(error.get("position"));
    }

    @Test
    void aJavaRevisionsFailureCarriesTheDetailAndPointsIntoItsOwnStatement() throws Exception {
        setUp("postgresql");
        scripts.add("r1", "", USERS, null);
        Path file = scripts.java("j2", "r1", """
                op.execute("INSERT INTO users VALUES (1, 'a')");
                op.execute("INSERT INTO users VALUES (1, 'b')");
                """, null);
        Cli.Result r = failed("upgrade", "head");
        List<String> m = message(r);
        assertEquals("FAILED: upgrade j2 failed at " + dir.relativize(file) + ":" + (Scripts.JAVA_UPGRADE_LINE + 1)
                + ": execute: duplicate key value violates unique constraint \"users_pkey\" (SQLSTATE 23505)", m.get(0), r::toString);
        assertEquals("  DETAIL: Key (id)=(1) already exists.", m.get(2), r::toString);

        scripts.java("j2", "r1", """
                op.execute("SELECT id,\\n  emial FROM users");
                """, null);
        m = message(failed("upgrade", "head"));
        assertTrue(m.get(0).contains(":" + Scripts.JAVA_UPGRADE_LINE + ": execute: column \"emial\" does not exist"), m::toString);
        assertEquals("  HINT: Perhaps you meant to reference the column \"users.email\".", m.get(2), m::toString);
        // The statement is the revision's, not text of the file: its own line, as psql numbers it.
        assertEquals("  LINE 2:   emial FROM users", m.get(3), m::toString);
        assertEquals(" ".repeat("  LINE 2:   ".length()) + "^", m.get(4), m::toString);
    }

    /** The pointer lines of the message for an error at {@code position} of a one-line statement. */
    static List<String> pointer(String statement, int position) {
        DatabaseError error = new DatabaseError("42703", "column \"x\" does not exist", null, null, position, 0, null, null);
        MigrationFailedException e = new MigrationFailedException("r2", "upgrade", Path.of("r2.sql"), 9, 9, statement, error,
                List.of("r1"), false, null, null);
        List<String> lines = ErrorReport.message(e).lines().toList();
        return lines.subList(2, 4);
    }

    @Test
    void aLongLineIsCutAroundTheErrorAsPsqlDoes() {
        String cols = "a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, c0, c1, c2, c3";
        String sql = "SELECT " + cols + " FROM t";   // 106 characters
        String prefix = "  LINE 9: ";
        // Near the start: the end is cut.
        assertEquals(List.of(prefix + sql.substring(0, 60) + "...", " ".repeat(prefix.length() + sql.indexOf("a1")) + "^"),
                pointer(sql, sql.indexOf("a1") + 1));
        // In the middle: both ends, the error in the middle.
        int b5 = sql.indexOf("b5");
        assertEquals(List.of(prefix + "..." + sql.substring(b5 - 30, b5 + 30) + "...", " ".repeat(prefix.length() + 3 + 30) + "^"),
                pointer(sql, b5 + 1));
        // Near the end: the start is cut.
        int t = sql.lastIndexOf('t');
        assertEquals(List.of(prefix + "..." + sql.substring(sql.length() - 60), " ".repeat(prefix.length() + 3 + 59) + "^"),
                pointer(sql, t + 1));
        // Tabs are shown as one space, so that the caret stays under the error.
        assertEquals(List.of(prefix + "SELECT  x", " ".repeat(prefix.length() + 8) + "^"), pointer("SELECT\t\tx", 9));
    }

    @Test
    void aFailureThatCouldNotBeRecordedSaysSoAfterTheErrorInTextAndJson() {
        DatabaseError error = new DatabaseError("23505", "duplicate key value violates unique constraint \"users_pkey\"",
                "Key (id)=(1) already exists.", null, 0, 0, null, null);
        MigrationFailedException e = new MigrationFailedException("r2", "upgrade", Path.of("migrations/versions/r2.sql"), 9, 9,
                "INSERT INTO users VALUES (1, 'b')", error, List.of("r1"), false, null, null)
                .withAuditError("connection reset");
        assertTrue(e.getMessage().endsWith("\nDETAIL: Key (id)=(1) already exists.\n"
                + "The failure could not be recorded in the audit log: connection reset"), e.getMessage());

        List<String> text = ErrorReport.message(e).lines().toList();
        assertEquals(List.of(
                "upgrade r2 failed at migrations/versions/r2.sql:9: duplicate key value violates unique constraint \"users_pkey\" (SQLSTATE 23505)",
                "  statement: INSERT INTO users VALUES (1, 'b')",
                "  DETAIL: Key (id)=(1) already exists.",
                "  The failure could not be recorded in the audit log: connection reset",
                "  The revision was rolled back; the database stays at r1. Fix the script, then run `migrate upgrade` again."), text);

        MigrationFailedException partial = new MigrationFailedException("r2", "upgrade", Path.of("r2.sql"), 9, 9, "VACUUM",
                error, List.of("r1"), true, "disk full", null);
        String p = ErrorReport.message(partial);
        assertTrue(p.contains("  The failure could not be recorded in the audit log: disk full" + System.lineSeparator()
                + "  The revision runs outside a transaction: the statements before this one took effect. The version table "
                + "stays at r1."), p);
        assertFalse(p.contains("recorded as partial"), p);

        StringWriter out = new StringWriter();
        CommandLine commandLine = Main.commandLine(Map.of(), dir, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        commandLine.parseArgs("--format", "json", "upgrade", "head");
        assertEquals(ExitCode.MIGRATION_FAILED, ErrorReport.handle(e, commandLine.getCommand(), commandLine));
        Map<String, Object> json = JsonOutputTest.map(JsonOutputTest.map(JsonReader.parse(out.toString())).get("error"));
        assertEquals("connection reset", json.get("audit_error"));
        assertEquals("Key (id)=(1) already exists.", json.get("detail"));
        assertEquals("migration_failed", json.get("kind"));
    }
}
