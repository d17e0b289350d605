package dev.migrate.cli;

import dev.migrate.core.DatabaseState;
import dev.migrate.core.Migrator;
import dev.migrate.graph.Plan;
import dev.migrate.graph.Step;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Exit 9, listing what to act on, when revisions are pending, the scripts have several heads, "
                + "an applied script changed, the database is ahead of the code, or a revision stopped part-way.")
final class CheckCommand implements Callable<Integer> {
    @ParentCommand Main main;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        Migrator migrator = new Session(main).migrator("check");
        DatabaseState state = migrator.state();
        List<String> heads = migrator.project().graph().realHeads();
        Plan plan = migrator.project().graph().upgrade(state.planningHeads(), "heads");
        if (main.json()) {
            boolean ok = plan.isEmpty() && heads.size() <= 1 && state.clean();
            JsonOutput.print(out, JsonOutput.check(migrator.project(), migrator.database().description(), ok, state, plan,
                    heads, main.workingDirectory));
            return ok ? ExitCode.OK : ExitCode.CHECK_FAILED;
        }
        boolean problems = false;
        if (!plan.steps().isEmpty()) {
            problems = true;
            out.println(Progress.plural(plan.steps().size(), "pending revision") + " (the database is at "
                    + Progress.heads(state.heads()) + "):");
            for (Step step : plan.steps()) out.println("  " + step);
        }
        if (heads.size() > 1) {
            problems = true;
            out.println("Several heads: " + String.join(", ", heads) + " (merge them: migrate merge heads -m \"merge\")");
        }
        for (DatabaseState.Changed c : state.changed()) {
            problems = true;
            out.println("Changed script: " + Texts.relativePaths(c.describe(), main.workingDirectory));
        }
        for (DatabaseState.Unknown u : state.unknown()) {
            problems = true;
            out.println("Unknown revision in the database: " + Texts.relativePaths(u.describe(), main.workingDirectory));
        }
        for (DatabaseState.Partial p : state.partial()) {
            problems = true;
            out.println("Stopped part-way: " + Texts.relativePaths(p.describe(), main.workingDirectory));
        }
        if (!problems) {
            out.println("No pending revisions; the database is at " + Progress.heads(state.heads()) + ".");
            return ExitCode.OK;
        }
        if (!plan.steps().isEmpty()) out.println("Run `migrate upgrade heads` to apply the pending revisions.");
        return ExitCode.CHECK_FAILED;
    }
}
