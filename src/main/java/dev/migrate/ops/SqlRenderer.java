package dev.migrate.ops;

import dev.migrate.api.Column;
import dev.migrate.api.ColumnChange;
import dev.migrate.api.ColumnDefault;
import dev.migrate.api.Constraint;
import dev.migrate.api.IndexOptions;
import dev.migrate.api.ReferentialAction;
import dev.migrate.script.SqlSplitter;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Renders each operation as SQL for one database: the dialect seam of the operations. One method per operation,
 * each returning the statements to run in order; the base class renders standard SQL, which PostgreSQL takes as
 * is, and {@link SqliteRenderer} overrides what SQLite does differently. Arguments arrive validated by
 * {@link SqlOperations}.
 *
 * <p>Obtained from {@code Dialect.renderer()}; only this package can implement it.
 */
public abstract sealed class SqlRenderer permits PostgresRenderer, SqliteRenderer {

    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_]*");

    SqlRenderer() {
    }

    /** The database, as {@code Dialect.name()} says it: {@code postgresql}, {@code sqlite}. */
    public abstract String dialect();

    abstract SqlSplitter.Flavor flavor();

    /** Words that must be quoted to be used as names, upper case. */
    abstract Set<String> reservedWords();

    // ---- names

    /** A name as it goes into SQL: bare when it is lower case and not reserved, else in double quotes. */
    final String quote(String name) {
        if (PLAIN.matcher(name).matches() && !reservedWords().contains(name.toUpperCase(Locale.ROOT))) return name;
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    final String quoteAll(List<String> names) {
        StringJoiner j = new StringJoiner(", ");
        for (String n : names) j.add(quote(n));
        return j.toString();
    }

    // ---- operations

    List<String> createTable(String table, List<Column> columns, List<Constraint> constraints) {
        List<String> parts = new ArrayList<>();
        Set<String> keyColumns = primaryKeyColumns(columns, constraints);
        for (Column c : columns) parts.add(columnDefinition(c, keyColumns.contains(c.name())));
        for (Constraint c : constraints) parts.add(constraintDefinition(c));
        return List.of("CREATE TABLE " + quote(table) + " (" + String.join(", ", parts) + ")");
    }

    List<String> dropTable(String table) {
        return List.of("DROP TABLE " + quote(table));
    }

    List<String> renameTable(String from, String to) {
        return List.of("ALTER TABLE " + quote(from) + " RENAME TO " + quote(to));
    }

    List<String> addColumn(String table, Column column, Catalog catalog) {
        return List.of("ALTER TABLE " + quote(table) + " ADD COLUMN " + columnDefinition(column, column.isPrimaryKey()));
    }

    List<String> dropColumn(String table, String column, Catalog catalog) {
        return List.of("ALTER TABLE " + quote(table) + " DROP COLUMN " + quote(column));
    }

    List<String> alterColumn(String table, String column, ColumnChange change, Catalog catalog) {
        String c = "ALTER COLUMN " + quote(column) + " ";
        List<String> parts = new ArrayList<>();
        change.newType().ifPresent(t -> parts.add(c + "TYPE " + t + change.using().map(u -> " USING " + u).orElse("")));
        change.newNullable().ifPresent(n -> parts.add(c + (n ? "DROP NOT NULL" : "SET NOT NULL")));
        if (change.changesDefault()) {
            parts.add(c + change.newDefault().map(d -> "SET " + defaultClause(d)).orElse("DROP DEFAULT"));
        }
        List<String> out = new ArrayList<>();
        if (!parts.isEmpty()) out.add("ALTER TABLE " + quote(table) + " " + String.join(", ", parts));
        change.newName().ifPresent(n -> out.add(renameColumn(table, column, n)));
        return out;
    }

    final String renameColumn(String table, String column, String newName) {
        return "ALTER TABLE " + quote(table) + " RENAME COLUMN " + quote(column) + " TO " + quote(newName);
    }

    List<String> createIndex(String name, String table, List<String> columns, IndexOptions options) {
        return List.of("CREATE " + (options.isUnique() ? "UNIQUE " : "") + "INDEX "
                + (options.isConcurrently() ? "CONCURRENTLY " : "") + quote(name) + " ON " + quote(table)
                + " (" + quoteAll(columns) + ")" + options.condition().map(w -> " WHERE " + w).orElse(""));
    }

    List<String> dropIndex(String name, boolean concurrently) {
        return List.of("DROP INDEX " + (concurrently ? "CONCURRENTLY " : "") + quote(name));
    }

    /** Adds a unique, check or foreign-key constraint to an existing table. */
    List<String> addConstraint(String table, Constraint constraint, Catalog catalog) {
        return List.of("ALTER TABLE " + quote(table) + " ADD " + constraintDefinition(constraint));
    }

    List<String> dropConstraint(String name, String table, Catalog catalog) {
        return List.of("ALTER TABLE " + quote(table) + " DROP CONSTRAINT " + quote(name));
    }

    /** An INSERT with one {@code ?} per column, or {@code DEFAULT VALUES} when there is none. */
    final String insert(String table, List<String> columns) {
        if (columns.isEmpty()) return "INSERT INTO " + quote(table) + " DEFAULT VALUES";
        return "INSERT INTO " + quote(table) + " (" + quoteAll(columns) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
    }

    /** An INSERT of one row with literal values, columns in the order given. */
    final String insertLiteral(String table, List<String> columns, Map<String, Object> row) {
        if (columns.isEmpty()) return "INSERT INTO " + quote(table) + " DEFAULT VALUES";
        StringJoiner values = new StringJoiner(", ");
        for (String c : columns) values.add(literal(row.get(c)));
        return "INSERT INTO " + quote(table) + " (" + quoteAll(columns) + ") VALUES (" + values + ")";
    }

    // ---- pieces

    /** The columns of the primary key, whether declared on a column or as a table constraint. */
    static Set<String> primaryKeyColumns(List<Column> columns, List<Constraint> constraints) {
        Set<String> keys = new java.util.HashSet<>();
        for (Column c : columns) if (c.isPrimaryKey()) keys.add(c.name());
        for (Constraint c : constraints) if (c instanceof Constraint.PrimaryKey pk) keys.addAll(pk.columns());
        return keys;
    }

    /**
     * One column of CREATE TABLE or ADD COLUMN.
     *
     * @param inPrimaryKey whether the column belongs to the table's primary key, declared on it or on the table
     */
    String columnDefinition(Column c, boolean inPrimaryKey) {
        StringBuilder s = new StringBuilder(quote(c.name())).append(' ').append(c.type());
        if (c.isIdentity()) s.append(" GENERATED BY DEFAULT AS IDENTITY");
        c.columnDefault().ifPresent(d -> s.append(' ').append(defaultClause(d)));
        if (!c.isNullable() && !c.isPrimaryKey()) s.append(" NOT NULL");
        if (c.isPrimaryKey()) s.append(" PRIMARY KEY");
        if (c.isUnique()) s.append(" UNIQUE");
        return s.toString();
    }

    final String constraintDefinition(Constraint constraint) {
        String named = constraint.name() == null ? "" : "CONSTRAINT " + quote(constraint.name()) + " ";
        if (constraint instanceof Constraint.PrimaryKey pk) {
            return named + "PRIMARY KEY (" + quoteAll(pk.columns()) + ")";
        } else if (constraint instanceof Constraint.Unique u) {
            return named + "UNIQUE (" + quoteAll(u.columns()) + ")";
        } else if (constraint instanceof Constraint.Check ck) {
            return named + "CHECK (" + ck.condition() + ")";
        } else {
            Constraint.ForeignKey fk = (Constraint.ForeignKey) constraint;
            return named + "FOREIGN KEY (" + quoteAll(fk.columns()) + ") REFERENCES " + quote(fk.referentTable())
                    + " (" + quoteAll(fk.referentColumns()) + ")"
                    + (fk.onDelete() == ReferentialAction.NO_ACTION ? "" : " ON DELETE " + fk.onDelete().sql())
                    + (fk.onUpdate() == ReferentialAction.NO_ACTION ? "" : " ON UPDATE " + fk.onUpdate().sql());
        }
    }

    /** {@code DEFAULT <literal>} or {@code DEFAULT <expression>}. */
    String defaultClause(ColumnDefault d) {
        if (d instanceof ColumnDefault.Literal l) return "DEFAULT " + literal(l.value());
        return "DEFAULT " + ((ColumnDefault.Expression) d).sql();
    }

    // ---- values

    /** A Java value as an SQL literal of this database. */
    final String literal(Object value) {
        Object v = normalize(value);
        if (v == null) return "NULL";
        if (v instanceof String s) return stringLiteral(s);
        if (v instanceof Boolean b) return booleanLiteral(b);
        if (v instanceof BigDecimal d) return d.toPlainString();
        if (v instanceof Double d) return finite(d, d.isInfinite() || d.isNaN());
        if (v instanceof Float f) return finite(f, f.isInfinite() || f.isNaN());
        if (v instanceof Number n) return n.toString(); // Byte, Short, Integer, Long, BigInteger
        if (v instanceof UUID u) return stringLiteral(u.toString());
        if (v instanceof byte[] b) return bytesLiteral(HexFormat.of().formatHex(b));
        if (v instanceof LocalDate d) return dateLiteral(d);
        if (v instanceof LocalTime t) return timeLiteral(t);
        if (v instanceof LocalDateTime t) return timestampLiteral(t);
        if (v instanceof OffsetDateTime t) return timestampTzLiteral(t);
        if (v instanceof Instant i) return instantLiteral(i);
        throw unsupported(v);
    }

    /** A Java value as it is bound to a JDBC parameter, so that online and offline store the same thing. */
    Object bindable(Object value) {
        Object v = normalize(value);
        if (v instanceof Instant i) return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Number || v instanceof UUID
                || v instanceof byte[] || v instanceof LocalDate || v instanceof LocalTime
                || v instanceof LocalDateTime || v instanceof OffsetDateTime) {
            if (v instanceof Double d && (d.isInfinite() || d.isNaN())) throw notFinite(d);
            if (v instanceof Float f && (f.isInfinite() || f.isNaN())) throw notFinite(f);
            if (v instanceof String s && s.indexOf('\0') >= 0) throw nulCharacter();
            return v;
        }
        throw unsupported(v);
    }

    /** Maps the older and looser Java types onto the ones this class renders. */
    static Object normalize(Object v) {
        if (v instanceof java.sql.Timestamp t) return t.toLocalDateTime();
        if (v instanceof java.sql.Date d) return d.toLocalDate();
        if (v instanceof java.sql.Time t) return t.toLocalTime();
        if (v instanceof java.util.Date d) return d.toInstant();
        if (v instanceof ZonedDateTime z) return z.toOffsetDateTime();
        if (v instanceof Character c) return c.toString();
        return v;
    }

    abstract String stringLiteral(String s);

    abstract String booleanLiteral(boolean b);

    abstract String bytesLiteral(String hex);

    abstract String dateLiteral(LocalDate d);

    abstract String timeLiteral(LocalTime t);

    abstract String timestampLiteral(LocalDateTime t);

    abstract String timestampTzLiteral(OffsetDateTime t);

    abstract String instantLiteral(Instant i);

    /** {@code 'it''s'}; a NUL character cannot be stored as text by either database. */
    static String quoteString(String s) {
        if (s.indexOf('\0') >= 0) throw nulCharacter();
        return "'" + s.replace("'", "''") + "'";
    }

    static String date(LocalDate d) {
        return d.toString(); // yyyy-MM-dd for years 0000-9999
    }

    /** {@code HH:mm:ss} with a fraction only when there is one, trailing zeros removed. */
    static String time(LocalTime t) {
        String s = String.format(Locale.ROOT, "%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
        if (t.getNano() == 0) return s;
        String f = String.format(Locale.ROOT, "%09d", t.getNano()).replaceAll("0+$", "");
        return s + "." + f;
    }

    static String timestamp(LocalDateTime t) {
        return date(t.toLocalDate()) + " " + time(t.toLocalTime());
    }

    static String offset(ZoneOffset o) {
        return o.getTotalSeconds() == 0 ? "+00:00" : o.getId();
    }

    private static String finite(Number n, boolean notFinite) {
        if (notFinite) throw notFinite(n);
        return n.toString();
    }

    private static IllegalArgumentException notFinite(Number n) {
        return new IllegalArgumentException("cannot write " + n + " as SQL: only finite numbers have a literal");
    }

    private static IllegalArgumentException nulCharacter() {
        return new IllegalArgumentException("cannot write a string with a NUL character (\\0) as SQL text");
    }

    private static IllegalArgumentException unsupported(Object v) {
        return new IllegalArgumentException("cannot write a value of type " + v.getClass().getName()
                + " as SQL: use a String, Number, Boolean, java.time date or time, UUID or byte[]");
    }
}
