package dev.migrate.graph;

import java.util.List;

/** Several revisions were requested together although one is an ancestor of another. */
public class OverlappingRevisionsException extends GraphException {
    private static final long serialVersionUID = 1L;
    private final String revision;
    private final List<String> overlaps;

    public OverlappingRevisionsException(String revision, List<String> overlaps) {
        super("Requested revision " + revision + " overlaps with other requested revisions "
                + String.join(", ", overlaps) + ".");
        this.revision = revision;
        this.overlaps = List.copyOf(overlaps);
    }

    public String revision() {
        return revision;
    }

    public List<String> overlaps() {
        return overlaps;
    }
}
