package dev.migrate.cli;

import dev.migrate.support.Cli;
import dev.migrate.support.CliTestBase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A script runs as it is written: its line endings are normalised for the checksum only, so that a CRLF inside a
 * string literal is stored as CRLF, while a Windows checkout of the same script is not a changed script.
 */
class ScriptsRunAsWrittenTest extends CliTestBase {

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void aCrlfInsideALiteralIsStoredAsWritten(String kind) throws Exception {
        setUp(kind);
        String text = "-- crlf\r\n--\r\n-- Revision ID: r1\r\n-- Revises:\r\n-- Create Date: 2026-12-04 00:00:00.000000\r\n\r\n"
                + "-- migrate:upgrade\r\nCREATE TABLE notes (body TEXT);\r\nINSERT INTO notes VALUES ('line one\r\nline two');\r\n"
                + "INSERT INTO notes VALUES ('lone\rcr');\r\n\r\n-- migrate:downgrade\r\nDROP TABLE notes;\r\n";
        Path file = scripts.versions().resolve("r1_crlf.sql");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Cli.Result up = cli.run("upgrade", "head");
        assertEquals(0, up.code(), up.all());
        String chr = kind.equals("sqlite") ? "char" : "chr";
        List<String> stored = db.query("SELECT replace(replace(body, " + chr + "(13), '<CR>'), " + chr + "(10), '<LF>') FROM notes ORDER BY body");
        assertEquals(List.of("line one<CR><LF>line two", "lone<CR>cr"), stored);

        // The same script checked out with LF endings is the same script: no changed-script finding.
        Files.writeString(file, text.replace("\r\n", "\n"), StandardCharsets.UTF_8);
        Cli.Result check = cli.run("check");
        assertEquals(0, check.code(), check.all());
        assertTrue(check.out().contains("No pending revisions"), check.all());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\set ON_ERROR_STOP on", "  \\i other.sql", "\\restrict abc123", "\\connect app"})
    void aPsqlMetaCommandIsRefusedWhenTheScriptsLoadWithFileAndLine(String command) throws Exception {
        setUp("sqlite");
        scripts.add("r1", "", "CREATE TABLE a (id INTEGER);\n" + command + "\nCREATE TABLE b (id INTEGER);", "DROP TABLE b; DROP TABLE a;");
        Cli.Result r = cli.run("upgrade", "head");
        assertEquals(ExitCode.SCRIPT, r.code(), r.all());
        String word = command.strip().split(" ")[0];
        assertTrue(r.err().contains("r1.sql:9") && r.err().contains("psql meta-command `" + word + "`"), r.all());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.all());
        assertTrue(db.tables().isEmpty(), "nothing ran: " + db.tables());
        assertEquals(ExitCode.SCRIPT, cli.run("history").code(), "refused whatever the command");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void aBackslashInsideALiteralOrACommentIsData(String kind) throws Exception {
        setUp(kind);
        scripts.add("r1", "", "CREATE TABLE t (v TEXT);\n-- \\set in a comment\nINSERT INTO t VALUES ('\n\\not a command');\n/*\n\\neither\n*/",
                "DROP TABLE t;");
        Cli.Result r = cli.run("upgrade", "head");
        assertEquals(0, r.code(), r.all());
        assertEquals(List.of("\n\\not a command"), db.query("SELECT v FROM t"));
    }
}
