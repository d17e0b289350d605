package dev.migrate.junit;

import dev.migrate.Migrate;
import dev.migrate.catalog.Catalog;
import dev.migrate.diff.Change;
import dev.migrate.diff.Differ;
import dev.migrate.graph.Revision;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Tests of revisions as they run on a real database, above all of data migrations: go to the revision before one,
 * insert the rows it must carry over, upgrade through it, assert what became of them, downgrade.
 *
 * <pre>{@code
 * MigrationTester t = MigrationTester.of(migrate);
 * t.upgradeTo("3c4d")
 *  .insert("users", Map.of("id", 1, "full_name", "Ada Lovelace"))
 *  .upgradeTo("4d5e");
 * t.assertRows("SELECT first_name, last_name FROM users", List.of(Map.of("first_name", "Ada", "last_name", "Lovelace")));
 * t.downgradeTo("3c4d");
 * }</pre>
 *
 * And two checks every project can run as they are: {@link #assertSingleHead()} and
 * {@link #assertUpDownConsistency()} (each revision's downgrade brings the schema back to what it was).
 */
public final class MigrationTester {

    private final Migrate migrate;

    private MigrationTester(Migrate migrate) {
        this.migrate = migrate;
    }

    public static MigrationTester of(Migrate migrate) {
        return new MigrationTester(Objects.requireNonNull(migrate));
    }

    public Migrate migrate() {
        return migrate;
    }

    /** {@code upgrade target}: a revision, {@code head}, {@code heads}, or relative ({@code +1}). */
    public MigrationTester upgradeTo(String target) {
        migrate.upgrade(target);
        return this;
    }

    /** {@code downgrade target}: a revision, {@code base}, or relative ({@code -1}). */
    public MigrationTester downgradeTo(String target) {
        migrate.downgrade(target);
        return this;
    }

    /** The heads recorded in the database. */
    public List<String> current() {
        return migrate.current();
    }

    /** Inserts one row; the keys are column names, as written in SQL. */
    public MigrationTester insert(String table, Map<String, ?> row) {
        List<String> columns = new ArrayList<>(row.keySet());
        String sql = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
        return execute(sql, columns.stream().map(row::get).toArray());
    }

    /** Runs a statement with {@code ?} parameters, in auto-commit. */
    public MigrationTester execute(String sql, Object... parameters) {
        migrate.withConnection(c -> {
            try (PreparedStatement ps = prepare(c, sql, parameters)) {
                ps.execute();
            }
            return null;
        });
        return this;
    }

    /** The rows of a query, each a map from lower-case column label to value, in the query's order. */
    public List<Map<String, Object>> rows(String sql, Object... parameters) {
        return migrate.withConnection(c -> {
            try (PreparedStatement ps = prepare(c, sql, parameters); ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                List<Map<String, Object>> out = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) row.put(md.getColumnLabel(i).toLowerCase(Locale.ROOT), rs.getObject(i));
                    out.add(row);
                }
                return out;
            }
        });
    }

    /**
     * Asserts that the query returns exactly these rows, in this order. Numbers compare by value ({@code 1} equals
     * a {@code bigint} 1), everything else by {@code equals}.
     */
    public void assertRows(String sql, List<? extends Map<String, ?>> expected) {
        List<Map<String, Object>> actual = rows(sql);
        boolean same = actual.size() == expected.size();
        for (int i = 0; same && i < actual.size(); i++) same = sameRow(expected.get(i), actual.get(i));
        if (!same) throw new AssertionError("`" + sql + "` returned\n  " + actual + "\nexpected\n  " + expected);
    }

    private static boolean sameRow(Map<String, ?> expected, Map<String, Object> actual) {
        if (expected.size() != actual.size()) return false;
        for (Map.Entry<String, ?> e : expected.entrySet()) {
            String key = e.getKey().toLowerCase(Locale.ROOT);
            if (!actual.containsKey(key) || !sameValue(e.getValue(), actual.get(key))) return false;
        }
        return true;
    }

    private static boolean sameValue(Object expected, Object actual) {
        if (expected instanceof Number a && actual instanceof Number b) {
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
        }
        return Objects.equals(expected, actual);
    }

    /** Asserts that the scripts have one head: two branches that nobody merged fail here, before a deploy does. */
    public void assertSingleHead() {
        List<String> heads = migrate.heads();
        if (heads.size() != 1) {
            throw new AssertionError("the revisions have " + heads.size() + " heads " + heads
                    + "; merge them with `migrate merge heads -m \"merge\"`");
        }
    }

    /**
     * From an empty database, for each revision in order: upgrade to it, downgrade to its parent, and assert that the
     * schema is exactly what it was before the upgrade; then upgrade again and go on. Merge points and revisions
     * without a downgrade are upgraded only. Leaves the database at the heads.
     */
    public void assertUpDownConsistency() {
        migrate.downgrade("base");
        List<Revision> order = new ArrayList<>(migrate.history());
        java.util.Collections.reverse(order);
        for (Revision r : order) {
            Catalog before = migrate.schema();
            migrate.upgrade(r.id());
            if (r.downRevisions().size() > 1 || !migrate.script(r.id()).map(s -> s.hasDowngrade()).orElse(false)) continue;
            migrate.downgrade(r.downRevisions().isEmpty() ? "base" : r.downRevisions().get(0));
            List<Change> left = Differ.diff(migrate.schema(), before);
            if (!left.isEmpty()) {
                throw new AssertionError("the downgrade of " + r.id() + " does not bring the schema back: "
                        + left.stream().map(Change::describe).collect(Collectors.joining("; ")));
            }
            migrate.upgrade(r.id());
        }
        migrate.upgrade("heads");
    }

    private static PreparedStatement prepare(Connection c, String sql, Object[] parameters) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) ps.setObject(i + 1, parameters[i]);
        return ps;
    }
}
