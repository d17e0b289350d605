package dev.migrate.graph;

import java.util.List;

/** A branch label is declared twice, or is the id of another revision. */
public class DuplicateLabelException extends GraphException {
    private static final long serialVersionUID = 1L;
    private final String label;
    private final List<String> ids;

    /** @param ids the revision declaring the label, then the revision that already uses the name */
    public DuplicateLabelException(String label, List<String> ids) {
        super("Branch name '" + label + "' in revision " + ids.get(0) + " already used by revision "
                + ids.get(1) + ".");
        this.label = label;
        this.ids = List.copyOf(ids);
    }

    public String label() {
        return label;
    }

    public List<String> ids() {
        return ids;
    }
}
