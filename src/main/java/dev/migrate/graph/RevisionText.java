package dev.migrate.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.migrate.graph.RevisionGraph.Node;

/**
 * Alembic's text for revisions, ported from {@code alembic.script.base.Script}: the one-line form
 * ({@code _head_only} / {@code cmd_format}) used by {@code history}, {@code heads},
 * {@code branches} and {@code current}, and the verbose block ({@code log_entry}) used by
 * {@code show} and {@code --verbose}. Pure string building; the caller prints.
 */
public final class RevisionText {

    private RevisionText() {
    }

    /**
     * Which parts the one-line form shows ({@code cmd_format}'s keyword arguments). Head
     * indicators ({@code (head)}, {@code (effective head)}, {@code (current)}) are always shown.
     *
     * @param branches       append {@code (label, ...)} when the revision has branch labels
     * @param doc            append {@code , <message>}
     * @param parents        prefix {@code <down> -> } (and {@code (<depends on>)})
     * @param treeIndicators append {@code (branchpoint)} / {@code (mergepoint)}
     */
    public record LineFormat(boolean branches, boolean doc, boolean parents, boolean treeIndicators) {
        /** {@code history}: {@code b2, c3 -> d4 (head) (mergepoint), merge}. */
        public static final LineFormat HISTORY = new LineFormat(true, true, true, true);
        /** {@code heads}: {@code d4 (accounts) (head)}. */
        public static final LineFormat HEADS = new LineFormat(true, false, false, false);
        /** {@code current}: {@code d4 (head) (mergepoint)}. */
        public static final LineFormat CURRENT = new LineFormat(false, false, false, true);
        /** The branch point line of {@code branches}. */
        public static final LineFormat BRANCH_POINT = new LineFormat(true, false, false, true);
    }

    /** The one-line message: the first paragraph of the stripped docstring ({@code Script.doc}). */
    public static String doc(Revision revision) {
        String longDoc = longDoc(revision);
        int end = longDoc.indexOf("\n\n");
        return end < 0 ? longDoc : longDoc.substring(0, end);
    }

    /** The whole stripped docstring ({@code Script.longdoc}). */
    public static String longDoc(Revision revision) {
        return revision.message().strip();
    }

    /**
     * Alembic's {@code cmd_format}: the verbose block when {@code verbose}, else the one-line form.
     *
     * @param path    the script path shown in the verbose block
     * @param current whether to mark the revision {@code (current)} ({@code history -i})
     */
    public static String format(RevisionGraph graph, String id, boolean verbose, LineFormat format, String path,
                                boolean current) {
        return verbose ? logEntry(graph, id, path, current) : line(graph, id, format, current);
    }

    /**
     * Alembic's {@code _head_only}, e.g. {@code <base> -> a1 (branchpoint), create users} for
     * {@link LineFormat#HISTORY}.
     */
    public static String line(RevisionGraph graph, String id, LineFormat format, boolean current) {
        Node n = graph.node(id);
        StringBuilder text = new StringBuilder();
        if (format.parents()) {
            text.append(formatDown(n));
            if (!n.revision.dependsOn().isEmpty()) {
                text.append(" (").append(String.join(", ", n.revision.dependsOn())).append(")");
            }
            text.append(" -> ");
        }
        text.append(n.id);
        if (format.branches() && !n.labels.isEmpty()) {
            text.append(" (").append(String.join(", ", graph.branchLabels(id))).append(")");
        }
        if (n.isRealHead()) {
            text.append(" (head)");
        }
        if (n.isHead() && !n.isRealHead()) {
            text.append(" (effective head)");
        }
        if (current) {
            text.append(" (current)");
        }
        if (format.treeIndicators()) {
            text.append(n.isBranchPoint() ? " (branchpoint)" : "").append(n.isMergePoint() ? " (mergepoint)" : "");
        }
        if (format.doc()) {
            text.append(", ").append(doc(n.revision));
        }
        return text.toString();
    }

