package dev.migrate.graph;

/** {@code <label>@<rev>} names a revision that is not on that branch. */
public class NotOnBranchException extends ResolutionException {
    private static final long serialVersionUID = 1L;
    private final String revision;
    private final String branch;

    public NotOnBranchException(String argument, String revision, String branch) {
        super("Revision " + revision + " is not a member of branch '" + branch + "'.", argument);
        this.revision = revision;
        this.branch = branch;
    }

    public String revision() {
        return revision;
    }

    public String branch() {
        return branch;
    }
}
