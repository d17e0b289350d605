package dev.migrate.tenants;

import java.nio.file.Path;
import java.util.List;

/**
 * What became of one tenant in a fleet run.
 *
 * @param applied the revisions applied (or reverted, stamped), in order
 * @param error   why it failed; null when it did not
 */
public record TenantResult(String tenant, Status status, List<String> headsBefore, List<String> headsAfter, List<String> applied,
                           long durationMillis, Error error) {

    public TenantResult {
        headsBefore = List.copyOf(headsBefore);
        headsAfter = List.copyOf(headsAfter);
        applied = List.copyOf(applied);
    }

    /** How a tenant ended. */
    public enum Status {
        /** It ran, and reached its target. */
        OK,
        /** Already at its target: found so by the batched read, never locked. */
        SKIPPED,
        /** A revision failed (rolled back whole), or the tenant could not be reached. */
        FAILED,
        /** Another process held its migration lock for longer than the lock wait. */
        LOCKED,
        /** The run stopped (canary, failure budget, a signal) before reaching it. */
        NOT_STARTED,
        /** Its database has a revision that no script defines. */
        UNKNOWN_REVISION,
        /** A non-transactional revision stopped part-way in it. */
        PARTIAL;

        /** As the report writes it: {@code not_started}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Whether the tenant needs another run. */
        public boolean unfinished() {
            return this != OK && this != SKIPPED;
        }
    }

    /** A failure, as precise as the single run's message: the revision, the file and line, the statement. */
    public record Error(String message, String sqlState, String revision, Path file, int line, String statement) {
        /** A password in the message or the statement (a connection string a revision names) is masked; no statement is null. */
        public Error {
            message = dev.migrate.config.DatabaseUrl.redactText(message);
            statement = statement == null || statement.isBlank() ? null : dev.migrate.config.DatabaseUrl.redactText(statement);
        }

        /** An error that is a message alone: no statement of a revision failed. */
        public static Error of(String message) {
            return new Error(message, null, null, null, 0, null);
        }
    }
}
