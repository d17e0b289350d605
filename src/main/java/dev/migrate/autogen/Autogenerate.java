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
                            boolean verified) {
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
        Catalog c = catalog(schema, options);
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
        if (changes.isEmpty()) return new Generated(comparison, List.of(), unconfirmed, false);

        Authoring authoring = new Authoring(project);
        List<PostgresChangeSql.Statement> main = statements.stream().filter(s -> !s.online()).toList();
        List<PostgresChangeSql.Statement> online = statements.stream().filter(PostgresChangeSql.Statement::online).toList();
        List<String> ids = new ArrayList<>();
        List<ScriptWriter.Content> contents = new ArrayList<>();
        List<String> remarks = remarks(changes, unconfirmed);
        if (online.isEmpty()) {
            List<Change> back = Differ.diff(catalogB, catalogA, down);
            contents.add(content(changes, main, back, catalogA, catalogB, false, remarks, options));
            ids.add(Authoring.newId());
        } else {
            // The first revision's upgrade is run to learn the schema between the two, so that both downgrades are
            // diffs of real schemas.
            ids.add(Authoring.newId());
            ids.add(Authoring.newId());
            ScriptWriter.Content first = new ScriptWriter.Content(sqlText(main), "", false, remarks);
            Catalog middle = read(upgradeCopy(a, authoring, request, now, List.of(first), ids.subList(0, 1), options), options);
            List<Change> firstBack = Differ.diff(middle, catalogA, down);
            // The renames happened in the first revision: between the middle schema and the desired one there are none.
            List<Change> secondBack = Differ.diff(catalogB, middle, new Differ.Options(Renames.NONE, options.strictNames()));
            contents.add(content(changes, main, firstBack, catalogA, middle, false, remarks, options));
            contents.add(content(changes, online, secondBack, middle, catalogB, true,
                    List.of("The online part of \"" + request.message() + "\": it runs outside a transaction, after " + ids.get(0) + "."), options));
        }
        List<String> suffixes = contents.size() == 1 ? List.of("") : List.of("", " (online part)");
        List<Authoring.Prepared> prepared = authoring.prepareChain(request, now, contents, ids, suffixes);
        if (options.verify()) verify(a, bScratch, catalogA, catalogB, prepared, base.targets(), options);
        return new Generated(comparison, prepared, unconfirmed, options.verify());
    }

    private ScriptWriter.Content content(List<Change> changes, List<PostgresChangeSql.Statement> up, List<Change> back,
                                         Catalog from, Catalog to, boolean noTransaction, List<String> remarks, Options options) {
        List<PostgresChangeSql.Statement> down = sql.render(back, to, from, false);
        if (options.java()) {
            JavaChangeSource javaUp = new JavaChangeSource(to.defaultSchema() != null ? to.defaultSchema() : from.defaultSchema(),
                    c -> sql.render(List.of(c), from, to, false).stream().map(PostgresChangeSql.Statement::sql).toList());
            JavaChangeSource javaDown = new JavaChangeSource(from.defaultSchema() != null ? from.defaultSchema() : to.defaultSchema(),
                    c -> sql.render(List.of(c), to, from, false).stream().map(PostgresChangeSql.Statement::sql).toList());
            String upJava = options.safe() ? executeLines(up) : javaUp.render(changes);
            return new ScriptWriter.Content(upJava, javaDown.render(back), noTransaction, remarks);
        }
        return new ScriptWriter.Content(sqlText(up), sqlText(down), noTransaction, remarks);
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
