package dev.migrate.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Collectors;

/** Literal graphs and compact plan rendering for the table-driven tests. */
final class Graphs {
    private Graphs() {
    }

    /**
     * One revision per string: {@code "id"}, {@code "id <- down1 down2"}, optionally followed by
     * {@code " ; dep x y"} and {@code " ; label l1 l2"}. The message is {@code "rev <id>"}.
     */
    static List<Revision> revisions(String... specs) {
        List<Revision> out = new ArrayList<>();
        for (String spec : specs) {
            String[] parts = spec.split(" ; ");
            String[] head = parts[0].split(" <- ");
            List<String> down = head.length > 1 ? words(head[1]) : List.of();
            List<String> deps = List.of();
            List<String> labels = List.of();
            for (int i = 1; i < parts.length; i++) {
                List<String> w = words(parts[i]);
                if (w.get(0).equals("dep")) {
                    deps = w.subList(1, w.size());
                } else if (w.get(0).equals("label")) {
                    labels = w.subList(1, w.size());
                } else {
                    throw new IllegalArgumentException(spec);
                }
            }
            String id = head[0].trim();
            out.add(new Revision(id, down, deps, new LinkedHashSet<>(labels), "rev " + id));
        }
        return out;
    }

    static RevisionGraph graph(String... specs) {
        return RevisionGraph.of(revisions(specs));
    }

    static List<String> words(String s) {
        s = s.trim();
        return s.isEmpty() ? List.of() : Arrays.asList(s.split("\\s+"));
    }

    /**
     * A plan as {@code "up a [insert a] | up b [update a -> b]"}: kind, revision (or the moved
     * rows for a stamp) and the version ops of every step.
     */
    static String steps(Plan plan) {
        return plan.steps().stream().map(Graphs::step).collect(Collectors.joining(" | "));
    }

    private static String step(Step s) {
        String what = switch (s.kind()) {
            case UPGRADE -> "up " + s.revision().id();
            case DOWNGRADE -> "down " + s.revision().id();
            case STAMP -> "stamp " + String.join(",", s.fromRevisions()) + ">" + String.join(",", s.toRevisions());
        };
        return what + " " + s.versionOps().stream().map(VersionOp::toString)
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** Final heads, sorted and space separated. */
    static String heads(Plan plan) {
        return plan.headsAfter().stream().sorted().collect(Collectors.joining(" "));
    }
}
