package dev.migrate.graph;

/** {@code <label>@<rev>} names a revision that is not on that branch. */
public class NotOnBranchException extends ResolutionException {
    private static final long serialVersionUID = 1L;
    private final String revision;
    private final String branch;

    /**
     * @param argument the id as given
     * @param revision the revision it names
     * @param branch the label
     */
    public NotOnBranchException(String argument, String revision, String branch) {
        super("Revision " + revision + " is not a member of branch '" + branch + "'.", argument);
        this.revision = revision;
        this.branch = branch;
    }

    /** The revision that is not on the branch. */
    public String revision() {
        return revision;
    }

    /** The branch label the revision is not on. */
    public String branch() {
        return branch;
    }
}
