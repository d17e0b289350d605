package dev.migrate.spring;

import dev.migrate.Migrate;
import dev.migrate.core.Check;
import dev.migrate.db.AuditEntry;
import dev.migrate.graph.Step;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /actuator/migrate}: the scripts' heads, the database's current revisions, the pending ones, whether
 * {@code check} passes, and the last audit rows. Read-only; expose it as any endpoint
 * ({@code management.endpoints.web.exposure.include=migrate}).
 */
@Endpoint(id = "migrate")
public class MigrateEndpoint {

    static final int AUDIT_ROWS = 20;

    private final Migrate migrate;

    public MigrateEndpoint(Migrate migrate) {
        this.migrate = migrate;
    }

    @ReadOperation
    public Map<String, Object> migrate() {
        Check check = migrate.check();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("heads", check.heads());
        out.put("current", check.state().heads());
        out.put("pending", check.plan().steps().stream().map(Step::toString).toList());
        out.put("ok", check.ok());
        out.put("problems", check.problems(p -> p));
        out.put("audit", migrate.auditLog(AUDIT_ROWS).stream().map(MigrateEndpoint::row).toList());
        return out;
    }

    private static Map<String, Object> row(AuditEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("revision", e.revision());
        m.put("kind", e.kind());
        m.put("status", e.status());
        m.put("started_at", e.startedAt() == null ? null : e.startedAt().toString());
        m.put("duration_ms", e.durationMillis());
        m.put("heads_after", e.headsAfter());
        m.put("os_user", e.osUser());
        m.put("host", e.host());
        m.put("tool_version", e.toolVersion());
        m.put("error", e.error());
        return m;
    }
}
