package dev.migrate.graph;

import static dev.migrate.graph.Graphs.graph;
import static dev.migrate.graph.Graphs.revisions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The graph itself, in the manner of Alembic's {@code tests/test_revision.py}: heads, bases,
 * branch labels, dependencies, validation errors and target resolution on literal graphs.
 */
class RevisionGraphTest {

    @Test
    void linearGraph() {
        RevisionGraph g = PlannerTest.LINEAR;
        assertEquals(List.of("e5ee"), g.heads());
        assertEquals(List.of("e5ee"), g.realHeads());
        assertEquals(List.of("a1aa"), g.bases());
        assertEquals(List.of("b2bb"), g.children("a1aa"));
        assertEquals(List.of(), g.children("e5ee"));
        assertTrue(g.isHead("e5ee"));
        assertFalse(g.isHead("d4dd"));
        assertTrue(g.isBase("a1aa"));
        assertFalse(g.isBranchPoint("a1aa"));
        assertEquals("b2bb", g.get("b2bb").id());
        assertNull(g.get("b2b"), "get() takes exact ids only");
    }

    @Test
    void diamondHasABranchPointAndAMergePoint() {
        RevisionGraph g = PlannerTest.DIAMOND;
        assertTrue(g.isBranchPoint("a1aa"));
        assertEquals(List.of("b2bb", "c3cc"), g.children("a1aa"));
        assertTrue(g.isMergePoint("d4dd"));
        assertFalse(g.isMergePoint("e5ee"));
        assertEquals(List.of("e5ee"), g.heads());
    }

    @Test
    void severalBasesAndHeadsKeepInputOrder() {
        RevisionGraph g = graph("x2 <- x1", "y1", "x1", "y2 <- y1", "z1");
        assertEquals(List.of("y1", "x1", "z1"), g.bases());
        assertEquals(List.of("x2", "y2", "z1"), g.heads());
    }

    @Test
    void emptyGraph() {
        RevisionGraph g = RevisionGraph.of(List.of());
        assertEquals(List.of(), g.heads());
        assertEquals(List.of(), g.bases());
        assertEquals(List.of(), g.upgrade(List.of(), "heads").steps());
        assertEquals(List.of(), g.resolve("head"));
    }

    @Test
    void branchLabelsCoverDescendantsAndThePlainLineBelow() {
        // a -> b (label x) -> c; a is not a branch point, so the label reaches down to it.
        RevisionGraph g = graph("a000", "b000 <- a000 ; label x", "c000 <- b000");
        assertEquals(Set.of("x"), g.branchLabels("a000"));
        assertEquals(Set.of("x"), g.branchLabels("c000"));

        // In BranchedPathTest the labels stop at the branch point b.
        RevisionGraph b = PlannerTest.BRANCHED;
        assertEquals(Set.of("c1branch"), b.branchLabels("d100"));
        assertEquals(Set.of("c2branch"), b.branchLabels("c200"));
        assertEquals(Set.of(), b.branchLabels("b000"));
        assertEquals(Set.of(), b.branchLabels("a000"));
    }

    @Test
    void aLabelledLineBelowAnotherLabelCarriesBoth() {
        RevisionGraph g = graph("a000 ; label lower", "b000 <- a000", "c000 <- b000 ; label upper", "d000 <- c000");
        assertEquals(List.of("lower", "upper"), List.copyOf(g.branchLabels("a000")));
        assertEquals(List.of("lower", "upper"), List.copyOf(g.branchLabels("d000")));
    }

    @Test
    void dependenciesAreNotRevisions() {
        // y depends on x2 without revising it: x2 stays a head, but not a real head.
        RevisionGraph g = graph("x001", "x002 <- x001", "y001 ; dep x002", "y002 <- y001");
        assertEquals(List.of("x001", "y001"), g.bases()); // y001 only depends
        assertEquals(List.of("x002", "y002"), g.heads());
        assertEquals(List.of("y002"), g.realHeads());
        assertEquals(List.of("x001"), g.realBases());
        assertEquals(List.of(), g.children("x002"));
        assertEquals(List.of("y001"), g.dependents("x002"));
        assertTrue(g.isHead("x002"));
        assertFalse(g.isRealHead("x002"));
        // "heads" means the real heads, so upgrading to it applies x's line first.
        assertEquals("up x001 [insert x001] | up x002 [update x001 -> x002] | up y001 [update x002 -> y001] | "
                + "up y002 [update y001 -> y002]", Graphs.steps(g.upgrade(List.of(), "heads")));
    }

    @Test
    void dependencyMayNameABranchLabel() {
        RevisionGraph g = graph("lib1 ; label lib", "lib2 <- lib1", "app1 ; dep lib");
        assertEquals(List.of("app1"), g.dependents("lib1"));
        assertEquals("up lib1 [insert lib1] | up app1 [update lib1 -> app1]",
                Graphs.steps(g.upgrade(List.of(), "app1")));
    }

