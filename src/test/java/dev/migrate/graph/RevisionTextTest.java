package dev.migrate.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.migrate.graph.RevisionText.LineFormat;

/**
 * Text output compared with what Alembic 1.8.1 prints for the same scripts ({@code Script.cmd_format},
 * {@code log_entry}, {@code __str__} and the {@code branches} command), recorded from real
 * {@code Script} objects.
 */
class RevisionTextTest {

    /** a1 branches into b2 (accounts) and c3, d4 merges them, g7 follows; e5 -> f6 (billing) depends on g7. */
    static final RevisionGraph GRAPH = RevisionGraph.of(List.of(
            rev("a1", List.of(), List.of(), List.of(), "create users\n\nRevision ID: a1\nRevises:\nCreate Date: 2024-01-01\n"),
            rev("b2", List.of("a1"), List.of(), List.of("accounts"), "add avatar"),
            rev("c3", List.of("a1"), List.of(), List.of(), "add orders\n\nsecond paragraph\n  indented line"),
            rev("d4", List.of("b2", "c3"), List.of(), List.of(), "merge"),
            rev("e5", List.of(), List.of(), List.of("billing", "payments"), "billing base"),
            rev("f6", List.of("e5"), List.of("g7"), List.of(), "billing needs users"),
            rev("g7", List.of("d4"), List.of(), List.of(), "")));

    private static Revision rev(String id, List<String> down, List<String> deps, List<String> labels, String message) {
        return new Revision(id, down, deps, new LinkedHashSet<>(labels), message);
    }

