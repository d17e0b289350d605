package dev.migrate.cli;

import dev.migrate.core.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "upgrade", mixinStandardHelpOptions = true, description = "Upgrade to a later revision.")
final class UpgradeCommand implements Callable<Integer> {
    @ParentCommand Main main;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "TARGET", description = "head, heads, +N, <rev>, <rev>+N, <label>@head, ...")
    String target;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        Progress progress = new Progress(out, spec.commandLine().getErr());
        RunResult result = new Session(main).migrator("upgrade").upgrade(target, progress);
        out.println(Progress.summary(result));
        return ExitCode.OK;
    }
}