    static Stream<Arguments> invalidGraphs() {
        return Stream.of(
                Arguments.of(List.of("a <- a"), CycleException.class, "Self-loop is detected in revisions (a)."),
                Arguments.of(List.of("a ; dep a"), CycleException.class,
                        "Dependency self-loop is detected in revisions (a)."),
                Arguments.of(List.of("aaaa", "bbbb <- cccc", "cccc <- bbbb", "dddd <- aaaa"), CycleException.class,
                        "Cycle is detected in revisions (bbbb, cccc)."),
                Arguments.of(List.of("aaaa <- bbbb", "bbbb <- aaaa"), CycleException.class,
                        "Cycle is detected in revisions (aaaa, bbbb)."),
                Arguments.of(List.of("aaaa", "bbbb <- aaaa ; dep cccc", "cccc <- aaaa ; dep bbbb"), CycleException.class,
                        "Dependency cycle is detected in revisions (aaaa, bbbb, cccc)."),
                Arguments.of(List.of("aaaa", "bbbb <- aaaa", "aaaa"), DuplicateRevisionException.class,
                        "Revision aaaa is present more than once."),
                Arguments.of(List.of("aaaa", "bbbb <- zzzz"), UnknownRevisionException.class,
                        "Revision zzzz referenced from bbbb is not present."),
                Arguments.of(List.of("aaaa", "bbbb <- aaaa ; dep nope"), UnknownRevisionException.class,
                        "Revision nope referenced from bbbb is not present."),
                Arguments.of(List.of("aaaa ; label x", "bbbb <- aaaa ; label x"), DuplicateLabelException.class,
                        "Branch name 'x' in revision bbbb already used by revision aaaa."),
                Arguments.of(List.of("aaaa", "bbbb <- aaaa ; label aaaa"), DuplicateLabelException.class,
                        "Branch name 'aaaa' in revision bbbb already used by revision aaaa."),
                Arguments.of(List.of("aa-a"), InvalidRevisionIdException.class,
                        "Invalid revision identifier 'aa-a': character(s) '-' are not allowed."),
                Arguments.of(List.of("a+b@c"), InvalidRevisionIdException.class,
                        "Invalid revision identifier 'a+b@c': character(s) '+, @' are not allowed."),
                Arguments.of(List.of("a:b"), InvalidRevisionIdException.class,
                        "Invalid revision identifier 'a:b': character(s) ':' are not allowed."),
                Arguments.of(List.of("heads"), InvalidRevisionIdException.class,
                        "Invalid revision identifier 'heads': it is a reserved word in revision targets."));
    }

    @ParameterizedTest
    @MethodSource("invalidGraphs")
    void invalidGraphsAreRejected(List<String> specs, Class<? extends GraphException> type, String message) {
        GraphException e = assertThrows(type, () -> RevisionGraph.of(revisions(specs.toArray(String[]::new))));
        assertEquals(message, e.getMessage());
    }

    @Test
    void exceptionsCarryTheirData() {
        UnknownRevisionException unknown = assertThrows(UnknownRevisionException.class,
                () -> graph("aaaa", "bbbb <- zzzz"));
        assertEquals("zzzz", unknown.reference());
        assertEquals("bbbb", unknown.referencedBy());
        CycleException cycle = assertThrows(CycleException.class,
                () -> graph("aaaa", "bbbb <- cccc", "cccc <- bbbb"));
        assertEquals(CycleException.Kind.CYCLE, cycle.kind());
        assertEquals(List.of("bbbb", "cccc"), cycle.ids());
        DuplicateLabelException label = assertThrows(DuplicateLabelException.class,
                () -> graph("aaaa ; label x", "bbbb ; label x"));
        assertEquals("x", label.label());
        assertEquals(List.of("bbbb", "aaaa"), label.ids());
        assertThrows(InvalidRevisionIdException.class, () -> RevisionGraph.of(List.of(Revision.of(" ", List.of(), ""))));
    }

    @Test
    void revisionCopiesItsInputAndRejectsNulls() {
        List<String> down = new ArrayList<>(List.of("a"));
        Set<String> labels = new LinkedHashSet<>(List.of("z", "a"));
        Revision r = new Revision("b", down, List.of(), labels, "m");
        down.add("x");
        labels.add("y");
        assertEquals(List.of("a"), r.downRevisions());
        assertEquals(List.of("z", "a"), List.copyOf(r.branchLabels()));
        assertThrows(UnsupportedOperationException.class, () -> r.downRevisions().add("c"));
        assertThrows(NullPointerException.class, () -> new Revision(null, List.of(), List.of(), Set.of(), ""));
        assertThrows(NullPointerException.class, () -> new Revision("a", null, List.of(), Set.of(), ""));
        assertThrows(NullPointerException.class, () -> new Revision("a", List.of(), List.of(), Set.of(), null));
    }

