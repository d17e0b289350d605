package dev.migrate.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import dev.migrate.graph.RelativeTarget.Count;

/**
 * The revision graph with Alembic's semantics: heads, bases, branch labels, target resolution,
 * history walks and upgrade / downgrade / stamp plans.
 *
 * <p>This is a faithful port of Alembic 1.8.1's {@code alembic.script.revision.RevisionMap}; the
 * package-private methods keep the names of the Python functions they port so the two can be read
 * side by side. Where Alembic iterates a Python {@code set} (whose order depends on string hashing)
 * this class uses the order in which revisions were given, so results are deterministic; where the
 * choice is observable the javadoc says so.
 *
 * <p>Instances are immutable and thread-safe once built.
 */
public final class RevisionGraph {

    /** Alembic's {@code Revision} after the map is built: declared data plus derived links. */
    static final class Node {
        final Revision revision;
        final String id;
        /** Position in the input, Alembic's revision map key order. */
        final int index;
        /** Dependencies resolved from ids or labels to ids ({@code _resolved_dependencies}); set through {@link #resolvedDeps(List)}. */
        List<String> resolvedDeps = List.of();
        /** Dependencies not already implied by an ancestor ({@code _normalized_resolved_dependencies}); set through {@link #normalizedDeps(List)}. */
        List<String> normalizedDeps = List.of();
        /** {@link #normalizedDown()} and {@link #allDown()}, made once: every walk asks for them at each step. */
        private List<String> normalizedDown;
        private List<String> allDown;
        /** The nodes of {@link #down()} and {@link #normalizedDown()}, for walks that need no id look-ups. */
        private Node[] downNodes;
        private Node[] normalizedDownNodes;
        /** Children through down revisions only ({@code nextrev}). */
        final Set<String> nextrev = new LinkedHashSet<>();
        /** Children through down revisions or dependencies ({@code _all_nextrev}). */
        final Set<String> allNextrev = new LinkedHashSet<>();
        /** Declared plus propagated branch labels ({@code branch_labels} after {@code _add_branches}). */
        final Set<String> labels;

        Node(Revision revision, int index) {
            this.revision = revision;
            this.id = revision.id();
            this.index = index;
            this.labels = new LinkedHashSet<>(revision.branchLabels());
        }

        /** {@code _versioned_down_revisions}. */
        List<String> down() {
            return revision.downRevisions();
        }

        List<String> resolvedDeps() {
            return resolvedDeps;
        }

        void resolvedDeps(List<String> deps) {
            resolvedDeps = List.copyOf(deps);
            allDown = null;
        }

        List<String> normalizedDeps() {
            return normalizedDeps;
        }

        void normalizedDeps(List<String> deps) {
            normalizedDeps = List.copyOf(deps);
            normalizedDown = null;
            normalizedDownNodes = null;
        }

        /** Makes the derived links once the graph is complete, so that a built graph never changes. */
        void freeze(Map<String, Node> byId) {
            allDown();
            normalizedDownNodes = nodes(normalizedDown(), byId);
        }

        private static Node[] nodes(List<String> ids, Map<String, Node> byId) {
            Node[] out = new Node[ids.size()];
            for (int i = 0; i < out.length; i++) out[i] = byId.get(ids.get(i));
            return out;
        }

        /** {@code _normalized_down_revisions}. */
        List<String> normalizedDown() {
            if (normalizedDown == null) normalizedDown = dedupe(down(), normalizedDeps);
            return normalizedDown;
        }

        /** {@code _all_down_revisions}. */
        List<String> allDown() {
            if (allDown == null) allDown = dedupe(down(), resolvedDeps);
            return allDown;
        }

        boolean isHead() {
            return nextrev.isEmpty();
        }

        boolean isRealHead() {
            return allNextrev.isEmpty();
        }

        boolean isBase() {
            return down().isEmpty();
        }

        boolean isBranchPoint() {
            return nextrev.size() > 1;
        }

        boolean isRealBranchPoint() {
            return allNextrev.size() > 1;
        }

        boolean isMergePoint() {
            return down().size() > 1;
        }

        @Override
        public String toString() {
            return id;
        }

        private static List<String> dedupe(List<String> a, List<String> b) {
            Set<String> out = new LinkedHashSet<>(a);
            out.addAll(b);
            return List.copyOf(out);
        }
    }

    /** The string {@code "base"} that Alembic's {@code _walk} returns when it steps below a base revision. */
    static final Node BASE = new Node(new Revision("<base>", List.of(), List.of(), Set.of(), ""), -1);

    /**
     * A revision argument as Alembic receives it: a single string (which may be symbolic or
     * relative) or a tuple of identifiers (such as version table rows); {@code null} for None.
     */
    record Arg(String str, List<String> tuple) {
        static Arg of(String s) {
            return new Arg(s, null);
        }

        static Arg of(Collection<String> t) {
            return new Arg(null, List.copyOf(t));
        }

        boolean isStr() {
            return str != null;
        }

        /** {@code util.to_tuple(x)} with None mapped to the empty tuple. */
        List<String> toTuple() {
            if (str != null) {
                return List.of(str);
            }
            return tuple == null ? List.of() : tuple;
        }

        @Override
        public String toString() {
            return str != null ? str : tuple == null ? "base" : String.join(", ", tuple);
        }
    }

    /** Result of {@code _resolve_revision_number}: ids and the branch label before {@code @}. */
    private record Resolved(List<String> ids, String branch) {
    }

    /** Result of {@code _parse_downgrade_target}. */
    private record BranchTarget(String branch, Node revision) {
    }

    /** Result of the {@code _collect_*_revisions} functions: what to run and the heads to sort from. */
    private record Collected(Set<Node> revisions, List<Node> heads) {
    }

    /** Alembic's {@code _revision_map}: revision ids in input order, then branch labels. */
    private final Map<String, Node> map;
    /** Revision ids only, in input order. */
    private final Map<String, Node> nodes;
    private final List<String> heads;
    private final List<String> realHeads;
    private final List<String> bases;
    private final List<String> realBases;
    /**
     * A topological number per {@link Node#index}: every revision is numbered above its normalised down
     * revisions, so that a walk looking for an ancestor can stop below it.
     */
    private final int[] rank;

