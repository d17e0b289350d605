package dev.migrate.graph;

/** A revision id, prefix or label names nothing in the graph. */
public class UnknownRevisionException extends ResolutionException {
    private static final long serialVersionUID = 1L;
    private final String reference;
    private final String referencedBy;

    /**
     * @param reference    the name that was not found
     * @param referencedBy the revision whose Revises or Depends On names it, or {@code null} when it
     *                     came from a target or from the version table
     */
    public UnknownRevisionException(String reference, String referencedBy) {
        super(message(reference, referencedBy), reference);
        this.reference = reference;
        this.referencedBy = referencedBy;
    }

    private static String message(String reference, String referencedBy) {
        if (referencedBy != null) {
            return "Revision " + reference + " referenced from " + referencedBy + " is not present.";
        }
        return "No such revision or branch '" + reference + "'"
                + (reference.length() < 4
                        ? "; please ensure at least four characters are present for partial revision identifier matches."
                        : ".");
    }

    public String reference() {
        return reference;
    }

    public String referencedBy() {
        return referencedBy;
    }
}
