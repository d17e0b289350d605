package dev.migrate.cli;

import dev.migrate.support.Cli;
import dev.migrate.support.CliTestBase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every command through the real command line, against a real PostgreSQL database and a real SQLite file. */
class CommandsTest extends CliTestBase {


    Cli.Result ok(String... args) {
        Cli.Result r = cli.run(args);
        assertEquals(0, r.code(), r::toString);
        return r;
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void upgradeHeadAppliesEveryRevisionInOrderAndRecordsThem(String kind) throws Exception {
        setUp(kind);
        diamond();
        Cli.Result r = ok("upgrade", "head");
        assertTrue(r.out().contains("Running upgrade  -> a1, revision a1 ..."), r::toString);
        assertTrue(r.out().contains("Running upgrade c3, d4 -> e5, revision e5 ..."), r::toString);
        assertTrue(r.out().indexOf("-> b2,") < r.out().indexOf("-> c3,"), r::toString);
        assertTrue(r.out().contains("Applied 5 revisions"), r::toString);
        assertEquals(List.of("e5"), db.versions());
        assertTrue(db.tables().containsAll(List.of("t_a", "t_b", "t_c", "t_d", "migrate_version", "migrate_version_audit")));
        List<String> audit = db.query("SELECT revision, kind, status FROM migrate_version_audit ORDER BY id");
        assertEquals(5, audit.size(), audit::toString);
        assertTrue(audit.get(0).startsWith("a1|upgrade|"), audit::toString);
        assertTrue(audit.get(4).startsWith("e5|upgrade|"), audit::toString);

        Cli.Result again = ok("upgrade", "head");
        assertTrue(again.out().contains("Nothing to do; the database is at e5."), again::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void downgradeWalksBackChildrenFirstAndUnmerges(String kind) throws Exception {
        setUp(kind);
        diamond();
        ok("upgrade", "heads");
        Cli.Result r = ok("downgrade", "b2");
        assertTrue(r.out().contains("Running downgrade e5 -> c3, d4"), r::toString);
        assertEquals(List.of("b2"), db.versions());
        assertFalse(db.tables().contains("t_c"));
        assertFalse(db.tables().contains("t_d"));
        ok("upgrade", "c3");
        assertEquals(List.of("c3"), db.versions());
        ok("upgrade", "d4");
        assertEquals(List.of("c3", "d4"), db.versions());
        ok("downgrade", "base");
        assertEquals(List.of(), db.versions());
        assertEquals(List.of("migrate_version", "migrate_version_audit"), db.tables());
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void auditLogRecordsWhoWhatWhenAndHeads(String kind) throws Exception {
        setUp(kind);
        diamond();
        ok("upgrade", "c3");
        ok("upgrade", "d4");
        ok("upgrade", "e5");
        List<String> rows = db.query("SELECT revision, kind, heads_before, heads_after, checksum, os_user, host, tool_version, "
                + "duration_ms >= 0, started_at IS NOT NULL FROM migrate_version_audit ORDER BY id");
        assertEquals(5, rows.size(), rows::toString);
        String user = System.getProperty("user.name");
        // the new branch d4 inserts a row beside c3; the merge e5 leaves one head
        assertTrue(rows.get(3).startsWith("d4|upgrade|c3|c3,d4|"), rows::toString);
        assertTrue(rows.get(4).startsWith("e5|upgrade|c3,d4|e5|"), rows::toString);
        for (String row : rows) {
            String[] f = row.split("\\|");
            assertEquals(64, f[4].length(), "sha-256 checksum: " + row);
            assertEquals(user, f[5], row);
            assertFalse(f[6].isBlank(), row);
            assertFalse(f[7].isBlank(), row);
        }
        if (kind.equals("postgresql")) {
            assertEquals(List.of("5"), db.query("SELECT count(*) FROM migrate_version_audit WHERE db_user = current_user"));
        }
        try (var files = Files.list(scripts.versions())) {
            String sha = db.query("SELECT checksum FROM migrate_version_audit WHERE revision = 'a1'").get(0);
            assertTrue(sha.matches("[0-9a-f]{64}"), sha);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void relativeTargets(String kind) throws Exception {
        setUp(kind);
        linear(4);
        ok("upgrade", "+2");
        assertEquals(List.of("r2"), db.versions());
        ok("upgrade", "r2+1");
        assertEquals(List.of("r3"), db.versions());
        ok("downgrade", "-2");
        assertEquals(List.of("r1"), db.versions());
        Cli.Result tooFar = cli.run("downgrade", "-5");
        assertEquals(ExitCode.REVISION, tooFar.code(), tooFar::toString);
        assertEquals(List.of("r1"), db.versions());
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void upgradeHeadWithSeveralHeadsFailsNamingThem(String kind) throws Exception {
        setUp(kind);
        scripts.add("a1", "", "CREATE TABLE t_a (id INTEGER);", "DROP TABLE t_a;");
        scripts.add("b2", "a1", "CREATE TABLE t_b (id INTEGER);", "DROP TABLE t_b;");
        scripts.add("c3", "a1", "CREATE TABLE t_c (id INTEGER);", "DROP TABLE t_c;");
        Cli.Result r = cli.run("upgrade", "head");
        assertEquals(ExitCode.REVISION, r.code(), r::toString);
        assertTrue(r.err().contains("b2") && r.err().contains("c3"), r::toString);
        assertTrue(r.err().contains("heads") && r.err().contains("merge"), r::toString);
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r);
        ok("upgrade", "heads");
        assertEquals(List.of("b2", "c3"), db.versions());
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void failingStatementInThirdOfFiveRevisions(String kind) throws Exception {
        setUp(kind);
        scripts.add("r1", "", "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;");
        scripts.add("r2", "r1", "CREATE TABLE t2 (id INTEGER);", "DROP TABLE t2;");
        scripts.add("r3", "r2", "CREATE TABLE t3 (id INTEGER);\nINSERT INTO t3 VALUES (1);\nINSERT INTO no_such_table VALUES (1);", "DROP TABLE t3;");
        scripts.add("r4", "r3", "CREATE TABLE t4 (id INTEGER);", "DROP TABLE t4;");
        scripts.add("r5", "r4", "CREATE TABLE t5 (id INTEGER);", "DROP TABLE t5;");
        Cli.Result r = cli.run("upgrade", "head");
        assertEquals(ExitCode.MIGRATION_FAILED, r.code(), r::toString);
        assertTrue(r.err().contains("r3"), r::toString);
        assertTrue(r.err().contains("r3.sql:10"), "file and line of the statement: " + r);
        assertTrue(r.err().contains("INSERT INTO no_such_table"), r::toString);
        assertTrue(r.err().contains("no_such_table"), r::toString);
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r);
        assertEquals(List.of("r2"), db.versions());
        assertFalse(db.tables().contains("t3"), "the failed revision is rolled back whole");
        List<String> audit = db.query("SELECT revision, kind, status, error FROM migrate_version_audit ORDER BY id");
        assertEquals(3, audit.size(), audit::toString);
        assertTrue(audit.get(2).startsWith("r3|upgrade|"), audit::toString);
        assertTrue(audit.get(2).matches("r3\\|upgrade\\|failed\\|.*no_such_table.*"), audit::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void downgradeWithoutDowngradeSectionChangesNothing(String kind) throws Exception {
        setUp(kind);
        scripts.add("r1", "", "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;");
        scripts.add("r2", "r1", "CREATE TABLE t2 (id INTEGER);", null);
        scripts.add("r3", "r2", "CREATE TABLE t3 (id INTEGER);", "DROP TABLE t3;");
        ok("upgrade", "head");
        Cli.Result r = cli.run("downgrade", "base");
        assertEquals(ExitCode.REVISION, r.code(), r::toString);
        assertTrue(r.err().contains("r2") && r.err().contains("downgrade"), r::toString);
        assertEquals(List.of("r3"), db.versions());
        assertTrue(db.tables().contains("t3"), "nothing half-applied");
        ok("downgrade", "r2");
        assertEquals(List.of("r2"), db.versions());
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void stampAndCurrentAndCheck(String kind) throws Exception {
        setUp(kind);
        linear(3);
        Cli.Result pending = cli.run("check");
        assertEquals(ExitCode.CHECK_FAILED, pending.code(), pending::toString);
        assertTrue(pending.out().contains("3 pending revisions"), pending::toString);
        ok("stamp", "r2");
        assertEquals(List.of("r2"), db.versions());
        assertFalse(db.tables().contains("t1"), "stamp runs no script");
        assertTrue(ok("current").out().contains("r2"));
        Cli.Result one = cli.run("check");
        assertEquals(ExitCode.CHECK_FAILED, one.code(), one::toString);
        assertTrue(one.out().contains("1 pending revision"), one::toString);
        ok("upgrade", "head");
        assertTrue(ok("check").out().contains("No pending revisions"));
        ok("stamp", "base");
        assertEquals(List.of(), db.versions());
        ok("stamp", "--purge", "r1");
        assertEquals(List.of("r1"), db.versions());
        List<String> audit = db.query("SELECT kind FROM migrate_version_audit WHERE kind = 'stamp'");
        assertEquals(3, audit.size(), audit::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void inspectionCommandsInAlembicFormat(String kind) throws Exception {
        setUp(kind);
        diamond();
        ok("upgrade", "c3");
        assertEquals("c3\n", ok("current").out());
        String verbose = ok("current", "--verbose").out();
        assertTrue(verbose.startsWith("Current revision(s) for "), verbose);
        assertTrue(verbose.contains("Rev: c3") && verbose.contains("Parent: b2") && verbose.contains("Branch names: left"), verbose);
        assertFalse(verbose.contains("password"), verbose);

        String history = ok("history", "-i").out();
        assertEquals(List.of(
                "c3, d4 -> e5 (left) (head) (mergepoint), revision e5",
                "b2 -> c3 (left) (current), revision c3", // Alembic's walk order, checked against alembic 1.8.1
                "b2 -> d4, revision d4",
                "a1 -> b2 (branchpoint), revision b2",
                "<base> -> a1, revision a1"), history.lines().toList());
        assertEquals(List.of("b2 -> c3 (left) (current), revision c3", "a1 -> b2 (branchpoint), revision b2"),
                ok("history", "-i", "-r", "b2:current").out().lines().toList());
        assertEquals(List.of("e5 (left) (head)"), ok("heads").out().lines().toList());
        assertEquals(List.of("b2 (branchpoint)", "   -> c3 (left)", "   -> d4", ""), ok("branches").out().lines().toList());
        String show = ok("show", "current").out();
        assertTrue(show.startsWith("Rev: c3\nParent: b2\nBranch names: left\nPath: migrations"), show);
        assertTrue(ok("show", "d4").out().contains("    revision d4"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void readOnlyCommandsCreateNothing(String kind) throws Exception {
        setUp(kind);
        linear(2);
        assertEquals("", ok("current").out());
        ok("history");
        ok("heads");
        assertEquals(List.of(), db.tables());
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void exampleProjectRunsUpAndDownAndUp(String kind) throws Exception {
        setUp(kind);
        Path example = Path.of("migrations/versions").toAbsolutePath();
        try (var files = Files.list(example)) {
            for (Path f : (Iterable<Path>) files::iterator) Files.copy(f, scripts.versions().resolve(f.getFileName()));
        }
        ok("upgrade", "head");
        assertTrue(db.tables().containsAll(List.of("users", "orders")));
        ok("downgrade", "base");
        assertEquals(List.of("migrate_version", "migrate_version_audit"), db.tables());
        ok("upgrade", "head");
        assertEquals(1, db.versions().size());
    }
}
