package dev.migrate.diff;

import dev.migrate.catalog.Catalog;
import dev.migrate.catalog.Column;
import dev.migrate.catalog.Constraint;
import dev.migrate.catalog.Identifiers;
import dev.migrate.catalog.Index;
import dev.migrate.catalog.Name;
import dev.migrate.catalog.Table;
import dev.migrate.catalog.Trigger;
import dev.migrate.catalog.View;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQLite's SQL for a list of changes. SQLite alters little in place: a table gets {@code ADD COLUMN}, {@code RENAME}
 * and its indexes; any other change rebuilds it the way SQLite's documentation prescribes (section 7 of "ALTER
 * TABLE"): the new table is created from the desired schema's own {@code CREATE TABLE} text under a temporary name, the
 * rows copied, the old table dropped and the new one renamed, its indexes and triggers created again. Foreign keys are
 * checked at commit ({@code PRAGMA defer_foreign_keys}), so the revision's transaction holds the whole rebuild. Views
 * are dropped first and created again last whenever a table is rebuilt, since SQLite checks them on every rename.
 */
public final class SqliteChangeSql {

    private static final Pattern TABLE_NAME = Pattern.compile(
            "(?is)^(\\s*CREATE\\s+(?:TEMP\\w*\\s+)?TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?)(\"(?:[^\"]|\"\")*\"|\\[[^\\]]*\\]|`[^`]*`|[\\w$]+)");

    private final Catalog from;
    private final Catalog to;

    public SqliteChangeSql(Catalog from, Catalog to) {
        this.from = from;
        this.to = to;
    }

    public List<PostgresChangeSql.Statement> render(List<Change> changes) {
        Set<Name> rebuilt = new LinkedHashSet<>();
        Set<Name> created = new LinkedHashSet<>();
        for (Change c : changes) {
            Name table = rebuildTarget(c);
            if (table != null) rebuilt.add(table);
            if (c instanceof Change.CreateTable ct) created.add(ct.table().name());
        }
        rebuilt.removeAll(created);
        List<PostgresChangeSql.Statement> out = new ArrayList<>();
        boolean viewsAnew = !rebuilt.isEmpty();
        if (viewsAnew) {
            for (View v : from.views()) emit(out, "DROP VIEW IF EXISTS " + n(v.name()));
        }
        boolean rebuildsDone = false;
        for (Change c : changes) {
            if (c instanceof Change.DropTable d) {
                emit(out, "DROP TABLE " + n(d.table().name()), "DATA LOSS: drops table " + d.table().name() + " and every row in it.");
            } else if (c instanceof Change.RenameTable r) {
                emit(out, "ALTER TABLE " + n(r.from()) + " RENAME TO " + Identifiers.quote(r.to()));
            } else if (c instanceof Change.RenameColumn r) {
                emit(out, "ALTER TABLE " + n(r.table()) + " RENAME COLUMN " + Identifiers.quote(r.from()) + " TO " + Identifiers.quote(r.to()));
            } else if (c instanceof Change.CreateTable ct) {
                emit(out, ct.table().createSql().strip());
            } else if (c instanceof Change.AddColumn a && !rebuilt.contains(a.table())) {
                emit(out, "ALTER TABLE " + n(a.table()) + " ADD COLUMN " + columnText(a.table(), a.column()));
            } else if (c instanceof Change.CreateIndex ci && !rebuilt.contains(ci.table())) {
                emit(out, ci.index().definition());
            } else if (c instanceof Change.DropIndex di && !rebuilt.contains(di.table())) {
                emit(out, "DROP INDEX " + Identifiers.quote(di.index().name()));
            } else if (c instanceof Change.CreateTrigger ct && !rebuilt.contains(ct.trigger().table())) {
                emit(out, ct.trigger().definition());
            } else if (c instanceof Change.DropTrigger dt && !rebuilt.contains(dt.trigger().table())) {
                emit(out, "DROP TRIGGER " + Identifiers.quote(dt.trigger().name()));
            } else if (c instanceof Change.DropView dv && !viewsAnew) {
                emit(out, "DROP VIEW " + n(dv.view().name()));
            } else if (c instanceof Change.CreateView cv && !viewsAnew) {
                emit(out, cv.view().definition());
            } else if (c instanceof Change.DropColumn dc && !rebuilt.contains(dc.table())) {
                emit(out, "ALTER TABLE " + n(dc.table()) + " DROP COLUMN " + Identifiers.quote(dc.column().name()),
                        "DATA LOSS: drops column " + dc.table() + "." + dc.column().name() + " and its data.");
            }
            if (!rebuildsDone && isAfterDrops(c)) {
                rebuildsDone = true;
                rebuilds(out, rebuilt, changes);
            }
        }
        if (!rebuildsDone) rebuilds(out, rebuilt, changes);
        if (viewsAnew) {
            for (View v : orderedViews()) emit(out, v.definition());
        }
        return out;
    }

