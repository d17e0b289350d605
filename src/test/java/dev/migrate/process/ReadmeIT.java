package dev.migrate.process;

import dev.migrate.cli.Main;
import dev.migrate.docs.DocProjects;
import dev.migrate.docs.Guide;
import dev.migrate.docs.Transcripts;
import dev.migrate.support.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's commands work as written. The first, on a fresh clone of the repository; the second is what
 * {@code .ci/run} ends with (running it here would run this test again); the "Five lines" in a new project.
 */
class ReadmeIT {

    static final Guide README = Guide.readme();

    @TempDir Path tmp;

    static List<Guide.Block> shellBlocks() {
        return README.blocks().stream().filter(b -> b.lang().equals("sh")).toList();
    }

    /**
     * {@code git clone --no-local} of this repository (its committed state: uncommitted changes of a working copy are
     * not in the clone, as on CI, which runs on a fresh clone), then the README's first command, offline ({@code -o}:
     * the local Maven repository is warm, the test does not need the network), must leave the example database at
     * the head. The guide's blocks marked {@code run-by=ReadmeIT} ("Installing and a first run") run in the same clone.
     */
    @Test
    void theFirstCommandBuildsAndMigratesAFreshClone() throws Exception {
        String first = String.join("\n", shellBlocks().get(0).lines()).strip();
        assertEquals("mvn -q -DskipTests package -pl core && target/migrate upgrade head", first, "the README's first command");
        Shell shell = new Shell(tmp);
        Path clone = tmp.resolve("clone");
        Shell.Run cloned = shell.bash(tmp, Map.of(), "git clone -q --no-local '" + Path.of("").toAbsolutePath() + "' clone");
        assertEquals(0, cloned.code(), cloned.out());
        assertFalse(Files.exists(clone.resolve("target")) || Files.exists(clone.resolve("app.db")), "a clean clone");

        Shell.Run run = shell.bash(clone, Map.of(), offline(first));
        assertEquals(0, run.code(), run.out());
        assertTrue(run.out().contains("the database is now at 6f7a5b8c9d0e."), run.out());
        assertTrue(Files.isRegularFile(clone.resolve("app.db")), "the example's SQLite file, beside migrate.yaml");
        Shell.Run current = shell.bash(clone, Map.of(), "target/migrate current 2>/dev/null");
        assertEquals("6f7a5b8c9d0e (head) (mergepoint)\n", current.out(), "standard output keeps Alembic's line");

        Shell.Run install = shell.bash(clone, Map.of(), offline(Guide.runBy("ReadmeIT").text()));
        assertEquals(0, install.code(), install.out());
        // Maven's -q still writes colour resets; the version is the one line left.
        assertEquals("migrate 0.1.0\n", install.out().replaceAll("\u001b\\[[0-9;]*m", ""), "target/migrate --version");
    }

    /** Maven without the network: {@code mvn -o}. */
    static String offline(String commands) {
        return commands.replaceAll("(?m)(^|&& )mvn ", "$1mvn -o ");
    }

    /** The second command is the whole test suite: .ci/run, which CI runs, ends by running exactly that command. */
    @Test
    void ciRunEndsWithTheSecondCommand() throws Exception {
        String second = String.join("\n", shellBlocks().get(1).lines()).strip();
        assertEquals("mvn -B verify", second, "the README's second command");
        List<String> ci = Files.readAllLines(Path.of(".ci/run")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertEquals(second, ci.get(ci.size() - 1), ".ci/run's last command");
    }

    /**
     * "Five lines" in a new, empty directory, with the packaged tool on the PATH: every command and option exists,
     * and the lines run as written against a fresh PostgreSQL database (the reader's URL replaced by it); $EDITOR
     * writes the revision the file name names (see {@link Shell#EDITOR}).
     */
    @Test
    void theFiveLinesRunInANewProject() throws Exception {
        List<Guide.Block> five = README.section("Five lines");
        assertEquals(1, five.size());
        List<String> lines = five.get(0).lines();
        assertEquals(5, lines.size(), "five lines");
        for (String line : lines) {
            Matcher m = java.util.regex.Pattern.compile("(?:^|&& )migrate (.*?)(?:\\s+#.*)?$").matcher(line);
            if (!m.find()) continue;
            StringWriter err = new StringWriter();
            var cl = Main.commandLine(Map.of(), tmp, new PrintWriter(new StringWriter()), new PrintWriter(err));
            cl.parseArgs(Transcripts.words(m.group(1)).toArray(String[]::new)); // throws on an unknown command or option
        }

        Shell shell = new Shell(tmp);
        Path project = Files.createDirectories(tmp.resolve("project"));
        String url = PostgresServer.createDatabase();
        try {
            String script = five.get(0).text().replaceAll("postgres://[^\\s]+", Matcher.quoteReplacement(url));
            Shell.Run run = shell.bash(project, Map.of(), script);
            assertEquals(0, run.code(), run.out());
            assertTrue(run.out().contains("Rev: 1a2b3c4d5e6f (head)"), "history --verbose: " + run.out());
            assertTrue(run.out().contains("Reverted 1 revision"), "downgrade -1: " + run.out());
            Transcripts.Output current = shell.migrate(new DocProjects.Project(project, Map.of("DATABASE_URL", url)), List.of("current"), false);
            assertEquals(0, current.code(), current.text());
            assertTrue(current.text().endsWith("No revision applied: the database is at base (its version table is empty or absent).\n")
                    || current.text().endsWith("No revision applied: the database is at base (its version table is empty or absent)."),
                    "back at base: " + current.text());
        } finally {
            PostgresServer.dropDatabase(url);
        }
    }
}
