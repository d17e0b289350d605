package dev.migrate.cli;

import dev.migrate.support.Cli;
import dev.migrate.support.Scripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * {@code main} builds only the subcommand the arguments name (a start-up saving): the command line it builds must
 * behave exactly as the one with every subcommand, and the options it skips must be migrate's own.
 */
class SubcommandLookupTest {

    @TempDir Path dir;

    @Test
    void theOptionsSkippedBeforeASubcommandAreExactlyMigratesOwn() {
        CommandLine full = Main.commandLine(Map.of(), dir, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        Set<String> withValue = new HashSet<>();
        Set<String> flags = new HashSet<>();
        for (OptionSpec o : full.getCommandSpec().options()) {
            (o.arity().max() > 0 ? withValue : flags).addAll(List.of(o.names()));
        }
        assertEquals(withValue, Main.OPTIONS_WITH_VALUE);
        assertEquals(flags, Main.FLAGS);
        List<String> names = new ArrayList<>(full.getSubcommands().keySet());
        List<String> listed = new ArrayList<>(Main.SUBCOMMANDS.stream().map(c -> c.getAnnotation(CommandLine.Command.class).name()).toList());
        listed.add("help"); // picocli's, in the full command line only: `migrate help upgrade` needs the others
        assertEquals(names, listed);
    }

    @Test
    void theSubcommandIsFoundOnlyWhenNothingBeforeItCouldBeSomethingElse() {
        assertEquals(CurrentCommand.class, Main.subcommandNamed(new String[] {"current"}));
        assertEquals(UpgradeCommand.class, Main.subcommandNamed(new String[] {"-q", "--url", "current", "--format=json", "upgrade", "head"}));
        assertEquals(HeadsCommand.class, Main.subcommandNamed(new String[] {"-c", "history", "heads"}));
        for (String[] unclear : List.of(new String[] {}, new String[] {"--help"}, new String[] {"-qc", "x.yaml", "current"},
                new String[] {"--", "current"}, new String[] {"@args", "current"}, new String[] {"--bogus", "current"},
                new String[] {"completion", "bash"}, new String[] {"curent"}, new String[] {"-cx.yaml", "current"})) {
            assertNull(Main.subcommandNamed(unclear), String.join(" ", unclear));
        }
    }

    @Test
    void withOneSubcommandBuiltEveryCommandLineBehavesAsWithAll() throws Exception {
        List<List<String>> cases = List.of(
                List.of("--help"), List.of("--version"), List.of("upgrade", "--help"), List.of("current", "-h"),
                List.of("heads"), List.of("-q", "heads"), List.of("--format", "json", "heads"), List.of("--format=json", "history"),
                List.of("history", "--verbose"), List.of("-v", "history", "-r", "base:"), List.of("history", "-r", "nocolon"),
                List.of("heads", "--bogus"), List.of("--bogus", "heads"), List.of("bogus"), List.of("upgrade"),
                List.of("upgrade", "head", "--sql"), List.of("-c", "missing.yaml", "heads"), List.of("show", "a1"),
                List.of("current"), List.of("--url", "sqlite:test.db", "upgrade", "head"), List.of("--url", "sqlite:test.db", "check"),
                List.of("stamp"), List.of("downgrade", "base", "--sql"), List.of("branches"), List.of("heads", "extra"),
                List.of("--stacktrace", "show", "zz"), List.of("--format", "yaml", "heads"), List.of("completion", "bash"),
                List.of("--wait", "nonsense", "--url", "sqlite:w.db", "current"), List.of("heads", "--url"), List.of("--url"),
                List.of("current", "--format", "yaml"), List.of("--format", "json", "upgrade", "head", "--sql"));
        for (List<String> args : cases) {
            String[] a = args.toArray(String[]::new);
            Cli.Result all = run(project("all-" + cases.indexOf(args)), a, false);
            Cli.Result one = run(project("one-" + cases.indexOf(args)), a, true);
            assertEquals(comparable(all, "all-"), comparable(one, "one-"), String.join(" ", args));
        }
    }

    /** The result without what differs between any two runs: the directory's name, durations, this test's frames. */
    private static String comparable(Cli.Result r, String dirName) {
        return r.toString().replace(dirName, "X-").replaceAll("(?m)^\\s+(at |\\.\\.\\. \\d+ more).*\\R", "").replaceAll("\\d+ ms", "N ms").replaceAll("[\\d.]+ s elapsed", "N s elapsed");
    }

    private Path project(String name) throws Exception {
        Path p = Files.createDirectories(dir.resolve(name));
        Files.writeString(p.resolve("migrate.yaml"), "script_location: migrations\nurl: sqlite:app.db\n");
        Scripts s = new Scripts(p);
        s.add("a1", "", "CREATE TABLE a (id INTEGER);", "DROP TABLE a;");
        s.add("b2", "a1", "CREATE TABLE b (id INTEGER);", "DROP TABLE b;");
        return p;
    }

    private static Cli.Result run(Path dir, String[] args, boolean lookup) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = lookup
                ? Main.commandLine(Map.of(), dir, new PrintWriter(out, true), new PrintWriter(err, true), args)
                : Main.commandLine(Map.of(), dir, new PrintWriter(out, true), new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Cli.Result(code, out.toString(), err.toString());
    }
}
