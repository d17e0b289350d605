package dev.migrate.graph;

import static dev.migrate.graph.Graphs.graph;
import static dev.migrate.graph.Graphs.heads;
import static dev.migrate.graph.Graphs.steps;
import static dev.migrate.graph.Graphs.words;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Upgrade, downgrade and stamp plans on literal graphs, in the manner of Alembic's
 * {@code tests/test_version_traversal.py}: each row gives the version table rows, the target, the
 * expected steps with their version-table operations, and the rows afterwards. An expected value
 * starting with {@code !} names the exception instead. Each row was checked against Alembic 1.8.1.
 */
class PlannerTest {

    /** a -> b -> c -> d -> e. */
    static final RevisionGraph LINEAR = graph("a1aa", "b2bb <- a1aa", "c3cc <- b2bb", "d4dd <- c3cc", "e5ee <- d4dd");

    /** a branches into b and c, d merges them, e follows. */
    static final RevisionGraph DIAMOND = graph("a1aa", "b2bb <- a1aa", "c3cc <- a1aa", "d4dd <- b2bb c3cc",
            "e5ee <- d4dd");

    /** Alembic's BranchedPathTest: a -> b, then c1 -> d1 (c1branch) and c2 -> d2 (c2branch). */
    static final RevisionGraph BRANCHED = graph("a000", "b000 <- a000", "c100 <- b000 ; label c1branch",
            "d100 <- c100", "c200 <- b000 ; label c2branch", "d200 <- c200");

    /** Two bases; billing's third revision depends on accounts' second. */
    static final RevisionGraph TWO_BASES = graph("acc1 ; label accounts", "acc2 <- acc1", "acc3 <- acc2",
            "bil1 ; label billing", "bil2 <- bil1", "bil3 <- bil2 ; dep acc2");

    static Arguments row(RevisionGraph g, String op, String heads, String target, String expected, String after) {
        return Arguments.of(g == LINEAR ? "linear" : g == DIAMOND ? "diamond" : g == BRANCHED ? "branched" : "two-bases",
                g, op, heads, target, expected, after);
    }

