package dev.migrate.tenants;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The outcome of a fleet run: one result per tenant, in the tenants' order, and the counts by status.
 *
 * @param runId       one id for the whole run
 * @param interrupted whether a signal stopped the run (the tenants it did not reach are {@code not_started})
 */
public record FleetReport(String runId, String command, List<TenantResult> tenants, long durationMillis, boolean interrupted) {

    public FleetReport {
        tenants = List.copyOf(tenants);
    }

    public Map<TenantResult.Status, Integer> counts() {
        Map<TenantResult.Status, Integer> out = new EnumMap<>(TenantResult.Status.class);
        for (TenantResult.Status s : TenantResult.Status.values()) out.put(s, 0);
        for (TenantResult r : tenants) out.merge(r.status(), 1, Integer::sum);
        return out;
    }

    /** Whether every tenant is at its target (ran or skipped). */
    public boolean ok() {
        return tenants.stream().noneMatch(r -> r.status().unfinished());
    }

    /** The durations' percentile (0 to 100) over the tenants that ran, in milliseconds. */
    public long percentile(int p) {
        List<Long> ran = tenants.stream().filter(r -> r.status() != TenantResult.Status.SKIPPED && r.status() != TenantResult.Status.NOT_STARTED)
                .map(TenantResult::durationMillis).sorted().toList();
        if (ran.isEmpty()) return 0;
        int rank = (int) Math.ceil(p / 100.0 * ran.size()); // nearest-rank percentile
        return ran.get(Math.max(0, Math.min(ran.size(), rank) - 1));
    }

    /**
     * The tenants a report written by {@code --report} left unfinished (failed, locked, not started, ...): what
     * {@code --only-failed} runs again.
     *
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when it is not such a report
     */
    @SuppressWarnings("unchecked")
    public static Set<String> unfinished(Path report) throws IOException {
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(report));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(doc instanceof Map<?, ?> m) || !(m.get("tenants") instanceof List<?> list)) {
            throw new IllegalArgumentException("is not a report of a run with --tenants (no \"tenants\" list)");
        }
        Set<String> out = new LinkedHashSet<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> t) || !(t.get("tenant") instanceof String name) || !(t.get("status") instanceof String status)) {
                throw new IllegalArgumentException("has a tenant entry without \"tenant\" and \"status\": " + o);
            }
            if (!status.equals("ok") && !status.equals("skipped")) out.add(name);
        }
        return out;
    }
}
