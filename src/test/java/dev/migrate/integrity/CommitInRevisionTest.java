package dev.migrate.integrity;

import dev.migrate.support.Cli;
import dev.migrate.support.CliTestBase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code COMMIT; BEGIN;} in a transactional revision used to commit the rows before it while migrate reported the
 * revision rolled back; running the fixed script again inserted them twice. Now it is refused before anything runs.
 */
class CommitInRevisionTest extends CliTestBase {

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void aCommitInATransactionalRevisionIsRefusedBeforeAnythingRuns(String kind) throws Exception {
        setUp(kind);
        scripts.add("r1", "", "CREATE TABLE t (id INTEGER);", null);
        assertEquals(0, cli.run("upgrade", "head").code());
        scripts.add("r2", "r1", "INSERT INTO t VALUES (1);\nCOMMIT;\nBEGIN;\nINSERT INTO t VALUES (2);", null);
        Cli.Result r = cli.run("upgrade", "head");
        assertEquals(4, r.code(), r.toString());
        assertTrue(r.err().contains("migrations/versions/r2.sql:9: COMMIT inside a revision"), r.toString());
        assertTrue(r.err().contains("-- migrate:no-transaction"), r.toString());
        assertFalse(r.err().contains("at dev.migrate"), "no stack trace: " + r);
        assertEquals(List.of(), db.query("SELECT id FROM t"));
        assertEquals(List.of("r1"), db.versions());
    }
}
