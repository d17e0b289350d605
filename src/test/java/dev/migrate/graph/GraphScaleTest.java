package dev.migrate.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * Long histories: a graph of 20,000 revisions in the shapes years of branches leave (a trunk, feature branches
 * merged back two and three at a time, labelled branches with bases of their own, dependencies across them) is
 * built, walked, planned and asked for its current heads correctly, and in seconds: Alembic's own algorithms recompute ancestor sets at every
 * merge point and dependency, which makes such a history take minutes. The time limit is generous on purpose; it
 * is there to catch a walk that grows with the square of the history again, not to measure.
 */
class GraphScaleTest {

    static final int SIZE = 20_000;

    /** The shapes of bench/bench.py's graph scenario, as literal revisions in an order where parents come first. */
    static List<Revision> history(int n) {
        List<Revision> out = new ArrayList<>();
        class Maker {
            String make(List<String> down, List<String> deps, String label) {
                String id = String.format("%012x", 0x5ca1e0000000L + out.size());
                out.add(new Revision(id, down, deps, label == null ? Set.of() : new LinkedHashSet<>(List.of(label)), "rev " + id));
                return id;
            }
        }
        Maker m = new Maker();
        String trunk = m.make(List.of(), List.of(), "trunk");
        String accounts = m.make(List.of(), List.of(), "accounts");
        String billing = m.make(List.of(), List.of(), "billing");
        for (int step = 1; out.size() < n; step++) {
            if (step % 6 == 0) {
                String a = trunk;
                String b = trunk;
                for (int k = 0; k < 4; k++) {
                    a = m.make(List.of(a), List.of(), null);
                    b = m.make(List.of(b), k == 2 ? List.of(accounts) : List.of(), null);
                }
                trunk = m.make(List.of(m.make(List.of(trunk), List.of(), null), a, b), List.of(), null);
            } else if (step % 3 == 0) {
                String f = trunk;
                for (int k = 0; k < 3; k++) f = m.make(List.of(f), List.of(), null);
                trunk = m.make(List.of(m.make(List.of(trunk), List.of(), null), f), List.of(), null);
            } else if (step % 10 == 5) {
                accounts = m.make(List.of(accounts), List.of(trunk), null);
            } else if (step % 5 == 0) {
                billing = m.make(List.of(billing), List.of(trunk), null);
            } else {
                trunk = m.make(List.of(trunk), List.of(), null);
            }
        }
        return out;
    }

    @Test
    void aLongHistoryIsWalkedAndPlannedInOrderWithoutQuadraticWalks() {
        List<Revision> revisions = history(SIZE);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            RevisionGraph graph = RevisionGraph.of(revisions);
            assertEquals(3, graph.heads().size(), graph.heads().toString());

            List<Revision> walk = graph.walk("base", "heads");
            assertEquals(revisions.size(), walk.size());
            newestFirst(walk);

            Plan plan = graph.upgrade(List.of(), "heads");
            assertEquals(revisions.size(), plan.steps().size());
            List<Revision> applied = new ArrayList<>();
            for (Step s : plan.steps()) applied.add(s.revision());
            java.util.Collections.reverse(applied);
            newestFirst(applied);
            assertEquals(Set.copyOf(graph.realHeads()), Set.copyOf(plan.headsAfter()));

            assertEquals(graph.heads(), graph.current(graph.heads()));

            Plan down = graph.downgrade(graph.realHeads(), "base");
            assertEquals(revisions.size(), down.steps().size());
        });
    }

    @Test
    void currentHeadsAreTheRowsAndTheirAncestorsWithoutTheOnesBelowAnother() {
        List<Revision> revisions = history(2_000);
        RevisionGraph graph = RevisionGraph.of(revisions);
        for (int[] picks : new int[][] {{1_999}, {1_000, 1_999}, {10, 500, 1_500}, {0, 1, 2}, {1_234, 1_235, 1_300}}) {
            List<String> rows = new ArrayList<>();
            for (int i : picks) rows.add(revisions.get(i).id());
            assertEquals(currentByDefinition(graph, rows), graph.current(rows), rows.toString());
        }
    }

    /**
     * Alembic's get_all_current spelled out: the rows and everything they revise or depend on, less each one that
     * another of them revises (directly or not); in input order.
     */
    static List<String> currentByDefinition(RevisionGraph graph, List<String> rows) {
        Set<String> all = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(rows);
        while (!todo.isEmpty()) {
            String id = todo.remove(todo.size() - 1);
            if (!all.add(id)) continue;
            todo.addAll(graph.get(id).downRevisions());
            todo.addAll(graph.get(id).dependsOn());
        }
        List<String> out = new ArrayList<>();
        for (Revision r : graph.revisions()) {
            if (!all.contains(r.id())) continue;
            boolean below = false;
            List<String> up = new ArrayList<>(graph.children(r.id()));
            Set<String> seen = new HashSet<>();
            while (!up.isEmpty() && !below) {
                String c = up.remove(up.size() - 1);
                if (!seen.add(c)) continue;
                below = all.contains(c);
                up.addAll(graph.children(c));
            }
            if (!below) out.add(r.id());
        }
        return out;
    }

    /** Every revision comes before (is newer than) the revisions it revises and depends on. */
    static void newestFirst(List<Revision> order) {
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < order.size(); i++) position.put(order.get(i).id(), i);
        for (Revision r : order) {
            for (String below : r.downRevisions()) {
                assertTrue(position.get(below) > position.get(r.id()), r.id() + " before " + below);
            }
            for (String below : r.dependsOn()) {
                assertTrue(position.get(below) > position.get(r.id()), r.id() + " before its dependency " + below);
            }
        }
    }
}
