package dev.migrate.cli;

import dev.migrate.config.ConfigException;
import dev.migrate.config.DatabaseUrl;
import dev.migrate.core.Project;
import dev.migrate.core.Version;
import dev.migrate.db.Dialect;
import dev.migrate.db.PostgresDialect;
import dev.migrate.graph.Plan;
import dev.migrate.graph.Revision;
import dev.migrate.graph.RevisionGraph;
import dev.migrate.graph.Step;
import dev.migrate.lint.Finding;
import dev.migrate.lint.Lint;
import dev.migrate.lint.Sarif;
import dev.migrate.lint.Severity;
import dev.migrate.lint.ShadowTrace;
import dev.migrate.lint.TableStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "lint", mixinStandardHelpOptions = true,
        description = "Say what revisions will do to a production database: which tables they lock, rewrite or scan, measured "
                + "on a shadow database, and what their text risks. Exit 9 when a finding reaches --fail-on.")
final class LintCommand implements Callable<Integer> {
    @ParentCommand Main main;
    @Spec CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "RANGE",
            description = "START:END (e.g. 3c4d:heads). Default: what `upgrade heads` would run on the configured database, "
                    + "or every revision when none is configured.")
    String range;

    @Option(names = "--since-git", paramLabel = "REF", description = "The revisions whose scripts are not in git at REF (e.g. origin/main): a pull request's.")
    String sinceGit;

    @Option(names = "--trace", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Measure the statements on a shadow database (PostgreSQL; default: on).")
    boolean trace;

    @Option(names = "--roundtrip", description = "Check that each revision's downgrade gives back the schema it started from.")
    boolean roundtrip;

    @Option(names = "--style", description = "Also the style rules (timestamp without time zone, int keys, json, oid).")
    boolean style;

    @Option(names = "--stats-url", paramLabel = "URL", description = "Production (read-only): the sizes of its tables weigh each finding "
            + "(default: lint_stats_url).")
    String statsUrl;

    @Option(names = "--time-zone", paramLabel = "TZ", description = "The session TimeZone production uses (default: that of --stats-url).")
    String timeZone;

    @Option(names = "--fail-on", paramLabel = "LEVEL", defaultValue = "error", description = "note, warning or error (default: ${DEFAULT-VALUE}).")
    String failOn;

    @Override
    public Integer call() throws Exception {
        Severity threshold;
        try {
            threshold = Severity.valueOf(failOn.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--fail-on: `" + failOn + "` is not note, warning or error");
        }
        Session session = new Session(main);
        Project project = session.project();
        RevisionGraph graph = project.graph();
        DatabaseUrl database = configuredUrl(session);
        Plan plan;
        Set<String> selected;
        if (sinceGit != null) {
            Set<String> fresh = dev.migrate.lint.GitRevisions.notAt(sinceGit, project, main.workingDirectory);
            List<String> old = new ArrayList<>();
            for (Revision r : graph.revisions()) if (!fresh.contains(r.id())) old.add(r.id());
            plan = graph.upgrade(tips(graph, old), "heads");
            selected = fresh;
        } else if (range != null) {
            int colon = range.indexOf(':');
            if (colon < 0) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "RANGE is START:END, e.g. base:heads");
            String start = range.substring(0, colon).strip();
            String end = range.substring(colon + 1).strip();
            plan = graph.upgrade(start.isEmpty() || start.equals("base") ? List.of() : List.of(start), end.isEmpty() ? "heads" : end);
            selected = ids(plan);
        } else if (database != null) {
            plan = graph.upgrade(session.migrator("lint").state().planningHeads(), "heads");
            selected = ids(plan);
        } else {
            plan = graph.upgrade(List.of(), "heads");
            selected = ids(plan);
        }

        Dialect dialect = database == null ? new PostgresDialect() : Dialect.of(database);
        String stats = statsUrl != null ? statsUrl : session.config().lintStatsUrl();
        TableStats sizes = TableStats.NONE;
        String zone = timeZone;
        if (stats != null) {
            DatabaseUrl u = DatabaseUrl.parse(stats, main.workingDirectory);
            try (Connection c = java.sql.DriverManager.getConnection(u.jdbcUrl(), u.jdbcProperties())) {
                c.setReadOnly(true);
                sizes = TableStats.postgres(c);
                if (zone == null) {
                    try (var st = c.createStatement(); var rs = st.executeQuery("SHOW TimeZone")) {
                        if (rs.next()) zone = rs.getString(1);
                    }
                }
            } catch (SQLException e) {
                throw new ConfigException(null, "--stats-url", null, "cannot read the table sizes at " + u.redacted() + ": " + e.getMessage(),
                        "Check the URL; lint only reads pg_class there");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        Lint.Report report;
        Workbench bench = trace && !plan.steps().isEmpty() && tracingServer(session, database) ? session.workbench() : null;
        boolean traced = bench != null;
        try {
            ShadowTrace shadow = bench == null ? null : new ShadowTrace(project, bench.scratchpad(),
                    dev.migrate.db.TableName.parse(session.config().versionTable()), dev.migrate.db.TableName.parse(session.config().auditTable()),
                    dev.migrate.core.Settings.of(session.config()), s -> dev.migrate.core.RevisionStatements.of(s, true, new PostgresDialect()));
            Lint.Options options = new Lint.Options(style, shadow, new ShadowTrace.Options(zone, roundtrip, List.of()), sizes);
            try {
                report = Lint.run(project, plan, selected, dialect, options);
            } catch (dev.migrate.shadow.ShadowException noShadow) {
                // A server where the user may not create databases: say so, and lint from the text.
                spec.commandLine().getErr().println("Warning: no shadow database to trace on (" + noShadow.getMessage()
                        + "); linting from the text only. Point shadow_url at a server where migrate may create databases.");
                traced = false;
                report = Lint.run(project, plan, selected, dialect, new Lint.Options(style, null, null, sizes));
            }
        } finally {
            if (bench != null) bench.close();
        }
        print(out, report, traced);
        return report.fails(threshold) ? ExitCode.CHECK_FAILED : ExitCode.OK;
    }

    private void print(PrintWriter out, Lint.Report report, boolean traced) {
        switch (main.format) {
            case JSON -> {
                Json.Obj doc = JsonOutput.document("lint").put("revisions", report.revisions()).put("traced", traced)
                        .put("fails", report.fails(Severity.valueOf(failOn.strip().toUpperCase(Locale.ROOT))))
                        .put("findings", report.findings().stream().map(f -> json(f, main.workingDirectory)).toList());
                JsonOutput.print(out, doc);
            }
            case SARIF -> {
                out.println(Json.write(Sarif.log(report, Version.get(), this::uri)));
                out.flush();
            }
            case GITHUB -> {
                for (Finding f : report.findings()) {
                    if (f.isIgnored()) continue;
                    String level = f.severity() == Severity.ERROR ? "error" : f.severity() == Severity.WARNING ? "warning" : "notice";
                    out.println("::" + level + " file=" + escapeProperty(uri(f.file())) + ",line=" + Math.max(1, f.line())
                            + ",title=" + escapeProperty("migrate lint: " + f.rule()) + "::" + escapeData(f.revision() + ": " + f.message()
                            + (f.fix() == null ? "" : " Fix: " + f.fix())));
                }
                out.flush();
            }
            default -> text(out, report, traced);
        }
    }

    private void text(PrintWriter out, Lint.Report report, boolean traced) {
        out.println("Linted " + Progress.plural(report.revisions().size(), "revision")
                + (traced ? ", traced on a shadow database." : " from their text (no PostgreSQL shadow database to trace them on)."));
        int errors = 0;
        int warnings = 0;
        int notes = 0;
        int ignored = 0;
        for (Finding f : report.findings()) {
            out.println();
            out.println((f.file() == null ? "" : Texts.relative(f.file(), main.workingDirectory) + (f.line() > 0 ? ":" + f.line() : "") + "  ")
                    + f.revision() + "  " + f.severity().label() + "  " + f.rule() + (f.table() == null ? "" : "  " + f.table())
                    + (f.isIgnored() ? "  (ignored: " + f.ignored() + ")" : ""));
            if (f.statement() != null) out.println("  " + dev.migrate.core.ErrorText.shorten(f.statement()));
            out.println("  " + f.message());
            if (f.fix() != null) out.println("  fix: " + f.fix());
            if (f.isIgnored()) ignored++;
            else if (f.severity() == Severity.ERROR) errors++;
            else if (f.severity() == Severity.WARNING) warnings++;
            else notes++;
        }
        out.println();
        out.println(report.findings().isEmpty() ? "No findings."
                : Progress.plural(errors, "error") + ", " + Progress.plural(warnings, "warning") + ", " + Progress.plural(notes, "note")
                + (ignored > 0 ? "; " + ignored + " ignored with a reason" : "") + ".");
        out.flush();
    }

    /** A finding in JSON, as {@code lint} and {@code check --lint} write it. */
    static Json.Obj json(Finding f, Path workingDirectory) {
        return Json.object().put("rule", f.rule()).put("severity", f.severity().label()).put("revision", f.revision())
                .put("file", f.file() == null ? null : Texts.relative(f.file(), workingDirectory))
                .put("line", f.line() > 0 ? f.line() : null).put("statement", f.statement()).put("table", f.table())
                .put("message", f.message()).put("fix", f.fix()).put("ignored", f.ignored());
    }

    private String uri(Path file) {
        return file == null ? "migrations" : Texts.relative(file, main.workingDirectory).replace('\\', '/');
    }

    private static String escapeData(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    private static String escapeProperty(String s) {
        return escapeData(s).replace(":", "%3A").replace(",", "%2C");
    }

    private static Set<String> ids(Plan plan) {
        Set<String> out = new LinkedHashSet<>();
        for (Step s : plan.steps()) if (s.kind() == Step.Kind.UPGRADE) out.add(s.revision().id());
        return out;
    }

    /** The revisions among {@code ids} that none of them revises: where the new ones start from. */
    private static List<String> tips(RevisionGraph graph, List<String> ids) {
        Set<String> revised = new HashSet<>();
        for (String id : ids) revised.addAll(graph.get(id).downRevisions());
        List<String> out = new ArrayList<>();
        for (String id : ids) if (!revised.contains(id)) out.add(id);
        return out;
    }

    /** The configured database, or null when there is none (lint then needs no database). */
    private static DatabaseUrl configuredUrl(Session session) {
        try {
            return session.configuredUrl();
        } catch (ConfigException unset) {
            return null;
        }
    }

    /** Whether the scratch databases would be on PostgreSQL: the trace reads PostgreSQL's catalogs. */
    private static boolean tracingServer(Session session, DatabaseUrl configured) {
        String shadow = session.config().autogenerate().shadowUrl();
        if (shadow != null) return DatabaseUrl.parse(shadow, Path.of("")).kind() == DatabaseUrl.Kind.POSTGRESQL;
        return configured != null && configured.kind() == DatabaseUrl.Kind.POSTGRESQL;
    }
}
