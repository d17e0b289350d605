package dev.migrate.autogen;

import dev.migrate.catalog.Catalog;
import dev.migrate.catalog.CatalogReader;
import dev.migrate.core.Authoring;
import dev.migrate.core.Database;
import dev.migrate.core.MigrationListener;
import dev.migrate.core.Migrator;
import dev.migrate.core.Project;
import dev.migrate.core.RunOptions;
import dev.migrate.core.Settings;
import dev.migrate.db.ConnectionSettings;
import dev.migrate.db.TableName;
import dev.migrate.diff.Change;
import dev.migrate.diff.Differ;
import dev.migrate.diff.JavaChangeSource;
import dev.migrate.diff.PostgresChangeSql;
import dev.migrate.diff.Renames;
import dev.migrate.script.JavaRevisionLoader;
import dev.migrate.script.ScriptWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Autogenerate: the revision that takes the schema of the project's revisions to a desired schema, proven before it
 * is written. Both schemas are materialised in scratch databases on the same server and read back through its
 * catalog; the upgrade is the diff from the revisions' schema to the desired one, the downgrade the diff back (never
 * an inversion). The texts about to be written are then run through the normal upgrade and downgrade code path on
 * a copy of the revisions' schema, and must read back equal to the desired schema and to the original again.
 */
public final class Autogenerate {

    /** How to compare and what to write. */
    public record Options(List<String> schemas, List<String> exclude, boolean safe, boolean strictNames, boolean verify,
                          boolean java) {
        public Options {
            schemas = List.copyOf(schemas);
            exclude = List.copyOf(exclude);
        }
    }

    /** Asks whether a column that goes and one that comes with the same definition are one column renamed. */
    @FunctionalInterface
    public interface RenameQuestion {
        RenameQuestion NEVER = c -> false;

        boolean renamed(Renames.Candidate candidate);
    }

    /** Where the schemas come from and go to. */
    public interface Sources {
        /** Loads a desired schema (SQL files or entity DDL) into an empty scratch database. */
        void load(DesiredSchema schema, Scratchpad.Scratch into);
    }

    /** Two schemas compared. */
    public record Comparison(Catalog from, Catalog to, List<Change> changes, List<PostgresChangeSql.Statement> sql) {
        public boolean isEmpty() { return changes.isEmpty(); }
    }

    /**
     * A generated revision (or two in safe mode: the second runs outside a transaction), verified unless verification
     * was turned off, not written yet.
     */
    public record Generated(Comparison comparison, List<Authoring.Prepared> revisions, List<Renames.Candidate> unconfirmed,
                            boolean verified, List<String> explanations) {
        public Generated {
            explanations = List.copyOf(explanations);
        }
    }

    private final Project project;
    private final Scratchpad scratch;
    private final CatalogReader reader;
    private final ChangeSql sql;
    private final Sources sources;
    private final TableName versionTable;
    private final TableName auditTable;
    private final Settings settings;
    private final JavaRevisionLoader java;

    /**
     * @param java loads Java revisions (the project's class path) when the new revisions are verified with the others
     */
    public Autogenerate(Project project, Scratchpad scratch, CatalogReader reader, ChangeSql sql, Sources sources,
                        TableName versionTable, TableName auditTable, Settings settings, JavaRevisionLoader java) {
        this.project = project;
        this.scratch = scratch;
        this.reader = reader;
        this.sql = sql;
        this.sources = sources;
        this.versionTable = versionTable;
        this.auditTable = auditTable;
        this.settings = settings;
        this.java = java;
    }

    /** The catalog of a schema source. */
    public Catalog catalog(DesiredSchema schema, Options options) {
        if (schema instanceof DesiredSchema.Live live) return read(Database.of(live.url(), versionTable, auditTable, "migrate autogenerate"), options);
        return read(materialise(schema), options);
    }

    /**
     * The schema as ordered, deterministic SQL rendered from the catalog: what {@code dump-schema} prints, and a
     * schema file that autogenerate reads back as the same schema.
     */
    public String dumpSchema(DesiredSchema schema, Options options) {
        return dump(catalog(schema, options), sql);
    }

