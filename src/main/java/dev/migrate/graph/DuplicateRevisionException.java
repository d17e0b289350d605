package dev.migrate.graph;

/** Two scripts declare the same revision id (Alembic only warns and keeps the last one). */
public class DuplicateRevisionException extends GraphException {
    private static final long serialVersionUID = 1L;
    private final String id;

    public DuplicateRevisionException(String id) {
        super("Revision " + id + " is present more than once.");
        this.id = id;
    }

    public String id() {
        return id;
    }
}
