package dev.migrate.cli;

import dev.migrate.core.DatabaseState;
import dev.migrate.core.Migrator;
import dev.migrate.core.Project;
import dev.migrate.graph.Revision;
import dev.migrate.graph.RevisionGraph;
import dev.migrate.graph.RevisionText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "history", mixinStandardHelpOptions = true, description = "List the revisions, newest first.")
final class HistoryCommand implements Callable<Integer> {
    @ParentCommand Main main;
    @Spec CommandSpec spec;

    @Option(names = {"-r", "--rev-range"}, paramLabel = "START:END",
            description = "Only this range: base:head, a1:, :b2, current:, ...")
    String range;

    @Option(names = {"-v", "--verbose"}, description = "Show each revision in full.")
    boolean verbose;

    @Option(names = {"-i", "--indicate-current"}, description = "Mark the revisions the database is at (needs the database).")
    boolean indicateCurrent;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        String base = null;
        String head = null;
        if (range != null) {
            int colon = range.indexOf(':');
            if (colon < 0) {
                throw new ParameterException(spec.commandLine(), "History range requires [start]:[end], [start]:, or :[end]");
            }
            base = range.substring(0, colon).strip();
            head = range.substring(colon + 1).strip();
        }
        Session session = new Session(main);
        Project project = session.project();
        List<String> current = List.of();
        List<String> marked = List.of();
        boolean needsDatabase = indicateCurrent || "current".equals(base) || "current".equals(head);
        if (needsDatabase) {
            Migrator migrator = session.migrator("history");
            DatabaseState state = migrator.state();
            // A revision no script defines is neither marked nor walked from: its nearest known ancestors are.
            current = state.planningHeads();
            marked = state.knownHeads();
            Warnings.print(state, spec.commandLine().getErr(), main.workingDirectory);
        }
        String from = base == null || base.isEmpty() ? "base" : base;
        String to = head == null || head.isEmpty() ? "heads" : head;
        RevisionGraph graph = project.graph();
        List<Revision> walk;
        if (from.equals("current") && to.equals("current")) walk = graph.walk(current, current);
        else if (from.equals("current")) walk = graph.walk(current, to);
        else if (to.equals("current")) walk = graph.walk(from, current);
        else walk = graph.walk(from, to);
        if (main.json()) {
            JsonOutput.print(out, JsonOutput.history(project, range, needsDatabase ? current : null, walk, main.workingDirectory));
            return ExitCode.OK;
        }
        for (Revision r : walk) {
            out.println(RevisionText.format(graph, r.id(), verbose, RevisionText.LineFormat.HISTORY,
                    Texts.path(project, r.id(), main.workingDirectory), indicateCurrent && marked.contains(r.id())));
        }
        return ExitCode.OK;
    }
}
