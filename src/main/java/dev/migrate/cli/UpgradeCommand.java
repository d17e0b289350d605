package dev.migrate.cli;

import dev.migrate.core.Migrator;
import dev.migrate.core.RunOptions;
import dev.migrate.core.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "upgrade", mixinStandardHelpOptions = true, description = "Upgrade to a later revision.")
final class UpgradeCommand implements Callable<Integer> {
    @ParentCommand Main main;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "TARGET", description = "head, heads, +N, <rev>, <rev>+N, <label>@head, ...; with --sql also START:END.")
    String target;

    @Option(names = "--sql", description = "Print the SQL script instead of running it (START:END, START defaults to base).")
    boolean sql;

    @Option(names = {"-v", "--verbose"}, description = "More detail: where migrate connects, the lock, the scripts' files.")
    boolean verbose;

    @Option(names = "--retry-partial", description = "Run again, from its first statement, a non-transactional revision that stopped part-way.")
    boolean retryPartial;

    @Option(names = "--ignore-unknown", description = "Leave alone revisions in the database that no script defines (a database ahead of the code).")
    boolean ignoreUnknown;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        Session session = new Session(main);
        if (sql) {
            Range range = Range.parse(target, "base");
            out.print(session.offlineMigrator().offlineUpgrade(range.start(), range.end()));
            return ExitCode.OK;
        }
        Migrator migrator = session.migrator("upgrade");
        RunOptions options = new RunOptions(ignoreUnknown, retryPartial);
        Progress progress = Progress.of(main, spec);
        if (main.verbose || verbose) Verbose.describe(migrator, spec.commandLine().getErr());
        RunResult result = main.cancellable(migrator, () -> migrator.upgrade(target, options, progress));
        progress.finished(result);
        if (main.json()) JsonOutput.print(out, JsonOutput.run(result, migrator.database().description(), main.workingDirectory));
        return ExitCode.OK;
    }
}
