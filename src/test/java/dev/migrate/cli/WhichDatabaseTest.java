package dev.migrate.cli;

import dev.migrate.support.Cli;
import dev.migrate.support.CliTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No silent fallback: every command that connects says which database it uses (the password masked), an empty
 * version table says so, and the commands that need no database resolve no URL, so that {@code url: ${DATABASE_URL}}
 * with the variable unset stops only the commands that need it.
 */
class WhichDatabaseTest extends CliTestBase {

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void writesCheckAndCurrentNameTheDatabase(String kind) {
        setUp(kind);
        linear(2);
        String shown = kind.equals("sqlite") ? "Database: sqlite:" : "Database: postgres://";
        Cli.Result empty = cli.run("current");
        assertEquals(0, empty.code(), empty.all());
        assertTrue(empty.err().startsWith(shown), empty.all());
        assertTrue(empty.err().contains("No revision applied: the database is at base"), empty.all());
        assertEquals("", empty.out(), "standard output keeps Alembic's lines: " + empty.all());
        Cli.Result up = cli.run("upgrade", "head");
        assertEquals(0, up.code(), up.all());
        assertTrue(up.out().startsWith(shown), up.all());
        Cli.Result current = cli.run("current");
        assertTrue(current.err().startsWith(shown) && !current.err().contains("No revision applied"), current.all());
        Cli.Result check = cli.run("check");
        assertTrue(check.out().startsWith(shown), check.all());
        Cli.Result down = cli.run("downgrade", "base");
        assertTrue(down.out().startsWith(shown), down.all());
        Cli.Result quiet = cli.run("-q", "upgrade", "head");
        assertFalse(quiet.all().contains("Database:"), quiet.all());
    }

    @Test
    void anSqliteFileInTheWorkingDirectoryIsShownAsTheUserWroteIt() throws Exception {
        setUp("sqlite");
        linear(1);
        Files.writeString(dir.resolve("migrate.yaml"), "url: sqlite:app.db\n");
        Cli.Result up = new Cli(dir).run("upgrade", "head");
        assertEquals(0, up.code(), up.all());
        assertTrue(up.out().startsWith("Database: sqlite:app.db\n"), up.all());
    }

    @Test
    void anUnsetVariableInTheUrlStopsOnlyTheCommandsThatNeedADatabase() throws Exception {
        setUp("sqlite");
        linear(2);
        Files.writeString(dir.resolve("migrate.yaml"), "url: ${MIGRATE_TEST_UNSET_URL}\n");
        Cli bare = new Cli(dir);
        for (String[] args : new String[][]{{"heads", "--check"}, {"heads"}, {"history"}, {"history", "--verbose"}, {"branches"},
                {"show", "head"}, {"revision", "-m", "more"}, {"merge", "heads", "-m", "nothing to merge"}}) {
            Cli.Result r = bare.run(args);
            assertFalse(r.err().contains("MIGRATE_TEST_UNSET_URL"), String.join(" ", args) + " needs no database: " + r.all());
        }
        Cli.Result current = bare.run("current");
        assertEquals(ExitCode.CONFIG, current.code(), current.all());
        assertTrue(current.err().contains("migrate.yaml:1: key `url`: environment variable `MIGRATE_TEST_UNSET_URL` is not set"), current.all());
        Cli.Result given = bare.env("MIGRATE_TEST_UNSET_URL", db.url()).run("current");
        assertEquals(0, given.code(), given.all());
        Cli.Result override = new Cli(dir).run("--url", db.url(), "current");
        assertEquals(0, override.code(), "--url wins over the key, whose variable need not be set: " + override.all());
    }
}
