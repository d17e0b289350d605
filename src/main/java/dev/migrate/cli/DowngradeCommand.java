package dev.migrate.cli;

import dev.migrate.core.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "downgrade", mixinStandardHelpOptions = true, description = "Revert to a previous revision.")
final class DowngradeCommand implements Callable<Integer> {
    @ParentCommand Main main;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "TARGET", description = "base, -N, <rev>, <rev>-N, <label>@base, ...")
    String target;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        Progress progress = new Progress(out, spec.commandLine().getErr());
        RunResult result = new Session(main).migrator("downgrade").downgrade(target, progress);
        out.println(Progress.summary(result));
        return ExitCode.OK;
    }
}
