package dev.migrate;

import dev.migrate.core.RunResult;
import dev.migrate.support.PostgresServer;
import dev.migrate.support.Scripts;
import dev.migrate.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library API as MIGRATIONS.md shows it ("Using migrate from Java"): an application's test suite migrates its
 * test database in one line, here against the test PostgreSQL server and against an SQLite DataSource.
 */
class LibraryApiTest {

    static String databaseUrl;
    @TempDir static Path project;

    @BeforeAll
    static void migrate() {
        Scripts s = new Scripts(project);
        s.add("a1", "", "CREATE TABLE users (id integer PRIMARY KEY, email text);", "DROP TABLE users;");
        s.add("b2", "a1", "INSERT INTO users VALUES (1, 'ada@example.com');", "DELETE FROM users;");
        databaseUrl = PostgresServer.createDatabase();

        // The guide's one line:
        Migrate.at(databaseUrl).scripts(project.resolve("migrations")).upgrade("head");
    }

    @AfterAll
    static void drop() {
        PostgresServer.dropDatabase(databaseUrl);
    }

    @Test
    void theTestDatabaseIsMigrated() throws Exception {
        Migrate m = Migrate.at(databaseUrl).scripts(project.resolve("migrations"));
        assertEquals(List.of("b2"), m.current());
        assertEquals(List.of("b2", "a1"), m.history().stream().map(r -> r.id()).toList());
        assertTrue(m.pending().steps().isEmpty());
        assertTrue(m.state().clean());
        try (var c = PostgresServer.connect(databaseUrl); var rs = c.createStatement().executeQuery("SELECT email FROM users")) {
            assertTrue(rs.next());
            assertEquals("ada@example.com", rs.getString(1));
        }
        RunResult down = m.downgrade("a1");
        assertEquals(List.of("b2"), down.headsBefore());
        assertEquals(List.of("a1"), down.headsAfter());
        assertEquals("b2", down.steps().get(0).step().revision().id());
        RunResult up = m.upgrade("head");
        assertEquals(1, up.steps().size());
        assertEquals(4, m.auditLog().size());
        assertEquals(m.auditLog().subList(2, 4), m.auditLog(2), "the last two rows, oldest first");
        assertEquals(List.of("downgrade", "upgrade"), m.auditLog(2).stream().map(e -> e.kind()).toList());
    }

    @Test
    void aDataSourceWorksToo(@TempDir Path dir) throws Exception {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + dir.resolve("app.db"));
        RunResult r = Migrate.at(ds).scripts(project.resolve("migrations")).upgrade("heads");
        assertEquals(List.of("b2"), r.headsAfter());
        assertEquals(2, r.steps().size());
        assertTrue(Files.exists(dir.resolve("app.db")));
        String sql = Migrate.at(ds).scripts(project.resolve("migrations")).upgradeSql("head");
        assertTrue(sql.contains("CREATE TABLE users") && sql.contains("INSERT INTO migrate_version"), sql);
    }

    @Test
    void theGuideShowsThisExample() throws Exception {
        String guide = Files.readString(Path.of("MIGRATIONS.md"));
        assertTrue(guide.contains("Migrate.at(databaseUrl).scripts(Path.of(\"migrations\")).upgrade(\"head\");")
                        && guide.contains("class RepositoryTest"),
                "the guide's JUnit example is the one this test runs");
    }
}
