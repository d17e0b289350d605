package dev.migrate.cli;

import dev.migrate.autogen.Autogenerate;
import dev.migrate.autogen.DesiredSchema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Print the difference between two schemas and write nothing; exit 9 when they differ (the drift check). "
                + "A side is heads or a revision (the revisions replayed), schema or schema:PATH, entities, database (the "
                + "configured one) or url:URL.")
final class DiffCommand implements Callable<Integer> {
    @ParentCommand Main main;
    @Spec CommandSpec spec;

    @Option(names = "--from", paramLabel = "SIDE", defaultValue = "heads", description = "The schema to start from (default: ${DEFAULT-VALUE}).")
    String from;

    @Option(names = "--to", paramLabel = "SIDE",
            description = "The schema to arrive at (default: the configured schema_files or entity_packages).")
    String to;

    @Option(names = "--rename", paramLabel = "OLD=NEW", description = "A rename: table.old_column=new_column, or old_table=new_table.")
    List<String> renames;

    @Option(names = {"-v", "--verbose"}, description = "Say how the revisions' schema was made (replayed or from the template cache) and how long it took.")
    boolean verbose;

    @Override
    public Integer call() {
        Session session = new Session(main);
        Autogen autogen = new Autogen(main, spec, session);
        DesiredSchema a = autogen.side(from, "--from");
        DesiredSchema b = to != null ? autogen.side(to, "--to") : autogen.desired(null, null, false, true);
        var out = spec.commandLine().getOut();
        try (Workbench bench = autogen.workbench(verbose)) {
            Autogenerate.Comparison c = bench.autogenerate().compare(a, b, autogen.options(false, false, false),
                    renames == null ? List.of() : renames);
            if (main.json()) {
                JsonOutput.print(out, Autogen.comparisonDocument("diff", c, List.of(), false)
                        .put("from", autogen.describe(a)).put("to", autogen.describe(b)).put("differ", !c.isEmpty()));
            } else if (main.format == OutputFormat.SQL) {
                out.print(dev.migrate.autogen.Autogenerate.sqlScript(c.sql()));
                out.flush();
            } else if (c.isEmpty()) {
                out.println("No difference between " + autogen.describe(a) + " and " + autogen.describe(b) + ".");
            } else {
                out.println(c.changes().size() + (c.changes().size() == 1 ? " difference" : " differences") + " from "
                        + autogen.describe(a) + " to " + autogen.describe(b) + ":");
                Autogen.printChanges(out, c.changes(), c.sql());
            }
            return c.isEmpty() ? ExitCode.OK : ExitCode.CHECK_FAILED;
        }
    }
}
