package dev.migrate.diff;

import dev.migrate.catalog.Catalog;
import dev.migrate.catalog.Column;
import dev.migrate.catalog.Name;
import dev.migrate.catalog.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the user says was renamed: tables ({@code old_table=new_table}) and columns ({@code table.old=new}). A
 * rename is never guessed: without a hint a renamed column is a dropped column and an added one.
 *
 * @param tables  old table name (in the old schema) to its new name
 * @param columns new table name to (old column name to new column name)
 */
public record Renames(Map<Name, String> tables, Map<Name, Map<String, String>> columns) {

    public static final Renames NONE = new Renames(Map.of(), Map.of());

    public Renames {
        tables = Map.copyOf(tables);
        columns = Map.copyOf(columns);
    }

    /** Thrown for a hint that names nothing in the schemas. */
    public static final class InvalidRenameException extends IllegalArgumentException {
        private final String hint;

        public InvalidRenameException(String hint, String message) {
            super(message);
            this.hint = hint;
        }

        public String hint() { return hint; }
    }

    /**
     * Reads hints of the forms {@code old=new} and {@code schema.old=new} (a table), {@code table.old=new} and
     * {@code schema.table.old=new} (a column of the table as it is named in {@code to}), checking each against the
     * two schemas: the old name must exist in {@code from} and not in {@code to}, the new name in {@code to} and
     * not in {@code from}.
     */
    public static Renames parse(List<String> hints, Catalog from, Catalog to) {
        Map<Name, String> tables = new LinkedHashMap<>();
        Map<Name, Map<String, String>> columns = new LinkedHashMap<>();
        String schema = from.defaultSchema() != null ? from.defaultSchema() : to.defaultSchema();
        for (String hint : hints) {
            int eq = hint.indexOf('=');
            if (eq <= 0 || eq == hint.length() - 1) {
                throw new InvalidRenameException(hint, "--rename " + hint + ": expected OLD=NEW, e.g. --rename orders.total=total_amount "
                        + "(a column) or --rename customers=clients (a table).");
            }
            String left = hint.substring(0, eq).strip();
            String right = hint.substring(eq + 1).strip();
            if (right.contains(".")) {
                throw new InvalidRenameException(hint, "--rename " + hint + ": the new name is a bare name (" + right.substring(right.lastIndexOf('.') + 1)
                        + "); it keeps the table or schema of the old one.");
            }
            String[] parts = left.split("\\.");
            Name asTable = parts.length == 1 ? new Name(schema, parts[0]) : parts.length == 2 ? new Name(parts[0], parts[1]) : null;
            if (asTable != null && from.table(asTable).isPresent()) {
                Name target = new Name(asTable.schema(), right);
                requireTable(hint, to, target, "the new table " + target + " is not in the desired schema");
                if (to.table(asTable).isPresent()) {
                    throw new InvalidRenameException(hint, "--rename " + hint + ": table " + asTable + " still exists in the desired schema, so it was not renamed.");
                }
                if (from.table(target).isPresent()) {
                    throw new InvalidRenameException(hint, "--rename " + hint + ": table " + target + " exists already.");
                }
                tables.put(asTable, right);
                continue;
            }
            if (parts.length < 2 || parts.length > 3) {
                throw new InvalidRenameException(hint, "--rename " + hint + ": no table " + left + " in the current schema.");
            }
            Name table = parts.length == 2 ? new Name(schema, parts[0]) : new Name(parts[0], parts[1]);
            String oldColumn = parts[parts.length - 1];
            Table newTable = requireTable(hint, to, table, "no table " + table + " in the desired schema");
            Name oldTableName = tables.entrySet().stream().filter(e -> e.getKey().schema().equals(table.schema())
                    && e.getValue().equals(table.name())).map(Map.Entry::getKey).findFirst().orElse(table);
            Table oldTable = requireTable(hint, from, oldTableName, "no table " + oldTableName + " in the current schema");
            if (oldTable.column(oldColumn).isEmpty()) {
                throw new InvalidRenameException(hint, "--rename " + hint + ": table " + oldTableName + " has no column " + oldColumn
                        + " (it has " + String.join(", ", oldTable.columns().stream().map(Column::name).toList()) + ").");
            }
            if (newTable.column(right).isEmpty()) {
                throw new InvalidRenameException(hint, "--rename " + hint + ": the desired table " + table + " has no column " + right + ".");
            }
            if (newTable.column(oldColumn).isPresent()) {
                throw new InvalidRenameException(hint, "--rename " + hint + ": column " + oldColumn + " still exists in the desired table " + table + ".");
            }
            if (oldTable.column(right).isPresent()) {
                throw new InvalidRenameException(hint, "--rename " + hint + ": column " + right + " exists already in " + oldTableName + ".");
            }
            columns.computeIfAbsent(table, k -> new LinkedHashMap<>()).put(oldColumn, right);
        }
        return new Renames(tables, columns);
    }

