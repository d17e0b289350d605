package dev.migrate.cli;

import dev.migrate.core.DatabaseState;
import dev.migrate.core.Migrator;
import dev.migrate.graph.RevisionGraph;
import dev.migrate.graph.RevisionText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "current", mixinStandardHelpOptions = true, description = "Show the revision(s) the database is at.")
final class CurrentCommand implements Callable<Integer> {
    @ParentCommand Main main;
    @Spec CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, description = "Show each revision in full.")
    boolean verbose;

    @picocli.CommandLine.Mixin TenantOptions tenants;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        if (tenants.active(spec)) {
            tenants.surveyOnly(spec, "current");
            return new FleetRun(main, spec, new Session(main), tenants, "current").survey(false);
        }
        Migrator migrator = new Session(main).migrator("current");
        RevisionGraph graph = migrator.project().graph();
        DatabaseState state = migrator.state();
        if (main.json()) {
            JsonOutput.print(out, JsonOutput.current(migrator.project(), migrator.database().description(), state, main.workingDirectory));
            Warnings.print(state, spec.commandLine().getErr(), main.workingDirectory);
            return ExitCode.OK;
        }
        var err = spec.commandLine().getErr();
        String database = Texts.database(migrator.database().description(), main.workingDirectory);
        // Standard output keeps Alembic's lines; which database, and an empty version table, are said on standard error.
        if (!verbose && !main.quiet) err.println("Database: " + database);
        if (state.heads().isEmpty() && !main.quiet) {
            err.println("No revision applied: the database is at base (its version table is empty or absent).");
        }
        err.flush();
        if (verbose) out.println("Current revision(s) for " + migrator.database().description() + ":");
        for (String id : graph.current(state.knownHeads())) {
            out.println(RevisionText.format(graph, id, verbose, RevisionText.LineFormat.CURRENT,
                    Texts.path(migrator.project(), id, main.workingDirectory), false));
        }
        for (DatabaseState.Unknown u : state.unknown()) out.println(u.revision() + " (unknown)");
        Warnings.print(state, spec.commandLine().getErr(), main.workingDirectory);
        return ExitCode.OK;
    }
}
