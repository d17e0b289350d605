package dev.migrate.cli;

import dev.migrate.core.Migrator;
import dev.migrate.core.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The {@code migrate} command: global options and the subcommands ({@link #SUBCOMMANDS}), one class per verb. */
@Command(name = "migrate", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Database schema migrations with Alembic's revision graph.",
        usageHelpAutoWidth = true)
public final class Main implements Runnable {

    /** The subcommands, in the order the usage lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(InitCommand.class, UpgradeCommand.class, DowngradeCommand.class,
            StampCommand.class, CurrentCommand.class, HistoryCommand.class, HeadsCommand.class, BranchesCommand.class,
            ShowCommand.class, CheckCommand.class, LintCommand.class, LogCommand.class, RevisionCommand.class, MergeCommand.class, AcceptCommand.class,
            DiffCommand.class, DumpSchemaCommand.class, CompletionCommand.class);

    /** The options of {@code migrate} itself, before a subcommand: those that take a value, and the others. */
    static final Set<String> OPTIONS_WITH_VALUE = Set.of("-c", "--config", "--url", "--classpath", "--format", "--wait");
    static final Set<String> FLAGS = Set.of("-h", "--help", "-V", "--version", "--stacktrace", "-q", "--quiet", "-v",
            "--verbose");

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

    @Option(names = "--format", paramLabel = "FORMAT", scope = ScopeType.INHERIT, converter = OutputFormat.Converter.class,
            completionCandidates = OutputFormat.Candidates.class, description = "text (default), or json: one JSON document on standard output, progress on standard error; "
                    + "sql for diff and dump-schema; github and sarif for lint.")
    OutputFormat format = OutputFormat.TEXT;

    @Option(names = "--stacktrace", scope = ScopeType.INHERIT, description = "Show the stack trace of an error.")
    boolean stacktrace;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT, description = "Print only errors (and what a command is asked for).")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "More detail: where migrate connects, the lock, each script's file.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--wait", paramLabel = "DURATION", scope = ScopeType.INHERIT, converter = WaitConverter.class,
            description = "Keep trying to reach a database that is still starting, up to this long (e.g. 30s).")
    java.time.Duration connectWait;

    /** {@code --wait} takes what {@code connect_wait} takes; anything else is a mistake on the command line (exit 2). */
    static final class WaitConverter implements CommandLine.ITypeConverter<java.time.Duration> {
        @Override
        public java.time.Duration convert(String value) {
            try {
                return dev.migrate.config.Config.parseDuration(null, "--wait", null, value);
            } catch (dev.migrate.config.ConfigException e) {
                throw new CommandLine.TypeConversionException(e.problem() + ". " + e.hint());
            }
        }
    }

    final Map<String, String> env;
    final Path workingDirectory;
    Style style = Style.PLAIN;
    /** The run a signal should cancel: set by the commands that write. */
    private volatile dev.migrate.core.Interruptible running;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile int exitCode = ExitCode.INTERRUPTED;

    public Main(Map<String, String> env, Path workingDirectory) {
        this.env = env;
        this.workingDirectory = workingDirectory;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code --format json}: standard output holds one JSON document and nothing else. */
    boolean json() {
        return format == OutputFormat.JSON;
    }

    /**
     * Where a command's sentences go: standard output, or with {@code --format json} standard error, unchanged, so
     * that standard output holds only the document (as upgrade's progress and summary do).
     */
    java.io.PrintWriter lines(CommandLine.Model.CommandSpec spec) {
        return json() ? spec.commandLine().getErr() : spec.commandLine().getOut();
    }

    /** Runs {@code work} so that SIGINT or SIGTERM cancel {@code migrator} cleanly (see {@link #main}). */
    <T> T cancellable(dev.migrate.core.Interruptible migrator, java.util.function.Supplier<T> work) {
        running = migrator;
        try {
            return work.get();
        } finally {
            running = null;
        }
    }

    /**
     * On SIGINT or SIGTERM: cancel the running statement, let the command roll back, record the interruption in
     * the audit log and release the lock, then end the process with the command's own exit code.
     */
    private void onSignal() {
        dev.migrate.core.Interruptible m = running;
        if (m == null && finished.getCount() > 0) return; // nothing to clean up: the default exit is right
        if (m != null) {
            // The cancel request opens a connection of its own: on a network that no longer answers it would hang.
            Thread cancel = new Thread(m::cancel, "migrate-cancel");
            cancel.setDaemon(true);
            cancel.start();
        }
        try {
            if (finished.await(CANCEL_GRACE_SECONDS, TimeUnit.SECONDS)) Runtime.getRuntime().halt(exitCode);
            if (m != null) {
                m.abort(); // the run did not end: close its connection, so that it fails at once and says so
                if (finished.await(ABORT_GRACE_SECONDS, TimeUnit.SECONDS)) Runtime.getRuntime().halt(exitCode);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(ExitCode.INTERRUPTED);
    }

    /** How long a signalled run has to roll back and record the interruption before its connection is closed. */
    static final int CANCEL_GRACE_SECONDS = 5;
    /** How long it then has to end. */
    static final int ABORT_GRACE_SECONDS = 2;

    /** The command line, wired with migrate's error handling; tests call this with their own writers. */
    public static CommandLine commandLine(Map<String, String> env, Path workingDirectory, PrintWriter out, PrintWriter err) {
        return commandLine(env, workingDirectory, out, err, SUBCOMMANDS);
    }

    /**
     * The command line for these arguments: when they certainly name a subcommand, only that one is built.
     * picocli builds a command's model by reflection, and building all of them was a sixth of the start-up of a
     * no-op run. Help, completion, anything unclear and a mistake in migrate's own options (whose usage lists
     * every subcommand) get them all.
     */
    static CommandLine commandLine(Map<String, String> env, Path workingDirectory, PrintWriter out, PrintWriter err,
                                   String[] args) {
        Class<?> named = subcommandNamed(args);
        if (named != null) {
            CommandLine one = commandLine(env, workingDirectory, out, err, List.of(named));
            try {
                one.parseArgs(args);
                return one;
            } catch (CommandLine.ParameterException e) {
                if (e.getCommandLine() != one) return one;
            }
        }
        return commandLine(env, workingDirectory, out, err, SUBCOMMANDS);
    }

    private static CommandLine commandLine(Map<String, String> env, Path workingDirectory, PrintWriter out,
                                           PrintWriter err, List<Class<?>> subcommands) {
        Main main = new Main(env, workingDirectory);
        CommandLine cl = new CommandLine(main);
        for (Class<?> subcommand : subcommands) {
            cl.addSubcommand(subcommand);
        }
        // `migrate help [COMMAND]`, as git and Alembic users type it.
        if (subcommands == SUBCOMMANDS) cl.addSubcommand("help", new CommandLine.HelpCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> ErrorReport.handle(e, main, commandLine));
        cl.setParameterExceptionHandler(ErrorReport.usage(main));
        cl.setExecutionStrategy(JsonOutput.refusingWithoutDocument(main, cl.getExecutionStrategy()));
        return cl;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        CommandLine cl = commandLine(System.getenv(), Path.of("").toAbsolutePath(), out, err, args);
        Main app = cl.getCommand();
        app.style = Style.detect(System.getenv(), System.console() != null);
        Thread hook = new Thread(app::onSignal, "migrate-signal");
        Runtime.getRuntime().addShutdownHook(hook);
        int code = cl.execute(args);
        out.flush();
        err.flush();
        app.exitCode = code;
        app.finished.countDown();
        if (app.running == null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // a signal arrived: the hook ends the process with this code
            }
        }
        System.exit(code);
    }

    /**
     * The subcommand the arguments name, when nothing before it could be anything else: only {@link #FLAGS} and
     * {@link #OPTIONS_WITH_VALUE} with their values (no clusters, no {@code --}, no argument files); null otherwise,
     * and for {@code completion}, which describes every subcommand.
     */
    static Class<?> subcommandNamed(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (OPTIONS_WITH_VALUE.contains(arg)) {
                i++;
            } else if (arg.startsWith("--") && arg.indexOf('=') > 2
                    && OPTIONS_WITH_VALUE.contains(arg.substring(0, arg.indexOf('=')))) {
                continue;
            } else if (!FLAGS.contains(arg)) {
                for (Class<?> c : SUBCOMMANDS) {
                    if (c != CompletionCommand.class && c.getAnnotation(Command.class).name().equals(arg)) return c;
                }
                return null;
            }
        }
        return null;
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"migrate " + Version.get()};
        }
    }
}
