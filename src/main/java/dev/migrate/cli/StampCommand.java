package dev.migrate.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "stamp", mixinStandardHelpOptions = true,
        description = "Set the version table to the given revision(s) without running any migration.")
final class StampCommand implements Callable<Integer> {
    @ParentCommand Main main;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "TARGET", arity = "1..*", description = "head, heads, base, <rev>, <label>@head, ...")
    List<String> targets;

    @Option(names = "--purge", description = "Empty the version table before stamping (for a table at unknown revisions).")
    boolean purge;

    @Option(names = "--dialect", paramLabel = "DIALECT", converter = DialectName.Converter.class,
            completionCandidates = DialectName.Candidates.class, description = "With --sql: postgresql or sqlite, the SQL of the script "
            + "(default: the configured database's; postgresql when none is configured). No URL is read.")
    String dialect;

    @Option(names = "--sql", description = "Print the SQL script instead of running it (the first TARGET may be START:TARGET).")
    boolean sql;

    @picocli.CommandLine.Mixin TenantOptions tenants;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        if (sql && tenants.active()) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--sql and --tenants do not go together: the offline script is one database's.");
        if (sql) {
            Range first = Range.parse(targets.get(0), "base");
            List<String> rest = new java.util.ArrayList<>(targets);
            rest.set(0, first.end());
            out.print(new Session(main).offlineMigrator(dialect).offlineStamp(first.start(), rest, purge));
            return ExitCode.OK;
        }
        if (tenants.active(spec)) {
            // A stamp is cheap and says where each tenant is: it is never skipped.
            return new FleetRun(main, spec, new Session(main), tenants, "stamp").write((project, heads) -> false,
                    (migrator, listener) -> migrator.stamp(targets, purge, listener));
        }
        return WriteRun.run(main, spec, new Session(main), "stamp", false,
                (migrator, progress) -> migrator.stamp(targets, purge, progress));
    }
}
