package dev.migrate.graph;

/** The part before {@code @} in a target names neither a branch label nor a revision. */
public class UnknownBranchException extends ResolutionException {
    private static final long serialVersionUID = 1L;

    public UnknownBranchException(String branch) {
        super("No such branch: '" + branch + "'.", branch);
    }

    public String branch() {
        return argument();
    }
}