    /**
     * Alembic's {@code log_entry}, ending in a newline (Alembic prints it followed by another):
     * <pre>
     * Rev: a1 (head)
     * Parent: &lt;base&gt;
     * Path: versions/a1_create_users.py
     *
     *     create users
     * </pre>
     */
    public static String logEntry(RevisionGraph graph, String id, String path, boolean current) {
        Node n = graph.node(id);
        StringBuilder entry = new StringBuilder("Rev: ").append(n.id)
                .append(n.isHead() ? " (head)" : "")
                .append(n.isBranchPoint() ? " (branchpoint)" : "")
                .append(n.isMergePoint() ? " (mergepoint)" : "")
                .append(current ? " (current)" : "")
                .append('\n');
        entry.append(n.isMergePoint() ? "Merges: " : "Parent: ").append(formatDown(n)).append('\n');
        if (!n.revision.dependsOn().isEmpty()) {
            entry.append("Also depends on: ").append(String.join(", ", n.revision.dependsOn())).append('\n');
        }
        if (n.isBranchPoint()) {
            entry.append("Branches into: ").append(String.join(", ", n.nextrev)).append('\n');
        }
        if (!n.labels.isEmpty()) {
            entry.append("Branch names: ").append(String.join(", ", graph.branchLabels(id))).append('\n');
        }
        entry.append("Path: ").append(path).append('\n');
        List<String> paragraphs = new ArrayList<>();
        for (String line : splitLines(longDoc(n.revision))) {
            paragraphs.add("    " + line);
        }
        entry.append('\n').append(String.join("\n", paragraphs)).append('\n');
        return entry.toString();
    }

    /**
     * Alembic's {@code Script.__str__}: {@code a1 -> b2 (head), add avatar}, with {@code (head)}
     * meaning nothing revises it.
     */
    public static String summary(RevisionGraph graph, String id) {
        Node n = graph.node(id);
        return formatDown(n) + " -> " + n.id
                + (n.isHead() ? " (head)" : "")
                + (n.isBranchPoint() ? " (branchpoint)" : "")
                + (n.isMergePoint() ? " (mergepoint)" : "")
                + ", " + doc(n.revision);
    }

    /**
     * One entry of the {@code branches} command for a branch point: its own line, then one
     * {@code -> child} line per revision that revises it, each indented by the width of the id.
     * Alembic prints this text followed by a newline.
     *
     * @param pathOf the script path of a revision, for the verbose block
     */
    public static String branchesEntry(RevisionGraph graph, String id, boolean verbose,
                                       Function<String, String> pathOf) {
        Node n = graph.node(id);
        List<String> children = new ArrayList<>();
        for (String child : n.nextrev) {
            children.add(" ".repeat(id.length()) + " -> "
                    + line(graph, child, new LineFormat(true, verbose, false, true), false));
        }
        return format(graph, id, verbose, LineFormat.BRANCH_POINT, pathOf.apply(id), false) + "\n"
                + String.join("\n", children) + "\n";
    }

    /** {@code _format_down_revision}: {@code <base>} or the down revisions, comma separated. */
    private static String formatDown(Node n) {
        return n.down().isEmpty() ? "<base>" : String.join(", ", n.down());
    }

    /** Python's {@code str.splitlines()}: every line boundary Python knows, no trailing empty line. */
    static List<String> splitLines(String s) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            boolean boundary = c == '\n' || c == '\r' || c == '\u000b' || c == '\u000c' || c == '\u001c'
                    || c == '\u001d' || c == '\u001e' || c == '\u0085' || c == '\u2028' || c == '\u2029';
            if (!boundary) {
                i++;
                continue;
            }
            out.add(s.substring(start, i));
            i += c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n' ? 2 : 1;
            start = i;
        }
        if (start < s.length()) {
            out.add(s.substring(start));
        }
        return out;
    }
}
