package dev.migrate.graph;

import java.util.List;

/** The revisions do not form a DAG. */
public class CycleException extends GraphException {
    private static final long serialVersionUID = 1L;

    /** Which of Alembic's four cycle errors this is. */
    public enum Kind {
        /** Revises links form a cycle ({@code CycleDetected}). */
        CYCLE("Cycle"),
        /** Depends On links close a cycle ({@code DependencyCycleDetected}). */
        DEPENDENCY_CYCLE("Dependency cycle"),
        /** A revision revises itself ({@code LoopDetected}). */
        SELF_LOOP("Self-loop"),
        /** A revision depends on itself ({@code DependencyLoopDetected}). */
        DEPENDENCY_SELF_LOOP("Dependency self-loop");

        private final String text;

        Kind(String text) {
            this.text = text;
        }
    }

    private final Kind kind;
    private final List<String> ids;

    public CycleException(Kind kind, List<String> ids) {
        super(kind.text + " is detected in revisions (" + String.join(", ", ids) + ").");
        this.kind = kind;
        this.ids = List.copyOf(ids);
    }

    public Kind kind() {
        return kind;
    }

    /** The revisions that are on, or cut off by, the cycle. */
    public List<String> ids() {
        return ids;
    }
}
