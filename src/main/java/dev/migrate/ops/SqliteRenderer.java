package dev.migrate.ops;

import dev.migrate.api.Column;
import dev.migrate.api.ColumnChange;
import dev.migrate.api.ColumnDefault;
import dev.migrate.api.Constraint;
import dev.migrate.api.IndexOptions;
import dev.migrate.ops.SqliteTableSql.Clause;
import dev.migrate.ops.SqliteTableSql.ClauseKind;
import dev.migrate.ops.SqliteTableSql.ColumnDef;
import dev.migrate.ops.SqliteTableSql.Element;
import dev.migrate.ops.SqliteTableSql.TableConstraint;
import dev.migrate.script.SqlSplitter;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * SQLite: what {@code ALTER TABLE} can do runs in place; changing a column's definition or a table's constraints
 * copies the table (see the package documentation). Dates and times are ISO-8601 text, booleans 1 and 0.
 */
public final class SqliteRenderer extends SqlRenderer {

    static final String COPY_PREFIX = "_migrate_tmp_";
    private static final String COPY_REASON = "SQLite cannot do this in place, so the table is copied, "
            + "and the copy is made from the table's current definition";

    /** SQLite's key words (sqlite.org/lang_keywords.html), and TRUE and FALSE. */
    private static final Set<String> RESERVED = Set.of(
            "ABORT", "ACTION", "ADD", "AFTER", "ALL", "ALTER", "ALWAYS", "ANALYZE", "AND", "AS", "ASC", "ATTACH",
            "AUTOINCREMENT", "BEFORE", "BEGIN", "BETWEEN", "BY", "CASCADE", "CASE", "CAST", "CHECK", "COLLATE",
            "COLUMN", "COMMIT", "CONFLICT", "CONSTRAINT", "CREATE", "CROSS", "CURRENT", "CURRENT_DATE", "CURRENT_TIME",
            "CURRENT_TIMESTAMP", "DATABASE", "DEFAULT", "DEFERRABLE", "DEFERRED", "DELETE", "DESC", "DETACH",
            "DISTINCT", "DO", "DROP", "EACH", "ELSE", "END", "ESCAPE", "EXCEPT", "EXCLUDE", "EXCLUSIVE", "EXISTS",
            "EXPLAIN", "FAIL", "FALSE", "FILTER", "FIRST", "FOLLOWING", "FOR", "FOREIGN", "FROM", "FULL", "GENERATED",
            "GLOB", "GROUP", "GROUPS", "HAVING", "IF", "IGNORE", "IMMEDIATE", "IN", "INDEX", "INDEXED", "INITIALLY",
            "INNER", "INSERT", "INSTEAD", "INTERSECT", "INTO", "IS", "ISNULL", "JOIN", "KEY", "LAST", "LEFT", "LIKE",
            "LIMIT", "MATCH", "MATERIALIZED", "NATURAL", "NO", "NOT", "NOTHING", "NOTNULL", "NULL", "NULLS", "OF",
            "OFFSET", "ON", "OR", "ORDER", "OTHERS", "OUTER", "OVER", "PARTITION", "PLAN", "PRAGMA", "PRECEDING",
            "PRIMARY", "QUERY", "RAISE", "RANGE", "RECURSIVE", "REFERENCES", "REGEXP", "REINDEX", "RELEASE", "RENAME",
            "REPLACE", "RESTRICT", "RETURNING", "RIGHT", "ROLLBACK", "ROW", "ROWS", "SAVEPOINT", "SELECT", "SET",
            "TABLE", "TEMP", "TEMPORARY", "THEN", "TIES", "TO", "TRANSACTION", "TRIGGER", "TRUE", "UNBOUNDED", "UNION",
            "UNIQUE", "UPDATE", "USING", "VACUUM", "VALUES", "VIEW", "VIRTUAL", "WHEN", "WHERE", "WINDOW", "WITH",
            "WITHOUT");

    public SqliteRenderer() {
    }

    @Override public String dialect() { return "sqlite"; }

    @Override SqlSplitter.Flavor flavor() { return SqlSplitter.Flavor.SQLITE; }

