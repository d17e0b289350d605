package dev.migrate.cli;

import dev.migrate.core.RunOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "upgrade", mixinStandardHelpOptions = true, description = "Upgrade to a later revision.")
final class UpgradeCommand implements Callable<Integer> {
    @ParentCommand Main main;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "TARGET", description = "head, heads, +N, <rev>, <rev>+N, <label>@head, ...; with --sql also START:END.")
    String target;

    @Option(names = "--dialect", paramLabel = "DIALECT", converter = DialectName.Converter.class,
            completionCandidates = DialectName.Candidates.class, description = "With --sql: postgresql or sqlite, the SQL of the script "
            + "(default: the configured database's; postgresql when none is configured). No URL is read.")
    String dialect;

    @Option(names = "--sql", description = "Print the SQL script instead of running it (START:END, START defaults to base).")
    boolean sql;

    @Option(names = {"-v", "--verbose"}, description = "More detail: where migrate connects, the lock, the scripts' files.")
    boolean verbose;

    @Option(names = "--retry-partial", description = "Run again, from its first statement, a non-transactional revision that stopped part-way.")
    boolean retryPartial;

    @picocli.CommandLine.Mixin TenantOptions tenants;

    @Option(names = "--ignore-unknown", description = "Leave alone revisions in the database that no script defines (a database ahead of the code).")
    boolean ignoreUnknown;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        Session session = new Session(main);
        if (sql && tenants.active()) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--sql and --tenants do not go together: the offline script is one database's.");
        if (sql) {
            Range range = Range.parse(target, "base");
            out.print(session.offlineMigrator(dialect).offlineUpgrade(range.start(), range.end()));
            return ExitCode.OK;
        }
        RunOptions options = new RunOptions(ignoreUnknown, retryPartial);
        if (tenants.active(spec)) {
            return new FleetRun(main, spec, session, tenants, "upgrade").write((project, heads) -> project.graph().upgrade(heads, target).isEmpty(),
                    (migrator, listener) -> migrator.upgrade(target, options, listener));
        }
        return WriteRun.run(main, spec, session, "upgrade", verbose, (migrator, progress) -> migrator.upgrade(target, options, progress));
    }
}
