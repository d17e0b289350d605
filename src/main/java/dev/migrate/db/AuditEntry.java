package dev.migrate.db;

import java.time.Instant;
import java.util.List;

/**
 * One row of the audit log: a step of upgrade, downgrade or stamp, an attempt at one, or an accepted checksum.
 *
 * @param kind      {@code upgrade}, {@code downgrade}, {@code stamp} or {@code accept}
 * @param status    one of the {@code STATUS_} constants
 * @param error     the database's message, for a step that did not succeed
 * @param statement the statement that failed or (for {@code running}) was running; null otherwise
 * @param lintIgnored the lint findings the revision's script accepts for this direction, each as {@code rule: reason}
 *                  (see {@code -- migrate:lint-ignore}); empty for most steps
 * @param runId     the run across tenants the step was part of ({@code --tenants}); null for a run of its own
 */
public record AuditEntry(long id, String revision, String kind, List<String> headsBefore, List<String> headsAfter,
                         String checksum, String databaseUser, String osUser, String host, String toolVersion,
                         Instant startedAt, long durationMillis, String status, String error, String statement,
                         List<String> lintIgnored, String runId) {

    /** The step ran and committed. */
    public static final String OK = "ok";
    /** The step failed and was rolled back whole. */
    public static final String FAILED = "failed";
    /** The step failed on a lock timeout, was rolled back, and is tried again. */
    public static final String RETRY = "retry";
    /** The run was interrupted (SIGINT, SIGTERM) and the step rolled back. */
    public static final String INTERRUPTED = "interrupted";
    /** A non-transactional step started; as the last row of its revision it means the process died in it. */
    public static final String RUNNING = "running";
    /** A non-transactional step failed or was interrupted part-way: some of its statements took effect. */
    public static final String PARTIAL = "partial";

    public AuditEntry {
        headsBefore = List.copyOf(headsBefore);
        headsAfter = List.copyOf(headsAfter);
        lintIgnored = lintIgnored == null ? List.of() : List.copyOf(lintIgnored);
    }

    public boolean success() {
        return OK.equals(status);
    }
}
