package dev.migrate.cli;

import dev.migrate.core.Project;
import dev.migrate.graph.Revision;
import dev.migrate.graph.RevisionGraph;
import dev.migrate.graph.RevisionText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "heads", mixinStandardHelpOptions = true, description = "Show the heads of the revision graph (needs no database).")
final class HeadsCommand implements Callable<Integer> {
    @ParentCommand Main main;
    @Spec CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, description = "Show each head in full.")
    boolean verbose;

    @Option(names = "--resolve-dependencies", description = "Treat dependencies as down revisions.")
    boolean resolveDependencies;

    @Option(names = "--check", description = "Exit 9 when there is more than one head (a gate for pull requests).")
    boolean check;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        Project project = new Session(main).project();
        RevisionGraph graph = project.graph();
        // As Alembic: every revision nothing revises, a head that another depends on marked (effective head); with
        // --resolve-dependencies, dependencies count as parents. `upgrade head` refuses when this lists several.
        List<String> heads = resolveDependencies
                ? graph.resolve("heads").stream().map(Revision::id).toList()
                : graph.heads();
        if (main.json()) {
            JsonOutput.print(out, JsonOutput.heads(project, heads, main.workingDirectory));
        } else {
            for (String id : heads) {
                out.println(RevisionText.format(graph, id, verbose, RevisionText.LineFormat.HEADS,
                        Texts.path(project, id, main.workingDirectory), false));
            }
        }
        if (check && heads.size() > 1) {
            spec.commandLine().getErr().println("FAILED: " + heads.size() + " heads: " + String.join(", ", heads)
                    + ". Merge them before merging this branch: " + dev.migrate.graph.MultipleHeadsException.MERGE_COMMAND);
            return ExitCode.CHECK_FAILED;
        }
        return ExitCode.OK;
    }
}
