package dev.migrate.cli;

import dev.migrate.autogen.Autogenerate;
import dev.migrate.autogen.DesiredSchema;
import dev.migrate.config.AutogenerateConfig;
import dev.migrate.config.Config;
import dev.migrate.config.ConfigException;
import dev.migrate.config.DatabaseUrl;
import dev.migrate.core.Authoring;
import dev.migrate.diff.Change;
import dev.migrate.diff.PostgresChangeSql;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code revision --autogenerate}, {@code diff}, {@code dump-schema} and {@code check} share: the desired schema
 * from the options or migrate.yaml, the comparison options, and how a comparison is printed.
 */
final class Autogen {

    private final Main main;
    private final CommandSpec spec;
    private final Session session;

    Autogen(Main main, CommandSpec spec, Session session) {
        this.main = main;
        this.spec = spec;
        this.session = session;
    }

    /**
     * The scratch databases of one command; with {@code verbose}, how each schema of the revisions was made and how
     * long it took goes to standard error (standard output may be SQL or JSON).
     */
    Workbench workbench(boolean verbose) {
        if (!verbose) return session.workbench();
        PrintWriter err = spec.commandLine().getErr();
        return session.workbench((targets, fromCache, took) -> {
            err.println("The revisions at " + String.join(", ", targets) + (fromCache ? ": cloned from the template cache in "
                    : ": replayed in ") + took.toMillis() + " ms");
            err.flush();
        });
    }

    // ---- revision --autogenerate

    int revision(RevisionCommand c) {
        Config config = session.config();
        AutogenerateConfig ac = config.autogenerate();
        DesiredSchema desired = desired(c.fromSchema, c.fromUrl, c.fromEntities, true);
        boolean asJava = c.java != null ? c.java : config.revisionFormat().equals("java");
        Autogenerate.Options options = options(c.safe != null ? c.safe : ac.safe(), c.verify, asJava);
        Authoring.Request request = new Authoring.Request(c.message, c.revId, c.head, c.splice, c.branchLabels, c.dependsOn,
                c.versionPath == null ? null : main.workingDirectory.resolve(c.versionPath), asJava, config.fileTemplate());
        DesiredSchema.Revisions base = new DesiredSchema.Revisions(List.of(c.head.equals("base") ? "base" : c.head));
        PrintWriter lines = main.lines(spec);
        lines.println("Comparing " + base.describe() + " with " + describe(desired) + " ...");
        lines.flush();
        try (Workbench bench = workbench(c.verbose)) {
            Autogenerate.Generated g = bench.autogenerate().generate(base, desired, options, c.renames == null ? List.of() : c.renames,
                    question(), request, LocalDateTime.now());
            if (g.revisions().isEmpty()) {
                lines.println("No changes: the revisions at " + c.head + " already give " + describe(desired) + ". Nothing was written.");
                if (main.json()) JsonOutput.print(spec.commandLine().getOut(), comparisonDocument("revision", g.comparison(), List.of(), false));
                return ExitCode.OK;
            }
            printChanges(lines, g.comparison().changes(), g.comparison().sql());
            if (g.verified()) {
                lines.println("Verified on scratch databases: the upgrade gives the desired schema, the downgrade gives the "
                        + "revisions' schema back.");
            }
            Authoring authoring = new Authoring(session.project());
            List<Path> files = new ArrayList<>();
            for (Authoring.Prepared p : g.revisions()) {
                Path file = authoring.write(p);
                files.add(file);
                lines.println("Generating " + Texts.relative(file, main.workingDirectory) + " ... done");
            }
            for (String why : g.explanations()) lines.println(why);
            if (main.json()) {
                JsonOutput.print(spec.commandLine().getOut(), comparisonDocument("revision", g.comparison(),
                        files.stream().map(f -> JsonOutput.path(f, main.workingDirectory)).toList(), g.verified()));
            }
            return ExitCode.OK;
        }
    }