    static Stream<Arguments> plans() {
        return Stream.of(
                // linear
                row(LINEAR, "upgrade", "", "heads", "up a1aa [insert a1aa] | up b2bb [update a1aa -> b2bb] | "
                        + "up c3cc [update b2bb -> c3cc] | up d4dd [update c3cc -> d4dd] | up e5ee [update d4dd -> e5ee]",
                        "e5ee"),
                row(LINEAR, "upgrade", "c3cc", "head", "up d4dd [update c3cc -> d4dd] | up e5ee [update d4dd -> e5ee]",
                        "e5ee"),
                row(LINEAR, "upgrade", "", "c3cc", "up a1aa [insert a1aa] | up b2bb [update a1aa -> b2bb] | "
                        + "up c3cc [update b2bb -> c3cc]", "c3cc"),
                row(LINEAR, "upgrade", "a1aa", "+2", "up b2bb [update a1aa -> b2bb] | up c3cc [update b2bb -> c3cc]",
                        "c3cc"),
                row(LINEAR, "upgrade", "a1aa", "+1", "up b2bb [update a1aa -> b2bb]", "b2bb"),
                row(LINEAR, "upgrade", "a1aa", "b2bb+2", "up b2bb [update a1aa -> b2bb] | up c3cc [update b2bb -> c3cc]"
                        + " | up d4dd [update c3cc -> d4dd]", "d4dd"),
                row(LINEAR, "upgrade", "a1aa", "d4dd-2", "up b2bb [update a1aa -> b2bb]", "b2bb"),
                // any unique prefix of an id longer than three characters
                row(LINEAR, "upgrade", "a1aa", "c3", "up b2bb [update a1aa -> b2bb] | up c3cc [update b2bb -> c3cc]",
                        "c3cc"),
                row(LINEAR, "upgrade", "a1aa", "zz", "!UnknownRevisionException", ""),
                row(LINEAR, "upgrade", "a1aa", "c3cc", "up b2bb [update a1aa -> b2bb] | up c3cc [update b2bb -> c3cc]",
                        "c3cc"),
                row(LINEAR, "upgrade", "c3cc", "a1aa", "", "c3cc"), // already past it: nothing to do
                row(LINEAR, "upgrade", "e5ee", "heads", "", "e5ee"),
                row(LINEAR, "upgrade", "b2bb", "+5", "!RelativeRevisionException", ""),
                row(LINEAR, "upgrade", "b2bb", "-2", "!RelativeRevisionException", ""),
                row(LINEAR, "upgrade", "b2bb", "zzzz", "!UnknownRevisionException", ""),
                row(LINEAR, "upgrade", "zzzz", "heads", "!UnknownRevisionException", ""),
                row(LINEAR, "upgrade", "a1aa c3cc", "heads", "!OverlappingRevisionsException", ""),
                row(LINEAR, "downgrade", "e5ee", "c3cc", "down e5ee [update e5ee -> d4dd] | down d4dd [update d4dd -> c3cc]",
                        "c3cc"),
                row(LINEAR, "downgrade", "c3cc", "base", "down c3cc [update c3cc -> b2bb] | down b2bb [update b2bb -> a1aa]"
                        + " | down a1aa [delete a1aa]", ""),
                row(LINEAR, "downgrade", "c3cc", "-1", "down c3cc [update c3cc -> b2bb]", "b2bb"),
                row(LINEAR, "downgrade", "e5ee", "-3", "down e5ee [update e5ee -> d4dd] | down d4dd [update d4dd -> c3cc]"
                        + " | down c3cc [update c3cc -> b2bb]", "b2bb"),
                row(LINEAR, "downgrade", "d4dd", "a1aa+2", "down d4dd [update d4dd -> c3cc]", "c3cc"),
                row(LINEAR, "downgrade", "d4dd", "c3cc-2", "down d4dd [update d4dd -> c3cc] | down c3cc [update c3cc -> b2bb]"
                        + " | down b2bb [update b2bb -> a1aa]", "a1aa"),
                row(LINEAR, "downgrade", "a1aa", "a1aa", "", "a1aa"),
                row(LINEAR, "downgrade", "", "base", "", ""),
                row(LINEAR, "downgrade", "b2bb", "-5", "!RelativeRevisionException", ""),
                row(LINEAR, "downgrade", "b2bb", "+2", "!RelativeRevisionException", ""),
                row(LINEAR, "downgrade", "b2bb", "c3cc", "!RangeNotAncestorException", ""),
                row(LINEAR, "downgrade", "", "b2bb", "!RangeNotAncestorException", ""),
                row(LINEAR, "stamp", "d4dd", "base", "stamp d4dd> [delete d4dd]", ""),
                row(LINEAR, "stamp", "", "heads", "stamp >e5ee [insert e5ee]", "e5ee"),
                row(LINEAR, "stamp", "e5ee", "b2bb", "stamp e5ee>b2bb [update e5ee -> b2bb]", "b2bb"),
                row(LINEAR, "stamp", "b2bb", "e5ee", "stamp b2bb>e5ee [update b2bb -> e5ee]", "e5ee"),
                row(LINEAR, "stamp", "c3cc", "c3cc", "", "c3cc"),

                // diamond: b and c are applied one after the other, d merges the two rows
                row(DIAMOND, "upgrade", "", "heads", "up a1aa [insert a1aa] | up c3cc [update a1aa -> c3cc] | "
                        + "up b2bb [insert b2bb] | up d4dd [delete b2bb, update c3cc -> d4dd] | up e5ee [update d4dd -> e5ee]",
                        "e5ee"),
                row(DIAMOND, "upgrade", "b2bb", "d4dd", "up c3cc [insert c3cc] | up d4dd [delete b2bb, update c3cc -> d4dd]",
                        "d4dd"),
                row(DIAMOND, "upgrade", "b2bb c3cc", "head", "up d4dd [delete b2bb, update c3cc -> d4dd] | "
                        + "up e5ee [update d4dd -> e5ee]", "e5ee"),
                row(DIAMOND, "upgrade", "a1aa", "+1", "!AmbiguousWalkException", ""),
                row(DIAMOND, "upgrade", "a1aa", "b2bb", "up b2bb [update a1aa -> b2bb]", "b2bb"),
                row(DIAMOND, "downgrade", "e5ee", "a1aa", "down e5ee [update e5ee -> d4dd] | "
                        + "down d4dd [insert b2bb, update d4dd -> c3cc] | down b2bb [delete b2bb] | "
                        + "down c3cc [update c3cc -> a1aa]", "a1aa"),
                // dropping d leaves both parents: c is not below b
                row(DIAMOND, "downgrade", "d4dd", "b2bb", "down d4dd [insert b2bb, update d4dd -> c3cc]", "b2bb c3cc"),
                row(DIAMOND, "downgrade", "e5ee", "-2", "!AmbiguousWalkException", ""),
                row(DIAMOND, "stamp", "b2bb c3cc", "d4dd", "stamp b2bb,c3cc>d4dd [delete b2bb, update c3cc -> d4dd]",
                        "d4dd"),
                row(DIAMOND, "stamp", "e5ee", "b2bb", "stamp e5ee>b2bb [update e5ee -> b2bb]", "b2bb"),

                // two branches with labels (Alembic's BranchedPathTest)
                row(BRANCHED, "upgrade", "a000", "head", "!MultipleHeadsException", ""),
                row(BRANCHED, "upgrade", "a000", "heads", "up b000 [update a000 -> b000] | up c200 [update b000 -> c200]"
                        + " | up d200 [update c200 -> d200] | up c100 [insert c100] | up d100 [update c100 -> d100]",
                        "d100 d200"),
                row(BRANCHED, "upgrade", "b000", "c1branch@head", "up c100 [update b000 -> c100] | "
                        + "up d100 [update c100 -> d100]", "d100"),
                row(BRANCHED, "upgrade", "b000", "c2branch@head-1", "up c200 [update b000 -> c200]", "c200"),
                row(BRANCHED, "upgrade", "d100", "c2branch@+1", "up c200 [insert c200]", "c200 d100"),
                row(BRANCHED, "upgrade", "d100 d200", "+1", "!AmbiguousWalkException", ""),
                row(BRANCHED, "upgrade", "d100", "c2branch@d100", "!NotOnBranchException", ""),
                row(BRANCHED, "upgrade", "d100", "nope@d200", "!UnknownBranchException", ""),
                row(BRANCHED, "upgrade", "d100", "nope@head", "!UnknownRevisionException", ""),
                row(BRANCHED, "downgrade", "d100 d200", "a000", "down d100 [update d100 -> c100] | "
                        + "down c100 [delete c100] | down d200 [update d200 -> c200] | down c200 [update c200 -> b000] | "
                        + "down b000 [update b000 -> a000]", "a000"),
                row(BRANCHED, "downgrade", "d100 d200", "c1branch@b000", "down d100 [update d100 -> c100] | "
                        + "down c100 [delete c100]", "d200"),
                row(BRANCHED, "downgrade", "c100 d200", "c2branch@b000", "down d200 [update d200 -> c200] | "
                        + "down c200 [delete c200]", "c100"),
                row(BRANCHED, "downgrade", "d200 d100", "-1", "down d200 [update d200 -> c200]", "c200 d100"),
                row(BRANCHED, "downgrade", "d100 d200", "-1", "down d100 [update d100 -> c100]", "c100 d200"),
                row(BRANCHED, "downgrade", "d100 d200", "c1branch@-1", "down d100 [update d100 -> c100]", "c100 d200"),
                row(BRANCHED, "downgrade", "d100 d200", "c2branch@base+2", "down d200 [update d200 -> c200] | "
                        + "down c200 [delete c200]", "d100"),
                row(BRANCHED, "downgrade", "d200 d100", "base+2", "down d100 [update d100 -> c100] | "
                        + "down c100 [delete c100] | down d200 [update d200 -> c200] | down c200 [update c200 -> b000]",
                        "b000"),
                row(BRANCHED, "stamp", "d100 c200", "b000", "stamp d100,c200>b000 [delete d100, update c200 -> b000]",
                        "b000"),
                row(BRANCHED, "stamp", "d100 c200", "c1branch@base", "stamp d100> [delete d100]", "c200"),
                row(BRANCHED, "stamp", "d100 c200", "c2branch@head", "stamp c200>d200 [update c200 -> d200]",
                        "d100 d200"),
                row(BRANCHED, "stamp", "d100", "c2branch@head", "stamp >d200 [insert d200]", "d100 d200"),
                row(BRANCHED, "stamp", "d100 d200", "head", "!MultipleHeadsException", ""),

                // two bases, billing depends on accounts
                row(TWO_BASES, "upgrade", "", "billing@head", "up acc1 [insert acc1] | up acc2 [update acc1 -> acc2] | "
                        + "up bil1 [insert bil1] | up bil2 [update bil1 -> bil2] | "
                        + "up bil3 [delete bil2, update acc2 -> bil3]", "bil3"),
                row(TWO_BASES, "upgrade", "acc3", "billing@head", "up bil1 [insert bil1] | up bil2 [update bil1 -> bil2]"
                        + " | up bil3 [update bil2 -> bil3]", "acc3 bil3"),
                row(TWO_BASES, "upgrade", "", "head", "!MultipleHeadsException", ""),
                row(TWO_BASES, "upgrade", "acc1", "accounts@+2", "up acc2 [update acc1 -> acc2] | "
                        + "up acc3 [update acc2 -> acc3]", "acc3"),
                // billing needs acc2, so taking accounts back to base takes billing's last revision too
                row(TWO_BASES, "downgrade", "acc3 bil3", "accounts@base", "down acc3 [delete acc3] | "
                        + "down bil3 [insert bil2, update bil3 -> acc2] | down acc2 [update acc2 -> acc1] | "
                        + "down acc1 [delete acc1]", "bil2"),
                row(TWO_BASES, "downgrade", "acc3 bil3", "billing@base", "down bil3 [update bil3 -> bil2] | "
                        + "down bil2 [update bil2 -> bil1] | down bil1 [delete bil1]", "acc3"),
                row(TWO_BASES, "stamp", "acc3", "billing@head", "stamp >bil3 [insert bil3]", "acc3 bil3"));
    }