    /**
     * Builds and validates a graph. The iteration order of {@code revisions} is significant: it is
     * the order Alembic would load them in and breaks ties when ordering heads and plan steps.
     *
     * @throws CycleException              a revision revises or depends on itself, or links form a cycle
     * @throws InvalidRevisionIdException  an id is blank, reserved or contains {@code @ - + :}
     * @throws DuplicateRevisionException  two revisions share an id
     * @throws DuplicateLabelException     a branch label is used twice or equals a revision id
     * @throws UnknownRevisionException    a Revises or Depends On names nothing
     */
    public static RevisionGraph of(Collection<Revision> revisions) {
        Objects.requireNonNull(revisions, "revisions");
        List<Revision> list = new ArrayList<>(revisions.size());
        for (Revision r : revisions) {
            Objects.requireNonNull(r, "revision");
            // Alembic's Revision.__init__ checks loops before the id.
            if (r.downRevisions().contains(r.id())) {
                throw new CycleException(CycleException.Kind.SELF_LOOP, List.of(r.id()));
            }
            if (r.dependsOn().contains(r.id())) {
                throw new CycleException(CycleException.Kind.DEPENDENCY_SELF_LOOP, List.of(r.id()));
            }
            InvalidRevisionIdException.check(r.id());
            list.add(r);
        }
        return new RevisionGraph(list);
    }

    /** Port of {@code RevisionMap._revision_map}. */
    private RevisionGraph(List<Revision> revisions) {
        Map<String, Node> byId = new LinkedHashMap<>();
        for (Revision r : revisions) {
            if (byId.containsKey(r.id())) {
                throw new DuplicateRevisionException(r.id());
            }
            byId.put(r.id(), new Node(r, byId.size()));
        }
        Map<String, Node> all = new LinkedHashMap<>(byId);
        // _map_branch_labels: a label shares the namespace with revision ids.
        for (Node n : byId.values()) {
            for (String label : n.revision.branchLabels()) {
                Node owner = all.get(label);
                if (owner != null) {
                    throw new DuplicateLabelException(label, List.of(n.id, owner.id));
                }
                all.put(label, n);
            }
        }
        // _add_depends_on: a dependency may name a revision or a branch label.
        for (Node n : byId.values()) {
            List<String> resolved = new ArrayList<>();
            for (String dep : n.revision.dependsOn()) {
                Node target = all.get(dep);
                if (target == null) {
                    throw new UnknownRevisionException(dep, n.id);
                }
                resolved.add(target.id);
            }
            n.resolvedDeps(resolved);
        }
        Set<Node> headSet = new LinkedHashSet<>(byId.values());
        Set<Node> realHeadSet = new LinkedHashSet<>(byId.values());
        for (Node rev : byId.values()) {
            for (String downId : rev.allDown()) {
                // Alembic would also accept a label here and then fail with a broken map; an
                // exact id is required.
                Node down = byId.get(downId);
                if (down == null) {
                    throw new UnknownRevisionException(downId, rev.id);
                }
                down.allNextrev.add(rev.id);
                if (rev.down().contains(downId)) {
                    down.nextrev.add(rev.id);
                    headSet.remove(down);
                }
                realHeadSet.remove(down);
            }
        }
        for (Node n : byId.values()) {
            n.downNodes = Node.nodes(n.down(), byId);
        }
        this.nodes = Collections.unmodifiableMap(byId);
        this.map = Collections.unmodifiableMap(all);
        List<Node> baseNodes = new ArrayList<>();
        List<Node> realBaseNodes = new ArrayList<>();
        for (Node n : byId.values()) {
            if (n.isBase()) {
                baseNodes.add(n);
                if (n.revision.dependsOn().isEmpty()) {
                    realBaseNodes.add(n);
                }
            }
        }
        normalizeDependsOn();
        for (Node n : byId.values()) {
            n.freeze(byId);
        }
        detectCycles(headSet, baseNodes, realHeadSet, realBaseNodes);
        this.heads = ids(headSet);
        this.realHeads = ids(realHeadSet);
        this.bases = ids(baseNodes);
        this.realBases = ids(realBaseNodes);
        this.rank = rank();
        addBranches();
    }

    /** Post-order numbers over the normalised down revisions: ancestors first. The graph has no cycle here. */
    private int[] rank() {
        return rank(n -> n.normalizedDownNodes);
    }

    /** Post-order numbers over {@code down}: each revision above those it leads to (when there is no cycle). */
    private int[] rank(Function<Node, Node[]> down) {
        int[] rank = new int[nodes.size()];
        BitSet done = new BitSet(nodes.size());
        Deque<Node> stack = new ArrayDeque<>();
        Deque<Integer> next = new ArrayDeque<>();
        int counter = 0;
        for (Node root : nodes.values()) {
            if (done.get(root.index)) {
                continue;
            }
            done.set(root.index);
            stack.push(root);
            next.push(0);
            while (!stack.isEmpty()) {
                Node n = stack.peek();
                int i = next.pop();
                Node[] downs = down.apply(n);
                if (i < downs.length) {
                    next.push(i + 1);
                    Node d = downs[i];
                    if (!done.get(d.index)) {
                        done.set(d.index);
                        stack.push(d);
                        next.push(0);
                    }
                } else {
                    stack.pop();
                    rank[n.index] = counter++;
                }
            }
        }
        return rank;
    }

    /**
     * The ancestors of one revision, itself included, through normalised down revisions; found lazily, only as
     * deep as the revisions asked about, so that a sort over a long history does not walk all of it again at every
     * merge point. Answers what a full ancestor set would.
     */
    final class Ancestors {
        private final BitSet seen = new BitSet();
        /** Found but not yet expanded, highest rank first. */
        private final java.util.PriorityQueue<Node> frontier =
                new java.util.PriorityQueue<>(Comparator.comparingInt((Node n) -> -rank[n.index]));

        Ancestors(Node root) {
            seen.set(root.index);
            frontier.add(root);
        }

        boolean contains(Node n) {
            if (seen.get(n.index)) {
                return true;
            }
            // Every path from here down to n runs through revisions ranked above n.
            int floor = rank[n.index];
            while (!frontier.isEmpty() && rank[frontier.peek().index] > floor) {
                for (Node down : frontier.poll().normalizedDownNodes) {
                    if (!seen.get(down.index)) {
                        seen.set(down.index);
                        frontier.add(down);
                    }
                }
            }
            return seen.get(n.index);
        }

        /** The set of the root's only down revision: the same set without the root. */
        void removeRoot(Node root) {
            contains(root.normalizedDownNodes.length == 0 ? root : root.normalizedDownNodes[0]);
            seen.clear(root.index);
        }
    }

