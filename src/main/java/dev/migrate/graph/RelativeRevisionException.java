package dev.migrate.graph;

/** A relative target ({@code +N}, {@code -N}, {@code <rev>+N}...) walks off the graph. */
public class RelativeRevisionException extends GraphException {
    private static final long serialVersionUID = 1L;
    private final String target;

    public RelativeRevisionException(String target, String message) {
        super(message);
        this.target = target;
    }

    /** The relative part or the whole target that could not be walked. */
    public String target() {
        return target;
    }
}
