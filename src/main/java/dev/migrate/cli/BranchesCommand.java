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

import java.util.concurrent.Callable;

@Command(name = "branches", mixinStandardHelpOptions = true, description = "Show the branch points of the revision graph.")
final class BranchesCommand implements Callable<Integer> {
    @ParentCommand Main main;
    @Spec CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, description = "Show each branch point in full.")
    boolean verbose;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        Project project = new Session(main).project();
        RevisionGraph graph = project.graph();
        for (Revision r : graph.walk("base", "heads")) {
            if (graph.isBranchPoint(r.id())) {
                out.println(RevisionText.branchesEntry(graph, r.id(), verbose, id -> Texts.path(project, id, main.workingDirectory)));
            }
        }
        return ExitCode.OK;
    }
}