    static Stream<Arguments> alembicOutput() {
        return Stream.of(
                Arguments.of("f6", "e5 (g7) -> f6 (billing, payments) (head), billing needs users", "e5 (g7) -> f6 (billing, payments) (head) (current), billing needs users", "f6 (billing, payments) (head)", "f6 (head)", "e5 -> f6 (head), billing needs users",
                        "Rev: f6 (head)\nParent: e5\nAlso depends on: g7\nBranch names: billing, payments\nPath: versions/f6_x.py\n\n    billing needs users\n",
                        "Rev: f6 (head) (current)\nParent: e5\nAlso depends on: g7\nBranch names: billing, payments\nPath: versions/f6_x.py\n\n    billing needs users\n"),
                Arguments.of("e5", "<base> -> e5 (billing, payments), billing base", "<base> -> e5 (billing, payments) (current), billing base", "e5 (billing, payments)", "e5", "<base> -> e5, billing base",
                        "Rev: e5\nParent: <base>\nBranch names: billing, payments\nPath: versions/e5_x.py\n\n    billing base\n",
                        "Rev: e5 (current)\nParent: <base>\nBranch names: billing, payments\nPath: versions/e5_x.py\n\n    billing base\n"),
                Arguments.of("g7", "d4 -> g7 (accounts) (effective head), ", "d4 -> g7 (accounts) (effective head) (current), ", "g7 (accounts) (effective head)", "g7 (effective head)", "d4 -> g7 (head), ",
                        "Rev: g7 (head)\nParent: d4\nBranch names: accounts\nPath: versions/g7_x.py\n\n\n",
                        "Rev: g7 (head) (current)\nParent: d4\nBranch names: accounts\nPath: versions/g7_x.py\n\n\n"),
                Arguments.of("d4", "b2, c3 -> d4 (accounts) (mergepoint), merge", "b2, c3 -> d4 (accounts) (current) (mergepoint), merge", "d4 (accounts)", "d4 (mergepoint)", "b2, c3 -> d4 (mergepoint), merge",
                        "Rev: d4 (mergepoint)\nMerges: b2, c3\nBranch names: accounts\nPath: versions/d4_x.py\n\n    merge\n",
                        "Rev: d4 (mergepoint) (current)\nMerges: b2, c3\nBranch names: accounts\nPath: versions/d4_x.py\n\n    merge\n"),
                Arguments.of("b2", "a1 -> b2 (accounts), add avatar", "a1 -> b2 (accounts) (current), add avatar", "b2 (accounts)", "b2", "a1 -> b2, add avatar",
                        "Rev: b2\nParent: a1\nBranch names: accounts\nPath: versions/b2_x.py\n\n    add avatar\n",
                        "Rev: b2 (current)\nParent: a1\nBranch names: accounts\nPath: versions/b2_x.py\n\n    add avatar\n"),
                Arguments.of("c3", "a1 -> c3, add orders", "a1 -> c3 (current), add orders", "c3", "c3", "a1 -> c3, add orders",
                        "Rev: c3\nParent: a1\nPath: versions/c3_x.py\n\n    add orders\n    \n    second paragraph\n      indented line\n",
                        "Rev: c3 (current)\nParent: a1\nPath: versions/c3_x.py\n\n    add orders\n    \n    second paragraph\n      indented line\n"),
                Arguments.of("a1", "<base> -> a1 (branchpoint), create users", "<base> -> a1 (current) (branchpoint), create users", "a1", "a1 (branchpoint)", "<base> -> a1 (branchpoint), create users",
                        "Rev: a1 (branchpoint)\nParent: <base>\nBranches into: b2, c3\nPath: versions/a1_x.py\n\n    create users\n    \n    Revision ID: a1\n    Revises:\n    Create Date: 2024-01-01\n",
                        "Rev: a1 (branchpoint) (current)\nParent: <base>\nBranches into: b2, c3\nPath: versions/a1_x.py\n\n    create users\n    \n    Revision ID: a1\n    Revises:\n    Create Date: 2024-01-01\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("alembicOutput")
    void matchesAlembic(String id, String history, String historyCurrent, String heads, String current, String summary,
                        String log, String logCurrent) {
        String path = "versions/" + id + "_x.py";
        assertEquals(history, RevisionText.line(GRAPH, id, LineFormat.HISTORY, false));
        assertEquals(historyCurrent, RevisionText.line(GRAPH, id, LineFormat.HISTORY, true));
        assertEquals(heads, RevisionText.line(GRAPH, id, LineFormat.HEADS, false));
        assertEquals(current, RevisionText.line(GRAPH, id, LineFormat.CURRENT, false));
        assertEquals(summary, RevisionText.summary(GRAPH, id));
        assertEquals(log, RevisionText.logEntry(GRAPH, id, path, false));
        assertEquals(logCurrent, RevisionText.logEntry(GRAPH, id, path, true));
        assertEquals(log, RevisionText.format(GRAPH, id, true, LineFormat.HISTORY, path, false));
        assertEquals(history, RevisionText.format(GRAPH, id, false, LineFormat.HISTORY, path, false));
    }

    @Test
    void historyOrderIsAlembics() {
        assertEquals(List.of("f6", "e5", "g7", "d4", "b2", "c3", "a1"),
                GRAPH.walk("base", "heads").stream().map(Revision::id).toList());
    }

    @Test
    void branchesCommand() {
        assertEquals("a1 (branchpoint)\n   -> b2 (accounts)\n   -> c3\n",
                RevisionText.branchesEntry(GRAPH, "a1", false, id -> "versions/" + id + "_x.py"));
        assertEquals("Rev: a1 (branchpoint)\nParent: <base>\nBranches into: b2, c3\nPath: versions/a1_x.py\n\n    create users\n    \n    Revision ID: a1\n    Revises:\n    Create Date: 2024-01-01\n\n   -> b2 (accounts), add avatar\n   -> c3, add orders\n",
                RevisionText.branchesEntry(GRAPH, "a1", true, id -> "versions/" + id + "_x.py"));
    }

    @Test
    void docIsTheFirstParagraph() {
        assertEquals("create users", RevisionText.doc(GRAPH.get("a1")));
        assertEquals("", RevisionText.doc(GRAPH.get("g7")));
        assertEquals(List.of("a", "b", "", "c"), RevisionText.splitLines("a\r\nb\u2028\nc"));
    }
}
