package dev.migrate.lint;

import dev.migrate.script.SqlSplitter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every static rule with a statement that fires it and a near miss that does not. */
class StaticLintTest {

    static Stream<Arguments> rules() {
        return Stream.of(
                // rule, fires, near miss, no-transaction section, style
                Arguments.of("transaction-control", "COMMIT", "CREATE FUNCTION f() RETURNS int BEGIN ATOMIC SELECT 1; END", true, false),
                Arguments.of("timeout-override", "SET lock_timeout = '1s'", "SET search_path = app", false, false),
                Arguments.of("drop-column", "ALTER TABLE users DROP COLUMN email", "ALTER TABLE users DROP CONSTRAINT users_email_key", false, false),
                Arguments.of("drop-table", "DROP TABLE users", "DROP INDEX ix_users", false, false),
                Arguments.of("rename-column", "ALTER TABLE users RENAME COLUMN email TO mail", "ALTER TABLE users RENAME CONSTRAINT a TO b", false, false),
                Arguments.of("rename-table", "ALTER TABLE users RENAME TO people", "ALTER TABLE users ADD COLUMN renamed_to text", false, false),
                Arguments.of("rename-enum-value", "ALTER TYPE mood RENAME VALUE 'ok' TO 'fine'", "ALTER TYPE mood ADD VALUE 'great'", false, false),
                Arguments.of("not-null-without-default", "ALTER TABLE users ADD COLUMN age integer NOT NULL",
                        "ALTER TABLE users ADD COLUMN age integer NOT NULL DEFAULT 0", false, false),
                Arguments.of("truncate", "TRUNCATE users", "DELETE FROM users WHERE note = 'TRUNCATE users'", false, false),
                Arguments.of("vacuum-full", "VACUUM FULL users", "VACUUM users", true, false),
                Arguments.of("cluster", "CLUSTER users USING users_pkey", "-- CLUSTER users\nSELECT 1", false, false),
                Arguments.of("lock-table", "LOCK TABLE users IN SHARE MODE", "SELECT 'LOCK TABLE users'", false, false),
                Arguments.of("not-idempotent", "CREATE INDEX CONCURRENTLY ix ON users (email)",
                        "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix ON users (email)", true, false),
                Arguments.of("timestamp-without-time-zone", "CREATE TABLE t (at timestamp)", "CREATE TABLE t (at timestamptz DEFAULT CURRENT_TIMESTAMP)", false, true),
                Arguments.of("int-primary-key", "CREATE TABLE t (id integer PRIMARY KEY)", "CREATE TABLE t (id bigint PRIMARY KEY)", false, true),
                Arguments.of("json-not-jsonb", "CREATE TABLE t (doc json)", "CREATE TABLE t (doc jsonb)", false, true),
                Arguments.of("oid-column", "CREATE TABLE t (blob oid)", "CREATE TABLE t (blob bytea)", false, true));
    }

    static List<String> rulesOf(String sql, boolean noTransaction, boolean style) {
        List<SqlSplitter.Statement> st = SqlSplitter.split(sql, 1, SqlSplitter.Flavor.POSTGRESQL);
        return StaticLint.check("r1", Path.of("r1.sql"), st, noTransaction, style).stream().map(Finding::rule).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void firesAndItsNearMissDoesNot(String rule, String fires, String nearMiss, boolean noTransaction, boolean style) {
        assertEquals(List.of(rule), rulesOf(fires, noTransaction, style).stream().filter(r -> r.equals(rule)).toList(), fires);
        assertEquals(List.of(), rulesOf(nearMiss, noTransaction, style).stream().filter(r -> r.equals(rule)).toList(), nearMiss);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void styleRulesRunOnlyWhenAskedFor(String rule, String fires, String nearMiss, boolean noTransaction, boolean style) {
        if (!style) return;
        assertEquals(List.of(), rulesOf(fires, noTransaction, false));
    }

    @org.junit.jupiter.api.Test
    void concurrentlyWithOtherStatementsAndATableMadeInTheSameRevision() {
        assertEquals(List.of("concurrently-with-others"),
                rulesOf("CREATE INDEX CONCURRENTLY IF NOT EXISTS ix ON users (email); UPDATE users SET x = 1", false, false)
                        .stream().filter(r -> r.startsWith("concurrently")).toList());
        assertEquals(List.of(), rulesOf("CREATE TABLE t (id int); ALTER TABLE t ADD COLUMN a int NOT NULL; ALTER TABLE t DROP COLUMN id", false, false),
                "a table made by the same revision has no rows and no readers yet");
    }
}
