package dev.migrate.core;

import dev.migrate.api.OfflineModeException;
import dev.migrate.db.PostgresDialect;
import dev.migrate.db.SqliteDialect;
import dev.migrate.db.StatementFailedException;
import dev.migrate.db.TableName;
import dev.migrate.script.JavaRevisionLoader;
import dev.migrate.script.JavaRevisionScript;
import dev.migrate.support.Scripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The body of a Java revision: offline SQL, and how the errors of the revision's code become step failures. */
class JavaBodyTest {

    @TempDir Path dir;

    JavaRevisionScript script(String id, String upgrade, String downgrade) {
        Path file = new Scripts(dir).java(id, "", upgrade, downgrade);
        return JavaRevisionLoader.uncached().loadScripts(List.of(file)).get(file);
    }

    static Database postgres() {
        return new Database(new PostgresDialect(), () -> { throw new AssertionError("offline needs no connection"); }, "offline",
                TableName.parse("migrate_version"), TableName.parse("migrate_version_audit"));
    }

    Database sqlite() {
        Path file = dir.resolve("t.db");
        return new Database(new SqliteDialect(file), () -> DriverManager.getConnection("jdbc:sqlite:" + file), "sqlite",
                TableName.parse("migrate_version"), TableName.parse("migrate_version_audit"));
    }

    @Test
    void offlineSqlIsWhatTheOperationsRender() {
        JavaRevisionScript s = script("a1", """
                op.createTable("t", Column.of("id", "bigint").primaryKey());
                if (!op.offline()) op.connection();
                op.bulkInsert("t", List.of(Map.of("id", 1)));
                """, """
                op.dropTable("t");
                """);
        assertEquals(List.of("CREATE TABLE t (id bigint PRIMARY KEY)", "INSERT INTO t (id) VALUES (1)"),
                Body.of(s, true, postgres()).offlineSql());
        assertEquals(List.of("DROP TABLE t"), Body.of(s, false, postgres()).offlineSql());
    }

    @Test
    void aRevisionThatNeedsTheConnectionOfflineIsRefusedNamingIt() {
        JavaRevisionScript s = script("a1", "op.connection().createStatement().execute(\"SELECT 1\");", null);
        OfflineModeException e = assertThrows(OfflineModeException.class, () -> Body.of(s, true, postgres()).offlineSql());
        assertEquals("a1", e.revisionId());
        assertTrue(e.getMessage().contains("revision a1"), e.getMessage());
    }

    @Test
    void aDowngradeOfAnUpgradeOnlyRevisionIsARevisionError() {
        JavaRevisionScript s = script("a1", "", null);
        RevisionException e = assertThrows(RevisionException.class, () -> Body.of(s, false, postgres()));
        assertTrue(e.getMessage().contains("does not implement ReversibleMigration, so it cannot be downgraded"), e.getMessage());
    }

    @Test
    void aFailedOperationIsAFailedStatementAtTheScriptsLine() throws Exception {
        JavaRevisionScript s = script("a1", """
                op.createTable("t", Column.of("id", "integer").primaryKey());
                op.execute("INSERT INTO missing VALUES (1)");
                """, null);
        Database db = sqlite();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"))) {
            c.setAutoCommit(false);
            StatementFailedException e = assertThrows(StatementFailedException.class, () -> Body.of(s, true, db).run(c));
            assertEquals(Scripts.JAVA_UPGRADE_LINE + 1, e.line());
            assertEquals("INSERT INTO missing VALUES (1)", e.statement());
            assertTrue(e.databaseMessage().startsWith("execute: "), e.databaseMessage());
            assertTrue(e.databaseMessage().contains("no such table: missing"), e.databaseMessage());
            c.rollback();
        }
    }

    @Test
    void anExceptionOfTheRevisionsOwnCodeIsAFailedStepWithoutStatement() throws Exception {
        JavaRevisionScript s = script("a1", """
                // nothing yet
                throw new IllegalStateException("not today");
                """, null);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"))) {
            StatementFailedException e = assertThrows(StatementFailedException.class, () -> Body.of(s, true, sqlite()).run(c));
            assertEquals(Scripts.JAVA_UPGRADE_LINE + 1, e.line());
            assertEquals("", e.statement());
            assertNull(e.sqlState());
            assertEquals("java.lang.IllegalStateException: not today", e.databaseMessage());
        }
    }

    @Test
    void theRevisionsOwnJdbcErrorKeepsTheDatabasesMessage() throws Exception {
        JavaRevisionScript s = script("a1", """
                try (Statement st = op.connection().createStatement()) {
                    st.executeUpdate("UPDATE nowhere SET x = 1");
                }
                """, null);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"))) {
            StatementFailedException e = assertThrows(StatementFailedException.class, () -> Body.of(s, true, sqlite()).run(c));
            assertEquals(Scripts.JAVA_UPGRADE_LINE + 1, e.line());
            assertTrue(e.databaseMessage().contains("no such table: nowhere"), e.databaseMessage());
        }
    }
}
