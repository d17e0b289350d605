package dev.migrate.tenants;

import dev.migrate.core.DatabaseState;
import dev.migrate.core.Migrator;
import dev.migrate.core.Project;
import dev.migrate.core.Settings;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scripts changed since a tenant applied them, found across the fleet without locking a tenant: what a single run's
 * state check finds in one database, so that the fleet does not skip such a tenant at its head.
 */
public final class ChangedScripts {

    private ChangedScripts() {
    }

    /**
     * The tenants where a script's checksum differs from the one last applied there (one batched read of the audit
     * tables): a revision downgraded since counts too, so each is a tenant to look at, not yet one to refuse. A run
     * takes it rather than skipping it, and its state check under its lock tells.
     */
    public static Set<String> suspects(TenantDatabases fleet, List<Tenant> tenants, Project project) throws SQLException {
        Set<String> out = new HashSet<>();
        fleet.appliedChecksums(tenants).forEach((tenant, sums) -> {
            if (DatabaseState.anyChecksumDiffers(project, sums)) out.add(tenant);
        });
        return out;
    }

    /**
     * For each suspect that exists, the revisions changed since they were applied there, from its own state check
     * (read without its lock, as {@code current} and {@code check} read); one that cannot be read is left out.
     */
    public static Map<String, List<String>> confirmed(TenantDatabases fleet, List<Tenant> tenants, Set<String> suspects,
                                                      Map<String, List<String>> heads, Project project, Settings settings) {
        Map<String, List<String>> out = new HashMap<>();
        for (Tenant t : tenants) {
            if (!suspects.contains(t.name()) || !heads.containsKey(t.name())) continue;
            try {
                List<String> ids = new Migrator(project, fleet.database(t), settings).state().changed().stream()
                        .map(DatabaseState.Changed::revision).toList();
                if (!ids.isEmpty()) out.put(t.name(), ids);
            } catch (RuntimeException unreadable) {
                // shown by its heads as they were read
            }
        }
        return out;
    }
}
