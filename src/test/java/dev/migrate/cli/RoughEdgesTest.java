package dev.migrate.cli;

import dev.migrate.support.Cli;
import dev.migrate.support.CliTestBase;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The small things a new user trips over first: help, usage errors, completion, init, a subdirectory. */
class RoughEdgesTest extends CliTestBase {

    @Test
    void aUsageErrorIsTheProblemAndWhereTheOptionsAreNotTheWholeHelp() {
        setUp("sqlite");
        Cli.Result unknown = cli.run("upgrade", "head", "--nope");
        assertEquals(ExitCode.USAGE, unknown.code(), unknown.all());
        assertTrue(unknown.err().contains("Unknown option: '--nope'"), unknown.all());
        assertTrue(unknown.err().lines().count() <= 3, "a few lines, not the usage: " + unknown.all());
        assertFalse(unknown.err().contains("Usage:"), unknown.all());
        assertTrue(unknown.err().contains("migrate upgrade --help"), unknown.all());
        Cli.Result typo = cli.run("upgarde", "head");
        assertEquals(ExitCode.USAGE, typo.code(), typo.all());
        assertTrue(typo.err().contains("Did you mean: migrate upgrade"), typo.all());
        assertFalse(typo.err().contains("Usage:"), typo.all());
    }

    @Test
    void helpIsACommandAndTheFormatIsAcceptedInAnyCase() {
        setUp("sqlite");
        linear(1);
        Cli.Result help = cli.run("help");
        assertEquals(0, help.code(), help.all());
        assertTrue(help.out().contains("Usage: migrate") && help.out().contains("upgrade"), help.all());
        Cli.Result upgradeHelp = cli.run("help", "upgrade");
        assertEquals(0, upgradeHelp.code(), upgradeHelp.all());
        assertTrue(upgradeHelp.out().startsWith("Usage: migrate upgrade"), upgradeHelp.all());
        Cli.Result json = cli.run("--format", "JSON", "heads");
        assertEquals(0, json.code(), json.all());
        assertTrue(json.out().strip().startsWith("{"), json.all());
        Cli.Result initHelp = cli.run("init", "--help");
        assertTrue(initHelp.out().contains("[DIRECTORY]"), "DIRECTORY is optional: " + initHelp.all());
    }

    /** picocli reads ${...} in help texts as its own variables: the tenant's placeholder is shown as written. */
    @Test
    void helpShowsTheTenantPlaceholderAsWritten() {
        setUp("sqlite");
        for (String command : java.util.List.of("upgrade", "downgrade", "stamp", "current", "check")) {
            Cli.Result help = cli.run(command, "--help");
            assertEquals(0, help.code(), help.all());
            String text = help.out().replaceAll("\\s+", " ");
            assertTrue(text.contains("default: ${tenant}, public."), command + ": " + help.out());
            assertTrue(text.contains("a tenant's URL, ${tenant} standing for its name"), command + ": " + help.out());
            assertFalse(text.contains("null"), command + ": " + help.out());
        }
    }

    @Test
    void completionOffersTheFormatsAsWrittenAndTheRevisionsAndClaimsOnlyMigrate() {
        setUp("sqlite");
        linear(2);
        Cli.Result bash = cli.run("completion", "bash");
        assertEquals(0, bash.code(), bash.all());
        assertTrue(bash.out().contains("(\"text\" \"json\" \"sql\" \"github\" \"sarif\")"), "lower-case values");
        assertFalse(bash.out().contains("\"JSON\""));
        assertTrue(bash.out().contains("complete -F _complete_migrate -o default migrate\n"), "migrate alone");
        assertFalse(bash.out().contains("migrate.sh"), "not the production wrapper");
        assertTrue(bash.out().contains("migrate completion --targets"), "targets come from the project");
        Cli.Result targets = cli.run("completion", "--targets");
        assertEquals(java.util.List.of("head", "heads", "base", "r1", "r2"), targets.out().lines().toList());
    }