    /** Rebuilds run once the renames and plain drops are done, before indexes and foreign keys of new tables. */
    private static boolean isAfterDrops(Change c) {
        return c instanceof Change.CreateIndex || c instanceof Change.AddConstraint || c instanceof Change.CreateView
                || c instanceof Change.CreateTrigger || c instanceof Change.SetComment;
    }

    private void rebuilds(List<PostgresChangeSql.Statement> out, Set<Name> rebuilt, List<Change> changes) {
        if (rebuilt.isEmpty()) return;
        emit(out, "PRAGMA defer_foreign_keys = ON", "SQLite cannot alter these tables in place: each is rebuilt from its new definition, "
                + "its rows copied; foreign keys are checked when the revision commits.");
        for (Name name : rebuilt) {
            Table target = to.table(name).orElseThrow();
            Table source = from.table(renamedFrom(name, changes)).orElse(null);
            String temp = "_migrate_new_" + name.name();
            Matcher m = TABLE_NAME.matcher(target.createSql());
            if (!m.find()) throw new IllegalStateException("cannot read the table name of " + target.createSql());
            emit(out, m.group(1) + Identifiers.quote(temp) + target.createSql().substring(m.end()));
            List<String> lost = new ArrayList<>();
            if (source != null) {
                List<String> columns = new ArrayList<>();
                for (Column c : target.columns()) {
                    if (c.generated() != null) continue;
                    // Renames ran before the rebuild: the old table already has the new column names.
                    String old = oldColumnName(name, c.name(), changes);
                    if (source.column(old).filter(s -> s.generated() == null).isPresent()) columns.add(Identifiers.quote(c.name()));
                }
                if (!columns.isEmpty()) {
                    String list = String.join(", ", columns);
                    emit(out, "INSERT INTO " + Identifiers.quote(temp) + " (" + list + ") SELECT " + list + " FROM " + n(name));
                }
                for (Column c : source.columns()) {
                    if (c.generated() == null && target.column(newColumnName(name, c.name(), changes)).isEmpty()) {
                        lost.add("DATA LOSS: drops column " + name + "." + c.name() + " and its data.");
                    }
                }
            }
            out.add(new PostgresChangeSql.Statement("DROP TABLE " + n(name), false, lost));
            emit(out, "ALTER TABLE " + Identifiers.quote(temp) + " RENAME TO " + Identifiers.quote(name.name()));
            for (Index i : target.indexes()) emit(out, i.definition());
            for (Trigger t : to.triggers()) if (t.table().equals(name)) emit(out, t.definition());
        }
    }

    /** The table a change rebuilds, or null when SQLite can make it in place. */
    private Name rebuildTarget(Change c) {
        if (c instanceof Change.AlterColumn a) return a.table();
        if (c instanceof Change.AddConstraint a && a.existingTable()) return a.table();
        if (c instanceof Change.DropConstraint d) return to.table(d.table()).isPresent() ? d.table() : null;
        if (c instanceof Change.ValidateConstraint v) return v.table();
        if (c instanceof Change.RenameConstraint r) return r.table();
        if (c instanceof Change.AddColumn a && !addable(a.column(), a.table())) return a.table();
        if (c instanceof Change.DropColumn d && !droppable(d.table(), d.column())) return d.table();
        return null;
    }