    @Override Set<String> reservedWords() { return RESERVED; }

    // ---- operations

    @Override
    List<String> createTable(String table, List<Column> columns, List<Constraint> constraints) {
        for (Column c : columns) {
            if (c.isIdentity() && (!c.isPrimaryKey() || constraints.stream().anyMatch(k -> k instanceof Constraint.PrimaryKey))) {
                throw new IllegalArgumentException("createTable " + table + ": SQLite numbers rows only through a "
                        + "single-column primary key, so identity column " + c.name() + " must also be primaryKey()");
            }
        }
        return super.createTable(table, columns, constraints);
    }

    /**
     * In place when SQLite's {@code ADD COLUMN} can do it: not a key, not unique, and NOT NULL only with a literal
     * default. Otherwise the table is copied with the new column appended.
     */
    @Override
    List<String> addColumn(String table, Column column, Catalog catalog) {
        if (column.isIdentity()) {
            throw new IllegalArgumentException("addColumn " + table + "." + column.name()
                    + ": SQLite cannot add an identity column to an existing table");
        }
        boolean literalDefault = column.columnDefault().orElse(null) instanceof ColumnDefault.Literal;
        boolean expressionDefault = column.columnDefault().orElse(null) instanceof ColumnDefault.Expression;
        boolean inPlace = !column.isPrimaryKey() && !column.isUnique() && !expressionDefault
                && (column.isNullable() || literalDefault);
        if (inPlace) return super.addColumn(table, column, catalog);
        ColumnDef added = SqliteTableSql.parse(table, "CREATE TABLE t (" + columnDefinition(column, column.isPrimaryKey()) + ")")
                .columns().get(0);
        return copy(table, catalog, elements -> {
            List<Element> out = new ArrayList<>(elements);
            int last = -1;
            for (int k = 0; k < out.size(); k++) if (out.get(k) instanceof ColumnDef) last = k;
            out.add(last + 1, added);
            return out;
        }, Map.of());
    }

    /**
     * {@code DROP COLUMN} in place, after dropping the indexes that include the column (as PostgreSQL does). A
     * column in a primary key, unique or foreign key constraint, which SQLite's {@code DROP COLUMN} refuses, is
     * dropped by copying the table without it and without those constraints. Offline the table cannot be read, so
     * it is always {@code DROP COLUMN}, which SQLite refuses for an indexed or constrained column.
     */
    @Override
    List<String> dropColumn(String table, String column, Catalog catalog) {
        if (!catalog.online()) return super.dropColumn(table, column, catalog);
        String name = tableName(table, catalog);
        SqliteTableSql current = SqliteTableSql.parse(name, tableSql(name, catalog));
        Set<String> indexes = new HashSet<>();
        for (List<Object> row : catalog.rows("SELECT DISTINCT l.name FROM pragma_index_list(?) l, pragma_index_info(l.name) i "
                + "WHERE l.origin = 'c' AND i.name = ? COLLATE NOCASE", name, column)) {
            indexes.add(((String) row.get(0)).toLowerCase(Locale.ROOT));
        }
        boolean constrained = false;
        for (Element e : current.elements()) {
            if (e instanceof TableConstraint t && t.covers(column)) constrained = true;
            if (e instanceof ColumnDef c && c.name().equalsIgnoreCase(column)) {
                constrained |= c.clauses().stream().anyMatch(k -> k.kind() == ClauseKind.PRIMARY_KEY
                        || k.kind() == ClauseKind.UNIQUE || k.kind() == ClauseKind.REFERENCES);
            }
        }
        if (constrained) {
            return copy(table, catalog, elements -> elements.stream()
                    .filter(e -> !(e instanceof ColumnDef c && c.name().equalsIgnoreCase(column)))
                    .filter(e -> !(e instanceof TableConstraint t && t.covers(column)))
                    .toList(), Map.of(), indexes);
        }
        List<String> out = new ArrayList<>();
        for (String index : indexes.stream().sorted().toList()) out.add("DROP INDEX " + quote(index));
        out.addAll(super.dropColumn(table, column, catalog));
        return out;
    }