    @Test
    void initKeepsMigratesFilesOutOfGitAndIsQuietWhenAsked() throws Exception {
        setUp("sqlite");
        Path fresh = Files.createDirectories(dir.resolve("fresh"));
        Cli.Result quiet = new Cli(fresh).run("-q", "init");
        assertEquals(0, quiet.code(), quiet.all());
        assertEquals("", quiet.out() + quiet.err());
        assertEquals(".migrate/\n*.migrate-lock\n", Files.readString(fresh.resolve(".gitignore")).replaceAll("(?m)^#.*\n", ""));
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve(".gitignore"), "target/\n.migrate/");
        Cli.Result init = new Cli(other).run("init");
        assertEquals(0, init.code(), init.all());
        assertTrue(init.out().contains("Added *.migrate-lock to .gitignore"), init.all());
        assertEquals("target/\n.migrate/\n*.migrate-lock\n", Files.readString(other.resolve(".gitignore")));
    }

    @Test
    void fromASubdirectoryTheProjectAboveIsUsedAndWithoutOneTheMessageSaysSo() throws Exception {
        setUp("sqlite");
        linear(1);
        Files.writeString(dir.resolve("migrate.yaml"), "url: sqlite:app.db\n");
        Path deep = Files.createDirectories(dir.resolve("src/main/java"));
        Cli.Result up = new Cli(deep).run("upgrade", "head");
        assertEquals(0, up.code(), up.all());
        assertTrue(Files.exists(dir.resolve("app.db")), "the project's database, not one in the subdirectory");
        assertFalse(Files.exists(deep.resolve("app.db")));
        Cli.Result history = new Cli(deep).run("history");
        assertTrue(history.out().contains("r1"), history.all());

        Path nowhere = Files.createTempDirectory("migrate-no-project");
        try {
            Cli.Result lost = new Cli(nowhere).run("history");
            assertEquals(ExitCode.CONFIG, lost.code(), lost.all());
            assertTrue(lost.err().contains("no migrate.yaml in " + nowhere) && lost.err().contains("or any directory above it"), lost.all());
            assertFalse(lost.err().contains("\tat "), lost.all());
        } finally {
            Files.deleteIfExists(nowhere);
        }
    }

    @Test
    void connectionFailuresSayWhatWentWrongOnceWithTheFix() {
        setUp("sqlite");
        linear(1);
        Cli.Result refused = cli.run("--url", "postgres://postgres@127.0.0.1:1/x", "current");
        assertEquals(ExitCode.DATABASE, refused.code(), refused.all());
        assertTrue(refused.err().contains("refused: nothing accepts connections there. Check the host and port"), refused.all());
        assertFalse(refused.err().contains("postmaster"), "the driver's advice is not repeated: " + refused.all());
        Cli.Result unknown = cli.run("--url", "postgres://postgres@no-such-host.invalid:5432/x", "current");
        assertEquals(ExitCode.DATABASE, unknown.code(), unknown.all());
        assertTrue(unknown.err().contains("the host `no-such-host.invalid` is not known"), unknown.all());
        // A cluster of the test run's own, started by initdb's defaults: no SSL (the shared server may have it on).
        String server = dev.migrate.support.PostgresServer.passwordCluster().url("postgres");
        Cli.Result ssl = cli.run("--url", server + (server.contains("?") ? "&" : "?") + "sslmode=require", "current");
        assertEquals(ExitCode.DATABASE, ssl.code(), ssl.all());
        assertTrue(ssl.err().contains("the URL asks for SSL") && ssl.err().contains("sslmode=prefer"), ssl.all());
    }

    @Test
    void aRelativeStepPastTheEndSaysWhereTheDatabaseIs() {
        setUp("sqlite");
        linear(1);
        Cli.Result below = cli.run("downgrade", "-1");
        assertEquals(ExitCode.REVISION, below.code(), below.all());
        assertTrue(below.err().contains("didn't produce 1 migrations. There are not that many revisions below where the database is"), below.all());
        assertEquals(0, cli.run("upgrade", "head").code());
        Cli.Result above = cli.run("upgrade", "+1");
        assertEquals(ExitCode.REVISION, above.code(), above.all());
        assertTrue(above.err().contains("not that many revisions above where the database is (at the head there are none)"), above.all());
    }

    @Test
    void anEmptySectionIsAppliedWithAWord() {
        setUp("sqlite");
        scripts.add("r1", "", "-- nothing yet\n", "");
        Cli.Result up = cli.run("upgrade", "head");
        assertEquals(0, up.code(), up.all());
        assertTrue(up.out().contains("(empty upgrade section: nothing ran)"), up.all());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"postgresql", "sqlite"})
    void aFirstRevisionOnADatabaseBuiltWithoutMigratePointsToStamp(String kind) throws Exception {
        setUp(kind);
        scripts.add("r1", "", "CREATE TABLE users (id INTEGER PRIMARY KEY);", "DROP TABLE users;");
        try (var c = db.connect(); var st = c.createStatement()) {
            st.execute("CREATE TABLE users (id INTEGER PRIMARY KEY)");
        }
        Cli.Result up = cli.run("upgrade", "head");
        assertEquals(ExitCode.MIGRATION_FAILED, up.code(), up.all());
        assertTrue(up.err().contains("it was built without migrate") && up.err().contains("`migrate stamp <revision>`"), up.all());
        scripts.add("r2", "r1", "CREATE TABLE users (id INTEGER PRIMARY KEY);", "DROP TABLE users;");
        assertEquals(0, cli.run("stamp", "r1").code());
        Cli.Result second = cli.run("upgrade", "head");
        assertEquals(ExitCode.MIGRATION_FAILED, second.code(), second.all());
        assertFalse(second.err().contains("built without migrate"), "the database has a revision: " + second.all());
    }

    @Test
    void severalHeadsGetOneAdviceAndLabelsOnlyWhenThereAreSome() {
        setUp("sqlite");
        scripts.add("a1", "", "CREATE TABLE a (id INTEGER);", "DROP TABLE a;");
        scripts.add("b2", "a1", "CREATE TABLE b (id INTEGER);", "DROP TABLE b;");
        scripts.add("c3", "a1", "CREATE TABLE c (id INTEGER);", "DROP TABLE c;");
        String advice = "migrate merge heads -m \"merge heads\"";
        Cli.Result up = cli.run("upgrade", "head");
        assertEquals(ExitCode.REVISION, up.code(), up.all());
        assertTrue(up.err().contains(advice), up.all());
        assertFalse(up.err().contains("<label>@head"), "no labels in this graph: " + up.all());
        Cli.Result check = cli.run("check");
        assertTrue(check.out().contains(advice), check.all());
        Cli.Result heads = cli.run("heads", "--check");
        assertTrue(heads.err().contains(advice), heads.all());
        Cli.Result revision = cli.run("revision", "-m", "more");
        assertTrue(revision.err().contains(advice), revision.all());
        scripts.add("d4", "c3", "-- Branch Labels: side", "CREATE TABLE d (id INTEGER);", "DROP TABLE d;");
        Cli.Result labelled = cli.run("upgrade", "head");
        assertTrue(labelled.err().contains("'<label>@head' for one branch"), labelled.all());
    }
}
