package dev.migrate.graph;

import java.util.List;

/** A partial revision id matches more than one revision or label. */
public class AmbiguousRevisionException extends ResolutionException {
    private static final long serialVersionUID = 1L;
    private final List<String> candidates;

    public AmbiguousRevisionException(String prefix, List<String> candidates) {
        super("Multiple revisions start with '" + prefix + "': " + String.join(", ", candidates)
                + "; give more characters.", prefix);
        this.candidates = List.copyOf(candidates);
    }

    public String prefix() {
        return argument();
    }

    /** Every id and label that starts with the prefix, in graph order. */
    public List<String> candidates() {
        return candidates;
    }
}
