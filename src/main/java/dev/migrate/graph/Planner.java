package dev.migrate.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.migrate.graph.RevisionGraph.Arg;
import dev.migrate.graph.RevisionGraph.Node;

/**
 * Turns a target into a {@link Plan}: a port of Alembic's {@code ScriptDirectory._upgrade_revs},
 * {@code _downgrade_revs} and {@code _stamp_revs}, whose steps are then replayed against a
 * simulated version table exactly as {@code HeadMaintainer.update_to_step} would.
 */
final class Planner {

    private final RevisionGraph graph;
    /**
     * The ancestors of version table rows, each found only as deep as asked and kept while its row stays: a
     * downgrade asks about the other rows at every step, and computing their whole ancestry each time made
     * long histories quadratic.
     */
    private final Map<Node, RevisionGraph.Ancestors> rowAncestors = new HashMap<>();

    Planner(RevisionGraph graph) {
        this.graph = graph;
    }

    /** A step before it is applied: Alembic's {@code RevisionStep} or {@code StampStep}. */
    private sealed interface Move permits RevisionMove, StampMove {
    }

    /** {@code RevisionStep}: run one revision up or down. */
    private record RevisionMove(Node node, boolean upgrade) implements Move {
        /** {@code _normalized_down_revisions}. */
        List<String> downs() {
            return node.normalizedDown();
        }

        List<String> fromRevisions() {
            return upgrade ? downs() : List.of(node.id);
        }

        List<String> toRevisions() {
            return upgrade ? List.of(node.id) : downs();
        }
    }

    /** {@code StampStep}: move rows without running anything. */
    private record StampMove(List<String> from, List<String> to, boolean upgrade, boolean branchMove)
            implements Move {
    }

    Plan upgrade(List<String> currentHeads, String target) {
        List<Node> revs;
        try {
            revs = graph.iterateRevisions(Arg.of(target), Arg.of(currentHeads), true, false, true, false);
        } catch (RangeNotAncestorException e) {
            throw new RangeNotAncestorException(e.lower(), target,
                    "Destination " + target + " is not a valid upgrade target from current head(s).");
        }
        List<Move> moves = new ArrayList<>();
        for (Node n : revs) {
            moves.add(new RevisionMove(n, true));
        }
        Collections.reverse(moves); // iterate_revisions yields newest first
        return apply(moves, currentHeads, currentHeads);
    }

    Plan downgrade(List<String> currentHeads, String target) {
        List<Node> revs;
        try {
            revs = graph.iterateRevisions(Arg.of(currentHeads), Arg.of(target), false, false, true, true);
        } catch (RangeNotAncestorException e) {
            throw new RangeNotAncestorException(e.lower(), target,
                    "Destination " + target + " is not a valid downgrade target from current head(s).");
        }
        List<Move> moves = new ArrayList<>();
        for (Node n : revs) {
            moves.add(new RevisionMove(n, false));
        }
        return apply(moves, currentHeads, currentHeads);
    }

    /** Port of {@code _stamp_revs}; {@code purge} empties the table first, as {@code run_migrations} does. */
    Plan stamp(List<String> currentHeads, List<String> targets, boolean purge) {
        List<String> heads = purge ? List.of() : currentHeads;
        List<String> revision = targets.isEmpty() ? List.of("base") : targets;
        List<Node> headsRevs = graph.getRevisions(heads);

        Set<Node> filtered = new LinkedHashSet<>();
        for (String rev : revision) {
            if (!rev.isEmpty()) {
                filtered.addAll(graph.filterForLineage(headsRevs, rev, true, n -> n));
            }
        }
        List<String> filteredIds = RevisionGraph.ids(filtered);

        List<Node> dests = graph.getRevisions(revision);
        if (dests.isEmpty()) {
            dests = new ArrayList<>();
            dests.add(null);
        }
        List<Move> moves = new ArrayList<>();
        for (Node dest : dests) {
            if (dest == null) {
                // Stamping to base: delete every selected head.
                for (String head : filteredIds) {
                    moves.add(new StampMove(List.of(head), List.of(), false, true));
                }
                continue;
            }
            if (dest == RevisionGraph.BASE) {
                throw new InconsistentRequestException("Cannot stamp a position below base.");
            }
            if (filtered.contains(dest)) {
                continue; // already in the version table
            }
            Set<Node> descendants = new HashSet<>(graph.descendants(List.of(dest), true, false));
            Set<Node> ancestors = new HashSet<>(graph.ancestors(List.of(dest), true, false));
            if (intersects(descendants, filtered)) {
                // Heads above the target: one downward move, merging them into the target.
                if (intersects(ancestors, filtered)) {
                    throw new InconsistentRequestException("Stamp target " + dest.id
                            + " is both above and below the current heads it would replace.");
                }
                moves.add(new StampMove(filteredIds, List.of(dest.id), false, false));
            } else if (intersects(ancestors, filtered)) {
                moves.add(new StampMove(filteredIds, List.of(dest.id), true, false));
            } else {
                // A branch not represented in the table: a new row.
                moves.add(new StampMove(List.of(), List.of(dest.id), true, true));
            }
        }
        return apply(moves, currentHeads, heads);
    }

