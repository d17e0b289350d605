package dev.migrate.core;

import dev.migrate.db.AuditEntry;
import dev.migrate.db.VersionStore;
import dev.migrate.graph.Step;
import dev.migrate.script.LintDirective;
import dev.migrate.script.RevisionScript;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Writes a run's audit rows on its connection, in the caller's transaction. */
final class StepAudit {

    private final VersionStore store;
    private final Connection c;
    private final String dbUser;

    private final String runId;

    /** @param user the database user as the session set-up read it; null: read it now */
    StepAudit(Database database, VersionStore store, Connection c, String runId, String user) throws SQLException {
        this.runId = runId;
        this.store = store;
        this.c = c;
        this.dbUser = user != null ? user : database.dialect().databaseUser(c);
    }

    void record(Step step, RevisionScript script, Instant startedAt, Duration took, String status, String error,
                String statement) throws SQLException {
        store.record(c, entry(step, script, startedAt, took, status, error, statement));
    }

    AuditEntry entry(Step step, RevisionScript script, Instant startedAt, Duration took, String status, String error,
                     String statement) {
        String revision = script == null ? String.join(",", step.toRevisions()) : script.id();
        return new AuditEntry(0, revision, step.kind().name().toLowerCase(), step.headsBefore(),
                AuditEntry.OK.equals(status) ? step.headsAfter() : step.headsBefore(),
                script == null ? null : script.checksum(), dbUser, Environment.osUser(), Environment.host(),
                Version.get(), startedAt, took.toMillis(), status, error, statement, lintIgnored(step, script), runId);
    }

    /** The reasons the script gives for the lint findings it accepts in this step's direction, as the audit row keeps them. */
    static List<String> lintIgnored(Step step, RevisionScript script) {
        if (script == null || step.kind() == Step.Kind.STAMP) return List.of();
        return script.lintIgnores(step.kind() == Step.Kind.UPGRADE).stream()
                .filter(d -> d.reason() != null).map(LintDirective::audited).toList();
    }
}
