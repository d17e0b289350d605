package dev.migrate.graph;

/** A {@code <label>@<rev>} downgrade target leaves nothing to drop on that branch. */
public class InvalidBranchTargetException extends GraphException {
    private static final long serialVersionUID = 1L;
    private final String target;

    public InvalidBranchTargetException(String target) {
        super("Destination " + target + " is not a valid downgrade target from the current heads on that branch.");
        this.target = target;
    }

    public String target() {
        return target;
    }
}
