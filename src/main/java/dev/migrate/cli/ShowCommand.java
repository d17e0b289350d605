package dev.migrate.cli;

import dev.migrate.core.DatabaseState;
import dev.migrate.core.Migrator;
import dev.migrate.core.Project;
import dev.migrate.graph.Revision;
import dev.migrate.graph.RevisionText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "show", mixinStandardHelpOptions = true, description = "Show a revision in full.")
final class ShowCommand implements Callable<Integer> {
    @ParentCommand Main main;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "REV", description = "A revision, head, heads, base, current, <label>@head, ...")
    String rev;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        Session session = new Session(main);
        Project project = session.project();
        List<String> ids;
        if (rev.equals("current")) {
            Migrator migrator = session.migrator("show");
            DatabaseState state = migrator.state();
            // As Alembic: the rows of the version table, in the table's order (not `current`'s set, which adds the
            // ancestors that dependencies bring).
            ids = state.knownHeads();
            Warnings.print(state, spec.commandLine().getErr(), main.workingDirectory);
        } else {
            ids = project.graph().resolve(rev).stream().map(Revision::id).toList();
        }
        if (main.json()) {
            JsonOutput.print(out, JsonOutput.show(project, rev, ids, main.workingDirectory));
            return ExitCode.OK;
        }
        for (String id : ids) {
            out.println(RevisionText.logEntry(project.graph(), id, Texts.path(project, id, main.workingDirectory), false));
        }
        return ExitCode.OK;
    }
}
