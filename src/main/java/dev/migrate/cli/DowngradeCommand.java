package dev.migrate.cli;

import dev.migrate.core.RunOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "downgrade", mixinStandardHelpOptions = true, description = "Revert to a previous revision.")
final class DowngradeCommand implements Callable<Integer> {
    @ParentCommand Main main;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "TARGET", description = "base, -N, <rev>, <rev>-N, <label>@base, ...; with --sql START:END.")
    String target;

    @Option(names = "--dialect", paramLabel = "DIALECT", converter = DialectName.Converter.class,
            completionCandidates = DialectName.Candidates.class, description = "With --sql: postgresql or sqlite, the SQL of the script "
            + "(default: the configured database's; postgresql when none is configured). No URL is read.")
    String dialect;

    @Option(names = "--sql", description = "Print the SQL script instead of running it (needs START:END).")
    boolean sql;

    @Option(names = {"-v", "--verbose"}, description = "More detail: where migrate connects, the lock, the scripts' files.")
    boolean verbose;

    @picocli.CommandLine.Mixin TenantOptions tenants;

    @Option(names = "--retry-partial", description = "Run again, from its first statement, a non-transactional revision that stopped part-way.")
    boolean retryPartial;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        Session session = new Session(main);
        if (sql && tenants.active()) throw new ParameterException(spec.commandLine(), "--sql and --tenants do not go together: the offline script is one database's.");
        if (sql) {
            Range range = Range.parse(target, null);
            if (range.start() == null) {
                throw new ParameterException(spec.commandLine(), "downgrade --sql needs START:END, e.g. `downgrade head:base --sql`");
            }
            out.print(session.offlineMigrator(dialect).offlineDowngrade(range.start(), range.end()));
            return ExitCode.OK;
        }
        RunOptions options = new RunOptions(false, retryPartial);
        if (tenants.active(spec)) {
            return new FleetRun(main, spec, session, tenants, "downgrade").write((project, heads) -> project.graph().downgrade(heads, target).isEmpty(),
                    (migrator, listener) -> migrator.downgrade(target, options, listener));
        }
        return WriteRun.run(main, spec, session, "downgrade", verbose, (migrator, progress) -> {
            if (target.matches("-\\d+")) warnIfAmbiguous(migrator);
            return migrator.downgrade(target, options, progress);
        });
    }

    /** Alembic's warning, and which head the step starts from: the first row of the version table, as Alembic's. */
    private void warnIfAmbiguous(dev.migrate.core.Migrator migrator) {
        java.util.List<String> heads = migrator.state().knownHeads();
        if (heads.size() < 2 || main.quiet) return;
        var err = spec.commandLine().getErr();
        err.println("Warning: downgrade " + target + " from multiple heads is ambiguous; this usage will be disallowed in a future "
                + "release. It starts from " + heads.get(0) + ", the first row of the version table (as Alembic does); name "
                + "the revision instead, e.g. `migrate downgrade " + heads.get(0) + "-1`.");
        err.flush();
    }
}
