package dev.migrate.integrity;

import dev.migrate.support.Cli;
import dev.migrate.support.CliTestBase;
import dev.migrate.support.JsonReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When a revision fails and recording the failure fails too, the revision's own error is what is reported (revision,
 * file, line, statement, the database's message), with the audit failure after it; a read-only database is named as
 * such before anything runs; a revision that leaves its transaction unable to record it fails as that revision.
 */
class TrueCauseTest extends CliTestBase {


    @BeforeEach
    void setUp() {
        setUp("postgresql");
    }


    Cli cli() {
        return cli;
    }

    void sql(String sql) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @Test
    void aFailureThatCannotBeRecordedKeepsItsCauseAndSaysWhyItWasNotRecorded() throws Exception {
        scripts.add("r1", "", "CREATE TABLE t (id INTEGER PRIMARY KEY);", null);
        scripts.add("r2", "r1", "INSERT INTO t VALUES (1);\nINSERT INTO t VALUES (1);", null);
        assertEquals(0, cli().run("upgrade", "r1").code());
        // The audit log refuses failure rows: as a full disk or a read-only switch would, at the worst moment.
        sql("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN "
                + "RAISE EXCEPTION 'the audit log is unavailable'; END$$");
        sql("CREATE TRIGGER refuse BEFORE INSERT ON migrate_version_audit FOR EACH ROW "
                + "WHEN (NEW.status = 'failed') EXECUTE FUNCTION refuse()");

        Cli.Result r = cli().run("upgrade", "head");
        assertEquals(8, r.code(), r.toString());
        String first = r.err().lines().filter(l -> l.startsWith("FAILED:")).findFirst().orElseThrow();
        assertTrue(first.contains("upgrade r2 failed at migrations/versions/r2.sql:")
                && first.contains("duplicate key value violates unique constraint") && first.contains("23505"), r.toString());
        assertTrue(r.err().contains("DETAIL: Key (id)=(1) already exists."), r.toString());
        assertTrue(r.err().contains("could not be recorded in the audit log") && r.err().contains("the audit log is unavailable"),
                r.toString());
        assertTrue(r.err().indexOf("23505") < r.err().indexOf("the audit log is unavailable"), "the real error first: " + r);
        assertEquals(List.of("r1"), db.versions());

        Cli.Result json = cli().run("upgrade", "head", "--format", "json");
        assertEquals(8, json.code());
        @SuppressWarnings("unchecked")
        Map<String, Object> error = (Map<String, Object>) ((Map<String, Object>) JsonReader.parse(json.out())).get("error");
        assertEquals("migration_failed", error.get("kind"));
        assertEquals("r2", error.get("revision"));
        assertEquals("23505", error.get("sqlstate"));
        assertTrue(String.valueOf(error.get("audit_error")).contains("the audit log is unavailable"), error::toString);
    }

    @Test
    void aRevisionThatLeavesItsTransactionUnableToRecordItFailsAsThatRevision() throws Exception {
        scripts.add("r1", "", "CREATE TABLE t (id INTEGER);", null);
        scripts.add("r2", "r1", "INSERT INTO t VALUES (1);\nSELECT set_config('transaction_read_only', 'on', true);", null);
        Cli.Result r = cli().run("upgrade", "head");
        assertEquals(8, r.code(), r.toString());
        assertTrue(r.err().contains("upgrade r2 failed at migrations/versions/r2.sql"), r.toString());
        assertTrue(r.err().contains("read-only transaction"), r.toString());
        assertTrue(r.err().contains("the revision ran, but left its transaction unable to record it"), r.toString());
        assertEquals(List.of("r1"), db.versions());
        assertEquals(List.of(), db.query("SELECT id FROM t"));
        assertEquals(List.of("failed"), db.query("SELECT status FROM migrate_version_audit WHERE revision = 'r2'"));
    }

    @Test
    void aDeferredConstraintThatFailsAtCommitFailsAsThatRevisionAndNothingOfItStays() throws Exception {
        scripts.add("r1", "", "CREATE TABLE parent (id INTEGER PRIMARY KEY);\n"
                + "CREATE TABLE child (id INTEGER, parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED);", null);
        scripts.add("r2", "r1", "CREATE TABLE other (id INTEGER);\nINSERT INTO child VALUES (1, 42);", null);
        Cli.Result r = cli().run("upgrade", "head");
        assertEquals(8, r.code(), r.toString());
        assertTrue(r.err().contains("upgrade r2 failed at migrations/versions/r2.sql") && r.err().contains("23503"), r.toString());
        assertTrue(r.err().contains("a constraint checked at commit failed"), r.toString());
        assertEquals(List.of("r1"), db.versions());
        try (Connection c = db.connect(); Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT to_regclass('other') IS NULL, (SELECT count(*) FROM child), "
                     + "(SELECT status FROM migrate_version_audit WHERE revision = 'r2' ORDER BY id DESC LIMIT 1)")) {
            rs.next();
            assertTrue(rs.getBoolean(1), "the revision's table was rolled back");
            assertEquals(0, rs.getInt(2));
            assertEquals("failed", rs.getString(3));
        }
        scripts.add("r2", "r1", "CREATE TABLE other (id INTEGER);\nINSERT INTO parent VALUES (42);\nINSERT INTO child VALUES (1, 42);", null);
        assertEquals(0, cli().run("upgrade", "head").code());
        assertEquals(List.of("r2"), db.versions());
    }

    @Test
    void aRevisionThatChangesTheVersionTableFailsAndNothingOfItIsCommitted() throws Exception {
        scripts.add("r1", "", "CREATE TABLE t (id INTEGER);", null);
        scripts.add("r2", "r1", "CREATE TABLE u (id INTEGER);\nDELETE FROM migrate_version;", null);
        Cli.Result r = cli().run("upgrade", "head");
        assertEquals(8, r.code(), r.toString());
        assertTrue(r.err().contains("upgrade r2 failed at migrations/versions/r2.sql") && r.err().contains("MGV01"), r.toString());
        assertTrue(r.err().contains("The version table was changed while migrate ran"), r.toString());
        assertFalse(r.err().contains("Internal error"), r.toString());
        assertEquals(List.of("r1"), db.versions());
        assertEquals(List.of("t"), db.query("SELECT to_regclass('u') IS NULL"), "the revision's table was rolled back");
        assertEquals(List.of("failed"), db.query("SELECT status FROM migrate_version_audit WHERE revision = 'r2'"));
    }

    @Test
    void aReadOnlyDatabaseIsNamedAsSuchBeforeAnythingRuns() throws Exception {
        scripts.add("r1", "", "CREATE TABLE t (id INTEGER);", null);
        String name = db.url().substring(db.url().lastIndexOf('/') + 1);
        sql("ALTER DATABASE " + name + " SET default_transaction_read_only = on");
        Cli.Result r = cli().run("upgrade", "head");
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("SET default_transaction_read_only = off");
            st.execute("ALTER DATABASE " + name + " RESET default_transaction_read_only");
        }
        assertEquals(6, r.code(), r.toString());
        assertTrue(r.err().contains("accepts only reads"), r.toString());
        assertFalse(r.err().contains("Internal error"), r.toString());
        assertEquals(List.of(), db.tables(), "nothing was created");
    }
}
