package dev.migrate.ops;

import dev.migrate.api.Column;
import dev.migrate.api.ColumnChange;
import dev.migrate.api.Constraint;
import dev.migrate.api.IndexOptions;
import dev.migrate.api.OfflineModeException;
import dev.migrate.api.OperationFailedException;
import dev.migrate.api.Operations;
import dev.migrate.api.ReferentialAction;
import dev.migrate.api.TableElement;
import dev.migrate.script.ScriptException;
import dev.migrate.script.SqlSplitter;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link Operations} over a {@link SqlRenderer}: validates the arguments, renders the statements, and then either
 * runs them on the revision's connection ({@link #online}) or collects them for a printed script
 * ({@link #offline}). Either way {@link #statements()} lists what was rendered.
 */
public final class SqlOperations implements Operations {

    /** PostgreSQL cuts longer names silently; refusing them keeps both databases alike. */
    static final int MAX_NAME_BYTES = 63;
    private static final int BATCH_ROWS = 500;

    private final SqlRenderer renderer;
    private final Connection connection; // null offline
    private final String revisionId;
    private final List<String> statements = new ArrayList<>();

    private SqlOperations(SqlRenderer renderer, Connection connection, String revisionId) {
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.connection = connection;
        this.revisionId = revisionId;
    }

    /**
     * Operations that run each statement at once on {@code connection}, in whatever transaction it has open; they
     * never commit, roll back or close it.
     */
    public static SqlOperations online(SqlRenderer renderer, Connection connection) {
        return new SqlOperations(renderer, Objects.requireNonNull(connection, "connection"), null);
    }

    /** Operations that only collect statements; {@code revisionId} names the revision in refusals. */
    public static SqlOperations offline(SqlRenderer renderer, String revisionId) {
        return new SqlOperations(renderer, null, Objects.requireNonNull(revisionId, "revisionId"));
    }

    /**
     * The statements rendered so far, without terminating {@code ;}: offline the script, online what ran. Online, a
     * {@link #bulkInsert} contributes its parameterised INSERT once per batch of rows with the same columns.
     */
    public List<String> statements() {
        return List.copyOf(statements);
    }

    @Override
    public String dialect() {
        return renderer.dialect();
    }

    @Override
    public boolean offline() {
        return connection == null;
    }

    @Override
    public Connection connection() {
        if (connection == null) throw OfflineModeException.connection(revisionId);
        return connection;
    }

    // ---- tables

    @Override
    public void createTable(String table, TableElement... elements) {
        String op = "createTable " + table;
        name(op, "table name", table);
        if (elements == null) throw invalid(op, "elements must not be null");
        List<Column> columns = new ArrayList<>();
        List<Constraint> constraints = new ArrayList<>();
        for (TableElement e : elements) {
            if (e instanceof Column c) columns.add(c);
            else if (e instanceof Constraint c) constraints.add(c);
            else throw invalid(op, "an element is null");
        }
        if (columns.isEmpty()) throw invalid(op, "a table needs at least one column");
        Set<String> names = new HashSet<>();
        int keys = 0;
        for (Column c : columns) {
            column(op, c);
            if (!names.add(c.name())) throw invalid(op, "column " + c.name() + " is given twice");
            if (c.isPrimaryKey()) keys++;
        }
        if (keys > 1) throw invalid(op, keys + " columns are primaryKey(); a key of several columns is Constraint.primaryKey(...)");
        for (Constraint c : constraints) {
            constraint(op, c, names);
            if (c instanceof Constraint.PrimaryKey && keys++ > 0) throw invalid(op, "the primary key is given twice");
        }
        run(op, renderer.createTable(table, columns, constraints));
    }

    @Override
    public void dropTable(String table) {
        String op = "dropTable " + table;
        name(op, "table name", table);
        run(op, renderer.dropTable(table));
    }

    @Override
    public void renameTable(String from, String to) {
        String op = "renameTable " + from;
        name(op, "table name", from);
        name(op, "new table name", to);
        run(op, renderer.renameTable(from, to));
    }

    // ---- columns

    @Override
    public void addColumn(String table, Column column) {
        String op = "addColumn " + table + "." + (column == null ? null : column.name());
        name(op, "table name", table);
        if (column == null) throw invalid(op, "column must not be null");
        column(op, column);
        run(op, renderer.addColumn(table, column, catalog(op)));
    }

    @Override
    public void dropColumn(String table, String column) {
        String op = "dropColumn " + table + "." + column;
        name(op, "table name", table);
        name(op, "column name", column);
        run(op, renderer.dropColumn(table, column, catalog(op)));
    }

    @Override
    public void alterColumn(String table, String column, ColumnChange change) {
        String op = "alterColumn " + table + "." + column;
        name(op, "table name", table);
        name(op, "column name", column);
        if (change == null || change.isEmpty()) throw invalid(op, "the change is empty: say what changes, e.g. ColumnChange.to().notNull()");
        change.newType().ifPresent(t -> sql(op, "type", t));
        change.using().ifPresent(u -> sql(op, "using expression", u));
        change.newName().ifPresent(n -> name(op, "new column name", n));
        run(op, renderer.alterColumn(table, column, change, catalog(op)));
    }

    // ---- indexes

    @Override
    public void createIndex(String name, String table, List<String> columns) {
        createIndex(name, table, columns, IndexOptions.defaults());
    }

    @Override
    public void createIndex(String name, String table, List<String> columns, IndexOptions options) {
        String op = "createIndex " + name;
        name(op, "index name", name);
        name(op, "table name", table);
        names(op, "index column", columns);
        if (options == null) throw invalid(op, "options must not be null: use IndexOptions.defaults()");
        options.condition().ifPresent(w -> sql(op, "where condition", w));
        run(op, renderer.createIndex(name, table, columns, options));
    }

    @Override
    public void dropIndex(String name) {
        dropIndex(name, false);
    }

    @Override
    public void dropIndex(String name, boolean concurrently) {
        String op = "dropIndex " + name;
        name(op, "index name", name);
        run(op, renderer.dropIndex(name, concurrently));
    }

    // ---- constraints

    @Override
    public void createForeignKey(String name, String sourceTable, List<String> localColumns, String referentTable,
                                 List<String> remoteColumns) {
        createForeignKey(name, sourceTable, localColumns, referentTable, remoteColumns, ReferentialAction.NO_ACTION,
                ReferentialAction.NO_ACTION);
    }

    @Override
    public void createForeignKey(String name, String sourceTable, List<String> localColumns, String referentTable,
                                 List<String> remoteColumns, ReferentialAction onDelete, ReferentialAction onUpdate) {
        String op = "createForeignKey " + name;
        name(op, "table name", sourceTable);
        names(op, "constraint column", localColumns);
        names(op, "referent column", remoteColumns);
        if (onDelete == null || onUpdate == null) throw invalid(op, "the actions must not be null: use ReferentialAction.NO_ACTION");
        addConstraint(op, sourceTable, Constraint.foreignKey(name, localColumns, referentTable, remoteColumns)
                .onDelete(onDelete).onUpdate(onUpdate));
    }

    @Override
    public void createUniqueConstraint(String name, String table, List<String> columns) {
        String op = "createUniqueConstraint " + name;
        name(op, "table name", table);
        names(op, "constraint column", columns);
        addConstraint(op, table, new Constraint.Unique(name, columns));
    }

    @Override
    public void createCheckConstraint(String name, String table, String condition) {
        String op = "createCheckConstraint " + name;
        name(op, "table name", table);
        sql(op, "condition", condition);
        addConstraint(op, table, Constraint.check(name, condition));
    }

    private void addConstraint(String op, String table, Constraint constraint) {
        constraint(op, constraint, null);
        run(op, renderer.addConstraint(table, constraint, catalog(op)));
    }

    @Override
    public void dropConstraint(String name, String table) {
        String op = "dropConstraint " + name;
        name(op, "constraint name", name);
        name(op, "table name", table);
        run(op, renderer.dropConstraint(name, table, catalog(op)));
    }

    // ---- SQL and data

    @Override
    public void execute(String sql) {
        String op = "execute";
        sql(op, "SQL", sql);
        List<SqlSplitter.Statement> split;
        try {
            split = SqlSplitter.split(sql, 1, renderer.flavor());
        } catch (ScriptException e) {
            throw invalid(op, e.getMessage());
        }
        if (split.isEmpty()) throw invalid(op, "the SQL holds only comments");
        if (split.size() > 1) {
            throw invalid(op, "the SQL holds " + split.size() + " statements; call execute once per statement (the second starts: "
                    + split.get(1).abbreviated(60) + ")");
        }
        run(op, List.of(split.get(0).sql()));
    }

    @Override
    public void bulkInsert(String table, List<Map<String, Object>> rows) {
        String op = "bulkInsert " + table;
        name(op, "table name", table);
        if (rows == null) throw invalid(op, "rows must not be null");
        List<List<String>> columnsOf = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            if (row == null) throw invalid(op, "a row is null");
            List<String> columns = List.copyOf(new TreeSet<>(row.keySet().stream().map(k -> {
                name(op, "column name", k);
                return k;
            }).toList()));
            columnsOf.add(columns);
        }
        if (connection == null) {
            List<String> inserts = new ArrayList<>();
            for (int r = 0; r < rows.size(); r++) inserts.add(renderer.insertLiteral(table, columnsOf.get(r), rows.get(r)));
            statements.addAll(inserts);
            return;
        }
        List<Object[]> values = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            Object[] v = new Object[columnsOf.get(r).size()];
            for (int k = 0; k < v.length; k++) v[k] = renderer.bindable(rows.get(r).get(columnsOf.get(r).get(k)));
            values.add(v);
        }
        int start = 0;
        while (start < rows.size()) {
            int end = start;
            while (end < rows.size() && end - start < BATCH_ROWS && columnsOf.get(end).equals(columnsOf.get(start))) end++;
            insertBatch(op, renderer.insert(table, columnsOf.get(start)), values.subList(start, end));
            start = end;
        }
    }

    private void insertBatch(String op, String sql, List<Object[]> rows) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (Object[] row : rows) {
                for (int k = 0; k < row.length; k++) ps.setObject(k + 1, row[k]);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new OperationFailedException(op, sql, e.getNextException() != null ? e.getNextException() : e);
        }
        statements.add(sql);
    }

    // ---- running

    private Catalog catalog(String op) {
        return new Catalog(op, connection, revisionId);
    }

    private void run(String op, List<String> sqls) {
        if (connection == null) {
            statements.addAll(sqls);
            return;
        }
        try (Statement st = connection.createStatement()) {
            for (String sql : sqls) {
                try {
                    st.execute(sql);
                } catch (SQLException e) {
                    throw new OperationFailedException(op, sql, e);
                }
                statements.add(sql);
            }
        } catch (SQLException e) {
            throw new OperationFailedException(op, sqls.isEmpty() ? "" : sqls.get(0), e);
        }
    }

    // ---- validation: one-line messages that start with the operation

    private static void column(String op, Column c) {
        if (c == null) throw invalid(op, "a column is null");
        name(op, "column name", c.name());
        sql(op, "type of column " + c.name(), c.type());
        if (c.isIdentity() && c.columnDefault().isPresent()) {
            throw invalid(op, "identity column " + c.name() + " cannot also have a default");
        }
    }

    /** Checks a constraint; {@code tableColumns}, when known, are the columns its own column lists must name. */
    private static void constraint(String op, Constraint c, Set<String> tableColumns) {
        if (!(c instanceof Constraint.PrimaryKey)) name(op, "constraint name", c.name());
        else if (c.name() != null) name(op, "constraint name", c.name());
        List<String> own = c instanceof Constraint.PrimaryKey pk ? pk.columns()
                : c instanceof Constraint.Unique u ? u.columns()
                : c instanceof Constraint.ForeignKey fk ? fk.columns() : null;
        if (own != null) {
            names(op, "constraint column", own);
            if (tableColumns != null) {
                for (String col : own) {
                    if (!tableColumns.contains(col)) throw invalid(op, "constraint column " + col + " is not a column of the table");
                }
            }
        }
        if (c instanceof Constraint.Check ck) sql(op, "check condition", ck.condition());
        if (c instanceof Constraint.ForeignKey fk) {
            name(op, "referent table name", fk.referentTable());
            names(op, "referent column", fk.referentColumns());
            if (fk.columns().size() != fk.referentColumns().size()) {
                throw invalid(op, "the foreign key has " + fk.columns().size() + " columns but refers to "
                        + fk.referentColumns().size());
            }
        }
    }

    private static void names(String op, String kind, Collection<String> names) {
        if (names == null || names.isEmpty()) throw invalid(op, "the " + kind + " list is empty");
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            name(op, kind + " name", n);
            if (!seen.add(n)) throw invalid(op, kind + " " + n + " is given twice");
        }
    }

    /** A name as {@link Operations} defines it. */
    static void name(String op, String kind, String name) {
        if (name == null || name.isBlank()) throw invalid(op, kind + " must not be blank");
        if (!name.equals(name.strip())) throw invalid(op, kind + " '" + name + "' has leading or trailing spaces");
        for (int k = 0; k < name.length(); k++) {
            if (Character.isISOControl(name.charAt(k))) throw invalid(op, kind + " '" + name.replaceAll("\\p{Cntrl}", "?") + "' contains a control character");
        }
        if (name.indexOf('.') >= 0) {
            throw invalid(op, kind + " '" + name + "' contains a dot: schema-qualified names are not supported, "
                    + "tables are found in the connection's current schema");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_NAME_BYTES) {
            throw invalid(op, kind + " '" + name + "' is " + bytes + " bytes long; names may have at most " + MAX_NAME_BYTES);
        }
    }

    private static void sql(String op, String kind, String text) {
        if (text == null || text.isBlank()) throw invalid(op, kind + " must not be blank");
    }

    private static IllegalArgumentException invalid(String op, String message) {
        return new IllegalArgumentException(op + ": " + message);
    }
}