    private static boolean intersects(Set<Node> a, Set<Node> b) {
        for (Node n : b) {
            if (a.contains(n)) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------
    // HeadMaintainer

    private Plan apply(List<Move> moves, List<String> tableBefore, List<String> startRows) {
        VersionTable table = new VersionTable(startRows);
        List<Step> steps = new ArrayList<>(moves.size());
        for (Move move : moves) {
            List<String> before = table.rows();
            List<VersionOp> ops = updateToStep(move, table);
            steps.add(toStep(move, ops, before, table.rows()));
            Set<String> rows = table.set();
            rowAncestors.keySet().removeIf(n -> !rows.contains(n.id));
        }
        return new Plan(steps, List.copyOf(new LinkedHashSet<>(tableBefore)), table.rows());
    }

    private static Step toStep(Move move, List<VersionOp> ops, List<String> before, List<String> after) {
        if (move instanceof RevisionMove r) {
            return new Step(r.upgrade ? Step.Kind.UPGRADE : Step.Kind.DOWNGRADE, r.node.revision,
                    r.fromRevisions(), r.toRevisions(), ops, before, after);
        }
        StampMove s = (StampMove) move;
        return new Step(Step.Kind.STAMP, null, s.from, s.to, ops, before, after);
    }

    /** Port of {@code HeadMaintainer.update_to_step}: the first rule that applies wins. */
    private List<VersionOp> updateToStep(Move move, VersionTable table) {
        Set<String> heads = table.set();
        if (move instanceof RevisionMove r) {
            if (shouldDeleteBranch(r, heads)) {
                table.delete(r.node.id);
            } else if (shouldCreateBranch(r, heads)) {
                table.insert(r.node.id);
            } else if (shouldMergeBranches(r, heads)) {
                List<String> from = mergeFrom(r, heads);
                if (from.isEmpty()) {
                    throw inconsistent(r);
                }
                for (String rev : from.subList(0, from.size() - 1)) {
                    table.delete(rev);
                }
                table.update(from.get(from.size() - 1), r.toRevisions().get(0));
            } else if (shouldUnmergeBranches(r, heads)) {
                List<String> to = unmergeTo(r, heads);
                for (String rev : to.subList(0, to.size() - 1)) {
                    table.insert(rev);
                }
                table.update(r.fromRevisions().get(0), to.get(to.size() - 1));
            } else {
                String down;
                if (r.downs().size() == 1) {
                    down = r.downs().get(0);
                } else {
                    List<String> present = new ArrayList<>(r.downs());
                    present.retainAll(heads);
                    if (present.size() != 1) {
                        throw inconsistent(r);
                    }
                    down = present.get(0);
                }
                if (r.upgrade) {
                    table.update(down, r.node.id);
                } else {
                    table.update(r.node.id, down);
                }
            }
        } else {
            StampMove s = (StampMove) move;
            if (!s.upgrade && s.branchMove) {
                table.delete(single(s.from));
            } else if (s.upgrade && (s.branchMove || !difference(s.from, heads).isEmpty())
                    && !difference(s.to, heads).isEmpty()) {
                table.insert(single(s.to));
            } else if (s.from.size() > 1) {
                for (String rev : s.from.subList(0, s.from.size() - 1)) {
                    table.delete(rev);
                }
                table.update(s.from.get(s.from.size() - 1), first(s.to));
            } else if (s.to.size() > 1) {
                for (String rev : s.to.subList(0, s.to.size() - 1)) {
                    table.insert(rev);
                }
                table.update(first(s.from), s.to.get(s.to.size() - 1));
            } else {
                table.update(single(s.from), single(s.to));
            }
        }
        return table.drainOps();
    }

    /** {@code should_delete_branch}: downgrading a row to nothing (a base, or a branch others still imply). */
    private boolean shouldDeleteBranch(RevisionMove r, Set<String> heads) {
        if (r.upgrade || !heads.contains(r.node.id)) {
            return false;
        }
        return r.downs().isEmpty() || unmergeTo(r, heads).isEmpty();
    }

    /** {@code should_create_branch}: upgrading when none of the down revisions is a row. */
    private static boolean shouldCreateBranch(RevisionMove r, Set<String> heads) {
        return r.upgrade && (r.downs().isEmpty() || difference(r.downs(), heads).size() == r.downs().size());
    }

    /** {@code should_merge_branches}: upgrading a merge point while several of its parents are rows. */
    private static boolean shouldMergeBranches(RevisionMove r, Set<String> heads) {
        return r.upgrade && r.downs().size() > 1 && r.downs().size() - difference(r.downs(), heads).size() > 1;
    }

    /** {@code should_unmerge_branches}: downgrading a merge point that is a row. */
    private static boolean shouldUnmergeBranches(RevisionMove r, Set<String> heads) {
        return !r.upgrade && heads.contains(r.node.id) && r.downs().size() > 1;
    }

    /**
     * {@code merge_branch_idents}: the parents to fold into the merge point, leaving out those
     * another row already implies. Alembic takes them from a set (hash order); input order here.
     */
    private List<String> mergeFrom(RevisionMove r, Set<String> heads) {
        Set<String> other = new LinkedHashSet<>(heads);
        other.removeAll(r.fromRevisions());
        if (other.isEmpty()) {
            return r.fromRevisions();
        }
        return notImpliedBy(other, r.fromRevisions());
    }

    /**
     * {@code _unmerge_to_revisions}: the parents a downgraded revision leaves behind as rows, minus
     * those another row already implies. Alembic takes them from a set (hash order); input order here.
     */
    private List<String> unmergeTo(RevisionMove r, Set<String> heads) {
        Set<String> other = new LinkedHashSet<>(heads);
        other.remove(r.node.id);
        if (other.isEmpty()) {
            return r.toRevisions();
        }
        return notImpliedBy(other, r.toRevisions());
    }

    /** Those of {@code values} that are not one of {@code rows} or an ancestor of one (dependencies included). */
    private List<String> notImpliedBy(Set<String> rows, List<String> values) {
        List<RevisionGraph.Ancestors> implied = new ArrayList<>();
        for (Node row : graph.getRevisions(rows)) {
            implied.add(rowAncestors.computeIfAbsent(row, graph::ancestorsOf));
        }
        List<String> out = new ArrayList<>();
        for (String v : values) {
            Node n = graph.find(v);
            if (n == null || implied.stream().noneMatch(a -> a.contains(n))) {
                out.add(v);
            }
        }
        return out;
    }

    private static List<String> difference(List<String> values, Set<String> remove) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (!remove.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }

    private static String single(List<String> values) {
        if (values.size() != 1) {
            throw new InconsistentRequestException("A stamp step expected one revision, got " + values + ".");
        }
        return values.get(0);
    }

    private static String first(List<String> values) {
        if (values.isEmpty()) {
            throw new InconsistentRequestException("A stamp step has no revision to move.");
        }
        return values.get(0);
    }

    private static InconsistentRequestException inconsistent(RevisionMove r) {
        return new InconsistentRequestException("Cannot " + (r.upgrade ? "upgrade" : "downgrade") + " "
                + r.node.id + ": the version table does not hold exactly one of its down revisions.");
    }

    /**
     * The version table as {@code HeadMaintainer} sees it, with rows kept in a stable order
     * (an update replaces a row in place) and every change recorded as a {@link VersionOp}.
     */
    private static final class VersionTable {
        private final List<String> rows;
        private final List<VersionOp> ops = new ArrayList<>();

        VersionTable(List<String> start) {
            rows = new ArrayList<>(new LinkedHashSet<>(start));
        }

        List<String> rows() {
            return List.copyOf(rows);
        }

        Set<String> set() {
            return new LinkedHashSet<>(rows);
        }

        void insert(String rev) {
            if (rows.contains(rev)) {
                throw new InconsistentRequestException("Revision " + rev + " is already in the version table.");
            }
            rows.add(rev);
            ops.add(new VersionOp.Insert(rev));
        }

        void delete(String rev) {
            if (!rows.remove(rev)) {
                throw new InconsistentRequestException("Revision " + rev + " is not in the version table.");
            }
            ops.add(new VersionOp.Delete(rev));
        }

        void update(String from, String to) {
            if (rows.contains(to)) {
                throw new InconsistentRequestException("Revision " + to + " is already in the version table.");
            }
            int i = rows.indexOf(from);
            if (i < 0) {
                throw new InconsistentRequestException("Revision " + from + " is not in the version table.");
            }
            rows.set(i, to);
            ops.add(new VersionOp.Update(from, to));
        }

        List<VersionOp> drainOps() {
            List<VersionOp> out = List.copyOf(ops);
            ops.clear();
            return out;
        }
    }
}