    @ParameterizedTest(name = "{0}: {2} [{3}] to {4}")
    @MethodSource("plans")
    void plan(String name, RevisionGraph g, String op, String rows, String target, String expected, String after) {
        List<String> current = words(rows);
        if (expected.startsWith("!")) {
            GraphException e = assertThrows(GraphException.class, () -> run(g, op, current, target));
            assertEquals(expected.substring(1), e.getClass().getSimpleName(), e.getMessage());
            return;
        }
        Plan plan = run(g, op, current, target);
        assertEquals(expected, steps(plan));
        assertEquals(after, heads(plan));
        assertEquals(List.copyOf(new java.util.LinkedHashSet<>(current)), plan.headsBefore());
        // Each step starts where the previous one ended.
        List<String> rowsNow = plan.headsBefore();
        for (Step s : plan.steps()) {
            assertEquals(rowsNow, s.headsBefore());
            rowsNow = s.headsAfter();
        }
        assertEquals(rowsNow, plan.headsAfter());
    }

    private static Plan run(RevisionGraph g, String op, List<String> current, String target) {
        return switch (op) {
            case "upgrade" -> g.upgrade(current, target);
            case "downgrade" -> g.downgrade(current, target);
            case "stamp" -> g.stamp(current, List.of(target), false);
            default -> throw new IllegalArgumentException(op);
        };
    }

