package dev.migrate.core;

import dev.migrate.graph.MultipleHeadsException;
import dev.migrate.graph.Plan;
import dev.migrate.graph.Step;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What {@code migrate check} finds between the scripts and the database: pending revisions, several heads, changed
 * scripts, unknown revisions, revisions stopped part-way. The CLI prints it; an application that runs with
 * {@code on-startup: check} refuses to start with it.
 *
 * @param plan  what {@code upgrade heads} would run
 * @param heads the heads of the scripts
 */
public record Check(DatabaseState state, List<String> heads, Plan plan) {

    public Check {
        heads = List.copyOf(heads);
    }

    /** Reads the database and the scripts. */
    public static Check of(Migrator migrator) {
        DatabaseState state = migrator.state();
        return new Check(state, migrator.project().graph().heads(), migrator.project().graph().upgrade(state.planningHeads(), "heads"));
    }

    /** Whether the database is at the one head, and nothing is amiss. */
    public boolean ok() {
        return plan.isEmpty() && heads.size() <= 1 && state.clean();
    }

    /**
     * What is wrong, a paragraph per problem as {@code migrate check} prints it; empty when {@link #ok()}.
     *
     * @param paths how a message shows a script's path (the CLI: relative to the working directory)
     */
    public List<String> problems(UnaryOperator<String> paths) {
        List<String> out = new ArrayList<>();
        if (!plan.steps().isEmpty()) {
            StringBuilder s = new StringBuilder(plural(plan.steps().size(), "pending revision") + " (the database is at "
                    + headsText(state.heads()) + "):");
            for (Step step : plan.steps()) s.append("\n  ").append(step);
            out.add(s.toString());
        }
        if (heads.size() > 1) {
            out.add("Several heads: " + String.join(", ", heads) + " (merge them: " + MultipleHeadsException.MERGE_COMMAND + ")");
        }
        for (DatabaseState.Changed c : state.changed()) out.add("Changed script: " + paths.apply(c.describe()));
        for (DatabaseState.Unknown u : state.unknown()) out.add("Unknown revision in the database: " + paths.apply(u.describe()));
        for (DatabaseState.Partial p : state.partial()) out.add("Stopped part-way: " + paths.apply(p.describe()));
        return out;
    }

    /** The one-paragraph message of a failed check, ending with what to do. */
    public String message() {
        List<String> problems = problems(UnaryOperator.identity());
        return String.join("\n", problems) + (plan.steps().isEmpty() ? "" : "\nRun `migrate upgrade heads` to apply the pending revisions.");
    }

    /** {@code 1 tenant}, {@code 2 tenants}. */
    public static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    /** The heads as a listing says them; {@code base} for none. */
    public static String headsText(List<String> heads) {
        return heads.isEmpty() ? "base" : String.join(", ", heads);
    }
}