    /** A rename alone is {@code RENAME COLUMN}; a change of type, nullability or default copies the table. */
    @Override
    List<String> alterColumn(String table, String column, ColumnChange change, Catalog catalog) {
        List<String> out = new ArrayList<>();
        if (change.changesDefinition()) {
            Map<String, String> select = new LinkedHashMap<>();
            change.using().ifPresent(u -> select.put(column.toLowerCase(Locale.ROOT), u));
            boolean[] found = {false};
            out.addAll(copy(table, catalog, elements -> {
                List<Element> changed = new ArrayList<>();
                for (Element e : elements) {
                    if (e instanceof ColumnDef c && c.name().equalsIgnoreCase(column)) {
                        found[0] = true;
                        changed.add(changeColumn(c, change));
                    } else {
                        changed.add(e);
                    }
                }
                if (!found[0]) {
                    throw new IllegalArgumentException(catalog.operation() + ": table " + table + " has no column " + column);
                }
                return changed;
            }, select));
        }
        change.newName().ifPresent(n -> out.add(renameColumn(table, column, n)));
        return out;
    }

    private ColumnDef changeColumn(ColumnDef c, ColumnChange change) {
        List<Clause> clauses = new ArrayList<>();
        for (Clause k : c.clauses()) {
            boolean nullability = k.kind() == ClauseKind.NOT_NULL || k.kind() == ClauseKind.NULL;
            if (nullability && change.newNullable().isPresent()) continue;
            if (k.kind() == ClauseKind.DEFAULT && change.changesDefault()) continue;
            clauses.add(k);
        }
        if (!change.newNullable().orElse(true)) clauses.add(new Clause(ClauseKind.NOT_NULL, null, "NOT NULL"));
        change.newDefault().ifPresent(d -> clauses.add(new Clause(ClauseKind.DEFAULT, null, defaultClause(d))));
        return new ColumnDef(c.nameSql(), c.name(), change.newType().orElse(c.typeSql()), clauses);
    }

    @Override
    List<String> createIndex(String name, String table, List<String> columns, IndexOptions options) {
        // SQLite builds every index under its own write lock; CONCURRENTLY has no meaning there.
        return super.createIndex(name, table, columns, withoutConcurrently(options));
    }

    @Override
    List<String> dropIndex(String name, boolean concurrently) {
        return super.dropIndex(name, false);
    }

    @Override
    List<String> addConstraint(String table, Constraint constraint, Catalog catalog) {
        String definition = constraintDefinition(constraint);
        return copy(table, catalog, elements -> {
            List<Element> out = new ArrayList<>(elements);
            out.add(new TableConstraint(constraint.name(), definition, List.of()));
            return out;
        }, Map.of());
    }

    @Override
    List<String> dropConstraint(String name, String table, Catalog catalog) {
        return copy(table, catalog, elements -> {
            List<Element> out = new ArrayList<>();
            boolean found = false;
            for (Element e : elements) {
                if (e instanceof TableConstraint t && name.equalsIgnoreCase(t.name())) {
                    found = true;
                    continue;
                }
                if (e instanceof ColumnDef c && c.clauses().stream().anyMatch(k -> name.equalsIgnoreCase(k.name()))) {
                    found = true;
                    e = new ColumnDef(c.nameSql(), c.name(), c.typeSql(),
                            c.clauses().stream().filter(k -> !name.equalsIgnoreCase(k.name())).toList());
                }
                out.add(e);
            }
            if (!found) {
                throw new IllegalArgumentException(catalog.operation() + ": SQLite table " + table + " has no constraint named "
                        + name + " (SQLite knows a constraint's name only from CONSTRAINT " + name
                        + " in its CREATE TABLE statement)");
            }
            return out;
        }, Map.of());
    }

    // ---- the table copy

    /**
     * Copies {@code table} into a new table with the changed definition, as SQLite's documentation describes
     * (sqlite.org/lang_altertable.html, "other kinds of table schema changes"): create the new table, copy the rows,
     * drop the old table, rename the new one, recreate the old table's indexes and triggers. Views keep referring to
     * the table by name.
     *
     * @param change turns the current elements into the new ones
     * @param select for a column (lower case) whose value is computed, the expression to select instead of it
     */
    private List<String> copy(String table, Catalog catalog, UnaryOperator<List<Element>> change, Map<String, String> select) {
        return copy(table, catalog, change, select, Set.of());
    }

