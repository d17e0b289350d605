package dev.migrate.graph;

/**
 * The request cannot be planned because it contradicts the graph or the version table in a way
 * Alembic only notices through an internal assertion: a relative target that walks off the graph
 * ({@code <rev>+N} past a head, {@code <rev>-N} past base), a branch-relative downgrade that matches
 * several current heads, or version table rows that overlap (a row and its own ancestor).
 */
public class InconsistentRequestException extends GraphException {
    private static final long serialVersionUID = 1L;

    public InconsistentRequestException(String message) {
        super(message);
    }
}
