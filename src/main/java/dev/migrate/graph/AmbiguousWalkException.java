package dev.migrate.graph;

/** A relative move would have to choose between branches (a branch point or several heads). */
public class AmbiguousWalkException extends GraphException {
    private static final long serialVersionUID = 1L;

    public AmbiguousWalkException(String message) {
        super(message);
    }
}
