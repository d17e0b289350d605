package dev.migrate.graph;

import java.util.Set;
import java.util.TreeSet;

/**
 * A revision id is blank, contains a character that target syntax reserves ({@code @ - + :}), or
 * is one of the words targets give a meaning to ({@code head}, {@code heads}, {@code base},
 * {@code current}).
 */
public class InvalidRevisionIdException extends GraphException {
    private static final long serialVersionUID = 1L;
    /** Ids that target syntax gives a meaning to, so a revision may not be called that. */
    private static final Set<String> RESERVED = Set.of("head", "heads", "base", "current");

    private final String id;

    /**
     * @param id the rejected id
     * the message says why it is rejected
     */
    public InvalidRevisionIdException(String id) {
        super("Invalid revision identifier '" + id + "': " + problem(id) + ".");
        this.id = id;
    }

    /** The rejected id. */
    public String id() {
        return id;
    }

    /** Throws if {@code id} may not be used as a revision id. */
    static void check(String id) {
        if (problem(id) != null) {
            throw new InvalidRevisionIdException(id);
        }
    }

    /** Why the id is invalid, or {@code null} if it is fine. */
    private static String problem(String id) {
        if (id.isBlank()) {
            return "it is blank";
        }
        // Alembic forbids @ - +; ':' separates the ends of a range, so it is reserved too.
        Set<Character> illegal = new TreeSet<>();
        for (char c : id.toCharArray()) {
            if (c == '@' || c == '-' || c == '+' || c == ':') {
                illegal.add(c);
            }
        }
        if (!illegal.isEmpty()) {
            StringBuilder chars = new StringBuilder();
            for (char c : illegal) {
                chars.append(chars.length() == 0 ? "" : ", ").append(c);
            }
            return "character(s) '" + chars + "' are not allowed";
        }
        return RESERVED.contains(id) ? "it is a reserved word in revision targets" : null;
    }
}
