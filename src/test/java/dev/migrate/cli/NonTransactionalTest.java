package dev.migrate.cli;

import dev.migrate.support.Cli;
import dev.migrate.support.Scripts;
import dev.migrate.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A revision marked {@code -- migrate:no-transaction} runs statement by statement: a failure part-way exits 8 and
 * is recorded as {@code partial}; every later run refuses (exit 13), naming the revision and the statement, until
 * {@code --retry-partial} runs it again from its first statement (dropping an INVALID index that a failed
 * {@code CREATE INDEX CONCURRENTLY} left) or {@code stamp} marks it done.
 */
class NonTransactionalTest {

    @TempDir Path dir;

    Cli cli(TestDatabase db) {
        return new Cli(dir).env("DATABASE_URL", db.url());
    }

    static Cli.Result expect(int code, Cli.Result r) {
        assertEquals(code, r.code(), r::toString);
        return r;
    }

    List<String> audit(TestDatabase db, String revision) throws Exception {
        return db.query("SELECT kind || '|' || status || '|' || coalesce(statement, '') FROM migrate_version_audit "
                + "WHERE revision = '" + revision + "' ORDER BY id");
    }

    @Test
    void aFailedUniqueConcurrentIndexIsDroppedAndBuiltAgainByRetryPartial() throws Exception {
        try (TestDatabase.Postgres db = (TestDatabase.Postgres) TestDatabase.postgres()) {
            Scripts s = new Scripts(dir);
            s.add("r1", "", "CREATE TABLE t (id INTEGER);\nINSERT INTO t VALUES (1), (1), (2);", "DROP TABLE t;");
            s.add("r2", "r1", "-- migrate:no-transaction\nCREATE TABLE IF NOT EXISTS t2 (id INTEGER);\n"
                    + "CREATE UNIQUE INDEX CONCURRENTLY t_id ON t (id);\nCREATE INDEX CONCURRENTLY t2_id ON t2 (id);", null);
            s.add("r3", "r2", "CREATE TABLE t3 (id INTEGER);", null);

            Cli.Result failed = expect(ExitCode.MIGRATION_FAILED, cli(db).run("upgrade", "head"));
            assertTrue(failed.err().contains("FAILED: upgrade r2 failed at migrations/versions/r2.sql:10: could not create unique index"), failed::toString);
            assertTrue(failed.err().contains("statement: CREATE UNIQUE INDEX CONCURRENTLY t_id ON t (id)"), failed::toString);
            assertTrue(failed.err().contains("outside a transaction") && failed.err().contains("--retry-partial")
                    && failed.err().contains("migrate stamp r2"), failed::toString);
            assertEquals(List.of("r1"), db.versions());
            assertEquals(List.of("upgrade|running|CREATE TABLE IF NOT EXISTS t2 (id INTEGER)",
                    "upgrade|running|CREATE UNIQUE INDEX CONCURRENTLY t_id ON t (id)",
                    "upgrade|partial|CREATE UNIQUE INDEX CONCURRENTLY t_id ON t (id)"), audit(db, "r2"),
                    "a running row names each statement as it starts; the failure is partial");
            assertTrue(db.tables().contains("t2"), "the statement before the failed one took effect");
            assertEquals(List.of("false"), db.query("SELECT indisvalid::text FROM pg_index WHERE indexrelid = 't_id'::regclass"),
                    "the failed CREATE INDEX CONCURRENTLY left an INVALID index");

            for (String[] command : List.of(new String[]{"upgrade", "head"}, new String[]{"upgrade", "r3"}, new String[]{"downgrade", "base"})) {
                Cli.Result refused = expect(ExitCode.PARTIAL_REVISION, cli(db).run(command));
                assertTrue(refused.err().contains("FAILED: Revision r2 (migrations/versions/r2.sql): it failed part-way, "
                        + "in statement: CREATE UNIQUE INDEX CONCURRENTLY t_id ON t (id)"), refused::toString);
                assertTrue(refused.err().contains("--retry-partial") && refused.err().contains("migrate stamp r2"), refused::toString);
            }
            Cli.Result check = expect(ExitCode.CHECK_FAILED, cli(db).run("check"));
            assertTrue(check.out().contains("Stopped part-way: r2"), check::toString);
            Cli.Result current = expect(0, cli(db).run("current"));
            assertTrue(current.out().startsWith("r1") && current.err().contains("WARNING: revision r2"), current::toString);

            // The data still has duplicates: the retry drops the INVALID index, fails again, stays partial.
            expect(ExitCode.MIGRATION_FAILED, cli(db).run("upgrade", "head", "--retry-partial"));
            assertEquals(List.of("1"), db.query("SELECT count(*) FROM pg_indexes WHERE indexname = 't_id'"));
            expect(ExitCode.PARTIAL_REVISION, cli(db).run("upgrade", "head"));

            try (var c = db.connect(); var st = c.createStatement()) {
                st.execute("DELETE FROM t WHERE id = 1");
            }
            Cli.Result retried = expect(0, cli(db).run("upgrade", "head", "--retry-partial"));
            assertTrue(retried.out().contains("Running upgrade r1 -> r2") && retried.out().contains("Running upgrade r2 -> r3"), retried::toString);
            assertEquals(List.of("r3"), db.versions());
            assertEquals(List.of("true"), db.query("SELECT indisvalid::text FROM pg_index WHERE indexrelid = 't_id'::regclass"));
            assertEquals(List.of("true"), db.query("SELECT indisvalid::text FROM pg_index WHERE indexrelid = 't2_id'::regclass"));
            List<String> rows = audit(db, "r2");
            assertEquals("upgrade|ok|", rows.get(rows.size() - 1), rows::toString);
            assertEquals(List.of("1"), db.query("SELECT count(*) FROM migrate_version_audit WHERE revision = 'r2' AND status = 'ok'"));
            expect(0, cli(db).run("check"));
            assertTrue(expect(0, cli(db).run("upgrade", "head")).out().contains("Nothing to do"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void stampMarksAPartialRevisionDone(String kind) throws Exception {
        try (TestDatabase db = kind.equals("postgresql") ? TestDatabase.postgres() : TestDatabase.sqlite(dir)) {
            Scripts s = new Scripts(dir);
            s.add("r1", "", "CREATE TABLE t (id INTEGER);", "DROP TABLE t;");
            s.add("r2", "r1", "-- migrate:no-transaction\nCREATE TABLE t2 (id INTEGER);\nINSERT INTO t2 SELECT * FROM missing;", null);
            s.add("r3", "r2", "CREATE TABLE t3 (id INTEGER);", null);
            expect(ExitCode.MIGRATION_FAILED, cli(db).run("upgrade", "head"));
            Cli.Result refused = expect(ExitCode.PARTIAL_REVISION, cli(db).run("upgrade", "head"));
            assertTrue(refused.err().contains("INSERT INTO t2 SELECT * FROM missing"), refused::toString);

            // Completed by hand, then marked done.
            Cli.Result stamped = expect(0, cli(db).run("stamp", "r2"));
            assertTrue(stamped.out().contains("the database is now at r2"), stamped::toString);
            Cli.Result up = expect(0, cli(db).run("upgrade", "head"));
            assertTrue(up.out().contains("Running upgrade r2 -> r3") && !up.out().contains("-> r2,"), up::toString);
            assertEquals(List.of("r3"), db.versions());
            expect(0, cli(db).run("check"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void stampingPastAPartialRevisionAlsoMarksItDone(String kind) throws Exception {
        try (TestDatabase db = kind.equals("postgresql") ? TestDatabase.postgres() : TestDatabase.sqlite(dir)) {
            Scripts s = new Scripts(dir);
            s.add("r1", "", "CREATE TABLE t (id INTEGER);", "DROP TABLE t;");
            s.add("r2", "r1", "-- migrate:no-transaction\nCREATE TABLE t2 (id INTEGER);\nINSERT INTO t2 SELECT * FROM missing;", null);
            s.add("r3", "r2", "CREATE TABLE t3 (id INTEGER);", null);
            s.add("r4", "r3", "CREATE TABLE t4 (id INTEGER);", null);
            expect(ExitCode.MIGRATION_FAILED, cli(db).run("upgrade", "head"));
            expect(0, cli(db).run("stamp", "r3"));
            Cli.Result up = expect(0, cli(db).run("upgrade", "head"));
            assertTrue(up.out().contains("Running upgrade r3 -> r4"), up::toString);
            Cli.Result check = expect(0, cli(db).run("check"));
            assertFalse(check.all().contains("part-way"), check::toString);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void aNonTransactionalDowngradeThatFailsIsPartialToo(String kind) throws Exception {
        try (TestDatabase db = kind.equals("postgresql") ? TestDatabase.postgres() : TestDatabase.sqlite(dir)) {
            Scripts s = new Scripts(dir);
            s.add("r1", "", "CREATE TABLE t (id INTEGER);", "DROP TABLE t;");
            s.write("r2.sql", "-- r2\n--\n-- Revision ID: r2\n-- Revises: r1\n\n-- migrate:upgrade\nCREATE TABLE t2 (id INTEGER);\n"
                    + "-- migrate:downgrade\n-- migrate:no-transaction\nDROP TABLE t2;\nDROP TABLE nope;\n");
            expect(0, cli(db).run("upgrade", "head"));
            Cli.Result failed = expect(ExitCode.MIGRATION_FAILED, cli(db).run("downgrade", "base"));
            assertTrue(failed.err().contains("r2.sql:11") && failed.err().contains("migrate downgrade <target> --retry-partial"), failed::toString);
            assertEquals(List.of("r2"), db.versions(), "the version table still says r2");
            Cli.Result refused = expect(ExitCode.PARTIAL_REVISION, cli(db).run("upgrade", "head"));
            assertTrue(refused.err().contains("DROP TABLE nope"), refused::toString);
            s.write("r2.sql", "-- r2\n--\n-- Revision ID: r2\n-- Revises: r1\n\n-- migrate:upgrade\nCREATE TABLE t2 (id INTEGER);\n"
                    + "-- migrate:downgrade\n-- migrate:no-transaction\nDROP TABLE IF EXISTS t2;\n");
            expect(0, cli(db).run("downgrade", "r1", "--retry-partial"));
            assertEquals(List.of("r1"), db.versions());
        }
    }
}
