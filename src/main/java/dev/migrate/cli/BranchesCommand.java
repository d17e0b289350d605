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
        List<String> branchPoints = graph.walk("base", "heads").stream().map(Revision::id).filter(graph::isBranchPoint).toList();
        if (main.json()) {
            JsonOutput.print(out, JsonOutput.branches(project, branchPoints, main.workingDirectory));
            return ExitCode.OK;
        }
        for (String id : branchPoints) {
            out.println(RevisionText.branchesEntry(graph, id, verbose, r -> Texts.path(project, r, main.workingDirectory)));
        }
        return ExitCode.OK;
    }
}
