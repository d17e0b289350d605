package dev.migrate.graph;

import java.util.List;

/** A target that must name one revision ({@code head}, {@code <label>@head}) names several. */
public class MultipleHeadsException extends GraphException {
    private static final long serialVersionUID = 1L;
    /** The one piece of advice for several heads, wherever it is given. */
    public static final String MERGE_COMMAND = "migrate merge heads -m \"merge heads\"";
    private final List<String> heads;
    private final String target;

    /**
     * @param heads the heads the target matched
     * @param target the target as given
     */
    public MultipleHeadsException(List<String> heads, String target) {
        this(heads, target, true);
    }

    /**
     * @param labelled whether the graph has branch labels: only then is {@code <label>@head} worth suggesting
     */
    public MultipleHeadsException(List<String> heads, String target, boolean labelled) {
        super("Multiple heads are present for target '" + target + "': " + String.join(", ", heads)
                + "; use 'heads' for all of them" + (labelled ? ", '<label>@head' for one branch," : "")
                + " or merge them: " + MERGE_COMMAND + ".");
        this.heads = List.copyOf(heads);
        this.target = target;
    }

    /** The heads the target matched, in graph order. */
    public List<String> heads() {
        return heads;
    }

    /** The target as given, e.g. {@code head} or {@code accounts@head}. */
    public String target() {
        return target;
    }
}
