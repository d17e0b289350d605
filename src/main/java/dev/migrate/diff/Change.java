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

import java.util.List;

/**
 * One step from one schema to another, as the {@link Differ} finds it: a value that says what changes, not how
 * a dialect spells it. Renderers turn changes into SQL ({@code PostgresChangeSql}, {@code SqliteChangeSql}) or into
 * calls of the operations API. Each change carries the full before and after state it needs, so that a renderer
 * never reads a database.
 */
public sealed interface Change {

    /** What the change does, for people: {@code add column orders.total}. */
    String describe();

    /** Loses data when run (a dropped table or column, a narrowed type). */
    default boolean losesData() {
        return false;
    }

    record CreateSchema(String schema) implements Change {
        public String describe() { return "add schema " + schema; }
    }

    record DropSchema(String schema) implements Change {
        public String describe() { return "drop schema " + schema; }
    }

    record CreateExtension(Catalog.Extension extension) implements Change {
        public String describe() { return "add extension " + extension.name(); }
    }

    record DropExtension(Catalog.Extension extension) implements Change {
        public String describe() { return "drop extension " + extension.name(); }
    }

    record CreateEnum(Catalog.EnumType type) implements Change {
        public String describe() { return "add enum " + type.name(); }
    }

    /** A label added to an enum; {@code before} is the existing label it goes in front of, null for the end. */
    record AddEnumValue(Name type, String value, String before) implements Change {
        public String describe() { return "add value '" + value + "' to enum " + type; }
    }

    /**
     * An enum whose labels were removed or reordered, which PostgreSQL can only do by creating the new type and
     * moving every column over. {@code columns} are the columns of the type, in the target schema.
     */
    record ReplaceEnum(Catalog.EnumType from, Catalog.EnumType to, List<ColumnRef> columns) implements Change {
        public String describe() { return "change enum " + to.name() + " (" + String.join(", ", from.labels()) + ") -> (" + String.join(", ", to.labels()) + ")"; }
        public boolean losesData() { return !to.labels().containsAll(from.labels()); }
    }

    record DropEnum(Catalog.EnumType type) implements Change {
        public String describe() { return "drop enum " + type.name(); }
    }

    record CreateSequence(Catalog.Sequence sequence) implements Change {
        public String describe() { return "add sequence " + sequence.name(); }
    }

    record AlterSequence(Catalog.Sequence from, Catalog.Sequence to) implements Change {
        public String describe() { return "change sequence " + to.name(); }
    }

    /** Sets or clears a sequence's owning column ({@code OWNED BY}); after the column exists, before it is dropped. */
    record SetSequenceOwner(Catalog.Sequence sequence) implements Change {
        public String describe() { return "set owner of sequence " + sequence.name(); }
    }

    record DropSequence(Catalog.Sequence sequence) implements Change {
        public String describe() { return "drop sequence " + sequence.name(); }
    }

    /** A new table with its columns, primary key, unique, check and exclusion constraints; foreign keys come later. */
    record CreateTable(Table table) implements Change {
        public String describe() { return "add table " + table.name(); }
    }

    record DropTable(Table table) implements Change {
        public String describe() { return "drop table " + table.name(); }
        public boolean losesData() { return true; }
    }

    /** A table renamed, on the user's word ({@code --rename old=new}). */
    record RenameTable(Name from, String to) implements Change {
        public String describe() { return "rename table " + from + " to " + to; }
    }

    record RenameColumn(Name table, String from, String to) implements Change {
        public String describe() { return "rename column " + table + "." + from + " to " + to; }
    }

    record RenameIndex(Name table, String from, String to) implements Change {
        public String describe() { return "rename index " + from + " to " + to; }
    }

    record RenameConstraint(Name table, String from, String to) implements Change {
        public String describe() { return "rename constraint " + from + " on " + table + " to " + to; }
    }

    /** {@code existingTable}: the table exists before this change set (it holds rows in production). */
    record AddColumn(Name table, Column column, boolean existingTable) implements Change {
        public String describe() { return "add column " + table + "." + column.name(); }
    }

