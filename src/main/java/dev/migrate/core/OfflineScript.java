package dev.migrate.core;

import dev.migrate.db.AuditEntry;
import dev.migrate.db.VersionStore;
import dev.migrate.graph.Plan;
import dev.migrate.graph.Step;
import dev.migrate.script.RevisionScript;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Renders a plan as a SQL script for a DBA ({@code --sql}): the version and audit tables when starting from an
 * empty database, then per step a comment naming it, its statements, its version-table changes and its audit
 * row, inside the same transaction boundaries the online command uses. Runs with {@code psql -v ON_ERROR_STOP=1}.
 */
final class OfflineScript {
    private OfflineScript() { }

    static String render(String title, Database database, Project project, Plan plan, Map<Step, Body> bodies,
                         boolean createTables, boolean purge) {
        VersionStore store = database.store();
        StringBuilder out = new StringBuilder();
        out.append("-- migrate ").append(Version.get()).append(" offline script (").append(database.dialect().name()).append("): ")
                .append(comment(title)).append('\n');
        out.append(database.dialect().name().equals("sqlite")
                ? "-- SQLite SQL. Run it with: sqlite3 -bail <database file> < <this file>\n\n"
                : "-- PostgreSQL SQL. Run it with: psql -v ON_ERROR_STOP=1 -f <this file>\n\n");
        if (createTables) {
            for (String ddl : store.offlineDdl()) statement(out, ddl);
            out.append('\n');
        }
        if (purge) {
            statement(out, "DELETE FROM " + store.versionTable().sql());
            out.append('\n');
        }
        for (Step step : plan.steps()) {
            RevisionScript script = step.kind() == Step.Kind.STAMP ? null : project.script(step.revision().id());
            out.append("-- Running ").append(comment(step.toString()));
            if (script != null) out.append(" (").append(comment(fileName(script.path()))).append(')');
            out.append('\n');
            boolean transactional = script == null || script.transactional(step.kind() != Step.Kind.DOWNGRADE);
            if (transactional) {
                out.append("BEGIN;\n");
            } else {
                // As online: statements that cannot run in a transaction block each commit on their own; the version
                // change and the audit row follow in a transaction of their own.
                out.append("-- no-transaction: each statement commits on its own\n");
            }
            String revisionId = script == null ? String.join(",", step.toRevisions()) : script.id();
            for (String sql : bodies.get(step).offlineSql()) {
                if (!transactional) {
                    // As online: a `running` row naming the statement before it, so that a run that dies in it leaves
                    // the mark `migrate check` reads ("stopped part-way").
                    for (String audit : store.offlineAudit(new AuditEntry(0, revisionId, step.kind().name().toLowerCase(), step.headsBefore(),
                            step.headsBefore(), script == null ? null : script.checksum(), null, null, null, Version.get(),
                            Instant.EPOCH, 0, AuditEntry.RUNNING, null, sql, List.of(), null))) {
                        statement(out, audit);
                    }
                }
                statement(out, sql);
            }
            if (!transactional) out.append("BEGIN;\n");
            for (String sql : store.offlineSql(step.versionOps())) statement(out, sql);
            String revision = script == null ? String.join(",", step.toRevisions()) : script.id();
            List<String> lintIgnored = StepAudit.lintIgnored(step, script);
            List<String> audit = store.offlineAudit(new AuditEntry(0, revision, step.kind().name().toLowerCase(), step.headsBefore(),
                    step.headsAfter(), script == null ? null : script.checksum(), null, null, null, Version.get(),
                    Instant.EPOCH, 0, AuditEntry.OK, null, null, lintIgnored, null));
            if (!lintIgnored.isEmpty() && audit.size() == 1) {
                // no "ADD COLUMN IF NOT EXISTS" here (SQLite): the reasons stay in the script, where a reviewer reads them
                for (String reason : lintIgnored) out.append("-- lint ignored: ").append(comment(reason)).append('\n');
            }
            for (String sql : audit) statement(out, sql);
            out.append("COMMIT;\n\n");
        }
        return out.toString();
    }

    private static String fileName(Path path) {
        Path name = path.getFileName();
        return name == null ? path.toString() : name.toString();
    }

    /**
     * Text for a {@code --} comment: a revision message or a file name may hold line breaks, and a line after one
     * would no longer be a comment but SQL (a message line {@code DROP TABLE t; --} would drop the table).
     */
    static String comment(String text) {
        return LINE_BREAK.matcher(text).replaceAll("\n--   ");
    }

    /** Every line break that ends a comment for a database or a client: LF, CR, CRLF, and Unicode's own. */
    private static final java.util.regex.Pattern LINE_BREAK = java.util.regex.Pattern.compile("\r\n|[\n\r\u000B\f\u0085\u2028\u2029]");

    /** A statement and its semicolon; on a line of its own when the statement ends in a line comment. */
    private static void statement(StringBuilder out, String sql) {
        String lastLine = sql.substring(sql.lastIndexOf('\n') + 1);
        out.append(sql).append(lastLine.contains("--") ? "\n;" : ";").append('\n');
    }
}
