package dev.migrate.graph;

/**
 * Root of every error the revision graph raises. Subclasses carry the data (ids, labels, heads)
 * as fields, so a caller can phrase its own message; {@link #getMessage()} is one sentence.
 *
 * <p>Each subclass corresponds to one Alembic error class (see the table in
 * {@code AlembicParityTest}); Alembic's generic {@code RevisionError} is split into the
 * subclasses that describe the situation.
 */
public class GraphException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GraphException(String message) {
        super(message);
    }
}