    record DropColumn(Name table, Column column) implements Change {
        public String describe() { return "drop column " + table + "." + column.name(); }
        public boolean losesData() { return true; }
    }

    /** A column's type, nullability, default, identity, generation or collation changed. */
    record AlterColumn(Name table, Column from, Column to) implements Change {
        public String describe() {
            StringBuilder what = new StringBuilder();
            if (!from.type().equals(to.type())) what.append(", type ").append(from.type()).append(" -> ").append(to.type());
            if (from.notNull() != to.notNull()) what.append(to.notNull() ? ", NOT NULL" : ", nullable");
            if (!java.util.Objects.equals(from.defaultExpr(), to.defaultExpr())) what.append(", default");
            if (!java.util.Objects.equals(from.identity(), to.identity()) || !from.identityOptions().equals(to.identityOptions())) what.append(", identity");
            if (!java.util.Objects.equals(from.generated(), to.generated())) what.append(", generated");
            if (!java.util.Objects.equals(from.collation(), to.collation())) what.append(", collation");
            return "change column " + table + "." + to.name() + (what.isEmpty() ? "" : " (" + what.substring(2) + ")");
        }
    }

    /** {@code existingTable}: the table exists before this change set, so adding the constraint checks its rows. */
    record AddConstraint(Name table, Constraint constraint, boolean existingTable) implements Change {
        public String describe() { return "add " + kind(constraint) + " " + constraint.name() + " on " + table; }
    }

    /** A constraint added {@code NOT VALID} that the target has validated. */
    record ValidateConstraint(Name table, Constraint constraint) implements Change {
        public String describe() { return "validate " + kind(constraint) + " " + constraint.name() + " on " + table; }
    }

    record DropConstraint(Name table, Constraint constraint) implements Change {
        public String describe() { return "drop " + kind(constraint) + " " + constraint.name() + " on " + table; }
    }

    /** {@code existingTable}: the table exists before this change set, so building the index blocks its writes. */
    record CreateIndex(Name table, Index index, boolean existingTable) implements Change {
        public String describe() { return "add index " + index.name() + " on " + table; }
    }

    record DropIndex(Name table, Index index) implements Change {
        public String describe() { return "drop index " + index.name() + " on " + table; }
    }

    /** A comment set or removed ({@code text} null). {@code target} is the SQL object phrase: {@code TABLE t}, {@code COLUMN t.c}. */
    record SetComment(String target, String text) implements Change {
        public String describe() { return (text == null ? "remove comment on " : "comment on ") + target.toLowerCase(java.util.Locale.ROOT); }
    }

    record CreateView(View view) implements Change {
        public String describe() { return "add " + (view.materialized() ? "materialized view " : "view ") + view.name(); }
    }

    record DropView(View view) implements Change {
        public String describe() { return "drop " + (view.materialized() ? "materialized view " : "view ") + view.name(); }
    }

    record CreateRoutine(Routine routine) implements Change {
        public String describe() { return "add " + (routine.procedure() ? "procedure " : "function ") + routine.name() + "(" + routine.arguments() + ")"; }
    }

    record DropRoutine(Routine routine) implements Change {
        public String describe() { return "drop " + (routine.procedure() ? "procedure " : "function ") + routine.name() + "(" + routine.arguments() + ")"; }
    }

    record CreateTrigger(Trigger trigger) implements Change {
        public String describe() { return "add trigger " + trigger.name() + " on " + trigger.table(); }
    }

    record DropTrigger(Trigger trigger) implements Change {
        public String describe() { return "drop trigger " + trigger.name() + " on " + trigger.table(); }
    }

    /** A column of a table, as a user of an enum type. */
    record ColumnRef(Name table, Column column) {
    }

    private static String kind(Constraint c) {
        return switch (c.kind()) {
            case PRIMARY_KEY -> "primary key";
            case UNIQUE -> "unique constraint";
            case CHECK -> "check constraint";
            case EXCLUDE -> "exclusion constraint";
            case FOREIGN_KEY -> "foreign key";
        };
    }
}
