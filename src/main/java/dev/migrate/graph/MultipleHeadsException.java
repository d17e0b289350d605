package dev.migrate.graph;

import java.util.List;

/** A target that must name one revision ({@code head}, {@code <label>@head}) names several. */
public class MultipleHeadsException extends GraphException {
    private static final long serialVersionUID = 1L;
    private final List<String> heads;
    private final String target;

    public MultipleHeadsException(List<String> heads, String target) {
        super("Multiple heads are present for target '" + target + "': " + String.join(", ", heads)
                + "; use 'heads' for all of them, '<label>@head' for one branch, or merge them with 'merge'.");
        this.heads = List.copyOf(heads);
        this.target = target;
    }

    public List<String> heads() {
        return heads;
    }

    public String target() {
        return target;
    }
}
