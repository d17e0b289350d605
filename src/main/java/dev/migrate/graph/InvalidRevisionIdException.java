package dev.migrate.graph;

/** A revision id is blank or contains a character that target syntax reserves ({@code @ - + :}). */
public class InvalidRevisionIdException extends GraphException {
    private static final long serialVersionUID = 1L;
    private final String id;

    public InvalidRevisionIdException(String id, String reason) {
        super("Invalid revision identifier '" + id + "': " + reason + ".");
        this.id = id;
    }

    public String id() {
        return id;
    }
}
