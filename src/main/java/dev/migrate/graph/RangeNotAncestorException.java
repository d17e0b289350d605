package dev.migrate.graph;

/**
 * The requested movement does not follow one line of ancestry: an upgrade target below the current
 * heads, a downgrade target above them, or a history range whose ends are unrelated.
 */
public class RangeNotAncestorException extends GraphException {
    private static final long serialVersionUID = 1L;
    private final String lower;
    private final String upper;

    public RangeNotAncestorException(String lower, String upper, String message) {
        super(message);
        this.lower = lower;
        this.upper = upper;
    }

    /** The lower end as given (a target or the current heads), {@code null} meaning base. */
    public String lower() {
        return lower;
    }

    /** The upper end as given, {@code null} meaning base. */
    public String upper() {
        return upper;
    }
}