    /** What {@code ALTER TABLE ADD COLUMN} accepts: no key, a constant default when NOT NULL, not a stored generated column. */
    private boolean addable(Column c, Name table) {
        Table t = to.table(table).orElse(null);
        if (t == null) return false;
        boolean inKey = t.constraints().stream().anyMatch(k -> (k.kind() == Constraint.Kind.PRIMARY_KEY || k.kind() == Constraint.Kind.UNIQUE)
                && k.columns().contains(c.name()));
        boolean inFk = t.constraints().stream().anyMatch(k -> k.kind() == Constraint.Kind.FOREIGN_KEY && k.columns().contains(c.name()));
        String d = c.defaultExpr();
        boolean constantDefault = d == null || !d.contains("(") && !d.toUpperCase(java.util.Locale.ROOT).startsWith("CURRENT_");
        return !inKey && !inFk && c.generated() == null && (!c.notNull() || d != null) && constantDefault && checksOf(t, c).isEmpty();
    }

    private static List<Constraint> checksOf(Table t, Column c) {
        Pattern word = Pattern.compile("(?i)(?<![\\w\"])\"?" + Pattern.quote(c.name()) + "\"?(?![\\w\"])");
        return t.constraints().stream().filter(k -> k.kind() == Constraint.Kind.CHECK && word.matcher(k.definition()).find()).toList();
    }

    /** What {@code ALTER TABLE DROP COLUMN} accepts: a column in no key, index, constraint, view or trigger. */
    private boolean droppable(Name table, Column c) {
        Table t = from.table(table).orElse(null);
        if (t == null) return false;
        Pattern word = Pattern.compile("(?i)(?<![\\w\"])\"?" + Pattern.quote(c.name()) + "\"?(?![\\w\"])");
        boolean inConstraint = t.constraints().stream().anyMatch(k -> k.columns().contains(c.name()) || word.matcher(k.definition()).find());
        boolean inIndex = t.indexes().stream().anyMatch(i -> word.matcher(i.definition().substring(Math.max(0, i.definition().indexOf('(')))).find());
        return !inConstraint && !inIndex && c.generated() == null;
    }

    /** The column's definition as the desired table's CREATE TABLE writes it. */
    private String columnText(Name table, Column c) {
        Table t = to.table(table).orElseThrow();
        for (String part : dev.migrate.catalog.SqliteCatalogReader.bodyParts(t.createSql())) {
            String first = part.split("\\s+", 2)[0];
            if (dev.migrate.catalog.SqliteCatalogReader.unquote(first).equals(c.name())) return part;
        }
        return Identifiers.quote(c.name()) + " " + c.type() + (c.notNull() ? " NOT NULL" : "") + (c.defaultExpr() == null ? "" : " DEFAULT " + c.defaultExpr());
    }

    /** The name a table had in the old schema. */
    private static Name renamedFrom(Name table, List<Change> changes) {
        for (Change c : changes) {
            if (c instanceof Change.RenameTable r && r.to().equals(table.name())) return r.from();
        }
        return table;
    }

    /** The name a column of the new table had in the old one. */
    private static String oldColumnName(Name table, String column, List<Change> changes) {
        for (Change c : changes) {
            if (c instanceof Change.RenameColumn r && r.table().equals(table) && r.to().equals(column)) return r.from();
        }
        return column;
    }

    /** The name a column of the old table has in the new one. */
    private static String newColumnName(Name table, String column, List<Change> changes) {
        for (Change c : changes) {
            if (c instanceof Change.RenameColumn r && r.table().equals(table) && r.from().equals(column)) return r.to();
        }
        return column;
    }

    private List<View> orderedViews() {
        List<View> out = new ArrayList<>();
        Set<Name> done = new LinkedHashSet<>();
        boolean progress = true;
        while (progress && out.size() < to.views().size()) {
            progress = false;
            for (View v : to.views()) {
                if (done.contains(v.name())) continue;
                boolean ready = v.dependsOn().stream().allMatch(d -> done.contains(d) || to.view(d).isEmpty());
                if (ready) {
                    out.add(v);
                    done.add(v.name());
                    progress = true;
                }
            }
        }
        for (View v : to.views()) if (!done.contains(v.name())) out.add(v);
        return out;
    }

    private static String n(Name name) {
        return Identifiers.quote(name.name());
    }

    private static void emit(List<PostgresChangeSql.Statement> out, String sql, String... notes) {
        out.add(new PostgresChangeSql.Statement(sql, false, List.of(notes)));
    }
}
