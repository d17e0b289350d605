package dev.migrate.lint;

import dev.migrate.config.DatabaseUrl;
import dev.migrate.core.Project;
import dev.migrate.core.Settings;
import dev.migrate.db.TableName;
import dev.migrate.script.RevisionScript;
import dev.migrate.script.SqlScript;
import dev.migrate.script.SqlSplitter;
import dev.migrate.shadow.Shadows;
import dev.migrate.support.PostgresServer;
import dev.migrate.support.Scripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A range of revisions traced on one shadow database: each on its parents' schema, the next after it was applied;
 * the roundtrip check; a revision that cannot run stops the trace with an error finding. No scratch database is left.
 */
class ShadowTraceTest {

    @TempDir Path dir;

    static List<SqlSplitter.Statement> sql(RevisionScript s) {
        return s instanceof SqlScript q ? SqlSplitter.split(q.path(), q.upgrade(), SqlSplitter.Flavor.POSTGRESQL) : List.of();
    }

    private List<Finding> trace(boolean roundtrip) {
        Project project = Project.load(dir.resolve("migrations"));
        DatabaseUrl server = DatabaseUrl.parse(PostgresServer.adminUrl(), dir);
        TableName version = TableName.parse("migrate_version");
        TableName audit = TableName.parse("migrate_version_audit");
        try (Shadows shadows = new Shadows(server, project, version, audit, Settings.defaults(), null, false, Shadows.Listener.NONE)) {
            ShadowTrace trace = new ShadowTrace(project, shadows, version, audit, Settings.defaults(), ShadowTraceTest::sql);
            return trace.trace(project.graph().upgrade(List.of(), "heads"), new ShadowTrace.Options(null, roundtrip, List.of()));
        }
    }

    @Test
    void eachRevisionIsTracedOnItsParentsSchema() {
        Scripts scripts = new Scripts(dir);
        scripts.add("r1", "", "CREATE TABLE users (id integer PRIMARY KEY, age integer);", "DROP TABLE users;");
        // r1's table is new in r1 (no finding there); in r2 it exists, and r2 rewrites it.
        scripts.add("r2", "r1", "ALTER TABLE users ALTER COLUMN age TYPE bigint;", "ALTER TABLE users ALTER COLUMN age TYPE integer;");
        scripts.add("r3", "r2", "ALTER TABLE users ADD COLUMN name text;", "SELECT 1;");
        List<Finding> plain = trace(false);
        assertEquals(List.of("r2:strong-lock", "r2:table-rewrite", "r3:strong-lock"),
                plain.stream().map(f -> f.revision() + ":" + f.rule()).toList(), plain.toString());
        assertTrue(plain.get(1).file().toString().endsWith("r2_r2.sql") || plain.get(1).file().toString().contains("r2"), plain.toString());

        List<Finding> roundtrip = trace(true);
        List<Finding> bad = roundtrip.stream().filter(f -> f.rule().equals("roundtrip")).toList();
        assertEquals(1, bad.size(), roundtrip.toString());
        assertEquals("r3", bad.get(0).revision());
        assertTrue(bad.get(0).message().contains("name"), bad.get(0).message());
    }

    @Test
    void aRevisionThatCannotRunStopsTheTrace() {
        Scripts scripts = new Scripts(dir);
        scripts.add("r1", "", "CREATE TABLE users (id integer PRIMARY KEY);", "DROP TABLE users;");
        scripts.add("r2", "r1", "ALTER TABLE nobody ADD COLUMN x integer;", null);
        scripts.add("r3", "r2", "ALTER TABLE users ADD COLUMN y integer;", null);
        List<Finding> found = trace(false);
        assertEquals(1, found.size(), found.toString());
        assertEquals("does-not-run", found.get(0).rule());
        assertEquals(Severity.ERROR, found.get(0).severity());
        assertTrue(found.get(0).message().contains("nobody"), found.get(0).message());
    }
}
