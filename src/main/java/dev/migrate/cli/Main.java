package dev.migrate.cli;

import dev.migrate.core.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/** The {@code migrate} command: global options and the subcommands, one class per verb. */
@Command(name = "migrate", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Database schema migrations with Alembic's revision graph.",
        subcommands = {InitCommand.class, UpgradeCommand.class, DowngradeCommand.class, StampCommand.class,
                CurrentCommand.class, HistoryCommand.class, HeadsCommand.class, BranchesCommand.class,
                ShowCommand.class, CheckCommand.class},
        usageHelpAutoWidth = true)
public final class Main implements Runnable {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Configuration file (default: migrate.yaml in the working directory).")
    Path config;

    @Option(names = "--url", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "Database URL; overrides DATABASE_URL and the url key.")
    String url;

    @Option(names = "--classpath", paramLabel = "PATH", scope = ScopeType.INHERIT,
            description = "Jars and directories of compiled Java revisions, separated by '${sys:path.separator}' or ','; "
                    + "overrides the classpath key.")
    String classpath;

    @Option(names = "--stacktrace", scope = ScopeType.INHERIT, description = "Show the stack trace of an error.")
    boolean stacktrace;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    final Map<String, String> env;
    final Path workingDirectory;

    public Main(Map<String, String> env, Path workingDirectory) {
        this.env = env;
        this.workingDirectory = workingDirectory;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The command line, wired with migrate's error handling; tests call this with their own writers. */
    public static CommandLine commandLine(Map<String, String> env, Path workingDirectory, PrintWriter out, PrintWriter err) {
        Main main = new Main(env, workingDirectory);
        CommandLine cl = new CommandLine(main);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> ErrorReport.handle(e, main.stacktrace, commandLine.getErr()));
        return cl;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = commandLine(System.getenv(), Path.of("").toAbsolutePath(), out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"migrate " + Version.get()};
        }
    }
}
