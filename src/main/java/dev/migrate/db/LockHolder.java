package dev.migrate.db;

import java.time.OffsetDateTime;

/**
 * Who holds the migration lock, as far as the database can tell: for PostgreSQL from {@code pg_stat_activity}.
 * Any field may be null.
 */
public record LockHolder(Integer pid, String applicationName, String clientAddress, OffsetDateTime since) {
    /** One phrase for messages: {@code pid 4711 (migrate upgrade, 10.0.0.5) since 2026-11-21T10:30:00Z}. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        s.append(pid == null ? "another process" : "pid " + pid);
        String app = applicationName == null || applicationName.isBlank() ? null : applicationName;
        if (app != null || clientAddress != null) {
            s.append(" (");
            if (app != null) s.append(app);
            if (app != null && clientAddress != null) s.append(", ");
            if (clientAddress != null) s.append(clientAddress);
            s.append(')');
        }
        if (since != null) s.append(" since ").append(since);
        return s.toString();
    }
}