    /** On a terminal, asks about each possible rename; elsewhere never (the revision then says DATA LOSS). */
    private Autogenerate.RenameQuestion question() {
        if (System.console() == null || main.json()) return Autogenerate.RenameQuestion.NEVER;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, java.nio.charset.Charset.defaultCharset()));
        PrintWriter err = spec.commandLine().getErr();
        return candidate -> {
            err.print(candidate.question());
            err.flush();
            try {
                String answer = in.readLine();
                return answer != null && answer.strip().toLowerCase(Locale.ROOT).startsWith("y");
            } catch (IOException e) {
                return false;
            }
        };
    }

    // ---- the pieces

    Autogenerate.Options options(boolean safe, boolean verify, boolean java) {
        AutogenerateConfig ac = session.config().autogenerate();
        return new Autogenerate.Options(schemas(), ac.exclude(), safe, ac.strictNames(), verify, java);
    }

    /** The schemas compared: {@code autogenerate_schemas}, else the version table's schema, else {@code public}. */
    List<String> schemas() {
        AutogenerateConfig ac = session.config().autogenerate();
        if (!ac.schemas().isEmpty()) return ac.schemas();
        String table = session.config().versionTable();
        int dot = table.indexOf('.');
        return List.of(dot > 0 ? table.substring(0, dot) : "public");
    }

    /**
     * The desired schema the options name, else the one migrate.yaml configures ({@code schema_files}, then
     * {@code entity_packages}); null when none is and {@code required} is false.
     */
    DesiredSchema desired(List<Path> fromSchema, String fromUrl, boolean fromEntities, boolean required) {
        int given = (fromSchema != null ? 1 : 0) + (fromUrl != null ? 1 : 0) + (fromEntities ? 1 : 0);
        if (given > 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Give one of --from-schema, --from-url and --from-entities.");
        }
        if (fromSchema != null) return new DesiredSchema.SchemaFiles(fromSchema.stream().map(p -> main.workingDirectory.resolve(p).normalize()).toList());
        if (fromUrl != null) return new DesiredSchema.Live(DatabaseUrl.parse(fromUrl, main.workingDirectory));
        if (fromEntities) return entities();
        DesiredSchema configured = configured();
        if (configured == null && required) {
            throw new ConfigException(session.config().file(), "schema_files", null, "no desired schema to compare with",
                    "Pass --from-schema PATH, --from-url URL or --from-entities, or set schema_files or entity_packages in "
                            + Session.DEFAULT_CONFIG);
        }
        return configured;
    }

    /** The source migrate.yaml configures, or null. */
    DesiredSchema configured() {
        List<Path> files = session.schemaFiles();
        if (!files.isEmpty()) return new DesiredSchema.SchemaFiles(files);
        if (!session.config().autogenerate().entityPackages().isEmpty()) return entities();
        return null;
    }

    private DesiredSchema entities() {
        AutogenerateConfig ac = session.config().autogenerate();
        List<Path> classpath = session.classpath();
        if (classpath.isEmpty()) {
            throw new ConfigException(session.config().file(), "classpath", null, "no class path to find the entities on",
                    "Set classpath in " + Session.DEFAULT_CONFIG + " (or pass --classpath) to your compiled classes or jar, "
                            + "e.g. target/classes or build/libs/app.jar, with Hibernate on it");
        }
        return new DesiredSchema.Entities(classpath, ac.entityPackages(), ac.entityNaming(), ac.hibernateProperties());
    }

    /**
     * One side of {@code diff}: {@code heads} or a revision (the revisions replayed), {@code schema} (the configured
     * files) or {@code schema:PATH}, {@code entities}, {@code url:URL}.
     */
    DesiredSchema side(String spec, String option) {
        if (spec.equals("schema")) {
            List<Path> files = session.schemaFiles();
            if (files.isEmpty()) {
                throw new ConfigException(session.config().file(), "schema_files", null, option + " schema needs schema files",
                        "Set schema_files in " + Session.DEFAULT_CONFIG + ", or write " + option + " schema:PATH");
            }
            return new DesiredSchema.SchemaFiles(files);
        }
        if (spec.startsWith("schema:")) return new DesiredSchema.SchemaFiles(List.of(main.workingDirectory.resolve(spec.substring(7)).normalize()));
        if (spec.equals("entities")) return entities();
        if (spec.startsWith("url:")) return new DesiredSchema.Live(DatabaseUrl.parse(spec.substring(4), main.workingDirectory));
        if (spec.equals("database")) return new DesiredSchema.Live(session.url());
        return new DesiredSchema.Revisions(List.of(spec));
    }

    /** What people read, with paths relative to the working directory. */
    String describe(DesiredSchema s) {
        return s.describe().replace(main.workingDirectory.toAbsolutePath().normalize() + java.io.File.separator, "");
    }

    // ---- printing

    /** Each change on a line, with the remarks of its statements (hazards) under it. */
    static void printChanges(PrintWriter out, List<Change> changes, List<PostgresChangeSql.Statement> sql) {
        for (Change c : changes) out.println("  " + (c.losesData() ? "! " : "") + c.describe());
        List<String> notes = new ArrayList<>();
        for (PostgresChangeSql.Statement s : sql) {
            for (String n : s.notes()) if (!notes.contains(n)) notes.add(n);
        }
        if (!notes.isEmpty()) {
            out.println("Review:");
            for (String n : notes) out.println("  - " + n);
        }
    }

    static Json.Obj comparisonDocument(String command, Autogenerate.Comparison c, List<String> files, boolean verified) {
        List<Json.Obj> changes = new ArrayList<>();
        for (Change change : c.changes()) {
            changes.add(Json.object().put("kind", kind(change)).put("description", change.describe()).put("data_loss", change.losesData()));
        }
        List<Json.Obj> statements = new ArrayList<>();
        for (PostgresChangeSql.Statement s : c.sql()) {
            statements.add(Json.object().put("sql", s.sql()).put("revision", s.online() ? 2 : 1).put("notes", s.notes()));
        }
        Json.Obj doc = JsonOutput.document(command).put("changes", changes).put("statements", statements);
        if (command.equals("revision")) doc.put("files", files).put("verified", verified);
        return doc;
    }

    /** {@code add_column} for {@code Change.AddColumn}. */
    static String kind(Change c) {
        return c.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