    /** Port of {@code _normalize_depends_on}: drop dependencies an ancestor already has. */
    private void normalizeDependsOn() {
        // One walk over the down revisions per revision with dependencies, on node links and a stamped
        // visited array, and only through revisions ranked above its lowest dependency: a revision that
        // depends on d is above d. Walking all ancestors with hashed ids was most of the time spent building.
        Node[][] allDown = new Node[nodes.size()][];
        for (Node n : nodes.values()) {
            allDown[n.index] = Node.nodes(n.allDown(), nodes);
        }
        int[] rank = rank(n -> allDown[n.index]);
        int[] visited = new int[nodes.size()];
        int stamp = 0;
        Deque<Node> todo = new ArrayDeque<>();
        for (Node n : nodes.values()) {
            if (n.resolvedDeps().isEmpty()) {
                continue;
            }
            // Alembic builds a set here, so the order of several dependencies is hash order in
            // Python; declared order is kept instead.
            Set<String> normalized = new LinkedHashSet<>(n.resolvedDeps());
            int floor = Integer.MAX_VALUE;
            for (String dep : normalized) {
                floor = Math.min(floor, rank[nodes.get(dep).index]);
            }
            stamp++;
            visited[n.index] = stamp;
            todo.push(n);
            while (!todo.isEmpty() && !normalized.isEmpty()) {
                for (Node ancestor : todo.pop().downNodes) {
                    if (visited[ancestor.index] != stamp && rank[ancestor.index] > floor) {
                        visited[ancestor.index] = stamp;
                        normalized.removeAll(ancestor.resolvedDeps());
                        todo.push(ancestor);
                    }
                }
            }
            todo.clear();
            n.normalizedDeps(List.copyOf(normalized));
        }
    }

    /** Port of {@code _detect_cycles}. */
    private void detectCycles(Collection<Node> headSet, List<Node> baseNodes, Collection<Node> realHeadSet,
                              List<Node> realBaseNodes) {
        if (nodes.isEmpty()) {
            return;
        }
        if (headSet.isEmpty() || baseNodes.isEmpty()) {
            throw new CycleException(CycleException.Kind.CYCLE, List.copyOf(nodes.keySet()));
        }
        List<String> cut = unreachable(Node::down, headSet, n -> n.nextrev, baseNodes);
        if (!cut.isEmpty()) {
            throw new CycleException(CycleException.Kind.CYCLE, cut);
        }
        if (realHeadSet.isEmpty() || realBaseNodes.isEmpty()) {
            throw new CycleException(CycleException.Kind.DEPENDENCY_CYCLE, List.copyOf(nodes.keySet()));
        }
        cut = unreachable(Node::allDown, realHeadSet, n -> n.allNextrev, realBaseNodes);
        if (!cut.isEmpty()) {
            throw new CycleException(CycleException.Kind.DEPENDENCY_CYCLE, cut);
        }
    }

    /** Revisions not both below some head and above some base: those a cycle cuts off. Sorted. */
    private List<String> unreachable(Function<Node, Collection<String>> downFn, Collection<Node> from,
                                     Function<Node, Collection<String>> upFn, List<Node> fromBases) {
        Set<String> space = new HashSet<>(ids(iterateRelated(downFn, List.copyOf(from), false)));
        space.retainAll(new HashSet<>(ids(iterateRelated(upFn, fromBases, false))));
        List<String> cut = new ArrayList<>();
        for (String id : nodes.keySet()) {
            if (!space.contains(id)) {
                cut.add(id);
            }
        }
        Collections.sort(cut);
        return cut;
    }