    /**
     * A catalog as ordered, deterministic SQL: its objects created from nothing, in dependency order, those of its
     * default schema unqualified. Two catalogs give the same text exactly when they hold the same schema.
     */
    public static String dump(Catalog c, ChangeSql sql) {
        Catalog empty = Catalog.empty(c.dialect(), c.defaultSchema());
        return sqlText(sql.render(Differ.diff(empty, c), empty, c, false));
    }

    /** The difference between two schema sources, rendered as SQL (not online-safe: a report, not a revision). */
    public Comparison compare(DesiredSchema from, DesiredSchema to, Options options, List<String> renameHints) {
        Catalog a = catalog(from, options);
        Catalog b = catalog(to, options);
        Renames renames = Renames.parse(renameHints, a, b);
        List<Change> changes = Differ.diff(a, b, new Differ.Options(renames, options.strictNames()));
        return new Comparison(a, b, changes, sql.render(changes, a, b, false));
    }

    /**
     * The revision(s) from the revisions at {@code base.targets()} to {@code desired}.
     *
     * @param request the new revision's message, head and file options, as for an empty revision
     */
    public Generated generate(DesiredSchema.Revisions base, DesiredSchema desired, Options options, List<String> renameHints,
                              RenameQuestion question, Authoring.Request request, LocalDateTime now) {
        Scratchpad.Scratch a = scratch.atRevisions(base.targets());
        Catalog catalogA = read(a, options);
        Scratchpad.Scratch bScratch = desired instanceof DesiredSchema.Live ? null : materialise(desired);
        Catalog catalogB = bScratch == null ? catalog(desired, options) : read(bScratch, options);

        Renames renames = Renames.parse(renameHints, catalogA, catalogB);
        List<Renames.Candidate> unconfirmed = new ArrayList<>();
        for (Renames.Candidate c : Renames.candidates(catalogA, catalogB, renames)) {
            boolean taken = renames.columns().getOrDefault(c.table(), Map.of()).containsValue(c.to())
                    || renames.columns().getOrDefault(c.table(), Map.of()).containsKey(c.from());
            if (taken) continue;
            if (question.renamed(c)) renames = renames.withColumn(c.table(), c.from(), c.to());
            else unconfirmed.add(c);
        }
        Differ.Options up = new Differ.Options(renames, options.strictNames());
        Differ.Options down = new Differ.Options(renames.reversed(), options.strictNames());
        List<Change> changes = Differ.diff(catalogA, catalogB, up);
        List<PostgresChangeSql.Statement> statements = sql.render(changes, catalogA, catalogB, options.safe());
        Comparison comparison = new Comparison(catalogA, catalogB, changes, statements);
        if (changes.isEmpty()) return new Generated(comparison, List.of(), unconfirmed, false, List.of());

        Authoring authoring = new Authoring(project);
        List<Part> parts = parts(changes, catalogA, catalogB, options, request.message());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) ids.add(Authoring.newId());
        List<String> remarks = remarks(changes, unconfirmed);
        // Each revision but the last is run on a copy of A to learn the schema after it, so that every downgrade is
        // the diff of two real schemas.
        List<Catalog> states = new ArrayList<>();
        states.add(catalogA);
        List<ScriptWriter.Content> ups = new ArrayList<>();
        for (int i = 0; i < parts.size() - 1; i++) {
            Part part = parts.get(i);
            ups.add(new ScriptWriter.Content(sqlText(part.statements()), "", part.noTransaction(), remarks));
            states.add(read(upgradeCopy(a, authoring, request, now, ups, ids.subList(0, i + 1), options), options));
        }
        states.add(catalogB);
        List<ScriptWriter.Content> contents = new ArrayList<>();
        List<String> suffixes = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            Part part = parts.get(i);
            Catalog from = states.get(i);
            Catalog to = states.get(i + 1);
            // Renames happen in the part that holds the tables' changes: between the other states there are none.
            Differ.Options back = part.renames() ? down : new Differ.Options(Renames.NONE, options.strictNames());
            List<String> partRemarks = i == 0 ? remarks : List.of(part.remark().replace("{previous}", ids.get(i - 1)));
            contents.add(content(part, Differ.diff(to, from, back), catalogA, catalogB, from, to, partRemarks, options));
            suffixes.add(part.suffix());
        }
        List<Authoring.Prepared> prepared = authoring.prepareChain(request, now, contents, ids, suffixes);
        if (options.verify()) verify(a, bScratch, catalogA, catalogB, prepared, base.targets(), options);
        List<String> explanations = new ArrayList<>();
        for (Part part : parts) if (part.explanation() != null) explanations.add(part.explanation());
        return new Generated(comparison, prepared, unconfirmed, options.verify(), explanations);
    }

    /**
     * One revision of the output. Most change sets make one; two or three when some statements must be committed
     * before others can run: enum labels that the rest uses (PostgreSQL refuses a label added in the same
     * transaction), and in safe mode the online statements, which run outside a transaction.
     */
    private record Part(List<Change> changes, List<PostgresChangeSql.Statement> statements, boolean noTransaction,
                        boolean renames, String suffix, String remark, String explanation) {
    }

    private List<Part> parts(List<Change> changes, Catalog a, Catalog b, Options options, String message) {
        List<Change> labels = changes.stream().filter(c -> c instanceof Change.AddEnumValue).toList();
        List<Change> rest = changes.stream().filter(c -> !(c instanceof Change.AddEnumValue)).toList();
        List<PostgresChangeSql.Statement> restSql = sql.render(rest, a, b, options.safe());
        boolean split = !labels.isEmpty() && usesAny(restSql, labels);
        List<Change> mainChanges = split ? rest : changes;
        List<PostgresChangeSql.Statement> statements = split ? restSql : sql.render(changes, a, b, options.safe());
        List<PostgresChangeSql.Statement> main = statements.stream().filter(s -> !s.online()).toList();
        List<PostgresChangeSql.Statement> online = statements.stream().filter(PostgresChangeSql.Statement::online).toList();
        String name = message == null ? "this change" : "\"" + message + "\"";
        List<Part> parts = new ArrayList<>();
        if (split) {
            parts.add(new Part(labels, sql.render(labels, a, b, options.safe()), false, false, " (new enum labels)", "",
                    "The first revision adds the enum labels that the next one uses: PostgreSQL cannot use a label in the "
                            + "transaction that adds it."));
        }
        if (!main.isEmpty() || online.isEmpty()) {
            parts.add(new Part(mainChanges, main, false, true, parts.isEmpty() ? "" : " (changes)",
                    "The part of " + name + " that uses the enum labels added by {previous}, once they are committed.", null));
        }
        if (!online.isEmpty()) {
            parts.add(new Part(mainChanges, online, true, parts.isEmpty(), parts.isEmpty() ? "" : " (online part)",
                    "The online part of " + name + ": it runs outside a transaction, after {previous}.",
                    (parts.isEmpty() ? "The revision" : "The last revision") + " builds indexes and validates constraints "
                            + "outside a transaction, so that writes to the tables go on meanwhile."));
        }
        return parts;
    }

    /** Whether a statement names one of the labels: PostgreSQL cannot use a label before the transaction that adds it commits. */
    private static boolean usesAny(List<PostgresChangeSql.Statement> statements, List<Change> labels) {
        for (Change c : labels) {
            String literal = dev.migrate.catalog.Identifiers.literal(((Change.AddEnumValue) c).value());
            for (PostgresChangeSql.Statement s : statements) {
                if (s.sql().contains(literal)) return true;
            }
        }
        return false;
    }

    private ScriptWriter.Content content(Part part, List<Change> back, Catalog a, Catalog b, Catalog from, Catalog to,
                                         List<String> remarks, Options options) {
        List<PostgresChangeSql.Statement> down = sql.render(back, to, from, false);
        if (options.java()) {
            JavaChangeSource javaDown = new JavaChangeSource(from.defaultSchema() != null ? from.defaultSchema() : to.defaultSchema(),
                    c -> sql.render(List.of(c), to, from, false).stream().map(PostgresChangeSql.Statement::sql).toList());
            return new ScriptWriter.Content(javaUp(part, a, b, options), javaDown.render(back), part.noTransaction(), remarks);
        }
        return new ScriptWriter.Content(sqlText(part.statements()), sqlText(down), part.noTransaction(), remarks);
    }

    /**
     * The upgrade on the operations API. In safe mode a change whose careful form differs from the plain one (an
     * index built concurrently, a constraint added {@code NOT VALID} and validated) keeps its PostgreSQL statements,
     * as {@code op.execute}, in the part they belong to; every other change is written with the API.
     */
    private String javaUp(Part part, Catalog a, Catalog b, Options options) {
        JavaChangeSource api = new JavaChangeSource(b.defaultSchema() != null ? b.defaultSchema() : a.defaultSchema(),
                c -> sql.render(List.of(c), a, b, false).stream().map(PostgresChangeSql.Statement::sql).toList());
        StringBuilder out = new StringBuilder();
        for (Change c : part.changes()) {
            List<PostgresChangeSql.Statement> careful = sql.render(List.of(c), a, b, options.safe());
            List<PostgresChangeSql.Statement> here = careful.stream().filter(s -> s.online() == part.noTransaction()).toList();
            if (here.isEmpty()) continue;
            boolean plain = careful.equals(sql.render(List.of(c), a, b, false));
            out.append(plain ? api.render(List.of(c)) : executeLines(here));
        }
        return out.toString();
    }

    private static String executeLines(List<PostgresChangeSql.Statement> statements) {
        StringBuilder b = new StringBuilder();
        for (PostgresChangeSql.Statement s : statements) {
            for (String note : s.notes()) b.append("// ").append(note).append('\n');
            b.append("op.execute(").append(javaString(s.sql())).append(");\n");
        }
        return b.toString();
    }

    private static String javaString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + "\"";
    }

    /** Statements as a script to run with psql or sqlite3: each with its remarks above it. */
    public static String sqlScript(List<PostgresChangeSql.Statement> statements) {
        return sqlText(statements);
    }

    /** Statements as a script section: each with its remarks above it, ended by a semicolon. */
    static String sqlText(List<PostgresChangeSql.Statement> statements) {
        StringBuilder b = new StringBuilder();
        for (PostgresChangeSql.Statement s : statements) {
            for (String note : s.notes()) b.append("-- ").append(note).append('\n');
            b.append(s.sql()).append(";\n");
        }
        return b.toString();
    }

    private static List<String> remarks(List<Change> changes, List<Renames.Candidate> unconfirmed) {
        List<String> r = new ArrayList<>();
        r.add("Generated by migrate revision --autogenerate; review it before you commit it.");
        for (Renames.Candidate c : unconfirmed) {
            r.add("DATA LOSS: " + c.table() + "." + c.from() + " is dropped and " + c.to() + " added. If it was renamed, run again with "
                    + "--rename " + c.table().name() + "." + c.from() + "=" + c.to() + ".");
        }
        return r;
    }

    // ---- verification: the texts about to be written, through the normal code path

    private void verify(Scratchpad.Scratch a, Scratchpad.Scratch b, Catalog catalogA, Catalog catalogB,
                        List<Authoring.Prepared> prepared, List<String> baseTargets, Options options) {
        Path dir = temporaryLocation(prepared);
        try {
            Project withNew = projectWith(dir);
            String newHead = prepared.get(prepared.size() - 1).id();
            Scratchpad.Scratch copy = scratch.copy(a);
            Migrator m = migrator(withNew, copy);
            String up = "the upgrade applied to the revisions' schema";
            run(up, () -> m.upgrade(newHead, RunOptions.DEFAULT, MigrationListener.NONE));
            expectSame(up, read(copy, options), catalogB, options);
            String down = "the downgrade applied after the upgrade";
            run(down, () -> m.downgrade(downTarget(prepared), RunOptions.DEFAULT, MigrationListener.NONE));
            expectSame(down, read(copy, options), catalogA, options);
            if (b != null) {
                Scratchpad.Scratch fromB = scratch.copy(b);
                Migrator mb = migrator(withNew, fromB);
                String downB = "the downgrade applied to the desired schema";
                run(downB, () -> {
                    mb.stamp(List.of(newHead), false, MigrationListener.NONE);
                    return mb.downgrade(downTarget(prepared), RunOptions.DEFAULT, MigrationListener.NONE);
                });
                expectSame(downB, read(fromB, options), catalogA, options);
            }
        } finally {
            deleteTree(dir);
        }
    }

    /** Runs a verification step; a statement that fails there fails the verification, naming it. */
    private static void run(String step, java.util.function.Supplier<?> work) {
        try {
            work.get();
        } catch (dev.migrate.core.MigrationFailedException e) {
            throw new VerificationFailedException(step, e);
        }
    }

    /** One step below the first new revision: where the database was before it. */
    private static String downTarget(List<Authoring.Prepared> prepared) {
        return prepared.get(0).id() + "-1";
    }

    private void expectSame(String what, Catalog actual, Catalog expected, Options options) {
        List<Change> rest = Differ.diff(actual, expected, new Differ.Options(Renames.NONE, options.strictNames()));
        if (!rest.isEmpty()) throw new VerificationFailedException(what, rest);
    }

    private Scratchpad.Scratch upgradeCopy(Scratchpad.Scratch a, Authoring authoring, Authoring.Request request, LocalDateTime now,
                                           List<ScriptWriter.Content> contents, List<String> ids, Options options) {
        Authoring.Request sqlRequest = new Authoring.Request(request.message(), null, request.head(), request.splice(),
                request.branchLabels(), request.dependsOn(), request.versionPath(), false, request.fileTemplate());
        List<Authoring.Prepared> prepared = authoring.prepareChain(sqlRequest, now, contents, ids, List.of(""));
        Path dir = temporaryLocation(prepared);
        try {
            Scratchpad.Scratch copy = scratch.copy(a);
            migrator(projectWith(dir), copy).upgrade(ids.get(ids.size() - 1), RunOptions.DEFAULT, MigrationListener.NONE);
            return copy;
        } finally {
            deleteTree(dir);
        }
    }

    private Path temporaryLocation(List<Authoring.Prepared> prepared) {
        try {
            Path dir = Files.createTempDirectory("migrate-autogenerate");
            for (Authoring.Prepared p : prepared) Files.writeString(dir.resolve(p.file().getFileName()), p.text());
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the revision to verify it: " + e.getMessage(), e);
        }
    }

    private Project projectWith(Path dir) {
        List<Path> locations = new ArrayList<>(project.versionLocations());
        locations.add(dir);
        return Project.load(locations, java);
    }

    private Migrator migrator(Project p, Scratchpad.Scratch s) {
        Database db = Database.of(s.url(), versionTable, auditTable, new ConnectionSettings("migrate autogenerate",
                Database.DEFAULT_NETWORK_TIMEOUT, settings.lockWait()));
        return new Migrator(p, db, settings);
    }

    // ---- reading

    private Scratchpad.Scratch materialise(DesiredSchema schema) {
        if (schema instanceof DesiredSchema.Revisions r) return scratch.atRevisions(r.targets());
        Scratchpad.Scratch s = scratch.empty();
        sources.load(schema, s);
        return s;
    }

    private Catalog read(Scratchpad.Scratch s, Options options) {
        return read(Database.of(s.url(), versionTable, auditTable, "migrate autogenerate"), options);
    }

    private Catalog read(Database db, Options options) {
        List<String> exclude = new ArrayList<>(options.exclude());
        exclude.add(versionTable.name());
        exclude.add(auditTable.name());
        return db.read(c -> reader.read(c, options.schemas(), exclude));
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
