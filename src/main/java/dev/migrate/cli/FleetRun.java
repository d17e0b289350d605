package dev.migrate.cli;

import dev.migrate.config.DatabaseUrl;
import dev.migrate.core.MigrationListener;
import dev.migrate.core.Migrator;
import dev.migrate.core.Project;
import dev.migrate.core.RunResult;
import dev.migrate.core.Settings;
import dev.migrate.db.ConnectionSettings;
import dev.migrate.tenants.ChangedScripts;
import dev.migrate.tenants.Fleet;
import dev.migrate.tenants.FleetReport;
import dev.migrate.tenants.DatabaseFleet;
import dev.migrate.tenants.Fingerprints;
import dev.migrate.tenants.SchemaFleet;
import dev.migrate.tenants.ServerConnections;
import dev.migrate.tenants.TenantDatabases;
import dev.migrate.tenants.Targets;
import dev.migrate.tenants.Tenant;
import dev.migrate.tenants.TenantResult;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.BiFunction;

/**
 * A command across the tenants ({@code --tenants}): resolve them, read their heads in one batch, run the fleet,
 * show progress and a summary, write the report. The work itself is in {@link dev.migrate.tenants}.
 */
final class FleetRun {

    static final String DEFAULT_SEARCH_PATH = "${tenant}, public";

    private final Main main;
    private final CommandSpec spec;
    private final Session session;
    private final TenantOptions options;
    private final String command;

    FleetRun(Main main, CommandSpec spec, Session session, TenantOptions options, String command) {
        this.main = main;
        this.spec = spec;
        this.session = session;
        this.options = options.withKeys(session.config().tenants());
        this.command = command;
    }

