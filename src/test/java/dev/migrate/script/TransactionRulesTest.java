package dev.migrate.script;

import dev.migrate.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The statements that migrate refuses, at load time, in a section that runs in a transaction are exactly those
 * that PostgreSQL itself refuses in a transaction block (SQLSTATE 25001): each case is put to a real server.
 */
class TransactionRulesTest {

    static TestDatabase db;

    @BeforeAll
    static void createDatabase() throws Exception {
        db = TestDatabase.postgres();
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (id INTEGER); CREATE INDEX t_id ON t (id); CREATE TYPE mood AS ENUM ('sad')");
        }
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    /** Whether PostgreSQL refuses the statement inside a transaction block; the transaction is rolled back either way. */
    static boolean refusedInTransaction(String sql) throws Exception {
        String name = db.url().substring(db.url().lastIndexOf('/') + 1);
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute(sql.replace("CURRENT_DB", name));
                return false;
            } catch (SQLException e) {
                return "25001".equals(e.getSQLState());
            } finally {
                c.rollback();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "CREATE INDEX CONCURRENTLY t_id2 ON t (id)",
            "create unique index concurrently if not exists t_id3 on t (id)",
            "-- a comment first\nCREATE INDEX\n  CONCURRENTLY t_id4 ON t (id)",
            "/* a block comment */ DROP INDEX CONCURRENTLY t_id",
            "DROP INDEX CONCURRENTLY IF EXISTS nope",
            "REINDEX INDEX CONCURRENTLY t_id",
            "REINDEX (VERBOSE) TABLE CONCURRENTLY t",
            "REINDEX DATABASE CURRENT_DB",
            "REINDEX SYSTEM CURRENT_DB",
            "VACUUM t",
            "vacuum (analyze) t",
            "VACUUM",
            "CLUSTER",
            "ALTER SYSTEM SET work_mem = '8MB'",
            "CREATE DATABASE never_created_here",
            "DROP DATABASE IF EXISTS never_created_here",
            "CREATE TABLESPACE never_here LOCATION '/nonexistent'",
            "DROP TABLESPACE IF EXISTS never_here",
            "ALTER DATABASE CURRENT_DB SET TABLESPACE pg_default",
            "DISCARD ALL",
            "COMMIT PREPARED 'nothing'",
            "ROLLBACK PREPARED 'nothing'",
            "CREATE INDEX t_id5 ON t (id)",
            "DROP INDEX t_id",
            "REINDEX TABLE t",
            "CLUSTER t USING t_id",
            "ALTER TYPE mood ADD VALUE 'happy'",
            "ALTER DATABASE CURRENT_DB SET work_mem = '8MB'",
            "DISCARD PLANS",
            "SELECT 'VACUUM'",
            "ANALYZE t"})
    void refusedAtLoadExactlyWhenPostgresRefusesItInATransaction(String sql) throws Exception {
        boolean postgres = refusedInTransaction(sql);
        String migrate = TransactionRules.forbiddenInTransaction(sql);
        assertEquals(postgres, migrate != null, () -> "PostgreSQL " + (postgres ? "refuses" : "accepts") + " in a transaction: " + sql
                + "; migrate says " + (migrate == null ? "nothing" : migrate));
    }
}
