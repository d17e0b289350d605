package dev.migrate.graph;

/** A target or reference could not be resolved to a revision (Alembic's {@code ResolutionError}). */
public class ResolutionException extends GraphException {
    private static final long serialVersionUID = 1L;
    private final String argument;

    public ResolutionException(String message, String argument) {
        super(message);
        this.argument = argument;
    }

    /** The identifier that failed to resolve. */
    public String argument() {
        return argument;
    }
}
