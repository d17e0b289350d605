package dev.migrate.diff;

import dev.migrate.catalog.Catalog;
import dev.migrate.catalog.Column;
import dev.migrate.catalog.Constraint;
import dev.migrate.catalog.Index;
import dev.migrate.catalog.Name;
import dev.migrate.catalog.Routine;
import dev.migrate.catalog.Table;
import dev.migrate.catalog.Trigger;
import dev.migrate.catalog.View;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The changes that take a database from one schema to another: a pure function of two catalogs and the user's
 * rename hints, in an order that runs (migra's phases, with every foreign key last so that cycles need no special
 * case). The downgrade is the same function with the catalogs swapped, never an inversion of the upgrade.
 *
 * <p>Constraints and indexes match by their definition first and by name only then, so two spellings of one
 * constraint under different names (Hibernate's hashed names against hand-written ones) are no change; with
 * {@code strictNames} such pairs are renamed instead.
 */
public final class Differ {

    /** How to compare. */
    public record Options(Renames renames, boolean strictNames) {
        public static final Options DEFAULT = new Options(Renames.NONE, false);

        public Options {
            renames = renames == null ? Renames.NONE : renames;
        }
    }

    /** The order in which the kinds of change run. */
    private enum Phase {
        CREATE_SCHEMAS, CREATE_TYPES, CREATE_ROUTINES, RENAMES, DROP_DEPENDENTS, DROP_FOREIGN_KEYS, DROP_CONSTRAINTS,
        CREATE_TABLES, COLUMNS, SEQUENCE_OWNERS, DROP_COLUMNS, DROP_TABLES, REPLACE_TYPES, DROP_TYPES, CREATE_INDEXES,
        ADD_CONSTRAINTS, ADD_FOREIGN_KEYS, CREATE_VIEWS, CREATE_TRIGGERS, COMMENTS, DROP_ROUTINES, DROP_SCHEMAS
    }

    private final Catalog from; // with the renames applied
    private final Catalog to;
    private final Options options;
    private final Map<Phase, List<Change>> changes = new EnumMap<>(Phase.class);
    /** Tables whose columns change in a way a view over them cannot survive. */
    private final Set<Name> reshaped = new HashSet<>();

    private Differ(Catalog from, Catalog to, Options options) {
        this.from = from;
        this.to = to;
        this.options = options;
        for (Phase p : Phase.values()) changes.put(p, new ArrayList<>());
    }

    public static List<Change> diff(Catalog from, Catalog to) {
        return diff(from, to, Options.DEFAULT);
    }

    public static List<Change> diff(Catalog from, Catalog to, Options options) {
        Differ d = new Differ(from, to, options);
        Catalog renamed = d.renamed(from);
        return new Differ(renamed, to, options).run(d.changes.get(Phase.RENAMES));
    }

    private List<Change> run(List<Change> renames) {
        changes.get(Phase.RENAMES).addAll(renames);
        schemasAndExtensions();
        enums();
        sequences();
        routines();
        tables();
        views();
        triggers();
        List<Change> all = new ArrayList<>();
        for (Phase p : Phase.values()) all.addAll(changes.get(p));
        return List.copyOf(all);
    }

    private void add(Phase phase, Change change) {
        changes.get(phase).add(change);
    }

    // ---- renames: applied to the old catalog first, so that everything after compares like with like

    private Catalog renamed(Catalog c) {
        Renames r = options.renames();
        if (r.tables().isEmpty() && r.columns().isEmpty()) return c;
        List<Table> tables = new ArrayList<>();
        for (Table t : c.tables()) {
            Table n = t;
            String newName = r.tables().get(t.name());
            if (newName != null) {
                add(Phase.RENAMES, new Change.RenameTable(t.name(), newName));
                n = retable(n, new Name(t.name().schema(), newName));
            }
            Map<String, String> cols = r.columns().getOrDefault(n.name(), Map.of());
            for (Map.Entry<String, String> e : cols.entrySet()) {
                if (n.column(e.getKey()).isEmpty()) continue;
                add(Phase.RENAMES, new Change.RenameColumn(n.name(), e.getKey(), e.getValue()));
                n = recolumn(n, e.getKey(), e.getValue());
            }
            tables.add(n);
        }
        return new Catalog(c.dialect(), c.defaultSchema(), c.schemas(), c.extensions(), c.enums(), c.sequences(), tables,
                c.views(), c.routines(), c.triggers());
    }

    private Table retable(Table t, Name to) {
        String oldSql = Pattern.quote(t.name().sql(from.defaultSchema()));
        String newSql = Matcher.quoteReplacement(to.sql(from.defaultSchema()));
        Pattern p = Pattern.compile("(?<=\\sON\\s(ONLY\\s)?)" + oldSql + "(?=\\s)");
        List<Index> indexes = t.indexes().stream().map(i -> new Index(i.name(), p.matcher(i.definition()).replaceFirst(newSql),
                i.unique(), i.comment())).toList();
        List<Constraint> constraints = t.constraints().stream().map(k -> k.references() != null && k.references().equals(t.name())
                ? new Constraint(k.name(), k.kind(), k.definition().replace("REFERENCES " + t.name().sql(from.defaultSchema()) + "(",
                "REFERENCES " + to.sql(from.defaultSchema()) + "("), k.columns(), to, k.validated(), k.comment()) : k).toList();
        return new Table(to, t.columns(), constraints, indexes, t.partitionKey(), t.partitionOf(), t.partitionBound(),
                t.unlogged(), t.comment(), t.createSql());
    }

    private static Table recolumn(Table t, String old, String now) {
        Pattern word = Pattern.compile("(?<![\\w\"$])" + Pattern.quote(old) + "(?![\\w\"$])|\"" + Pattern.quote(old) + "\"");
        String quoted = Matcher.quoteReplacement(dev.migrate.catalog.Identifiers.quote(now));
        List<Column> columns = t.columns().stream().map(c -> c.name().equals(old) ? c.renamed(now) : c).toList();
        List<Constraint> constraints = t.constraints().stream().map(k -> new Constraint(k.name(), k.kind(),
                word.matcher(k.definition()).replaceAll(quoted), k.columns().stream().map(x -> x.equals(old) ? now : x).toList(),
                k.references(), k.validated(), k.comment())).toList();
        List<Index> indexes = t.indexes().stream().map(i -> {
            int on = i.definition().indexOf(" ON ");
            String head = on < 0 ? "" : i.definition().substring(0, on);
            String tail = on < 0 ? i.definition() : i.definition().substring(on);
            int paren = tail.indexOf('(');
            String fixed = paren < 0 ? tail : tail.substring(0, paren) + word.matcher(tail.substring(paren)).replaceAll(quoted);
            return new Index(i.name(), head + fixed, i.unique(), i.comment());
        }).toList();
        return new Table(t.name(), columns, constraints, indexes, t.partitionKey(), t.partitionOf(), t.partitionBound(),
                t.unlogged(), t.comment(), t.createSql());
    }

    // ---- schemas, extensions, types, sequences, routines

    private void schemasAndExtensions() {
        for (String s : to.schemas()) if (!from.schemas().contains(s)) add(Phase.CREATE_SCHEMAS, new Change.CreateSchema(s));
        for (Catalog.Extension e : to.extensions()) {
            if (from.extensions().stream().noneMatch(x -> x.name().equals(e.name()))) add(Phase.CREATE_SCHEMAS, new Change.CreateExtension(e));
        }
        for (Catalog.Extension e : from.extensions()) {
            if (to.extensions().stream().noneMatch(x -> x.name().equals(e.name()))) add(Phase.DROP_SCHEMAS, new Change.DropExtension(e));
        }
        for (String s : from.schemas()) if (!to.schemas().contains(s)) add(Phase.DROP_SCHEMAS, new Change.DropSchema(s));
    }

    private void enums() {
        for (Catalog.EnumType b : to.enums()) {
            Optional<Catalog.EnumType> a = from.enumType(b.name());
            if (a.isEmpty()) {
                add(Phase.CREATE_TYPES, new Change.CreateEnum(b));
                if (b.comment() != null) add(Phase.COMMENTS, new Change.SetComment("TYPE " + b.name().sql(to.defaultSchema()), b.comment()));
                continue;
            }
            List<String> old = a.get().labels();
            List<String> now = b.labels();
            if (!old.equals(now)) {
                if (isSubsequence(old, now)) {
                    for (int i = 0; i < now.size(); i++) {
                        if (old.contains(now.get(i))) continue;
                        String before = null;
                        for (int j = i + 1; j < now.size(); j++) {
                            if (old.contains(now.get(j))) { before = now.get(j); break; }
                        }
                        add(Phase.CREATE_TYPES, new Change.AddEnumValue(b.name(), now.get(i), before));
                    }
                } else {
                    // After the columns that go are gone, so that only the columns that stay are moved to the new type.
                    add(Phase.REPLACE_TYPES, new Change.ReplaceEnum(a.get(), b, enumColumns(b.name())));
                }
            }
            if (!Objects.equals(a.get().comment(), b.comment())) {
                add(Phase.COMMENTS, new Change.SetComment("TYPE " + b.name().sql(to.defaultSchema()), b.comment()));
            }
        }
        for (Catalog.EnumType a : from.enums()) {
            if (to.enumType(a.name()).isEmpty()) add(Phase.DROP_TYPES, new Change.DropEnum(a));
        }
    }

    /** Columns of the new schema whose type is the enum (or an array of it). */
    private List<Change.ColumnRef> enumColumns(Name type) {
        List<Change.ColumnRef> refs = new ArrayList<>();
        for (Table t : to.tables()) {
            if (t.isPartition()) continue;
            for (Column c : t.columns()) {
                String base = c.type().endsWith("[]") ? c.type().substring(0, c.type().length() - 2) : c.type();
                if (base.equals(type.sql(to.defaultSchema())) || base.equals(type.toString())) refs.add(new Change.ColumnRef(t.name(), c));
            }
        }
        return refs;
    }

    private static boolean isSubsequence(List<String> sub, List<String> of) {
        int i = 0;
        for (String s : of) if (i < sub.size() && sub.get(i).equals(s)) i++;
        return i == sub.size();
    }

    private void sequences() {
        for (Catalog.Sequence b : to.sequences()) {
            Optional<Catalog.Sequence> a = from.sequence(b.name());
            if (a.isEmpty()) {
                add(Phase.CREATE_TYPES, new Change.CreateSequence(b));
                if (b.ownedByTable() != null) add(Phase.SEQUENCE_OWNERS, new Change.SetSequenceOwner(b));
                continue;
            }
            if (!sameOptions(a.get(), b)) add(Phase.CREATE_TYPES, new Change.AlterSequence(a.get(), b));
            if (!Objects.equals(a.get().ownedByTable(), b.ownedByTable()) || !Objects.equals(a.get().ownedByColumn(), b.ownedByColumn())) {
                add(Phase.SEQUENCE_OWNERS, new Change.SetSequenceOwner(b));
            }
        }
        for (Catalog.Sequence a : from.sequences()) {
            if (to.sequence(a.name()).isPresent()) continue;
            if (a.ownedByTable() != null && droppedWithOwner(a)) continue; // goes with its column
            add(Phase.DROP_TYPES, new Change.DropSequence(a));
        }
    }

    private boolean droppedWithOwner(Catalog.Sequence s) {
        Optional<Table> owner = to.table(s.ownedByTable());
        return owner.isEmpty() || owner.get().column(s.ownedByColumn()).isEmpty();
    }

    private static boolean sameOptions(Catalog.Sequence a, Catalog.Sequence b) {
        return a.type().equals(b.type()) && a.start() == b.start() && a.increment() == b.increment() && a.min() == b.min()
                && a.max() == b.max() && a.cache() == b.cache() && a.cycle() == b.cycle();
    }

    private void routines() {
        for (Routine b : to.routines()) {
            Optional<Routine> a = from.routines().stream().filter(r -> r.name().equals(b.name()) && r.arguments().equals(b.arguments())).findFirst();
            if (a.isEmpty() || !a.get().definition().equals(b.definition())) add(Phase.CREATE_ROUTINES, new Change.CreateRoutine(b));
        }
        for (Routine a : from.routines()) {
            if (to.routines().stream().noneMatch(r -> r.name().equals(a.name()) && r.arguments().equals(a.arguments()))) {
                add(Phase.DROP_ROUTINES, new Change.DropRoutine(a));
            }
        }
    }

    // ---- tables

    private void tables() {
        Set<Name> dropped = new LinkedHashSet<>();
        for (Table a : from.tables()) if (to.table(a.name()).isEmpty()) dropped.add(a.name());
        // Partition parents first, so that partitions can be created after them.
        List<Table> created = to.tables().stream().filter(b -> from.table(b.name()).isEmpty())
                .sorted((x, y) -> Boolean.compare(x.isPartition(), y.isPartition())).toList();
        for (Table b : created) {
            add(Phase.CREATE_TABLES, new Change.CreateTable(b));
            for (Constraint k : b.constraints()) {
                if (k.kind() == Constraint.Kind.FOREIGN_KEY) add(Phase.ADD_FOREIGN_KEYS, new Change.AddConstraint(b.name(), k, false));
            }
            for (Index i : b.indexes()) add(Phase.CREATE_INDEXES, new Change.CreateIndex(b.name(), i, false));
            tableComments(null, b);
        }
        for (Table b : to.tables()) {
            from.table(b.name()).ifPresent(a -> {
                if (!Objects.equals(a.partitionKey(), b.partitionKey()) || !Objects.equals(a.partitionOf(), b.partitionOf())
                        || !Objects.equals(a.partitionBound(), b.partitionBound())) {
                    // The partitioning of a table cannot be altered: the table is made anew.
                    add(Phase.DROP_TABLES, new Change.DropTable(a));
                    add(Phase.CREATE_TABLES, new Change.CreateTable(b));
                    reshaped.add(a.name());
                    for (Constraint k : b.constraints()) {
                        if (k.kind() == Constraint.Kind.FOREIGN_KEY) add(Phase.ADD_FOREIGN_KEYS, new Change.AddConstraint(b.name(), k, false));
                    }
                    for (Index i : b.indexes()) add(Phase.CREATE_INDEXES, new Change.CreateIndex(b.name(), i, false));
                } else {
                    compareTable(a, b);
                }
            });
        }
        // Foreign keys between tables that are both dropped go first, so that the drops run in any order.
        for (Name n : dropped) {
            Table a = from.table(n).orElseThrow();
            for (Constraint k : a.constraints()) {
                if (k.kind() == Constraint.Kind.FOREIGN_KEY && k.references() != null && !k.references().equals(n) && dropped.contains(k.references())) {
                    add(Phase.DROP_FOREIGN_KEYS, new Change.DropConstraint(n, k));
                }
            }
        }
        // Partitions go before their parent; dropping the parent would take them along anyway.
        dropped.stream().map(n -> from.table(n).orElseThrow()).sorted((x, y) -> Boolean.compare(y.isPartition(), x.isPartition()))
                .filter(t -> t.partitionOf() == null || !dropped.contains(t.partitionOf()))
                .forEach(t -> {
                    add(Phase.DROP_TABLES, new Change.DropTable(t));
                    reshaped.add(t.name());
                });
    }

    private void compareTable(Table a, Table b) {
        Name table = b.name();
        if (!b.isPartition()) {
            for (Column cb : b.columns()) {
                Optional<Column> ca = a.column(cb.name());
                if (ca.isEmpty()) {
                    add(Phase.COLUMNS, new Change.AddColumn(table, cb, true));
                } else if (!ca.get().shape().equals(cb.shape()) && !onlyCommentDiffers(ca.get(), cb)) {
                    add(Phase.COLUMNS, new Change.AlterColumn(table, ca.get(), cb));
                    if (!ca.get().type().equals(cb.type()) || !Objects.equals(ca.get().generated(), cb.generated())) reshaped.add(table);
                }
            }
            for (Column ca : a.columns()) {
                if (b.column(ca.name()).isEmpty()) {
                    add(Phase.DROP_COLUMNS, new Change.DropColumn(table, ca));
                    reshaped.add(table);
                }
            }
            if (!columnOrderKept(a, b)) reshaped.add(table);
        }
        compareConstraints(a, b);
        compareIndexes(a, b);
        tableComments(a, b);
    }

    private static boolean columnOrderKept(Table a, Table b) {
        List<String> common = a.columns().stream().map(Column::name).filter(n -> b.column(n).isPresent()).toList();
        List<String> inB = b.columns().stream().map(Column::name).filter(n -> a.column(n).isPresent()).toList();
        return common.equals(inB);
    }

    private static boolean onlyCommentDiffers(Column a, Column b) {
        return new Column(a.name(), a.type(), a.notNull(), a.defaultExpr(), a.identity(), a.identityOptions(), a.generated(),
                a.collation(), b.comment()).equals(b);
    }

    private void tableComments(Table a, Table b) {
        String target = "TABLE " + b.name().sql(to.defaultSchema());
        if (!Objects.equals(a == null ? null : a.comment(), b.comment()) && (a != null || b.comment() != null)) {
            add(Phase.COMMENTS, new Change.SetComment(target, b.comment()));
        }
        if (b.isPartition()) return;
        for (Column cb : b.columns()) {
            String before = a == null ? null : a.column(cb.name()).map(Column::comment).orElse(null);
            if (!Objects.equals(before, cb.comment())) {
                add(Phase.COMMENTS, new Change.SetComment("COLUMN " + b.name().sql(to.defaultSchema()) + "."
                        + dev.migrate.catalog.Identifiers.quote(cb.name()), cb.comment()));
            }
        }
    }

    private void compareConstraints(Table a, Table b) {
        List<Constraint> left = new ArrayList<>(a.constraints());
        List<Constraint> right = new ArrayList<>(b.constraints());
        // By definition first: the same constraint under another name is no change.
        for (Constraint cb : b.constraints()) {
            Optional<Constraint> same = left.stream().filter(ca -> ca.kind() == cb.kind() && ca.comparable().equals(cb.comparable())).findFirst();
            if (same.isEmpty()) continue;
            Constraint ca = same.get();
            left.remove(ca);
            right.remove(cb);
            if (options.strictNames() && !ca.name().equals(cb.name())) {
                add(Phase.RENAMES, new Change.RenameConstraint(b.name(), ca.name(), cb.name()));
            }
            if (!ca.validated() && cb.validated()) add(Phase.ADD_FOREIGN_KEYS, new Change.ValidateConstraint(b.name(), cb));
        }
        for (Constraint ca : left) {
            Phase phase = ca.kind() == Constraint.Kind.FOREIGN_KEY ? Phase.DROP_FOREIGN_KEYS : Phase.DROP_CONSTRAINTS;
            // A primary or unique key that a foreign key of another table needs goes after that foreign key.
            add(phase, new Change.DropConstraint(b.name(), ca));
        }
        for (Constraint cb : right) {
            Phase phase = cb.kind() == Constraint.Kind.FOREIGN_KEY ? Phase.ADD_FOREIGN_KEYS : Phase.ADD_CONSTRAINTS;
            add(phase, new Change.AddConstraint(b.name(), cb, true));
        }
    }

    private void compareIndexes(Table a, Table b) {
        List<Index> left = new ArrayList<>(a.indexes());
        List<Index> right = new ArrayList<>(b.indexes());
        for (Index ib : b.indexes()) {
            Optional<Index> same = left.stream().filter(ia -> ia.shape().equals(ib.shape())).findFirst();
            if (same.isEmpty()) continue;
            left.remove(same.get());
            right.remove(ib);
            if (options.strictNames() && !same.get().name().equals(ib.name())) {
                add(Phase.RENAMES, new Change.RenameIndex(b.name(), same.get().name(), ib.name()));
            }
        }
        for (Index ia : left) add(Phase.DROP_CONSTRAINTS, new Change.DropIndex(b.name(), ia));
        for (Index ib : right) add(Phase.CREATE_INDEXES, new Change.CreateIndex(b.name(), ib, true));
    }

    // ---- views and triggers: dropped before what they read changes, created after

    private void views() {
        Set<Name> drop = new LinkedHashSet<>();
        for (View a : from.views()) {
            Optional<View> b = to.view(a.name());
            if (b.isEmpty() || !b.get().definition().equals(a.definition()) || b.get().materialized() != a.materialized()) drop.add(a.name());
            if (a.dependsOn().stream().anyMatch(reshaped::contains)) drop.add(a.name());
        }
        boolean grew = true;
        while (grew) { // views over views that go
            grew = false;
            for (View a : from.views()) {
                if (!drop.contains(a.name()) && a.dependsOn().stream().anyMatch(drop::contains)) grew = drop.add(a.name());
            }
        }
        List<View> dropOrder = new ArrayList<>(ordered(from.views()));
        java.util.Collections.reverse(dropOrder);
        for (View a : dropOrder) if (drop.contains(a.name())) add(Phase.DROP_DEPENDENTS, new Change.DropView(a));
        for (View b : ordered(to.views())) {
            Optional<View> a = from.view(b.name());
            if (a.isEmpty() || drop.contains(b.name())) {
                add(Phase.CREATE_VIEWS, new Change.CreateView(b));
                if (b.comment() != null) add(Phase.COMMENTS, new Change.SetComment(viewTarget(b), b.comment()));
            } else if (!Objects.equals(a.get().comment(), b.comment())) {
                add(Phase.COMMENTS, new Change.SetComment(viewTarget(b), b.comment()));
            }
        }
    }

    private String viewTarget(View v) {
        return (v.materialized() ? "MATERIALIZED VIEW " : "VIEW ") + v.name().sql(to.defaultSchema());
    }

    /** Views in an order in which each comes after the views it reads. */
    private static List<View> ordered(List<View> views) {
        Map<Name, View> byName = new LinkedHashMap<>();
        for (View v : views) byName.put(v.name(), v);
        List<View> out = new ArrayList<>();
        Set<Name> done = new HashSet<>();
        for (View v : views) visit(v, byName, done, out, new HashSet<>());
        return out;
    }

    private static void visit(View v, Map<Name, View> byName, Set<Name> done, List<View> out, Set<Name> path) {
        if (done.contains(v.name()) || !path.add(v.name())) return;
        for (Name d : v.dependsOn()) {
            View dep = byName.get(d);
            if (dep != null) visit(dep, byName, done, out, path);
        }
        done.add(v.name());
        out.add(v);
    }

    private void triggers() {
        Set<Name> droppedTables = new HashSet<>();
        for (Table a : from.tables()) if (to.table(a.name()).isEmpty()) droppedTables.add(a.name());
        for (Trigger a : from.triggers()) {
            Optional<Trigger> b = to.triggers().stream().filter(t -> t.table().equals(a.table()) && t.name().equals(a.name())).findFirst();
            if (b.isPresent() && b.get().definition().equals(a.definition())) continue;
            if (droppedTables.contains(a.table())) continue;
            add(Phase.DROP_DEPENDENTS, new Change.DropTrigger(a));
        }
        for (Trigger b : to.triggers()) {
            Optional<Trigger> a = from.triggers().stream().filter(t -> t.table().equals(b.table()) && t.name().equals(b.name())).findFirst();
            if (a.isEmpty() || !a.get().definition().equals(b.definition()) || recreated(b.table())) {
                add(Phase.CREATE_TRIGGERS, new Change.CreateTrigger(b));
            }
        }
    }

    private boolean recreated(Name table) {
        return changes.get(Phase.CREATE_TABLES).stream().anyMatch(c -> c instanceof Change.CreateTable ct && ct.table().name().equals(table))
                && from.table(table).isPresent();
    }
}