    /** As {@link #copy(String, Catalog, UnaryOperator, Map)}, without recreating the indexes in {@code dropIndexes}. */
    private List<String> copy(String table, Catalog catalog, UnaryOperator<List<Element>> change, Map<String, String> select,
                              Set<String> dropIndexes) {
        catalog.requireOnline(COPY_REASON);
        String name = tableName(table, catalog);
        SqliteTableSql current = SqliteTableSql.parse(name, tableSql(name, catalog));
        SqliteTableSql next = current.with(change.apply(current.elements()));

        refuseIfForeignKeysWouldCascade(name, catalog);

        Set<String> oldColumns = new HashSet<>();
        for (List<Object> row : catalog.rows("SELECT name FROM pragma_table_xinfo(?) WHERE hidden = 0", name)) {
            oldColumns.add(((String) row.get(0)).toLowerCase(Locale.ROOT));
        }
        List<String> into = new ArrayList<>();
        List<String> from = new ArrayList<>();
        for (ColumnDef c : next.columns()) {
            String key = c.name().toLowerCase(Locale.ROOT);
            if (c.generated() || !oldColumns.contains(key)) continue;
            into.add(quote(c.name()));
            from.add(select.getOrDefault(key, quote(c.name())));
        }
        List<String> recreate = new ArrayList<>();
        for (List<Object> row : catalog.rows("SELECT name, sql FROM sqlite_master WHERE tbl_name = ? COLLATE NOCASE "
                + "AND type IN ('index', 'trigger') AND sql IS NOT NULL "
                + "ORDER BY CASE type WHEN 'index' THEN 0 ELSE 1 END, rowid", name)) {
            if (!dropIndexes.contains(((String) row.get(0)).toLowerCase(Locale.ROOT))) recreate.add((String) row.get(1));
        }
        boolean hasSequence = catalog.value("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'") != null;
        Object sequence = hasSequence ? catalog.value("SELECT seq FROM sqlite_sequence WHERE name = ?", name) : null;
        boolean legacyAlter = toLong(catalog.value("SELECT * FROM pragma_legacy_alter_table")) != 0;

        String copy = quote(COPY_PREFIX + name);
        List<String> out = new ArrayList<>();
        out.add(next.createStatement(copy));
        if (!into.isEmpty()) {
            out.add("INSERT INTO " + copy + " (" + String.join(", ", into) + ") SELECT " + String.join(", ", from)
                    + " FROM " + quote(name));
        }
        out.add("DROP TABLE " + quote(name));
        // Without legacy mode, RENAME checks every view and trigger, and fails on those that name the dropped table.
        if (!legacyAlter) out.add("PRAGMA legacy_alter_table = ON");
        out.add("ALTER TABLE " + copy + " RENAME TO " + quote(name));
        if (!legacyAlter) out.add("PRAGMA legacy_alter_table = OFF");
        if (sequence != null && next.autoincrement()) {
            // AUTOINCREMENT never reuses a number: carry the old high-water mark over, even past deleted rows.
            String n = stringLiteral(name);
            long seq = toLong(sequence);
            out.add("UPDATE sqlite_sequence SET seq = MAX(seq, " + seq + ") WHERE name = " + n);
            out.add("INSERT INTO sqlite_sequence (name, seq) SELECT " + n + ", " + seq
                    + " WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = " + n + ")");
        }
        out.addAll(recreate);
        return out;
    }

    /** The table's name as SQLite stores it (names are case-insensitive). */
    private static String tableName(String table, Catalog catalog) {
        Object name = catalog.value("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE", table);
        if (name == null) throw new IllegalArgumentException(catalog.operation() + ": there is no table " + table);
        return (String) name;
    }

    private static String tableSql(String name, Catalog catalog) {
        return (String) catalog.value("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", name);
    }