    @Test
    void upgradeHeadWithSeveralHeadsNamesThemAndTheWaysOut() {
        MultipleHeadsException e = assertThrows(MultipleHeadsException.class,
                () -> BRANCHED.upgrade(List.of("a000"), "head"));
        assertEquals(List.of("d100", "d200"), e.heads());
        assertEquals("head", e.target());
        for (String hint : List.of("d100", "d200", "'heads'", "<label>@head", "merge")) {
            assertTrue(e.getMessage().contains(hint), hint + " missing from: " + e.getMessage());
        }
    }

    @Test
    void purgeStampIgnoresWhateverTheTableHeld() {
        Plan plan = LINEAR.stamp(List.of("gone", "also-gone"), List.of("heads"), true);
        assertEquals("stamp >e5ee [insert e5ee]", steps(plan));
        assertEquals(List.of("gone", "also-gone"), plan.headsBefore());
        assertEquals(List.of(), plan.steps().get(0).headsBefore());
        assertEquals(List.of("e5ee"), plan.headsAfter());
        // Without purge the unknown rows must resolve, and they do not.
        assertThrows(UnknownRevisionException.class, () -> LINEAR.stamp(List.of("gone"), List.of("heads"), false));
    }

    @Test
    void stampOfSeveralTargetsAddsOneRowPerBranch() {
        Plan plan = BRANCHED.stamp(List.of(), List.of("d100", "c200"), false);
        assertEquals("stamp >d100 [insert d100] | stamp >c200 [insert c200]", steps(plan));
        assertEquals("c200 d100", heads(plan));
        assertEquals("stamp d100> [delete d100] | stamp c200> [delete c200]",
                steps(BRANCHED.stamp(List.of("d100", "c200"), List.of(), false)));
    }

    @Test
    void stepsPrintLikeAlembicsLog() {
        RevisionGraph g = RevisionGraph.of(List.of(
                new Revision("a1", List.of(), List.of(), java.util.Set.of(), "create users\n\nRevision ID: a1\n"),
                new Revision("b2", List.of("a1"), List.of(), java.util.Set.of(), "add avatar"),
                new Revision("c3", List.of("a1"), List.of(), java.util.Set.of(), ""),
                new Revision("d4", List.of("b2", "c3"), List.of(), java.util.Set.of(), "merge")));
        List<String> up = g.upgrade(List.of(), "heads").steps().stream().map(Step::toString).toList();
        assertEquals(List.of("upgrade  -> a1, create users", "upgrade a1 -> c3", "upgrade a1 -> b2, add avatar",
                "upgrade b2, c3 -> d4, merge"), up);
        List<String> down = g.downgrade(List.of("d4"), "base").steps().stream().map(Step::toString).toList();
        assertEquals("downgrade d4 -> b2, c3, merge", down.get(0));
        assertEquals("stamp_revision d4 -> a1", g.stamp(List.of("d4"), List.of("a1"), false).steps().get(0).toString());
    }
}
