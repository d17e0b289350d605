package dev.migrate.cli;

import dev.migrate.tenants.Fingerprints;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fingerprints of a fleet command with {@code --fingerprint}, and how they are shown: after each tenant's heads,
 * in a summary line, in the JSON document.
 *
 * @param fingerprints each tenant's fingerprint, in the tenants' order
 */
record FleetSchemas(Map<String, String> fingerprints, List<Fingerprints.Drift> drift) {

    static FleetSchemas of(Map<String, Fingerprints.Schema> schemas, List<Fingerprints.Drift> drift) {
        Map<String, String> byTenant = new LinkedHashMap<>();
        schemas.forEach((t, schema) -> byTenant.put(t, schema.fingerprint()));
        return new FleetSchemas(byTenant, drift);
    }

    Fingerprints.Drift drift(String tenant) {
        return drift.stream().filter(d -> d.tenant().equals(tenant)).findFirst().orElse(null);
    }

    /** After a tenant's heads: {@code , schema 3f2a9c1b0e4d}, and when it drifted, from what and how, line by line. */
    String describe(String tenant) {
        String fp = fingerprints.get(tenant);
        if (fp == null) return "";
        StringBuilder b = new StringBuilder(", schema ").append(Fingerprints.shortForm(fp));
        Fingerprints.Drift d = drift(tenant);
        if (d == null) return b.toString();
        b.append(d.majority() == null ? " (drift: the " + d.atSameHeads() + " tenants at these heads share no one schema)"
                : " (drift: " + d.sharing() + " of the " + d.atSameHeads() + " tenants at these heads have schema "
                + Fingerprints.shortForm(d.majority()) + ")");
        for (String l : d.added()) b.append("\n    + ").append(l);
        for (String l : d.missing()) b.append("\n    - ").append(l);
        if (!d.added().isEmpty() || !d.missing().isEmpty()) {
            b.append("\n    (+ only in ").append(tenant).append(", - only in ").append(d.comparedWith()).append(")");
        }
        return b.toString();
    }

    String summary() {
        String counted = "Schemas: " + Progress.plural((int) distinct(), "fingerprint") + " among "
                + Progress.plural(fingerprints.size(), "tenant");
        if (drift.isEmpty()) return counted + "; the tenants at the same heads have the same schema.";
        return counted + "; drifted from the others at the same heads: "
                + String.join(", ", drift.stream().map(Fingerprints.Drift::tenant).toList()) + ".";
    }

    void into(Json.Obj doc) {
        List<Object> list = new ArrayList<>();
        for (Fingerprints.Drift d : drift) {
            list.add(Json.object().put("tenant", d.tenant()).put("fingerprint", d.fingerprint()).put("majority", d.majority())
                    .put("sharing", d.sharing()).put("at_same_heads", d.atSameHeads()).put("compared_with", d.comparedWith())
                    .put("only_here", d.added()).put("only_there", d.missing()));
        }
        doc.put("fingerprints", distinct()).put("drift", list);
    }

    private long distinct() {
        return fingerprints.values().stream().distinct().count();
    }
}
