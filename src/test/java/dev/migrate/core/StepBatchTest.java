package dev.migrate.core;

import dev.migrate.db.AuditEntry;
import dev.migrate.db.PostgresDialect;
import dev.migrate.db.TableName;
import dev.migrate.db.VersionStore;
import dev.migrate.graph.Step;
import dev.migrate.support.Scripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which steps go to the server together: consecutive transactional SQL revisions without timeouts of their own, at
 * least two and at most {@link StepBatch#MAX_STATEMENTS} statements; each its own transaction, in order.
 */
class StepBatchTest {

    @TempDir Path dir;

    record Fixture(Project project, List<Step> steps, Map<Step, Body> bodies, VersionStore store) {
        StepBatch from(int i) {
            return StepBatch.of(project, store, steps, i, bodies, step -> new AuditEntry(0, step.revision().id(), "upgrade",
                    step.headsBefore(), step.headsAfter(), "c", "u", "os", "host", "0", Instant.EPOCH, 0, AuditEntry.OK, null,
                    null, List.of(), null), script -> script.lockTimeoutOverride().isPresent());
        }

        List<String> ids(StepBatch b) {
            return b.steps().stream().map(s -> s.revision().id()).toList();
        }
    }

    Fixture load() {
        Project project = Project.load(dir.resolve("migrations"));
        List<Step> steps = project.graph().upgrade(List.of(), "head").steps();
        Database db = Database.offline(new PostgresDialect(), TableName.parse("public.migrate_version"),
                TableName.parse("public.migrate_version_audit"));
        Map<Step, Body> bodies = new IdentityHashMap<>();
        for (Step s : steps) bodies.put(s, Body.of(project.script(s.revision().id()), true, db));
        return new Fixture(project, steps, bodies, new VersionStore(db.dialect(), TableName.parse("public.migrate_version"),
                TableName.parse("public.migrate_version_audit")));
    }

    @Test
    void consecutiveTransactionalSqlRevisionsGoTogetherAndNothingElse() {
        Scripts s = new Scripts(dir);
        s.add("r1", "", "CREATE TABLE a (id int) -- a comment to the end of the line", null);
        s.add("r2", "r1", "CREATE TABLE b (id int);\nINSERT INTO b VALUES (1);", null);
        s.add("r3", "r2", "-- migrate:no-transaction\nCREATE INDEX CONCURRENTLY ix_b ON b (id);", null);
        s.add("r4", "r3", "CREATE TABLE c (id int);", null);
        s.add("r5", "r4", "-- Lock Timeout: 10s", "ALTER TABLE c ADD COLUMN x int;", null);
        s.add("r6", "r5", "CREATE TABLE d (id int);", null);
        s.add("r7", "r6", "CREATE TABLE e (id int);", null);
        Fixture f = load();

        StepBatch first = f.from(0);
        assertEquals(List.of("r1", "r2"), f.ids(first), "a no-transaction revision ends a batch");
        assertEquals(2 + 1 + 4 + 4, first.statements());
        assertEquals(2, first.sql().split("(?m)^BEGIN;$", -1).length - 1, "a transaction for each step");
        assertTrue(first.sql().contains("-- a comment to the end of the line\n;\n"), "a line comment cannot swallow the semicolon");
        assertTrue(first.sql().indexOf("CREATE TABLE a") < first.sql().indexOf("CREATE TABLE b"), "in order");
        assertTrue(first.sql().contains("RETURNING duration_ms AS " + VersionStore.BATCHED_STEP), first.sql());
        assertTrue(first.sql().strip().endsWith("COMMIT;"), first.sql());

        assertNull(f.from(2), "a no-transaction revision runs on its own");
        assertNull(f.from(3), "r4 alone: r5 sets its own lock timeout");
        assertNull(f.from(4), "a revision with a timeout of its own runs on its own");
        assertEquals(List.of("r6", "r7"), f.ids(f.from(5)));
    }

    @Test
    void aBatchStopsBeforeItHoldsTooManyStatements() {
        Scripts s = new Scripts(dir);
        String fifty = "SELECT 1;\n".repeat(50);
        String parent = "";
        for (int i = 1; i <= 6; i++) {
            s.add("r" + i, parent, fifty, null);
            parent = "r" + i;
        }
        Fixture f = load();
        StepBatch b = f.from(0);
        assertEquals(List.of("r1", "r2", "r3"), f.ids(b));
        assertTrue(b.statements() <= StepBatch.MAX_STATEMENTS, String.valueOf(b.statements()));
        assertEquals(List.of("r4", "r5", "r6"), f.ids(f.from(3)));
    }

    @Test
    void stepsCommittedAreReadFromTheVersionTable() {
        Scripts s = new Scripts(dir);
        s.add("r1", "", "SELECT 1;", null);
        s.add("r2", "r1", "SELECT 2;", null);
        s.add("r3", "r2", "SELECT 3;", null);
        Fixture f = load();
        StepBatch b = f.from(0);
        assertEquals(0, b.committed(List.of()));
        assertEquals(2, b.committed(List.of("r2")));
        assertEquals(3, b.committed(List.of("r3")));
        assertEquals(-1, b.committed(List.of("elsewhere")));
    }
}