    /**
     * With {@code PRAGMA foreign_keys} on, dropping the old table deletes its rows first, which fires ON DELETE
     * actions in the tables that refer to it (and the pragma cannot be turned off inside a transaction).
     */
    private static void refuseIfForeignKeysWouldCascade(String table, Catalog catalog) {
        if (toLong(catalog.value("SELECT * FROM pragma_foreign_keys")) == 0) return;
        List<String> referring = new ArrayList<>();
        for (List<Object> row : catalog.rows("SELECT DISTINCT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) f "
                + "WHERE m.type = 'table' AND f.\"table\" = ? COLLATE NOCASE ORDER BY m.name", table)) {
            referring.add((String) row.get(0));
        }
        if (!referring.isEmpty()) {
            throw new IllegalStateException(catalog.operation() + ": SQLite must copy table " + table
                    + ", but PRAGMA foreign_keys is on and " + String.join(", ", referring) + " refer to it, so "
                    + "dropping the old copy would delete or block their rows; run the migration with foreign_keys off");
        }
    }

    private static long toLong(Object v) {
        return v == null ? 0 : ((Number) v).longValue();
    }

    private static IndexOptions withoutConcurrently(IndexOptions o) {
        IndexOptions plain = o.isUnique() ? IndexOptions.defaults().unique() : IndexOptions.defaults();
        return o.condition().map(plain::where).orElse(plain);
    }

    // ---- columns and values

    /**
     * As the base, except: an identity column is SQLite's {@code INTEGER PRIMARY KEY AUTOINCREMENT} (no other type
     * makes the column the rowid); and primary key columns are declared NOT NULL, which SQLite does not imply.
     */
    @Override
    String columnDefinition(Column c, boolean inPrimaryKey) {
        if (c.isIdentity()) {
            return quote(c.name()) + " INTEGER PRIMARY KEY AUTOINCREMENT" + (c.isUnique() ? " UNIQUE" : "");
        }
        StringBuilder s = new StringBuilder(quote(c.name())).append(' ').append(c.type());
        c.columnDefault().ifPresent(d -> s.append(' ').append(defaultClause(d)));
        if (!c.isNullable() || inPrimaryKey) s.append(" NOT NULL");
        if (c.isPrimaryKey()) s.append(" PRIMARY KEY");
        if (c.isUnique()) s.append(" UNIQUE");
        return s.toString();
    }

    /** SQLite takes a bare literal, but any other expression only in parentheses. */
    @Override
    String defaultClause(ColumnDefault d) {
        if (d instanceof ColumnDefault.Expression e) return "DEFAULT (" + e.sql() + ")";
        return super.defaultClause(d);
    }

    @Override
    Object bindable(Object value) {
        Object v = normalize(value);
        if (v instanceof Instant i) return timestamp(LocalDateTime.ofInstant(i, ZoneOffset.UTC));
        v = super.bindable(v);
        if (v instanceof Boolean b) return b ? 1 : 0;
        if (v instanceof UUID u) return u.toString();
        if (v instanceof LocalDate d) return date(d);
        if (v instanceof LocalTime t) return time(t);
        if (v instanceof LocalDateTime t) return timestamp(t);
        if (v instanceof OffsetDateTime t) return timestamp(t.toLocalDateTime()) + offset(t.getOffset());
        return v;
    }

    @Override String stringLiteral(String s) { return quoteString(s); }

    @Override String booleanLiteral(boolean b) { return b ? "1" : "0"; }

    @Override String bytesLiteral(String hex) { return "X'" + hex + "'"; }

    @Override String dateLiteral(LocalDate d) { return quoteString(date(d)); }

    @Override String timeLiteral(LocalTime t) { return quoteString(time(t)); }

    @Override String timestampLiteral(LocalDateTime t) { return quoteString(timestamp(t)); }

    @Override
    String timestampTzLiteral(OffsetDateTime t) {
        return quoteString(timestamp(t.toLocalDateTime()) + offset(t.getOffset()));
    }

    /** SQLite's own UTC text ({@code CURRENT_TIMESTAMP}) has no offset. */
    @Override
    String instantLiteral(Instant i) {
        return quoteString(timestamp(OffsetDateTime.ofInstant(i, ZoneOffset.UTC).toLocalDateTime()));
    }
}
