package dev.migrate.lint;

import dev.migrate.autogen.Scratchpad;
import dev.migrate.catalog.Catalog;
import dev.migrate.catalog.CatalogReader;
import dev.migrate.core.Database;
import dev.migrate.core.MigrationFailedException;
import dev.migrate.core.MigrationListener;
import dev.migrate.core.Migrator;
import dev.migrate.core.Project;
import dev.migrate.core.RunOptions;
import dev.migrate.core.Settings;
import dev.migrate.db.ConnectionSettings;
import dev.migrate.db.TableName;
import dev.migrate.diff.Change;
import dev.migrate.diff.Differ;
import dev.migrate.graph.Plan;
import dev.migrate.graph.Step;
import dev.migrate.script.RevisionScript;
import dev.migrate.script.SqlSplitter;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The trace of a range of revisions on one shadow database: made at the heads before the first (replayed, or cloned
 * from the template cache that autogenerate keeps), then for each revision in upgrade order its transactional
 * statements are traced ({@link PostgresTrace}, rolled back) and the revision is applied through the normal upgrade
 * path, so that the next one is traced on its parents' schema. With {@code roundtrip}, each revision's downgrade
 * must give back exactly the catalog it started from, and the upgrade then runs again.
 */
public final class ShadowTrace {

    /**
     * How to trace: the session's TimeZone as production has it (null: the server's), and the roundtrip check over
     * the catalog of {@code schemas} (as autogenerate compares them).
     */
    public record Options(String timeZone, boolean roundtrip, List<String> schemas) {
        public Options {
            schemas = schemas == null || schemas.isEmpty() ? List.of("public") : List.copyOf(schemas);
        }
    }

    private final Project project;
    private final Scratchpad scratch;
    private final TableName versionTable;
    private final TableName auditTable;
    private final Settings settings;
    private final Function<RevisionScript, List<SqlSplitter.Statement>> statements;

    /**
     * @param statements the upgrade statements of a revision that runs in a transaction, with their lines (an SQL
     *                   section split, a Java revision's operations rendered); empty for one that cannot be traced
     */
    public ShadowTrace(Project project, Scratchpad scratch, TableName versionTable, TableName auditTable, Settings settings,
                       Function<RevisionScript, List<SqlSplitter.Statement>> statements) {
        this.project = project;
        this.scratch = scratch;
        this.versionTable = versionTable;
        this.auditTable = auditTable;
        this.settings = settings;
        this.statements = statements;
    }

    /** The findings of the upgrade steps of {@code plan}, in order. */
    public List<Finding> trace(Plan plan, Options options) {
        return trace(plan, options, id -> true);
    }

    /** The findings of the steps of {@code plan} that {@code traced} accepts; the others are only applied. */
    public List<Finding> trace(Plan plan, Options options, java.util.function.Predicate<String> traced) {
        List<Finding> out = new ArrayList<>();
        if (plan.steps().isEmpty()) return out;
        List<String> start = plan.steps().get(0).headsBefore();
        Scratchpad.Scratch shadow = scratch.atRevisions(start.isEmpty() ? List.of("base") : start);
        Database db = Database.of(shadow.url(), versionTable, auditTable, new ConnectionSettings("migrate lint",
                Database.DEFAULT_NETWORK_TIMEOUT, settings.lockWait()));
        Migrator migrator = new Migrator(project, db, settings);
        for (Step step : plan.steps()) {
            if (step.kind() != Step.Kind.UPGRADE) continue;
            String id = step.revision().id();
            RevisionScript script = project.script(id);
            if (script == null) continue;
            List<SqlSplitter.Statement> body = traced.test(id) && script.transactional(true) ? statements.apply(script) : List.of();
            if (!body.isEmpty()) {
                try {
                    out.addAll(db.read(c -> new PostgresTrace(c).trace(id, script.path(), body, options.timeZone())));
                } catch (RuntimeException e) {
                    out.add(new Finding("does-not-run", Severity.ERROR, id, script.path(), 0, null, null,
                            "fails on its parents' schema: " + rootMessage(e), "Fix the revision; `migrate upgrade` would fail the same way.", null));
                    return out;
                }
            }
            Catalog before = options.roundtrip() ? catalog(db, options) : null;
            try {
                migrator.upgrade(id, RunOptions.DEFAULT, MigrationListener.NONE);
            } catch (MigrationFailedException e) {
                out.add(new Finding("does-not-run", Severity.ERROR, id, script.path(), e.line(), e.statement(), null,
                        "fails on its parents' schema: " + e.databaseMessage(), "Fix the revision; `migrate upgrade` would fail the same way.", null));
                return out;
            }
            if (traced.test(id) && options.roundtrip() && script.hasDowngrade() && step.revision().downRevisions().size() <= 1) {
                roundtrip(shadow, step, script, before, out, options);
            }
        }
        return out;
    }

    /** The downgrade, on a copy of the shadow just after the upgrade: the shadow itself goes on to the next revision. */
    private void roundtrip(Scratchpad.Scratch shadow, Step step, RevisionScript script, Catalog before, List<Finding> out,
                           Options options) {
        String id = step.revision().id();
        List<String> down = step.revision().downRevisions();
        Scratchpad.Scratch copy = scratch.copy(shadow);
        Database db = Database.of(copy.url(), versionTable, auditTable, new ConnectionSettings("migrate lint",
                Database.DEFAULT_NETWORK_TIMEOUT, settings.lockWait()));
        try {
            new Migrator(project, db, settings).downgrade(down.isEmpty() ? "base" : down.get(0), RunOptions.DEFAULT, MigrationListener.NONE);
        } catch (MigrationFailedException e) {
            out.add(new Finding("roundtrip", Severity.ERROR, id, script.path(), e.line(), e.statement(), null,
                    "the downgrade fails right after the upgrade: " + e.databaseMessage(), "Fix the downgrade section.", null));
            return;
        }
        List<Change> left = Differ.diff(catalog(db, options), before);
        if (!left.isEmpty()) {
            out.add(new Finding("roundtrip", Severity.ERROR, id, script.path(), 0, null, null,
                    "the downgrade does not give back the schema the upgrade started from: " + describe(left),
                    "Make the downgrade undo exactly what the upgrade does.", null));
        }
    }

    private static String describe(List<Change> changes) {
        List<String> shown = changes.stream().limit(5).map(Change::describe).toList();
        return String.join("; ", shown) + (changes.size() > 5 ? "; and " + (changes.size() - 5) + " more" : "");
    }

    private Catalog catalog(Database db, Options options) {
        return db.read(c -> CatalogReader.of("postgresql").read(c, options.schemas(), List.of(versionTable.name(), auditTable.name())));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t instanceof SQLException s ? s.getMessage() : String.valueOf(t.getMessage());
    }
}
