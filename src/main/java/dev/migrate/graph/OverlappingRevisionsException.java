package dev.migrate.graph;

import java.util.List;

/** Several revisions were requested together although one is an ancestor of another. */
public class OverlappingRevisionsException extends GraphException {
    private static final long serialVersionUID = 1L;
    private final String revision;
    private final List<String> overlaps;

    /**
     * @param revision a requested revision
     * @param overlaps the requested revisions it reaches
     */
    public OverlappingRevisionsException(String revision, List<String> overlaps) {
        super("Requested revision " + revision + " overlaps with other requested revisions "
                + String.join(", ", overlaps) + ".");
        this.revision = revision;
        this.overlaps = List.copyOf(overlaps);
    }

    /** The requested revision from which the others are reachable. */
    public String revision() {
        return revision;
    }

    /** The other requested revisions that lie on the same line. */
    public List<String> overlaps() {
        return overlaps;
    }
}
