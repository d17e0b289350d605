package dev.migrate.cli;

import dev.migrate.core.DatabaseState;
import dev.migrate.core.Migrator;
import dev.migrate.graph.Plan;
import dev.migrate.graph.Step;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Exit 9, listing what to act on, when revisions are pending, the scripts have several heads, "
                + "an applied script changed, the database is ahead of the code, a revision stopped part-way, or (with "
                + "schema_files or entity_packages configured) the revisions do not give the desired schema. Without a "
                + "database URL only the last is checked.")
final class CheckCommand implements Callable<Integer> {
    @ParentCommand Main main;
    @Spec CommandSpec spec;

    private Autogen autogen;

    @picocli.CommandLine.Option(names = "--lint", description = "Also lint the pending revisions from their text (errors fail the check; "
            + "`migrate lint` traces them too).")
    boolean lint;

    @picocli.CommandLine.Mixin TenantOptions tenants;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        Session session = new Session(main);
        if (tenants.active(spec)) {
            tenants.surveyOnly(spec, "check");
            return new FleetRun(main, spec, session, tenants, "check").survey(true);
        }
        autogen = new Autogen(main, spec, session);
        dev.migrate.autogen.DesiredSchema source = autogen.configured();
        dev.migrate.autogen.Autogenerate.Comparison schema = null;
        if (source != null) {
            try (Workbench bench = session.workbench()) {
                schema = bench.autogenerate().compare(new dev.migrate.autogen.DesiredSchema.Revisions(List.of("heads")), source,
                        autogen.options(false, false, false), List.of());
            }
            if (dev.migrate.config.Config.resolveUrl(main.url, main.env, session.config()) == null) {
                return schemaOnly(out, source, schema);
            }
        }
        Migrator migrator = session.migrator("check");
        DatabaseState state = migrator.state();
        List<String> heads = migrator.project().graph().heads();
        Plan plan = migrator.project().graph().upgrade(state.planningHeads(), "heads");
        dev.migrate.lint.Lint.Report linted = !lint ? null : dev.migrate.lint.Lint.run(migrator.project(), plan,
                new java.util.LinkedHashSet<>(plan.steps().stream().filter(st -> st.kind() == Step.Kind.UPGRADE).map(st -> st.revision().id()).toList()),
                migrator.database().dialect(), new dev.migrate.lint.Lint.Options(false, null, null, dev.migrate.lint.TableStats.NONE));
        boolean lintFails = linted != null && linted.fails(dev.migrate.lint.Severity.ERROR);
        if (main.json()) {
            boolean ok = plan.isEmpty() && heads.size() <= 1 && state.clean() && (schema == null || schema.isEmpty()) && !lintFails;
            Json.Obj doc = JsonOutput.check(migrator.project(), migrator.database().description(), ok, state, plan,
                    heads, main.workingDirectory);
            if (schema != null) doc.put("schema_source", schemaDocument(source, schema));
            if (linted != null) {
                doc.put("lint", linted.findings().stream().map(f -> LintCommand.json(f, main.workingDirectory)).toList());
            }
            JsonOutput.print(out, doc);
            return ok ? ExitCode.OK : ExitCode.CHECK_FAILED;
        }
        if (!main.quiet) out.println("Database: " + Texts.database(migrator.database().description(), main.workingDirectory));
        boolean problems = schema != null && !schema.isEmpty();
        if (problems) printSchema(out, source, schema);
        for (String problem : new dev.migrate.core.Check(state, heads, plan).problems(p -> Texts.relativePaths(p, main.workingDirectory))) {
            problems = true;
            out.println(problem);
        }
        if (linted != null) {
            for (dev.migrate.lint.Finding f : linted.findings()) {
                if (f.isIgnored()) continue;
                out.println("Lint " + f.severity().label() + ": " + (f.file() == null ? "" : Texts.relative(f.file(), main.workingDirectory)
                        + (f.line() > 0 ? ":" + f.line() : "") + " ") + f.rule() + ": " + f.message());
            }
            problems |= lintFails;
        }
        if (!problems) {
            out.println("No pending revisions; the database is at " + Progress.heads(state.heads()) + "."
                    + (schema != null ? " The revisions give " + autogen.describe(source) + "." : ""));
            return ExitCode.OK;
        }
        if (!plan.steps().isEmpty()) out.println("Run `migrate upgrade heads` to apply the pending revisions.");
        return ExitCode.CHECK_FAILED;
    }

    /** Without a database: only whether the revisions give the desired schema (the pull-request gate). */
    private int schemaOnly(java.io.PrintWriter out, dev.migrate.autogen.DesiredSchema source, dev.migrate.autogen.Autogenerate.Comparison schema) {
        if (main.json()) {
            JsonOutput.print(out, JsonOutput.document("check").put("ok", schema.isEmpty()).put("database", null)
                    .put("schema_source", schemaDocument(source, schema)));
        } else if (schema.isEmpty()) {
            out.println("The revisions give " + autogen.describe(source) + " (no database URL: only the schema was checked).");
        } else {
            printSchema(out, source, schema);
        }
        return schema.isEmpty() ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }

    private void printSchema(java.io.PrintWriter out, dev.migrate.autogen.DesiredSchema source,
                                    dev.migrate.autogen.Autogenerate.Comparison schema) {
        out.println("The revisions do not give " + autogen.describe(source) + ": " + Progress.plural(schema.changes().size(), "difference") + ":");
        for (dev.migrate.diff.Change c : schema.changes()) out.println("  " + c.describe());
        out.println("Write the revision for them: migrate revision --autogenerate -m \"...\"");
    }

    private Json.Obj schemaDocument(dev.migrate.autogen.DesiredSchema source, dev.migrate.autogen.Autogenerate.Comparison schema) {
        return Json.object().put("source", autogen.describe(source)).put("matches", schema.isEmpty())
                .put("changes", schema.changes().stream().map(dev.migrate.diff.Change::describe).toList());
    }
}
