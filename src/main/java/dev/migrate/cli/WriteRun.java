package dev.migrate.cli;

import dev.migrate.core.Migrator;
import dev.migrate.core.RunResult;
import picocli.CommandLine.Model.CommandSpec;

import java.util.function.BiFunction;

/** The common course of upgrade, downgrade and stamp: progress, signals, the summary or the JSON document. */
final class WriteRun {
    private WriteRun() { }

    static int run(Main main, CommandSpec spec, Session session, String command, boolean verbose,
                   BiFunction<Migrator, Progress, RunResult> work) {
        Migrator migrator = session.migrator(command);
        Progress progress = Progress.of(main, spec).noticingEmptySections(migrator.project());
        if (main.verbose || verbose) Verbose.describe(migrator, spec.commandLine().getErr());
        else if (!main.quiet) {
            // Which database: the first line of every write, so that a forgotten DATABASE_URL cannot go unnoticed.
            var lines = main.lines(spec);
            lines.println("Database: " + Texts.database(migrator.database().description(), main.workingDirectory));
            lines.flush();
        }
        RunResult result = main.cancellable(migrator, () -> work.apply(migrator, progress));
        progress.finished(result);
        if (main.json()) {
            JsonOutput.print(spec.commandLine().getOut(), JsonOutput.run(result, migrator.database().description(), main.workingDirectory));
        }
        return ExitCode.OK;
    }
}