    // ---------------------------------------------------------------------------------------
    // Target resolution (show)

    static final RevisionGraph PREFIXES = graph("abcd1", "abcd2 <- abcd1", "abce3 <- abcd2 ; label feature",
            "abcf4 <- abcd2");

    static Stream<Arguments> targets() {
        RevisionGraph b = PlannerTest.BRANCHED;
        return Stream.of(
                Arguments.of(PREFIXES, "abce3", "abce3"),
                Arguments.of(PREFIXES, "abce", "abce3"),
                Arguments.of(PREFIXES, "abcd1", "abcd1"),
                Arguments.of(PREFIXES, "feature", "abce3"),
                Arguments.of(PREFIXES, "feat", "abce3"), // labels take part in prefix matching
                Arguments.of(PREFIXES, "heads", "abce3 abcf4"),
                Arguments.of(PREFIXES, "feature@head", "abce3"),
                Arguments.of(PREFIXES, "feature@heads", "abce3"),
                Arguments.of(PREFIXES, "base", ""),
                Arguments.of(PREFIXES, "feature@base", ""),
                Arguments.of(PREFIXES, "abcd", "!AmbiguousRevisionException"),
                Arguments.of(PREFIXES, "head", "!MultipleHeadsException"),
                Arguments.of(PREFIXES, "zz", "!UnknownRevisionException"),
                Arguments.of(PREFIXES, "feature@abcf4", "!NotOnBranchException"),
                Arguments.of(PREFIXES, "nope@abcf4", "!UnknownBranchException"),
                Arguments.of(b, "-1", "c100 c200"),
                Arguments.of(b, "c1branch@-1", "c100"),
                Arguments.of(b, "c1branch@head", "d100"),
                Arguments.of(b, "c1branch@d100", "d100"),
                Arguments.of(b, "c1branch", "c100"),
                Arguments.of(b, "-4", ""), // one step below base on each branch: nothing to show
                Arguments.of(b, "-5", "!RelativeRevisionException"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("targets")
    void resolve(RevisionGraph g, String target, String expected) {
        if (expected.startsWith("!")) {
            GraphException e = assertThrows(GraphException.class, () -> g.resolve(target));
            assertEquals(expected.substring(1), e.getClass().getSimpleName(), e.getMessage());
            return;
        }
        assertEquals(expected, String.join(" ", g.resolve(target).stream().map(Revision::id).toList()));
    }

    @Test
    void ambiguousPrefixListsEveryCandidate() {
        AmbiguousRevisionException e = assertThrows(AmbiguousRevisionException.class, () -> PREFIXES.resolve("abc"));
        assertEquals("abc", e.prefix());
        assertEquals(List.of("abcd1", "abcd2", "abce3", "abcf4"), e.candidates());
        assertTrue(e.getMessage().contains("abcf4"));
    }

    @Test
    void walkListsHistoryNewestFirst() {
        RevisionGraph b = PlannerTest.BRANCHED;
        assertEquals(List.of("d100", "c100", "d200", "c200", "b000", "a000"), ids(b.walk("base", "heads")));
        assertEquals(List.of("d200", "c200", "b000"), ids(b.walk("b000", "d200")));
        // A labelled lower end keeps only the heads on that branch, then walks all the way down.
        assertEquals(List.of("d100", "c100", "b000", "a000"), ids(b.walk("c1branch@base", "heads")));
        assertEquals(List.of("d200", "c200", "b000", "a000"), ids(b.walk(List.of(), List.of("d200"))));
        // history current:<target> keeps target syntax on the other end, as Alembic does.
        assertEquals(List.of("d200", "c200"), ids(b.walk(List.of("c200"), "c2branch@+1")));
        assertEquals(List.of("c200", "b000"), ids(b.walk("b000", List.of("c200"))));
        assertThrows(ResolutionException.class, () -> b.walk(List.of("c200"), List.of("c2branch@+1")));
        RangeNotAncestorException e = assertThrows(RangeNotAncestorException.class, () -> b.walk("c100", "d200"));
        assertEquals("Requested range c100:d200 does not refer to ancestor/descendant revisions along the same branch.",
                e.getMessage());
    }

    @Test
    void currentReducesRowsToTheirBranchHeads() {
        RevisionGraph b = PlannerTest.BRANCHED;
        assertEquals(List.of("d100", "c200"), b.current(List.of("c200", "b000", "d100")));
        assertEquals(List.of(), b.current(List.of()));
    }

    private static List<String> ids(List<Revision> revs) {
        return revs.stream().map(Revision::id).toList();
    }
}
