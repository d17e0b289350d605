package dev.migrate.db;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Where a database error's position falls in a statement: a table of literal cases, no database. */
class DatabaseErrorTest {

    static Stream<Arguments> positions() {
        return Stream.of(
                // text, position, expected line, column, line text (null: no pointer)
                Arguments.of("SELECT emial FROM users", 8, 1, 8, "SELECT emial FROM users"),
                Arguments.of("SELECT emial FROM users", 1, 1, 1, "SELECT emial FROM users"),
                Arguments.of("SELECT\n  id,\n  emial\nFROM users", 16, 3, 3, "  emial"),
                Arguments.of("SELECT\r\n  id,\r\n  emial\r\nFROM users", 18, 3, 3, "  emial"),
                Arguments.of("SELECT\r  id,\r  emial\rFROM users", 16, 3, 3, "  emial"),
                // 😀 is one character to PostgreSQL, two chars to Java
                Arguments.of("SELECT '😀',\n '😀', emial", 19, 2, 7, " '😀', emial"),
                // at the end of the text (PostgreSQL's "at end of input"), and past it (a text the driver rewrote)
                Arguments.of("SELECT (1", 10, 1, 10, "SELECT (1"),
                Arguments.of("SELECT (1\nFROM", 99, 2, 5, "FROM"),
                // on a line break: the end of its line
                Arguments.of("SELECT 1\nFROM", 9, 1, 9, "SELECT 1"),
                Arguments.of("SELECT 1", 0, 0, 0, null),
                Arguments.of("", 1, 0, 0, null));
    }

    @ParameterizedTest
    @MethodSource("positions")
    void aPositionIsALineAndAColumn(String text, int position, int line, int column, String lineText) {
        Optional<DatabaseError.Pointer> p = DatabaseError.Pointer.at(text, position);
        assertEquals(lineText == null ? Optional.empty() : Optional.of(new DatabaseError.Pointer(line, column, lineText)), p);
    }

    @Test
    void theFullMessageHasEveryFieldTheDatabaseGaveOneALine() {
        DatabaseError e = new DatabaseError("P0001", "boom", "the detail", "the hint", 0, 8, "SELECT emial FROM users",
                "PL/pgSQL function inline_code_block line 3 at PERFORM");
        assertEquals("boom\nDETAIL: the detail\nHINT: the hint\nQUERY: SELECT emial FROM users\n"
                + "CONTEXT: PL/pgSQL function inline_code_block line 3 at PERFORM", e.fullMessage());
        assertEquals("no such column: x", DatabaseError.of(null, "no such column: x").fullMessage());
        assertEquals("execute: boom\nDETAIL: the detail", new DatabaseError("P0001", "boom", "the detail", " ", 0, 0, null, null)
                .withMessage("execute: boom").fullMessage());
    }

    @Test
    void aStatementOfTheScriptIsReportedAtTheLineOfThePosition() {
        DatabaseError error = new DatabaseError("42703", "column \"emial\" does not exist", null, null, 16, 0, null, null);
        StatementFailedException e = StatementFailedException.inScript(20, "SELECT\n  id,\n  emial\nFROM users", error, null);
        assertEquals(22, e.line());
        assertEquals(20, e.statementLine());
        StatementFailedException none = StatementFailedException.inScript(20, "SELECT 1", DatabaseError.of("42703", "x"), null);
        assertEquals(20, none.line());
        StatementFailedException java = new StatementFailedException(14, "SELECT\n  id,\n  emial\nFROM users", error, null);
        assertEquals(14, java.line(), "a Java revision's line is its own");
        assertEquals(0, java.statementLine());
    }
}