    private static Table requireTable(String hint, Catalog catalog, Name name, String problem) {
        Optional<Table> t = catalog.table(name);
        if (t.isEmpty()) throw new InvalidRenameException(hint, "--rename " + hint + ": " + problem + ".");
        return t.get();
    }

    /** The same hints and this one. */
    public Renames withColumn(Name table, String from, String to) {
        Map<Name, Map<String, String>> c = new LinkedHashMap<>(columns);
        Map<String, String> forTable = new LinkedHashMap<>(c.getOrDefault(table, Map.of()));
        forTable.put(from, to);
        c.put(table, forTable);
        return new Renames(tables, c);
    }

    /** The hints the other way round: for the downgrade. */
    public Renames reversed() {
        Map<Name, String> t = new LinkedHashMap<>();
        tables.forEach((old, now) -> t.put(new Name(old.schema(), now), old.name()));
        Map<Name, Map<String, String>> c = new LinkedHashMap<>();
        columns.forEach((table, pairs) -> {
            Name oldTable = tables.entrySet().stream().filter(e -> e.getKey().schema().equals(table.schema())
                    && e.getValue().equals(table.name())).map(Map.Entry::getKey).findFirst().orElse(table);
            Map<String, String> back = new LinkedHashMap<>();
            pairs.forEach((o, n) -> back.put(n, o));
            c.put(oldTable, back);
        });
        return new Renames(t, c);
    }

    /**
     * Columns that may have been renamed: on a table of both schemas, a column that goes and a column that comes
     * with the same type, nullability and default. For the question on a terminal; never applied unasked.
     */
    public static List<Candidate> candidates(Catalog from, Catalog to, Renames given) {
        List<Candidate> found = new ArrayList<>();
        for (Table b : to.tables()) {
            Name oldName = given.tables().entrySet().stream().filter(e -> e.getKey().schema().equals(b.name().schema())
                    && e.getValue().equals(b.name().name())).map(Map.Entry::getKey).findFirst().orElse(b.name());
            Optional<Table> a = from.table(oldName);
            if (a.isEmpty()) continue;
            Map<String, String> hinted = given.columns().getOrDefault(b.name(), Map.of());
            List<Column> gone = a.get().columns().stream().filter(c -> b.column(c.name()).isEmpty() && !hinted.containsKey(c.name())).toList();
            List<Column> come = b.columns().stream().filter(c -> a.get().column(c.name()).isEmpty() && !hinted.containsValue(c.name())).toList();
            for (Column g : gone) {
                for (Column c : come) {
                    if (Objects.equals(g.shape(), c.shape())) found.add(new Candidate(b.name(), g.name(), c.name(), c.type()));
                }
            }
        }
        return found;
    }

    /** A possible column rename: {@code table.from} might now be {@code table.to}. */
    public record Candidate(Name table, String from, String to, String type) {
        public String question() {
            return "Was " + table.name() + "." + from + " renamed to " + table.name() + "." + to + " (" + type + ")? [y/N] ";
        }
    }
}
