package dev.migrate.db;

import java.time.Instant;
import java.util.List;

/**
 * One row of the audit log: a step of upgrade, downgrade or stamp, or a failed attempt at one.
 *
 * @param kind {@code upgrade}, {@code downgrade} or {@code stamp}
 * @param error the database's message when {@code success} is false
 */
public record AuditEntry(long id, String revision, String kind, List<String> headsBefore, List<String> headsAfter,
                         String checksum, String databaseUser, String osUser, String host, String toolVersion,
                         Instant startedAt, long durationMillis, boolean success, String error) {
    public AuditEntry {
        headsBefore = List.copyOf(headsBefore);
        headsAfter = List.copyOf(headsAfter);
    }
}
