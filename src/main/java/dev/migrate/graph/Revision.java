package dev.migrate.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One migration as declared by its script: nothing here is derived from other revisions.
 *
 * @param id            the revision identifier ({@code revision} in an Alembic script)
 * @param downRevisions the revisions this one revises ({@code down_revision}); empty for a base,
 *                      more than one for a merge point
 * @param dependsOn     extra revisions (ids or branch labels) that must be applied first
 *                      ({@code depends_on}); they do not make this revision part of their branch
 * @param branchLabels  labels declared on this revision ({@code branch_labels}), in declared order
 * @param message       the script's docstring; its first paragraph is the one-line message
 */
public record Revision(String id, List<String> downRevisions, List<String> dependsOn,
                       Set<String> branchLabels, String message) {

    /** Validates that nothing is null and takes immutable, order-preserving copies. */
    public Revision {
        Objects.requireNonNull(id, "id");
        downRevisions = copy(downRevisions, "downRevisions");
        dependsOn = copy(dependsOn, "dependsOn");
        Objects.requireNonNull(branchLabels, "branchLabels");
        // Set.copyOf would randomise iteration order per JVM run; declared order must survive.
        Set<String> labels = new LinkedHashSet<>();
        for (String label : branchLabels) {
            labels.add(Objects.requireNonNull(label, "branch label"));
        }
        branchLabels = Collections.unmodifiableSet(labels);
        Objects.requireNonNull(message, "message");
    }

    /** A revision without dependencies or labels. */
    public static Revision of(String id, List<String> downRevisions, String message) {
        return new Revision(id, downRevisions, List.of(), Set.of(), message);
    }

    private static List<String> copy(List<String> values, String what) {
        Objects.requireNonNull(values, what);
        List<String> out = new ArrayList<>(values.size());
        for (String v : values) {
            out.add(Objects.requireNonNull(v, what + " element"));
        }
        return Collections.unmodifiableList(out);
    }
}