    /**
     * Port of {@code _add_branches}: a label covers its revision, every descendant, and the plain
     * line of ancestors below it down to the nearest branch point or merge point.
     */
    private void addBranches() {
        for (Node revision : nodes.values()) {
            if (revision.revision.branchLabels().isEmpty()) {
                continue;
            }
            List<String> labels = List.copyOf(revision.labels);
            Node last = revision;
            for (Node node : descendants(List.of(revision), false, false)) {
                node.labels.addAll(labels);
                last = node;
            }
            // Alembic continues from the last descendant yielded; the walk can only get below
            // `revision` when the descendants form a single line, so the DFS order is irrelevant.
            Node parent = last;
            while (!parent.isRealBranchPoint() && !parent.isMergePoint()) {
                parent.labels.addAll(labels);
                if (parent.down().isEmpty()) {
                    break;
                }
                parent = nodes.get(parent.down().get(0));
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Public queries

    /** The revision with exactly this id, or {@code null}; no prefixes, labels or symbols. */
    public Revision get(String id) {
        Node n = nodes.get(id);
        return n == null ? null : n.revision;
    }

    /** Every revision, in the order given to {@link #of}. */
    public List<Revision> revisions() {
        List<Revision> out = new ArrayList<>(nodes.size());
        for (Node n : nodes.values()) {
            out.add(n.revision);
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Alembic's {@code heads}: revisions no other revision revises, in input order. A revision
     * that is only depended on is still a head here (see {@link #realHeads()}).
     */
    public List<String> heads() {
        return heads;
    }

    /**
     * Alembic's {@code _real_heads}: revisions nothing revises or depends on. This is what the
     * target {@code heads} means.
     */
    public List<String> realHeads() {
        return realHeads;
    }

    /** Alembic's {@code bases}: revisions with no down revision, in input order. */
    public List<String> bases() {
        return bases;
    }

    /** Alembic's {@code _real_bases}: bases that also have no dependencies. */
    public List<String> realBases() {
        return realBases;
    }

    /** True if no revision revises this one ({@code is_head}). */
    public boolean isHead(String id) {
        return node(id).isHead();
    }

    /** True if nothing revises or depends on this revision ({@code _is_real_head}). */
    public boolean isRealHead(String id) {
        return node(id).isRealHead();
    }

    /** True if this revision revises nothing ({@code is_base}). */
    public boolean isBase(String id) {
        return node(id).isBase();
    }

    /** True if more than one revision revises this one ({@code is_branch_point}). */
    public boolean isBranchPoint(String id) {
        return node(id).isBranchPoint();
    }

    /** True if this revision revises more than one ({@code is_merge_point}). */
    public boolean isMergePoint(String id) {
        return node(id).isMergePoint();
    }

    /**
     * Revisions that revise this one ({@code nextrev}), in input order. Revisions that merely
     * depend on it are not included, as in Alembic.
     */
    public List<String> children(String id) {
        return List.copyOf(node(id).nextrev);
    }

    /** Revisions that depend on this one without revising it, in input order. */
    public List<String> dependents(String id) {
        Node n = node(id);
        List<String> out = new ArrayList<>();
        for (String child : n.allNextrev) {
            if (!n.nextrev.contains(child)) {
                out.add(child);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The branch labels that apply to a revision: its own and those propagated from labelled
     * ancestors and descendants, sorted (Alembic keeps them in a set).
     */
    public Set<String> branchLabels(String id) {
        return Collections.unmodifiableSet(new TreeSet<>(node(id).labels));
    }

    /**
     * The revisions a target names, as Alembic's {@code get_revisions} (used by {@code show}).
     * Accepts ids, unique prefixes of four or more characters, branch labels, {@code head},
     * {@code heads}, {@code base} (no revisions), {@code <label>@head}, {@code <label>@<rev>},
     * {@code -N} and {@code <label>@-N} (walked down from the heads).
     *
     * @throws ResolutionException     the target names nothing, or a prefix is ambiguous
     * @throws MultipleHeadsException  {@code head} with several heads
     * @throws RelativeRevisionException {@code -N} walks below base
     */
    public List<Revision> resolve(String target) {
        List<Revision> out = new ArrayList<>();
        for (Node n : getRevisions(target)) {
            if (n == null) {
                throw new RelativeRevisionException(target, "Relative revision " + target
                        + " walks past the end of the revision graph.");
            }
            if (n != BASE) {
                out.add(n.revision);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Revisions from {@code head} down to {@code base}, newest first, as Alembic's
     * {@code ScriptDirectory.walk_revisions} (the {@code history} command). Both ends accept any
     * target syntax; {@code base} is inclusive.
     *
     * @throws RangeNotAncestorException {@code base} is not an ancestor of {@code head}
     */
    public List<Revision> walk(String base, String head) {
        return walk(Arg.of(base == null ? "base" : base), Arg.of(head == null ? "heads" : head));
    }

    /**
     * {@link #walk(String, String)} with the version table rows at both ends. Alembic's
     * {@code history} passes the rows for an end given as {@code current}; an empty collection
     * means {@code base} or {@code heads}. Rows are plain ids: relative and label syntax does not
     * apply to them.
     */
    public List<Revision> walk(Collection<String> baseRevisions, Collection<String> headRevisions) {
        return walk(rows(baseRevisions, "base"), rows(headRevisions, "heads"));
    }

    /** {@code history current:<head>}: the rows as the lower end, {@code head} in target syntax. */
    public List<Revision> walk(Collection<String> baseRevisions, String head) {
        return walk(rows(baseRevisions, "base"), Arg.of(head == null ? "heads" : head));
    }

    /** {@code history <base>:current}: {@code base} in target syntax, the rows as the upper end. */
    public List<Revision> walk(String base, Collection<String> headRevisions) {
        return walk(Arg.of(base == null ? "base" : base), rows(headRevisions, "heads"));
    }

    /** Alembic's {@code rows or "base"}: no rows means the symbolic end. */
    private static Arg rows(Collection<String> revisions, String whenEmpty) {
        return revisions.isEmpty() ? Arg.of(whenEmpty) : Arg.of(revisions);
    }

    private List<Revision> walk(Arg base, Arg head) {
        List<Node> revs;
        try {
            revs = iterateRevisions(head, base, false, true, false, false);
        } catch (RangeNotAncestorException e) {
            throw new RangeNotAncestorException(base.toString(), head.toString(), "Requested range " + base + ":"
                    + head + " does not refer to ancestor/descendant revisions along the same branch.");
        }
        List<Revision> out = new ArrayList<>(revs.size());
        for (Node n : revs) {
            out.add(n.revision);
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The heads a database is effectively at, as Alembic's {@code get_all_current} (the
     * {@code current} command): the given rows plus their ancestors, reduced to those with no
     * descendant among them; in input order.
     */
    public List<String> current(Collection<String> versionRows) {
        List<Node> all = new ArrayList<>(getAllCurrent(List.copyOf(versionRows)));
        all.sort(Comparator.comparingInt(n -> n.index));
        return ids(all);
    }

    /**
     * Plans {@code upgrade <target>} from a version table holding {@code currentHeads}, as
     * Alembic's {@code ScriptDirectory._upgrade_revs} followed by its {@code HeadMaintainer}.
     *
     * @throws MultipleHeadsException     {@code head} while the graph has several heads
     * @throws RangeNotAncestorException  the target is below the current heads
     * @throws GraphException             any other unresolvable target
     */
    public Plan upgrade(Collection<String> currentHeads, String target) {
        return new Planner(this).upgrade(List.copyOf(currentHeads), Objects.requireNonNull(target, "target"));
    }

    /**
     * Plans {@code downgrade <target>}, as Alembic's {@code ScriptDirectory._downgrade_revs}.
     *
     * @throws RangeNotAncestorException  the target is not below the current heads
     * @throws GraphException             any other unresolvable target
     */
    public Plan downgrade(Collection<String> currentHeads, String target) {
        return new Planner(this).downgrade(List.copyOf(currentHeads), Objects.requireNonNull(target, "target"));
    }

    /**
     * Plans {@code stamp <targets...>}, as Alembic's {@code ScriptDirectory._stamp_revs}. With
     * {@code purge} the table is emptied first: {@link Plan#headsBefore()} still lists the old
     * rows, while the first step starts from none.
     */
    public Plan stamp(Collection<String> currentHeads, List<String> targets, boolean purge) {
        return new Planner(this).stamp(List.copyOf(currentHeads), List.copyOf(targets), purge);
    }

    // ------------------------------------------------------------------------------------------
    // Package-private helpers shared with Planner and RevisionText

    /** The node for an exact id, or null. */
    Node find(String id) {
        return nodes.get(id);
    }

    /** The ancestors of a revision, itself included, found lazily as they are asked about. */
    Ancestors ancestorsOf(Node n) {
        return new Ancestors(isRevision(n));
    }

    /** The node for an exact id. */
    Node node(String id) {
        Node n = nodes.get(Objects.requireNonNull(id, "id"));
        if (n == null) {
            throw new UnknownRevisionException(id, null);
        }
        return n;
    }

    static List<String> ids(Collection<Node> ns) {
        List<String> out = new ArrayList<>(ns.size());
        for (Node n : ns) {
            out.add(n.id);
        }
        return out;
    }

    private static boolean truthy(String s) {
        return s != null && !s.isEmpty();
    }

    /** Alembic's {@code is_revision}: an assertion that a walk produced a real revision. */
    private static Node isRevision(Node n) {
        if (n == null || n == BASE) {
            throw new InconsistentRequestException(
                    "The target walks past the end of the revision graph; no revision is there.");
        }
        return n;
    }

    // ------------------------------------------------------------------------------------------
    // Traversal: _iterate_related_revisions and friends

    /** Port of {@code _get_descendant_nodes} (without the unused {@code omit_immediate_dependencies}). */
    List<Node> descendants(List<Node> targets, boolean includeDependencies, boolean check) {
        return iterateRelated(includeDependencies ? n -> n.allNextrev : n -> n.nextrev, targets, check);
    }

    /** Port of {@code _get_ancestor_nodes}. */
    List<Node> ancestors(List<Node> targets, boolean includeDependencies, boolean check) {
        return iterateRelated(includeDependencies ? Node::normalizedDown : Node::down, targets, check);
    }

    /**
     * Port of {@code _iterate_related_revisions}: a depth-first walk (LIFO) that yields each
     * revision once, targets included; with {@code check}, fails if one target is reachable from
     * another.
     */
    private List<Node> iterateRelated(Function<Node, Collection<String>> fn, List<Node> targets, boolean check) {
        List<Node> out = new ArrayList<>();
        Set<Node> seen = new HashSet<>();
        Deque<Node> todo = new ArrayDeque<>();
        for (Node targetFor : targets) {
            Node target = isRevision(targetFor);
            todo.addLast(target);
            Set<Node> perTarget = check ? new HashSet<>() : null;
            while (!todo.isEmpty()) {
                Node rev = todo.removeLast();
                if (check) {
                    perTarget.add(rev);
                }
                if (!seen.add(rev)) {
                    continue;
                }
                for (String id : fn.apply(rev)) {
                    todo.addLast(nodes.get(id));
                }
                out.add(rev);
            }
            if (check) {
                List<Node> overlaps = new ArrayList<>();
                for (Node t : new LinkedHashSet<>(targets)) {
                    if (t != target && perTarget.contains(t)) {
                        overlaps.add(t);
                    }
                }
                if (!overlaps.isEmpty()) {
                    throw new OverlappingRevisionsException(target.id, ids(overlaps));
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------
    // Resolution: _resolve_revision_number, get_revisions, get_revision, ...

    /** Port of {@code _resolve_revision_number}; {@code null} stands for None. */
    private Resolved resolveRevisionNumber(String id) {
        String branch = null;
        if (id != null && id.indexOf('@') >= 0) {
            int at = id.indexOf('@');
            branch = id.substring(0, at);
            id = id.substring(at + 1);
        }
        if ("heads".equals(id)) {
            if (truthy(branch)) {
                return new Resolved(filterForLineage(heads, branch, false, this::identNode), branch);
            }
            return new Resolved(realHeads, branch);
        }
        if ("head".equals(id)) {
            String current = getCurrentHead(branch);
            return new Resolved(current == null ? List.of() : List.of(current), branch);
        }
        if (id == null || "base".equals(id)) {
            return new Resolved(List.of(), branch);
        }
        return new Resolved(List.of(id), branch);
    }

    /** Whether any revision has a branch label (the map holds labels besides ids). */
    private boolean labelled() {
        return map.size() > nodes.size();
    }

    /** Port of {@code get_current_head}. */
    private String getCurrentHead(String branch) {
        List<String> current = heads;
        if (truthy(branch)) {
            current = filterForLineage(heads, branch, false, this::identNode);
        }
        if (current.size() > 1) {
            throw new MultipleHeadsException(current, truthy(branch) ? branch + "@head" : "head", labelled());
        }
        return current.isEmpty() ? null : current.get(0);
    }

    /**
     * Port of {@code get_revisions} for one string. Elements may be {@code null} (a relative walk
     * went past the end) or {@link #BASE} (it stepped below a base).
     */
    List<Node> getRevisions(String id) {
        Resolved r = resolveRevisionNumber(id);
        if (r.ids.size() == 1) {
            Count rint = RelativeTarget.pythonInt(r.ids.get(0));
            if (rint != null && rint.signum() < 0) {
                // <label>@-n: walk down from the real heads carrying that label.
                List<Node> selectHeads = getRevisions("heads");
                List<Node> out = new ArrayList<>();
                for (Node head : selectHeads) {
                    if (r.branch == null || isRevision(head).labels.contains(r.branch)) {
                        out.add(walk(head, rint, null, true));
                    }
                }
                return out;
            }
        }
        List<Node> out = new ArrayList<>(r.ids.size());
        for (String rid : r.ids) {
            out.add(revisionForIdent(rid, r.branch));
        }
        return out;
    }

    /** Port of {@code get_revisions} for a tuple: the concatenation of each element's result. */
    List<Node> getRevisions(Collection<String> ids) {
        List<Node> out = new ArrayList<>();
        for (String id : ids) {
            out.addAll(getRevisions(id));
        }
        return out;
    }

    private List<Node> getRevisions(Arg arg) {
        if (arg == null) {
            return List.of();
        }
        return arg.isStr() ? getRevisions(arg.str) : getRevisions(arg.toTuple());
    }

    /** Port of {@code get_revision}: like {@link #getRevisions(String)} but exactly one (or None). */
    Node getRevision(String id) {
        Resolved r = resolveRevisionNumber(id);
        if (r.ids.size() > 1) {
            throw new MultipleHeadsException(r.ids, id, labelled());
        }
        return revisionForIdent(r.ids.isEmpty() ? null : r.ids.get(0), r.branch);
    }

    /** Port of {@code _resolve_branch}: a label, a revision id, or a unique id prefix. */
    private Node resolveBranch(String branch) {
        Node n = map.get(branch);
        if (n != null) {
            return n;
        }
        try {
            return revisionForIdent(branch, null);
        } catch (ResolutionException e) {
            throw new UnknownBranchException(branch);
        }
    }

    /** {@code _revision_for_ident} without a branch, used where Alembic resolves plain strings. */
    private Node identNode(String id) {
        Node n = revisionForIdent(id, null);
        if (n == null) {
            throw new InconsistentRequestException("No revision is named by '" + id + "'.");
        }
        return n;
    }

    /**
     * Port of {@code _revision_for_ident}: exact key (id or label), else a unique prefix of a key
     * longer than three characters, optionally restricted to a branch.
     */
    private Node revisionForIdent(String resolvedId, String checkBranch) {
        Node branchRev = truthy(checkBranch) ? resolveBranch(checkBranch) : null;
        Node revision;
        if (resolvedId == null) {
            revision = null;
        } else if (map.containsKey(resolvedId)) {
            revision = map.get(resolvedId);
        } else {
            List<String> revs = new ArrayList<>();
            for (String key : map.keySet()) {
                if (key.codePointCount(0, key.length()) > 3 && key.startsWith(resolvedId)) {
                    revs.add(key);
                }
            }
            if (branchRev != null) {
                revs = filterForLineage(revs, checkBranch, false, map::get);
            }
            if (revs.isEmpty()) {
                throw new UnknownRevisionException(resolvedId, null);
            }
            if (revs.size() > 1) {
                throw new AmbiguousRevisionException(resolvedId, revs);
            }
            revision = map.get(revs.get(0));
        }
        if (truthy(checkBranch) && revision != null
                && !sharesLineage(revision, List.of(branchRev), false)) {
            throw new NotOnBranchException(resolvedId, revision.id, checkBranch);
        }
        return revision;
    }

    /** Port of {@code filter_for_lineage}: keep targets on the same line as {@code checkAgainst}. */
    <T> List<T> filterForLineage(List<T> targets, String checkAgainst, boolean includeDependencies,
                                 Function<T, Node> toNode) {
        Resolved r = resolveRevisionNumber(checkAgainst);
        List<String> shares = new ArrayList<>();
        if (truthy(r.branch)) {
            shares.add(r.branch);
        }
        shares.addAll(r.ids);
        List<T> out = new ArrayList<>();
        List<Node> against = null;
        for (T t : targets) {
            if (shares.isEmpty()) {
                out.add(t);
                continue;
            }
            Node target = isRevision(toNode.apply(t));
            if (against == null) {
                against = new ArrayList<>();
                for (String s : shares) {
                    against.add(revisionForIdent(s, null));
                }
            }
            if (sharesLineage(target, against, includeDependencies)) {
                out.add(t);
            }
        }
        return out;
    }

    /** Port of {@code _shares_lineage}: is any of {@code against} an ancestor, descendant or itself. */
    private boolean sharesLineage(Node target, List<Node> against, boolean includeDependencies) {
        if (against.isEmpty()) {
            return true;
        }
        Set<Node> line = new HashSet<>(descendants(List.of(target), includeDependencies, false));
        line.addAll(ancestors(List.of(target), includeDependencies, false));
        for (Node a : against) {
            if (line.contains(a)) {
                return true;
            }
        }
        return false;
    }

    /** Port of {@code _get_all_current}. */
    Set<Node> getAllCurrent(List<String> ids) {
        Set<Node> top = new LinkedHashSet<>(getRevisions(ids));
        top.addAll(ancestors(List.copyOf(top), true, false));
        return filterIntoBranchHeads(top);
    }

    /** Port of {@code _filter_into_branch_heads}: drop every target with a descendant among them. */
    private Set<Node> filterIntoBranchHeads(Set<Node> targets) {
        // A target has another among its descendants exactly when it lies below another through down
        // revisions: one walk down from all of them, instead of Alembic's walk up from each, which made
        // `current` quadratic in the length of the history.
        BitSet below = new BitSet(nodes.size());
        Deque<Node> todo = new ArrayDeque<>();
        for (Node target : targets) {
            todo.push(isRevision(target));
        }
        while (!todo.isEmpty()) {
            for (Node down : todo.pop().downNodes) {
                if (!below.get(down.index)) {
                    below.set(down.index);
                    todo.push(down);
                }
            }
        }
        Set<Node> out = new LinkedHashSet<>();
        for (Node target : targets) {
            if (!below.get(target.index)) {
                out.add(target);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------
    // Relative targets: _walk, _parse_downgrade_target, _parse_upgrade_target

    /** Port of {@code _walk} from a string start ({@code get_revision}). */
    private Node walk(String start, Count steps, String branch, boolean noOverwalk) {
        return walk(getRevision(start), steps, branch, noOverwalk);
    }

    /**
     * Port of {@code _walk}: move {@code steps} up (positive) or down (negative). Returns
     * {@code null} when the walk runs out and {@code noOverwalk} is set, {@link #BASE} when it
     * stepped below a base.
     */
    private Node walk(Node start, Count steps, String branch, boolean noOverwalk) {
        Node initial = start;
        // More steps than revisions always runs out; the bound keeps huge numbers cheap.
        long count = Math.min(steps.abs(), nodes.size() + 2L);
        for (long i = 0; i < count; i++) {
            List<Node> children;
            if (steps.signum() > 0) {
                if (initial == BASE) {
                    throw new InconsistentRequestException("Cannot walk up from below base.");
                }
                List<Node> walkUp = new ArrayList<>();
                for (Node n : initial == null ? getRevisions(bases) : getRevisions(initial.nextrev)) {
                    walkUp.add(isRevision(n));
                }
                children = truthy(branch) ? filterForLineage(walkUp, branch, false, n -> n) : walkUp;
            } else if (initial == BASE) {
                children = List.of();
            } else {
                children = getRevisions(initial == null ? heads : initial.down());
                if (children.isEmpty()) {
                    children = List.of(BASE);
                }
            }
            if (children.isEmpty()) {
                return noOverwalk ? null : initial;
            }
            if (children.size() > 1) {
                throw new AmbiguousWalkException("Ambiguous walk: more than one revision is one step "
                        + (steps.signum() > 0 ? "up" : "down") + " from "
                        + (initial == null ? "base" : initial.id) + ".");
            }
            initial = children.get(0);
        }
        return initial;
    }

    private static String didNotProduce(String relative, Count steps) {
        return "Relative revision " + relative + " didn't produce " + steps.digits() + " migrations.";
    }

    /** Port of {@code _parse_downgrade_target}. */
    private BranchTarget parseDowngradeTarget(List<String> currentRevisions, String target, boolean assertLength) {
        if (target == null) {
            return new BranchTarget(null, null);
        }
        RelativeTarget m = RelativeTarget.match(target);
        if (m != null) {
            String branch = m.branch();
            String symbol = m.symbol();
            if (m.steps().signum() >= 0) {
                if (symbol == null) {
                    // Downgrading to "current + n" is not valid.
                    throw new RelativeRevisionException(target, didNotProduce(m.relative(), m.steps()));
                }
                Node rev = walk(symbol, m.steps(), branch, assertLength);
                if (rev == null) {
                    throw new RelativeRevisionException(target, "Walked too far: " + target
                            + " is beyond the end of the revision graph.");
                }
                return new BranchTarget(branch, rev);
            }
            boolean relativeToCurrent = symbol == null;
            if (relativeToCurrent) {
                if (branch != null) {
                    List<String> symbols = filterForLineage(currentRevisions, branch, false, this::identNode);
                    if (symbols.isEmpty()) {
                        // All branch heads may depend on the single current head.
                        symbols = ids(filterForLineage(List.copyOf(getAllCurrent(currentRevisions)), branch,
                                false, n -> n));
                    }
                    if (symbols.size() != 1) {
                        throw new InconsistentRequestException("Relative target " + target
                                + " does not name exactly one current head on branch '" + branch + "'.");
                    }
                    symbol = symbols.get(0);
                } else {
                    if (currentRevisions.isEmpty()) {
                        throw new RelativeRevisionException(target, didNotProduce(m.relative(), m.steps()));
                    }
                    // Alembic warns that this is ambiguous with several heads and uses the first.
                    symbol = currentRevisions.get(0);
                    branch = symbol;
                }
            }
            Node start = branch == null ? getRevision(symbol) : getRevision(branch + "@" + symbol);
            Node rev = walk(start, m.steps(), null, assertLength);
            if (rev == null) {
                if (relativeToCurrent) {
                    throw new RelativeRevisionException(target, didNotProduce(m.relative(), m.steps()));
                }
                throw new RelativeRevisionException(target, "Walked too far: " + target
                        + " is beyond the end of the revision graph.");
            }
            return new BranchTarget(branch, rev);
        }
        // Absolute target; a label before the last '@' only selects the branch.
        int at = target.lastIndexOf('@');
        String branch = at <= 0 ? null : target.substring(0, at);
        return new BranchTarget(branch, getRevision(target.substring(at + 1)));
    }

    /** Port of {@code _parse_upgrade_target}. */
    private List<Node> parseUpgradeTarget(Arg currentRevisions, Arg target, boolean assertLength) {
        RelativeTarget m = target.isStr() ? RelativeTarget.match(target.str) : null;
        if (m == null) {
            return getRevisions(target);
        }
        String branch = m.branch();
        String symbol = m.symbol();
        if (m.steps().signum() > 0) {
            if (symbol != null) {
                // Relative to a given revision, not to the current state.
                return singletonList(walk(getRevision(symbol), m.steps(), branch, assertLength));
            }
            List<String> current = currentRevisions == null ? List.of() : currentRevisions.toTuple();
            // Start candidates are strings (rows), nodes (after branch filtering) or null (base).
            List<Object> startRevs = new ArrayList<>(current.isEmpty() ? singletonList(null) : current);
            if (branch != null) {
                List<Node> currentNodes = getRevisions(current);
                List<Node> onBranch = filterForLineage(currentNodes, branch, false, n -> n);
                startRevs = new ArrayList<>(onBranch);
                if (onBranch.isEmpty()) {
                    // The branch has no current head: start from the tip of what is applied on it.
                    List<Node> active = filterForLineage(ancestors(currentNodes, true, false), branch, false,
                            n -> n);
                    Set<String> tips = new LinkedHashSet<>(ids(active));
                    for (Node n : active) {
                        tips.removeAll(n.normalizedDown());
                    }
                    startRevs = tips.isEmpty() ? singletonList(null) : new ArrayList<>(tips);
                }
            }
            if (startRevs.size() > 1) {
                throw new AmbiguousWalkException("Ambiguous upgrade from multiple current revisions: "
                        + target.str + " needs a single starting point; use <label>@" + m.relative() + ".");
            }
            Object start = startRevs.get(0);
            Node startNode = start instanceof String s ? getRevision(s) : (Node) start;
            Node rev = walk(startNode, m.steps(), branch, assertLength);
            if (rev == null) {
                throw new RelativeRevisionException(target.str, didNotProduce(m.relative(), m.steps()));
            }
            return List.of(rev);
        }
        if (symbol == null) {
            // Upgrading to "current - n" is not valid.
            throw new RelativeRevisionException(target.str, didNotProduce(m.steps().toString(), m.steps()));
        }
        Node start = branch == null ? getRevision(symbol) : getRevision(branch + "@" + symbol);
        return singletonList(walk(start, m.steps(), null, assertLength));
    }

    private static <T> List<T> singletonList(T value) {
        List<T> out = new ArrayList<>(1);
        out.add(value);
        return out;
    }

    // ------------------------------------------------------------------------------------------
    // Collecting and ordering revisions: iterate_revisions

    /** Port of {@code iterate_revisions}: the revisions between two ends, newest first. */
    List<Node> iterateRevisions(Arg upper, Arg lower, boolean implicitBase, boolean inclusive,
                                boolean assertRelativeLength, boolean selectForDowngrade) {
        Collected c = selectForDowngrade
                ? collectDowngradeRevisions(upper, lower, inclusive, implicitBase, assertRelativeLength)
                : collectUpgradeRevisions(upper, lower, inclusive, implicitBase, assertRelativeLength);
        List<Node> out = new ArrayList<>();
        for (String id : topologicalSort(c.revisions, c.heads)) {
            out.add(nodes.get(id));
        }
        return out;
    }

    /**
     * Port of {@code _collect_downgrade_revisions}: everything above the target that is currently
     * applied. {@code upper} are the current heads, {@code target} the destination.
     */
    private Collected collectDowngradeRevisions(Arg upper, Arg target, boolean inclusive, boolean implicitBase,
                                                boolean assertLength) {
        if (target != null && !target.isStr()) {
            throw new InconsistentRequestException("A downgrade target must be a single revision.");
        }
        BranchTarget parsed = parseDowngradeTarget(upper == null ? List.of() : upper.toTuple(),
                target == null ? null : target.str, assertLength);
        String branch = parsed.branch;
        Node targetRevision = parsed.revision == BASE ? null : parsed.revision;

        List<Node> roots = new ArrayList<>();
        if (targetRevision == null) {
            // Back to base: every tree root. Alembic scans its map values, where a labelled root
            // appears once per label as well; the count matters for the branch check below.
            for (Node n : map.values()) {
                if (n.isBase()) {
                    roots.add(n);
                }
            }
        } else if (inclusive) {
            roots.add(targetRevision);
        } else {
            roots.addAll(getRevisions(targetRevision.nextrev));
        }

        if (truthy(branch) && roots.size() > 1) {
            Set<Node> onBranch = new HashSet<>(ancestors(List.of(resolveBranch(branch)), false, false));
            List<Node> kept = new ArrayList<>();
            for (Node root : new LinkedHashSet<>(roots)) {
                if (onBranch.contains(root)) {
                    kept.add(root);
                }
            }
            roots = kept;
            if (roots.isEmpty()) {
                throw new InvalidBranchTargetException(target.str);
            }
        }

        List<Node> headNodes = getRevisions(upper);
        // Drop the roots, their descendants and their dependents, as far as they are applied.
        Set<Node> downgrade = new LinkedHashSet<>(descendants(roots, true, false));
        Set<Node> active = new LinkedHashSet<>(ancestors(headNodes, true, false));
        downgrade.retainAll(active);
        if (implicitBase) {
            Set<Node> other = new LinkedHashSet<>(active);
            other.removeAll(ancestors(roots, true, false));
            downgrade.addAll(other);
        }
        if (targetRevision != null && downgrade.isEmpty() && !headNodes.contains(targetRevision)) {
            throw new RangeNotAncestorException(String.valueOf(upper), "Nothing to drop",
                    "Revision " + targetRevision.id + " is not an ancestor of the current heads; nothing to drop.");
        }
        return new Collected(downgrade, headNodes);
    }

    /**
     * Port of {@code _collect_upgrade_revisions}: everything the targets need that the current
     * revisions ({@code lower}) do not already have.
     */
    private Collected collectUpgradeRevisions(Arg upper, Arg lower, boolean inclusive, boolean implicitBase,
                                              boolean assertLength) {
        List<Node> targets = new ArrayList<>();
        for (Node n : parseUpgradeTarget(lower, upper, assertLength)) {
            targets.add(isRevision(n));
        }
        if (lower != null && lower.isStr() && lower.str.indexOf('@') >= 0) {
            // A named lower end (branch@...) keeps only the targets on that branch.
            String branch = lower.str.substring(0, lower.str.indexOf('@'));
            Node branchRev = getRevision(branch);
            if (branchRev != null && branchRev.id.equals(branch)) {
                // A revision was used as a label; use its branch instead.
                if (branchRev.labels.size() != 1) {
                    throw new InconsistentRequestException("Revision " + branch
                            + " used as a branch name does not carry exactly one branch label.");
                }
                branch = branchRev.labels.iterator().next();
            }
            List<Node> kept = new ArrayList<>();
            for (Node t : new LinkedHashSet<>(targets)) {
                if (t.labels.contains(branch)) {
                    kept.add(t);
                }
            }
            targets = kept;
        }

        Set<Node> required = new LinkedHashSet<>(ancestors(targets, true, true));
        required.addAll(targets);

        List<Node> current = getRevisions(lower);
        if (!implicitBase) {
            for (Node rev : current) {
                if (rev != null && !required.contains(rev)) {
                    throw new RangeNotAncestorException(String.valueOf(lower), String.valueOf(upper),
                            "Revision " + lower + " is not an ancestor of revision " + upper + ".");
                }
            }
        }
        if (!current.isEmpty() && current.get(0) == null) {
            // The lower end is relative (get_revisions could not place it): parse it as a
            // downgrade target relative to the upper end.
            if (!lower.isStr()) {
                throw new InconsistentRequestException("A relative lower end must be a single revision.");
            }
            BranchTarget parsed = parseDowngradeTarget(upper == null ? List.of() : upper.toTuple(), lower.str,
                    assertLength);
            if (parsed.revision == null) {
                throw new InconsistentRequestException("The lower end " + lower + " names no revision.");
            }
            if (parsed.revision == BASE) {
                current = List.of();
                lower = null;
            } else {
                current = List.of(parsed.revision);
                lower = Arg.of(parsed.revision.id);
            }
        }

        Set<Node> currentSet = new LinkedHashSet<>(ancestors(current, true, true));
        currentSet.addAll(current);

        Set<Node> needs = new LinkedHashSet<>(required);
        needs.removeAll(currentSet);
        if (inclusive) {
            for (Node n : getRevisions(lower)) {
                needs.add(isRevision(n));
            }
        }
        if (!current.isEmpty() && !implicitBase) {
            // Only what lies above the lower end, not other branches' dependencies.
            needs.retainAll(new HashSet<>(descendants(current, false, true)));
        }
        return new Collected(needs, targets);
    }

    /**
     * Port of {@code _topological_sort}: revision ids so that each comes before its down
     * revisions and dependencies (newest first), finishing one branch before moving to the next
     * unless another head needs it first. Ties follow input order.
     */
    private List<String> topologicalSort(Collection<Node> revisions, List<Node> headNodes) {
        Set<String> todo = new HashSet<>(ids(revisions));
        Set<Node> startSet = new TreeSet<>(Comparator.comparingInt((Node n) -> n.index));
        for (Node h : headNodes) {
            if (todo.contains(isRevision(h).id)) {
                startSet.add(h);
            }
        }
        List<String> currentHeads = new ArrayList<>(ids(startSet));
        // Alembic computes a full ancestor set at every merge point and dependency, which makes long histories
        // quadratic; these are found lazily instead, as deep as the blocking test below needs.
        List<Ancestors> ancestorsByIdx = new ArrayList<>();
        for (String id : currentHeads) {
            ancestorsByIdx.add(ancestorIds(id));
        }
        List<String> output = new ArrayList<>();
        int idx = 0;
        // Each iteration either emits, moves to another head or retires a head; this bounds a
        // loop that would only spin on a corrupt graph.
        long budget = 16L * (nodes.size() + 2) * (nodes.size() + 2);
        while (!currentHeads.isEmpty()) {
            if (--budget < 0) {
                throw new IllegalStateException("topological sort did not terminate");
            }
            String candidate = currentHeads.get(idx);
            Node candidateRev = nodes.get(candidate);
            int blocker = -1;
            for (int i = 0; i < ancestorsByIdx.size(); i++) {
                if (i != idx && ancestorsByIdx.get(i).contains(candidateRev)) {
                    blocker = i;
                    break;
                }
            }
            if (blocker >= 0) {
                // Another head depends on the candidate: that branch has to be emitted first.
                idx = blocker;
                continue;
            }
            if (todo.remove(candidate)) {
                output.add(candidate);
            }
            List<String> headsToAdd = new ArrayList<>();
            for (String r : candidateRev.normalizedDown()) {
                if (todo.contains(r) && !currentHeads.contains(r)) {
                    headsToAdd.add(r);
                }
            }
            if (headsToAdd.isEmpty()) {
                currentHeads.remove(idx);
                ancestorsByIdx.remove(idx);
                idx = Math.max(idx - 1, 0);
            } else if (candidateRev.normalizedDeps().isEmpty() && candidateRev.down().size() == 1) {
                // Plain movement down a line: the ancestor set just loses the candidate.
                currentHeads.set(idx, headsToAdd.get(0));
                ancestorsByIdx.get(idx).removeRoot(candidateRev);
            } else {
                currentHeads.set(idx, headsToAdd.get(0));
                ancestorsByIdx.set(idx, ancestorIds(headsToAdd.get(0)));
                for (String h : headsToAdd.subList(1, headsToAdd.size())) {
                    currentHeads.add(h);
                    ancestorsByIdx.add(ancestorIds(h));
                }
            }
        }
        if (!todo.isEmpty()) {
            throw new InconsistentRequestException("Revisions " + new TreeSet<>(todo)
                    + " cannot be ordered from the given heads.");
        }
        return output;
    }

    private Ancestors ancestorIds(String id) {
        return new Ancestors(nodes.get(id));
    }
}
