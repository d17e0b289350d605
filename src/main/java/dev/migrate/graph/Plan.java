package dev.migrate.graph;

import java.util.List;
import java.util.Objects;

/**
 * What an upgrade, downgrade or stamp will do, computed without touching a database.
 *
 * @param steps       the steps in execution order; empty when there is nothing to do
 * @param headsBefore the version table rows the plan was computed from (duplicates removed)
 * @param headsAfter  the version table rows once every step has run
 */
public record Plan(List<Step> steps, List<String> headsBefore, List<String> headsAfter) {
    public Plan {
        steps = List.copyOf(Objects.requireNonNull(steps, "steps"));
        headsBefore = List.copyOf(Objects.requireNonNull(headsBefore, "headsBefore"));
        headsAfter = List.copyOf(Objects.requireNonNull(headsAfter, "headsAfter"));
    }

    /** True when no step would run. */
    public boolean isEmpty() {
        return steps.isEmpty();
    }
}
