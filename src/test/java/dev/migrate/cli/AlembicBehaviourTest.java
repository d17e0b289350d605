package dev.migrate.cli;

import dev.migrate.support.Cli;
import dev.migrate.support.CliTestBase;
import dev.migrate.support.JsonReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where migrate once answered otherwise than Alembic 1.8 (checked against Alembic itself): effective heads, the
 * version table's own row order for {@code show current} and {@code downgrade -1} from several heads.
 */
class AlembicBehaviourTest extends CliTestBase {

    /** a1 -> b2, a1 -> c3 with c3 depending on b2: b2 is a head only in effect. */
    private void effectiveHead() {
        scripts.add("aaaa00000001", "", "CREATE TABLE a (id INTEGER);", "DROP TABLE a;");
        scripts.add("bbbb00000002", "aaaa00000001", "CREATE TABLE b (id INTEGER);", "DROP TABLE b;");
        scripts.add("cccc00000003", "aaaa00000001", "-- Depends On: bbbb00000002", "CREATE TABLE c (id INTEGER);", "DROP TABLE c;");
    }

    @Test
    void anEffectiveHeadIsAHeadForHeadsTheGateAndJsonAndMergeJoinsIt() {
        setUp("sqlite");
        effectiveHead();
        Cli.Result heads = cli.run("heads");
        assertEquals("bbbb00000002 (effective head)\ncccc00000003 (head)\n", heads.out(), "Alembic's lines");
        Cli.Result gate = cli.run("heads", "--check");
        assertEquals(ExitCode.CHECK_FAILED, gate.code(), "the gate fails where `upgrade head` refuses: " + gate.all());
        assertEquals(ExitCode.REVISION, cli.run("upgrade", "head").code());
        Cli.Result json = cli.run("--format", "json", "heads");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> revisions = (List<Map<String, Object>>) ((Map<String, Object>) JsonReader.parse(json.out())).get("revisions");
        assertEquals(2, revisions.size(), json.out());
        assertEquals(true, revisions.get(0).get("is_head"));
        assertEquals(true, revisions.get(0).get("is_effective_head"));
        assertEquals(false, revisions.get(1).get("is_effective_head"));
        assertEquals("cccc00000003 (head)\n", cli.run("heads", "--resolve-dependencies").out());

        Cli.Result merge = cli.run("merge", "heads", "-m", "join");
        assertEquals(0, merge.code(), merge.all());
        assertEquals(0, cli.run("heads", "--check").code(), "after the merge: one head");
        assertEquals(0, cli.run("upgrade", "head").code());
    }

    /** Rewrites the version table so that its rows are in {@code order}. */
    private void rows(String... order) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("DELETE FROM migrate_version");
            for (String id : order) st.execute("INSERT INTO migrate_version VALUES ('" + id + "')");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void theVersionTablesOwnOrderDecidesShowCurrentAndDowngradeMinusOne(String kind) throws Exception {
        setUp(kind);
        scripts.add("a1", "", "CREATE TABLE a (id INTEGER);", "DROP TABLE a;");
        scripts.add("b2", "a1", "CREATE TABLE b (id INTEGER);", "DROP TABLE b;");
        scripts.add("c3", "a1", "CREATE TABLE c (id INTEGER);", "DROP TABLE c;");
        assertEquals(0, cli.run("upgrade", "heads").code());

        rows("c3", "b2");
        Cli.Result show = cli.run("show", "current");
        assertTrue(show.out().indexOf("Rev: c3") < show.out().indexOf("Rev: b2") && show.out().contains("Rev: b2"), show.all());
        assertFalse(show.out().contains("Rev: a1"), "the rows, not current's set: " + show.all());
        Cli.Result down = cli.run("downgrade", "-1");
        assertEquals(0, down.code(), down.all());
        assertTrue(down.err().contains("downgrade -1 from multiple heads is ambiguous; this usage will be disallowed in a future release"),
                down.all());
        assertTrue(down.out().contains("Running downgrade c3 -> a1"), "from the first row, c3: " + down.all());
        assertTrue(db.tables().contains("b") && !db.tables().contains("c"), db.tables().toString());

        assertEquals(0, cli.run("upgrade", "heads").code());
        rows("b2", "c3");
        Cli.Result other = cli.run("downgrade", "-1");
        assertTrue(other.out().contains("Running downgrade b2 -> a1"), "from the first row, b2: " + other.all());
    }
}
