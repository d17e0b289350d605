package dev.migrate.core;

import dev.migrate.db.AuditEntry;
import dev.migrate.db.Dialect;
import dev.migrate.db.PostgresDialect;
import dev.migrate.db.SqliteDialect;
import dev.migrate.db.TableName;
import dev.migrate.db.VersionStore;
import dev.migrate.support.Scripts;
import dev.migrate.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With every head known, the state checked from each revision's latest audit rows is the state checked from the
 * whole log: on logs of random rows (every kind and status, checksums that match and do not, stamps, accepts) written
 * to real PostgreSQL and SQLite databases, for several sets of heads.
 */
class LatestAuditRowsTest {

    private static final List<String> KINDS = List.of("upgrade", "downgrade", "stamp", "accept");
    private static final List<String> STATUSES = List.of(AuditEntry.OK, AuditEntry.OK, AuditEntry.FAILED, AuditEntry.RETRY,
            AuditEntry.INTERRUPTED, AuditEntry.RUNNING, AuditEntry.PARTIAL);

    @TempDir Path dir;

    @Test
    void onPostgresql() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            check(db, new PostgresDialect());
        }
    }

    @Test
    void onSqlite() throws Exception {
        try (TestDatabase db = TestDatabase.sqlite(dir)) {
            check(db, new SqliteDialect(Path.of(db.url().substring("sqlite:".length()))));
        }
    }

    private void check(TestDatabase db, Dialect dialect) throws Exception {
        Scripts scripts = new Scripts(dir);
        List<String> ids = List.of("r1", "r2", "r3", "r4", "r5");
        // Two branches from r1: r2 <- r3 and r4 <- r5.
        List<String> parents = List.of("", "r1", "r2", "r1", "r4");
        for (int i = 0; i < ids.size(); i++) scripts.add(ids.get(i), parents.get(i), "SELECT " + i + ";", null);
        Project project = Project.load(dir.resolve("migrations"));
        VersionStore store = new VersionStore(dialect, TableName.parse("migrate_version"), TableName.parse("migrate_version_audit"));
        List<List<String>> headSets = List.of(List.of(), List.of("r1"), List.of("r3"), List.of("r5"), List.of("r2", "r4"),
                List.of("r3", "r5"));
        try (Connection c = db.connect()) {
            store.createIfMissing(c);
            Random random = new Random(7);
            int compared = 0, differing = 0;
            for (int round = 0; round < 6; round++) {
                for (int n = 0; n < 60; n++) store.record(c, randomRow(random, project, ids));
                List<AuditEntry> full = store.auditLog(c);
                List<AuditEntry> latest = store.latestAuditRows(c);
                assertTrue(latest.size() <= 2 * ids.size() + 1, "at most two rows per revision value: " + latest.size());
                for (List<String> heads : headSets) {
                    DatabaseState all = DatabaseState.of(project, heads, full);
                    assertEquals(all, DatabaseState.of(project, heads, latest), () -> "heads " + heads + " after " + full.size() + " rows");
                    compared++;
                    if (!all.clean()) differing++;
                }
            }
            assertTrue(differing > 5, "the random logs make changed and partial revisions too: " + differing + " of " + compared);
        }
    }

    private static AuditEntry randomRow(Random random, Project project, List<String> ids) {
        String kind = KINDS.get(random.nextInt(KINDS.size()));
        String revision = random.nextInt(20) == 0 ? null
                : kind.equals("stamp") && random.nextBoolean() ? "r2,r3" : ids.get(random.nextInt(ids.size()));
        String checksum = revision == null || revision.contains(",") || random.nextInt(4) == 0 ? null
                : random.nextBoolean() ? project.script(revision).checksum() : "0".repeat(64);
        List<String> before = subset(random, ids), after = subset(random, ids);
        return new AuditEntry(0, revision, kind, before, after, checksum, "u", "os", "host", "dev",
                Instant.ofEpochSecond(1_700_000_000L + random.nextInt(1_000_000)), random.nextInt(100),
                STATUSES.get(random.nextInt(STATUSES.size())), null, random.nextBoolean() ? "SELECT 1" : null, List.of(), null);
    }

    private static List<String> subset(Random random, List<String> ids) {
        List<String> out = new ArrayList<>();
        for (String id : ids) if (random.nextInt(3) == 0) out.add(id);
        return out;
    }
}