    /**
     * Runs {@code work} on every tenant not yet where it goes.
     *
     * @param atTarget whether a tenant with these heads is already at the command's target
     */
    int write(BiPredicate<Project, List<String>> atTarget, BiFunction<Migrator, MigrationListener, RunResult> work) {
        Project project = session.project();
        int parallel = parallel();
        Fleet.Options fleetOptions;
        try {
            fleetOptions = new Fleet.Options(parallel, options.canary != null ? options.canary : 1,
                    options.maxFailures != null ? options.maxFailures : 10);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        reportWritable();
        try (TenantDatabases fleet = fleet(parallel + 1)) {
            List<Tenant> tenants = tenants(fleet);
            if (tenants.size() > 1) connectionsFree(fleet, parallel, Math.min(parallel, tenants.size()) + 1);
            Map<String, List<String>> heads = heads(fleet, tenants);
            Set<String> changed = changedScripts(fleet, tenants, project);
            FleetProgress progress = new FleetProgress(main, spec, tenants.size());
            Fleet run = new Fleet(project, fleet, Settings.of(session.config()), fleetOptions, progress);
            if (!main.quiet && !main.json()) {
                PrintWriter lines = main.lines(spec);
                lines.println("Database: " + Texts.database(session.url().redacted(), main.workingDirectory) + ", "
                        + Progress.plural(tenants.size(), "tenant") + " (" + parallel + " at once)");
                lines.flush();
            }
            FleetReport report = main.cancellable(run, () -> run.run(command, tenants, heads,
                    (t, h) -> !changed.contains(t.name()) && safely(atTarget, project, h), work));
            FleetSchemas schemas = null;
            if (options.fingerprint) {
                Map<String, List<String>> after = new java.util.LinkedHashMap<>();
                for (TenantResult r : report.tenants()) if (heads.containsKey(r.tenant())) after.put(r.tenant(), r.headsAfter());
                schemas = schemas(fleet, tenants, after);
            }
            return finish(report, schemas);
        }
    }

    /**
     * {@code current --tenants}: each tenant's heads, from one batched read; nothing is locked. {@code check --tenants}
     * (with {@code check}): only the tenants not at the head, and exit status 9 when there are any.
     */
    int survey(boolean check) {
        Project project = session.project();
        try (TenantDatabases fleet = fleet(options.fingerprint ? parallel() + 1 : 1)) {
            List<Tenant> tenants = tenants(fleet);
            Map<String, List<String>> heads = heads(fleet, tenants);
            FleetSchemas schemas = options.fingerprint ? schemas(fleet, tenants, heads) : null;
            Map<String, List<String>> changed = ChangedScripts.confirmed(fleet, tenants, changedScripts(fleet, tenants, project), heads,
                    project, Settings.of(session.config()));
            PrintWriter out = spec.commandLine().getOut();
            int atHead = 0;
            List<Object> docs = new ArrayList<>();
            for (Tenant t : tenants) {
                List<String> h = heads.get(t.name());
                boolean head = h != null && safely((p, x) -> p.graph().upgrade(x, "heads").isEmpty(), project, h);
                if (head) atHead++;
                List<String> changedHere = changed.getOrDefault(t.name(), List.of());
                String state = h == null ? (fleet.refused(t, false) != null ? "no such schema"
                        : "cannot be read" + (fleet.unreadable(t) == null ? "" : ": " + dev.migrate.config.DatabaseUrl.redactText(fleet.unreadable(t))))
                        : Progress.heads(h) + (head ? " (head)" : "")
                        + (changedHere.isEmpty() ? "" : ", changed since applied: " + String.join(", ", changedHere));
                Fingerprints.Drift drift = schemas == null ? null : schemas.drift(t.name());
                if (check && head && drift == null && changedHere.isEmpty()) continue;
                if (main.json()) {
                    Json.Obj doc = Json.object().put("tenant", t.name()).put("exists", h != null).put("heads", h == null ? List.of() : h)
                            .put("at_head", head).put("changed_scripts", changedHere);
                    if (schemas != null) doc.put("fingerprint", schemas.fingerprints().get(t.name())).put("drifted", drift != null);
                    docs.add(doc);
                } else {
                    out.println(t.name() + ": " + state + (schemas == null ? "" : schemas.describe(t.name())));
                }
            }
            boolean drifted = schemas != null && !schemas.drift().isEmpty();
            if (main.json()) {
                Json.Obj doc = JsonOutput.document(command).put("ok", atHead == tenants.size() && !drifted && changed.isEmpty()).put("tenants", docs)
                        .put("at_head", atHead).put("total", tenants.size());
                if (schemas != null) schemas.into(doc);
                JsonOutput.print(out, doc);
            } else if (!main.quiet || (check && (drifted || !changed.isEmpty()))) {
                PrintWriter lines = main.lines(spec);
                lines.println(atHead + " of " + Progress.plural(tenants.size(), "tenant") + " at the head."
                        + (check && atHead < tenants.size() ? " Run `migrate upgrade heads` with the same tenants." : ""));
                if (!changed.isEmpty()) {
                    lines.println(Progress.plural(changed.size(), "tenant") + " with a script changed since it was applied there: "
                            + "undo the edit, or accept it with `migrate accept` and the same tenants.");
                }
                if (schemas != null) lines.println(schemas.summary());
                lines.flush();
            }
            return check && (atHead < tenants.size() || drifted || !changed.isEmpty()) ? ExitCode.CHECK_FAILED : ExitCode.OK;
        }
    }

    /** How many tenants at once: {@code --parallel}, the key, else 4 at most the cores. */
    private int parallel() {
        return options.parallel != null ? options.parallel : Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    private static boolean safely(BiPredicate<Project, List<String>> atTarget, Project project, List<String> heads) {
        try {
            return atTarget.test(project, heads);
        } catch (RuntimeException unknownOrAmbiguous) {
            return false; // the tenant's own run says what is wrong
        }
    }

    private boolean databaseMode() {
        String mode = options.mode == null ? "schema" : options.mode;
        if (!mode.equals("schema") && !mode.equals("database")) {
            throw new ParameterException(spec.commandLine(), "--tenants-mode: `" + mode + "` is neither schema nor database");
        }
        return mode.equals("database");
    }

    /** {@link ChangedScripts#suspects}, a database error when the audit tables cannot be read. */
    private Set<String> changedScripts(TenantDatabases fleet, List<Tenant> tenants, Project project) {
        try {
            return ChangedScripts.suspects(fleet, tenants, project);
        } catch (SQLException e) {
            throw new dev.migrate.core.DatabaseException(session.url().redacted(), e.getSQLState(),
                    "reading the tenants' audit tables: " + e.getMessage(), e);
        }
    }

    /**
     * Refuses a run whose workers need more connections than the server has free: its tenants would fail one by one,
     * waiting for a connection. A server that cannot be asked is left to the run to tell of.
     */
    private void connectionsFree(TenantDatabases fleet, int parallel, int needed) {
        if (session.url().kind() != DatabaseUrl.Kind.POSTGRESQL) return;
        ServerConnections server;
        try (Connection c = fleet.connection()) {
            server = ServerConnections.of(c);
        } catch (SQLException e) {
            return;
        }
        if (needed > server.free()) {
            throw new ParameterException(spec.commandLine(), "--parallel " + parallel + " needs " + needed + " connections, and the "
                    + "server has " + server.free() + " free (max_connections " + server.max() + ", " + server.inUse() + " in use): "
                    + "lower --parallel, or raise max_connections.");
        }
    }

    /** A report that could not be written is found before anything runs, not after. */
    private void reportWritable() {
        if (options.report == null) return;
        Path file = main.workingDirectory.resolve(options.report).toAbsolutePath();
        Path parent = file.getParent();
        String why = Files.isDirectory(file) ? "is a directory"
                : parent == null || !Files.isDirectory(parent) ? "cannot be written: the directory " + parent + " does not exist"
                : Files.exists(file) ? (Files.isWritable(file) ? null : "cannot be written: the file is not writable")
                : Files.isWritable(parent) ? null : "cannot be written: the directory " + parent + " is not writable";
        if (why != null) throw new ParameterException(spec.commandLine(), "--report " + options.report + " " + why + ".");
    }

    private TenantDatabases fleet(int connections) {
        DatabaseUrl url = session.url();
        ConnectionSettings settings = new ConnectionSettings("migrate " + command + " (tenants)", session.config().networkTimeout(),
                session.config().lockWait());
        if (databaseMode()) {
            if (options.urlTemplate != null && !options.urlTemplate.contains("${tenant}")) {
                throw new ParameterException(spec.commandLine(), "--tenants-url-template needs ${tenant} where the tenant's name goes");
            }
            return new DatabaseFleet(url, options.urlTemplate, session.config().versionTable(), session.config().auditTable(), settings,
                    connections);
        }
        if (url.kind() != DatabaseUrl.Kind.POSTGRESQL) {
            throw new ParameterException(spec.commandLine(), "--tenants runs across the schemas of a PostgreSQL database; "
                    + "the configured database is " + url.redacted());
        }
        try {
            return new SchemaFleet(url, connections, session.config().versionTable(), session.config().auditTable(),
                    options.searchPath != null ? options.searchPath : DEFAULT_SEARCH_PATH,
                    settings);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private List<Tenant> tenants(TenantDatabases fleet) {
        int sources = (options.query != null ? 1 : 0) + (options.file != null ? 1 : 0) + (options.pattern != null ? 1 : 0);
        if (sources > 1) {
            throw new ParameterException(spec.commandLine(), "Give one of --tenants-query, --tenants-file and --tenants-pattern "
                    + "(or of the keys tenants_query, tenants_file and tenants_pattern).");
        }
        if (sources == 0 && options.onlyFailed == null) {
            throw new ParameterException(spec.commandLine(), "--tenants needs the list of tenants: --tenants-query SQL, "
                    + "--tenants-file FILE or --tenants-pattern GLOB (or the key tenants_query, tenants_file or tenants_pattern).");
        }
        List<String> names;
        try {
            if (options.file != null) {
                names = Targets.fromFile(main.workingDirectory.resolve(options.file));
            } else if (sources == 0) {
                names = fromReport(List.copyOf(unfinished()));
            } else {
                names = listed(fleet);
            }
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "--tenants-file " + options.file + ": cannot be read (" + e.getMessage() + ")");
        }
        if (names.isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("No tenants: " + (options.file != null ? "--tenants-file " + options.file + " lists none"
                    : options.query != null ? "--tenants-query returned no rows"
                    : options.pattern != null ? "--tenants-pattern '" + options.pattern + "' matches no " + (databaseMode() ? "database" : "schema")
                    : "--only-failed " + options.onlyFailed + " reports none unfinished") + "; nothing to do.");
            err.flush();
        }
        if (options.onlyFailed != null && sources > 0) {
            Set<String> again = unfinished(); // a report names a URL without its password, as the fleet does
            names = names.stream().filter(n -> again.contains(fleet.tenant(n).name())).toList();
        }
        List<Tenant> out = new ArrayList<>();
        for (String name : names) out.add(tenant(fleet, name));
        return out;
    }

    /** The tenant {@code name} names; a value of the tenants file that is no tenant is refused naming its file and line. */
    private Tenant tenant(TenantDatabases fleet, String name) {
        try {
            return fleet.tenant(name);
        } catch (dev.migrate.config.ConfigException e) {
            if (options.file == null) throw e;
            java.nio.file.Path file = main.workingDirectory.resolve(options.file);
            Integer line;
            try {
                line = Targets.lineOf(file, name);
            } catch (IOException unreadable) {
                line = null; // it was read a moment ago: the file alone then
            }
            throw e.at(file, null, line);
        }
    }

    /**
     * The tenants of an {@code --only-failed} report, run without a list of their own: a report names a tenant's URL
     * with its password masked, which cannot be connected with, so such a tenant needs the list again.
     */
    private List<String> fromReport(List<String> names) {
        for (String n : names) {
            if (!dev.migrate.tenants.DatabaseFleet.isUrl(n)) continue;
            if (!databaseMode()) {
                throw new ParameterException(spec.commandLine(), "--only-failed " + options.onlyFailed + " names databases (" + n
                        + "): add --tenants-mode database.");
            }
            if (n.contains(":***@")) {
                throw new ParameterException(spec.commandLine(), "--only-failed " + options.onlyFailed + " names " + n + " with its "
                        + "password masked: give the same list of tenants again (--tenants-file FILE) with --only-failed, "
                        + "and migrate takes just the unfinished ones.");
            }
        }
        return names;
    }

    /** The tenants the query or the pattern names, read on the configured database. */
    private List<String> listed(TenantDatabases fleet) {
        try (Connection c = fleet.connection()) {
            if (options.query == null) return Targets.fromPattern(c, options.pattern, databaseMode());
            try {
                return Targets.fromQuery(c, options.query);
            } catch (SQLException e) {
                if (e.getSQLState() != null && e.getSQLState().startsWith("08")) throw e; // the connection, not the query
                String message = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
                throw new ParameterException(spec.commandLine(), "--tenants-query failed: " + message.replaceFirst("^ERROR: ", "")
                        + ". It must be one read-only query whose first column is a "
                        + (databaseMode() ? "database name or a URL" : "schema name") + ".");
            }
        } catch (SQLException e) {
            throw new dev.migrate.core.DatabaseException(session.url().redacted(), e.getSQLState(), "listing the tenants: " + e.getMessage(), e);
        }
    }

    private Set<String> unfinished() {
        try {
            return FleetReport.unfinished(main.workingDirectory.resolve(options.onlyFailed));
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "--only-failed " + options.onlyFailed + ": cannot be read (" + e.getMessage() + ")");
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--only-failed " + options.onlyFailed + " " + e.getMessage());
        }
    }

    private Map<String, List<String>> heads(TenantDatabases fleet, List<Tenant> tenants) {
        try {
            return fleet.heads(tenants);
        } catch (SQLException e) {
            throw new dev.migrate.core.DatabaseException(session.url().redacted(), e.getSQLState(),
                    "reading the tenants' version tables: " + e.getMessage(), e);
        }
    }

    /**
     * Each existing tenant's schema fingerprint, read on as many connections as the fleet runs tenants at once, and
     * the tenants that drifted; a line on standard error for one that cannot be read.
     */
    private FleetSchemas schemas(TenantDatabases fleet, List<Tenant> tenants, Map<String, List<String>> heads) {
        List<String> exclude = List.of(dev.migrate.db.TableName.parse(session.config().versionTable()).name(),
                dev.migrate.db.TableName.parse(session.config().auditTable()).name());
        List<Tenant> existing = tenants.stream().filter(t -> heads.containsKey(t.name())).toList();
        Map<String, Fingerprints.Schema> schemas = Fingerprints.read(fleet, existing, exclude, Math.max(1, parallel()), (t, e) -> {
            PrintWriter err = spec.commandLine().getErr();
            synchronized (err) {
                err.println("  " + t.name() + ": its schema could not be read for a fingerprint: " + e.getMessage());
                err.flush();
            }
        });
        return FleetSchemas.of(schemas, Fingerprints.drift(schemas, heads));
    }

    private int finish(FleetReport report, FleetSchemas schemas) {
        Map<TenantResult.Status, Integer> counts = report.counts();
        if (options.report != null) {
            try {
                Files.writeString(main.workingDirectory.resolve(options.report), Json.write(document(report, schemas)) + "\n");
            } catch (IOException e) {
                spec.commandLine().getErr().println("Could not write the report " + options.report + ": " + e.getMessage());
            }
        }
        if (main.json()) {
            JsonOutput.print(spec.commandLine().getOut(), document(report, schemas));
        } else if (!main.quiet || !report.ok()) {
            PrintWriter lines = main.lines(spec);
            StringBuilder s = new StringBuilder("Tenants: ");
            List<String> parts = new ArrayList<>();
            counts.forEach((status, n) -> { if (n > 0) parts.add(n + " " + status.label().replace('_', ' ')); });
            s.append(String.join(", ", parts)).append(" of ").append(report.tenants().size()).append(" in ")
                    .append(String.format(java.util.Locale.ROOT, "%.1f s", report.durationMillis() / 1000.0)).append('.');
            if (counts.getOrDefault(TenantResult.Status.PARTIAL, 0) > 0) {
                s.append(" A tenant stopped part-way in a no-transaction revision: once its state is checked, run again with "
                        + "--retry-partial and the same tenants (see \"Statements that cannot run in a transaction\").");
            }
            if (report.interrupted()) {
                s.append(" Interrupted: run the same command again to finish"
                        + (options.report != null ? " (or with --only-failed " + options.report + ")." : "."));
            } else if (!report.ok()) {
                s.append(options.report != null ? " Fix them, then run again with --only-failed " + options.report + "."
                        : " Run again with --report FILE, then --only-failed FILE, to take just those.");
            }
            lines.println(s);
            if (schemas != null) lines.println(schemas.summary());
            lines.flush();
        }
        return report.interrupted() ? ExitCode.INTERRUPTED : report.ok() ? ExitCode.OK : ExitCode.TENANTS_FAILED;
    }

    private Json.Obj document(FleetReport report, FleetSchemas schemas) {
        Json.Obj counts = Json.object();
        report.counts().forEach((status, n) -> counts.put(status.label(), n));
        List<Object> tenants = new ArrayList<>();
        for (TenantResult r : report.tenants()) {
            Json.Obj t = Json.object().put("tenant", r.tenant()).put("status", r.status().label())
                    .put("heads_before", r.headsBefore()).put("heads_after", r.headsAfter()).put("applied", r.applied())
                    .put("duration_ms", r.durationMillis());
            if (r.error() != null) {
                TenantResult.Error e = r.error();
                t.put("error", Json.object().put("message", e.message()).put("sqlstate", e.sqlState()).put("revision", e.revision())
                        .put("file", e.file() == null ? null : Texts.relative(e.file(), main.workingDirectory)).put("line", e.line() > 0 ? e.line() : null)
                        .put("statement", e.statement()));
            } else {
                t.put("error", null);
            }
            if (schemas != null) t.put("fingerprint", schemas.fingerprints().get(r.tenant())).put("drifted", schemas.drift(r.tenant()) != null);
            tenants.add(t);
        }
        Json.Obj doc = JsonOutput.document(command).put("run_id", report.runId()).put("ok", report.ok()).put("interrupted", report.interrupted()).put("targets", report.tenants().size())
                .put("counts", counts).put("duration_ms", report.durationMillis()).put("p50_ms", report.percentile(50))
                .put("p95_ms", report.percentile(95)).put("tenants", tenants);
        if (schemas != null) schemas.into(doc);
        return doc;
    }
}
