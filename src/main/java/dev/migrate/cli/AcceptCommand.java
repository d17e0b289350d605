package dev.migrate.cli;

import dev.migrate.core.Migrator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "accept", mixinStandardHelpOptions = true,
        description = "Accept the changed script of an applied revision on purpose: record its new checksum.")
final class AcceptCommand implements Callable<Integer> {
    @ParentCommand Main main;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "REV", arity = "0..*", description = "The revisions to accept (default: every changed one).")
    List<String> revisions = List.of();

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        Migrator migrator = new Session(main).migrator("accept");
        List<String> accepted = migrator.accept(revisions, Progress.of(main, spec));
        main.lines(spec).println(accepted.isEmpty() ? "No changed scripts to accept."
                : "Accepted the current content of " + String.join(", ", accepted) + "; recorded in the audit log.");
        if (main.json()) JsonOutput.print(out, JsonOutput.accept(migrator.database().description(), accepted));
        return ExitCode.OK;
    }
}
