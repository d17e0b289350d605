package dev.migrate.cli;

import dev.migrate.graph.Plan;
import dev.migrate.graph.Step;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Exit non-zero, listing them, when revisions are pending (a gate for CI and deploys).")
final class CheckCommand implements Callable<Integer> {
    @ParentCommand Main main;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        Plan plan = new Session(main).migrator("check").pending("heads");
        if (plan.steps().isEmpty()) {
            out.println("No pending revisions; the database is at " + Progress.heads(plan.headsBefore()) + ".");
            return ExitCode.OK;
        }
        out.println(Progress.plural(plan.steps().size(), "pending revision") + " (the database is at "
                + Progress.heads(plan.headsBefore()) + "):");
        for (Step step : plan.steps()) out.println("  " + step);
        out.println("Run `migrate upgrade heads` to apply them.");
        return ExitCode.CHECK_FAILED;
    }
}
