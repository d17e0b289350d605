package dev.migrate.script;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A transactional section may not end, start or reshape the transaction migrate wraps it in: refused when the script
 * loads, naming the line and the no-transaction marker; what only looks like it (function bodies, DO blocks, SQLite
 * triggers, savepoints used properly, words in strings and comments) is accepted.
 */
class TransactionControlTest {

    static final Path FILE = Path.of("migrations/versions/r1.sql");

    static SqlScript load(String upgrade, boolean noTransaction) {
        return ScriptLoader.parse(FILE, "-- r1\n--\n-- Revision ID: r1\n-- Revises:\n\n-- migrate:upgrade\n"
                + (noTransaction ? "-- migrate:no-transaction\n" : "") + "CREATE TABLE t (id INTEGER);\n" + upgrade + "\n");
    }

    /** Line 7 holds CREATE TABLE; the statement under test starts on line 8. */
    @ParameterizedTest
    @ValueSource(strings = {
            "COMMIT;", "commit work;", "COMMIT AND CHAIN;", "END;", "end transaction;", "ABORT;", "ROLLBACK;",
            "ROLLBACK AND NO CHAIN;", "BEGIN;", "begin transaction;", "BEGIN ISOLATION LEVEL SERIALIZABLE;",
            "START TRANSACTION;", "start transaction read write;", "ROLLBACK TO SAVEPOINT nowhere;", "ROLLBACK TO nowhere;",
            "RELEASE SAVEPOINT nowhere;", "RELEASE nowhere;", "SET TRANSACTION READ ONLY;",
            "SET TRANSACTION ISOLATION LEVEL READ COMMITTED, READ ONLY;", "SET transaction_read_only = on;",
            "SET LOCAL transaction_read_only TO true;", "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE;",
            "-- a comment\nCOMMIT;",
    })
    void refused(String statement) {
        ScriptException e = assertThrows(ScriptException.class, () -> load(statement, false));
        assertEquals(FILE, e.file());
        assertEquals(statement.startsWith("--") ? 9 : 8, e.line(), e.getMessage()); // the statement's own line, past comments
        assertTrue(e.hint().contains("-- migrate:no-transaction"), e.hint());
        assertDoesNotThrow(() -> load(statement.replace("ROLLBACK TO", "SELECT 1; --").replace("RELEASE", "SELECT 1; --"), true));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN 1;\nEND;\n$$;",
            "DO $$\nBEGIN\n  COMMIT;\nEND\n$$;",
            "CREATE FUNCTION g() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\nEND;",
            "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  UPDATE t SET id = 1;\nEND;",
            "SAVEPOINT before_risk;\nINSERT INTO t VALUES (1);\nROLLBACK TO SAVEPOINT before_risk;\nRELEASE before_risk;",
            "INSERT INTO t VALUES (1); -- COMMIT later\nSELECT 'COMMIT; BEGIN;';",
            "/* END; */ SELECT 1;",
            "CREATE TABLE commit_log (begin_at INTEGER, end_at INTEGER);",
            "SET default_transaction_read_only = on;",
            "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY;",
            "UPDATE t SET id = 2 WHERE id = 1;",
    })
    void accepted(String statements) {
        assertDoesNotThrow(() -> load(statements, false));
    }

    @org.junit.jupiter.api.Test
    void isolationLevelAsTheFirstStatementIsAccepted() {
        assertDoesNotThrow(() -> ScriptLoader.parse(FILE, "-- r1\n--\n-- Revision ID: r1\n-- Revises:\n\n-- migrate:upgrade\n"
                + "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE;\nCREATE TABLE t (id INTEGER);\n"));
    }
}
