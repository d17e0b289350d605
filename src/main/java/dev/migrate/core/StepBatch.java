package dev.migrate.core;

import dev.migrate.db.AuditEntry;
import dev.migrate.db.VersionStore;
import dev.migrate.graph.Step;
import dev.migrate.script.RevisionScript;
import dev.migrate.script.SqlSplitter;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Consecutive steps sent to the server in one round trip. PostgreSQL runs the statements that arrive together one
 * after another, and after one fails skips the rest. Each step stays a transaction of its own, as when it runs alone:
 * {@code BEGIN}, the revision's statements, then the end that {@link VersionStore#batchedEnd} writes (the guard, a
 * check that the version table is where this step starts, the version changes, the audit row) and {@code COMMIT}. The
 * check makes the order safe even where the driver splits the batch: a step cannot commit unless the one before it did.
 *
 * <p>What a batch saves is a round trip for every statement and every step's end: on a fleet, most of a tenant's
 * time that is not the server's own work. Only steps whose statements are all known before they run go in a batch:
 * transactional SQL revisions without timeouts of their own. Java revisions, no-transaction revisions and stamps run
 * on their own.
 *
 * @param statements how many statements the batch sends, migrate's own included
 */
record StepBatch(List<Step> steps, String sql, int statements) {

    /**
     * At most this many statements go together. The driver reads answers part-way through a longer batch (it counts on
     * 64 kB of them): still safe, but no longer one round trip.
     */
    static final int MAX_STATEMENTS = 200;

    /**
     * The batch that starts at {@code steps[from]}: the steps from there that can go in one, up to
     * {@link #MAX_STATEMENTS}; null when fewer than two can. A step that fails in a batch runs again on its own to
     * report its failure, so a lone step gains nothing from one.
     *
     * @param entry       the audit row of a step that succeeds (its start and duration are the server's)
     * @param ownTimeouts whether a script sets timeouts of its own, which are set around it
     */
    static StepBatch of(Project project, VersionStore store, List<Step> steps, int from, Map<Step, Body> bodies,
                        Function<Step, AuditEntry> entry, Predicate<RevisionScript> ownTimeouts) {
        StringBuilder sql = new StringBuilder();
        List<Step> in = new ArrayList<>();
        int statements = 0;
        for (int i = from; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (step.kind() == Step.Kind.STAMP || !(bodies.get(step) instanceof Body.SqlBody body)) break;
            RevisionScript script = project.script(step.revision().id());
            if (!script.transactional(step.kind() != Step.Kind.DOWNGRADE) || ownTimeouts.test(script)) break;
            int n = body.statements().size() + 4;
            if (statements + n > MAX_STATEMENTS) break;
            String end = store.batchedEnd(step.versionOps(), step.headsBefore(), entry.apply(step));
            if (end == null) break;
            sql.append("BEGIN;\n");
            // A new line before each semicolon: a statement may end in a line comment.
            for (SqlSplitter.Statement st : body.statements()) sql.append(st.sql()).append("\n;\n");
            sql.append(end).append(";\n");
            in.add(step);
            statements += n;
        }
        return in.size() < 2 ? null : new StepBatch(List.copyOf(in), sql.toString(), statements);
    }

    /** The duration of each step that committed, in order, read from the answers to the batch. */
    static List<Long> durations(Statement st, boolean isResult) throws SQLException {
        List<Long> out = new ArrayList<>();
        while (true) {
            if (isResult) {
                try (ResultSet rs = st.getResultSet()) {
                    ResultSetMetaData md = rs.getMetaData();
                    if (md.getColumnCount() == 1 && VersionStore.BATCHED_STEP.equalsIgnoreCase(md.getColumnLabel(1)) && rs.next()) {
                        out.add(rs.getLong(1));
                    }
                }
            } else if (st.getUpdateCount() == -1) {
                return out;
            }
            isResult = st.getMoreResults();
        }
    }

    /**
     * How many of the batch's steps committed, from the version table's rows after it stopped: the index of the step
     * that starts where the table is; all when it is where the last one ends; -1 when it is at no step of the batch.
     */
    int committed(List<String> heads) {
        HashSet<String> now = new HashSet<>(heads);
        for (int i = 0; i < steps.size(); i++) {
            if (new HashSet<>(steps.get(i).headsBefore()).equals(now)) return i;
        }
        return new HashSet<>(steps.get(steps.size() - 1).headsAfter()).equals(now) ? steps.size() : -1;
    }
}
