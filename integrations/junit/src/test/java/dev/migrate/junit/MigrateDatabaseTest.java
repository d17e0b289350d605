package dev.migrate.junit;

import dev.migrate.Migrate;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * {@code @MigrateDatabase} and {@link MigrationTester} as a project's test suite uses them: on the test PostgreSQL
 * server (MIGRATE_TEST_DATABASE_URL) in a schema of the class's own, and on an SQLite file given by a field.
 */
class MigrateDatabaseTest {

    @MigrateDatabase(scripts = "classpath:db/revisions", isolated = true)
    @Nested
    class OnPostgres {

        @Test
        void theDatabaseIsAtHeadBeforeTheTests(Migrate migrate) {
            assertEquals("postgresql", migrate.dialect());
            assertEquals(List.of("c3"), migrate.current());
            assertTrue(migrate.state().clean());
        }

        @Test
        void aDataMigrationIsTestedAcrossItsRevision(MigrationTester t) {
            t.downgradeTo("a1")
             .insert("users", Map.of("id", 1, "name", "ada"))
             .insert("users", Map.of("id", 2, "name", "grace"))
             .upgradeTo("b2");
            t.assertRows("SELECT id, display_name FROM users ORDER BY id",
                    List.of(Map.of("id", 1, "display_name", "Ada"), Map.of("id", 2, "display_name", "Grace")));
            AssertionError wrong = assertThrows(AssertionError.class,
                    () -> t.assertRows("SELECT display_name FROM users ORDER BY id", List.of(Map.of("display_name", "ada"))));
            assertTrue(wrong.getMessage().contains("Ada"), wrong.getMessage());
            t.downgradeTo("a1");
            t.assertRows("SELECT name FROM users ORDER BY id", List.of(Map.of("name", "ada"), Map.of("name", "grace")));
            t.execute("DELETE FROM users").upgradeTo("heads");
            assertEquals(List.of("c3"), t.current());
        }

        @Test
        void theBuiltInChecksPass(MigrationTester t) {
            t.assertSingleHead();
            t.assertUpDownConsistency();
            assertEquals(List.of("c3"), t.current());
        }

        @Test
        void theChecksFailWhereTheyShould(Migrate migrate) {
            MigrationTester forgetful = MigrationTester.of(migrate.scripts("classpath:db/forgetful"));
            forgetful.migrate().downgrade("base");
            AssertionError e = assertThrows(AssertionError.class, forgetful::assertUpDownConsistency);
            assertTrue(e.getMessage().contains("the downgrade of c3") && e.getMessage().contains("ix_users_name"), e.getMessage());
            forgetful.downgradeTo("base");

            AssertionError heads = assertThrows(AssertionError.class, MigrationTester.of(migrate.scripts("classpath:db/branched"))::assertSingleHead);
            assertTrue(heads.getMessage().contains("2 heads") && heads.getMessage().contains("migrate merge heads"), heads.getMessage());
            migrate.upgrade("heads");
        }
    }

    @MigrateDatabase(scripts = "classpath:db/revisions", target = "b2")
    @Nested
    class OnSqliteFromAField {

        @MigrateDataSource
        static String url = "sqlite:" + tempFile();

        @Test
        void theFieldsDatabaseIsAtTheTarget(MigrationTester t) {
            assertEquals("sqlite", t.migrate().dialect());
            assertEquals(List.of("b2"), t.current());
            t.insert("users", Map.of("id", 7, "name", "linus", "display_name", "Linus"));
            t.assertRows("SELECT count(*) AS n FROM users", List.of(Map.of("n", 1)));
            t.assertUpDownConsistency();
        }
    }

    @MigrateDatabase(scripts = "classpath:db/revisions")
    @Nested
    class OnADataSourceField {

        @MigrateDataSource
        static javax.sql.DataSource dataSource = sqlite();

        static javax.sql.DataSource sqlite() {
            org.sqlite.SQLiteDataSource ds = new org.sqlite.SQLiteDataSource();
            ds.setUrl("jdbc:sqlite:" + tempFile());
            return ds;
        }

        @Test
        void theApplicationsDataSourceIsMigrated(Migrate migrate) throws Exception {
            assertEquals(List.of("c3"), migrate.current());
            try (var c = dataSource.getConnection(); var rs = c.createStatement().executeQuery("SELECT count(*) FROM migrate_version")) {
                assertTrue(rs.next() && rs.getInt(1) == 1);
            }
        }
    }

    static Path tempFile() {
        try {
            Path f = Files.createTempFile("migrate-junit-", ".db");
            f.toFile().deleteOnExit();
            return f;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Run through the JUnit engine, as a build would: a mistake in the set-up fails the class with a message that says what to do. */
    @Test
    void aNonStaticFieldIsAClearError() {
        Events events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(NonStatic.class)).execute().allEvents();
        String failure = events.failed().stream().map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).map(Throwable::getMessage).orElse(""))
                .findFirst().orElse("no failure");
        assertTrue(failure.contains("@MigrateDataSource field url must be static"), failure);
    }

    @MigrateDatabase
    static class NonStatic {
        @MigrateDataSource
        String url = "sqlite:/tmp/never.db";

        @Test
        void never() {
        }
    }
}
