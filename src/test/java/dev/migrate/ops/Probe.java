package dev.migrate.ops;

import dev.migrate.support.TestDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a test database's own catalog says about a table: {@code pg_catalog} on PostgreSQL, {@code pragma} and
 * {@code sqlite_master} on SQLite. Independent of the code under test.
 */
abstract class Probe {

    /** A column: type as the catalog spells it (lower case), and its default expression as stored (null: none). */
    record Col(String name, String type, boolean notNull, String defaultSql) { }

    /** An index made by CREATE INDEX (not one backing a constraint). */
    record Idx(String name, boolean unique, List<String> columns, boolean partial) { }

    record Fk(List<String> columns, String referent, List<String> referentColumns, String onDelete, String onUpdate) { }

    final TestDatabase db;

    Probe(TestDatabase db) {
        this.db = db;
    }

    static Probe of(TestDatabase db) {
        return db.kind().equals("postgresql") ? new Postgres(db) : new Sqlite(db);
    }

    abstract List<Col> columns(String table) throws SQLException;

    abstract List<String> primaryKey(String table) throws SQLException;

    abstract List<Idx> indexes(String table) throws SQLException;

    /** Column lists of the unique constraints (including column-level UNIQUE), sorted. */
    abstract List<List<String>> uniqueConstraints(String table) throws SQLException;

    abstract List<Fk> foreignKeys(String table) throws SQLException;

    /** Names of the named constraints of the table (primary key, unique, check, foreign key), sorted. */
    abstract List<String> constraintNames(String table) throws SQLException;

    /** The type the catalog reports for a declared type. */
    abstract String typeOf(String declared);

    List<String> tables() throws SQLException {
        return db.tables();
    }

    Col column(String table, String name) throws SQLException {
        return columns(table).stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no column " + name + " in " + table));
    }

    List<String> columnNames(String table) throws SQLException {
        return columns(table).stream().map(Col::name).toList();
    }

    List<String> indexNames(String table) throws SQLException {
        return indexes(table).stream().map(Idx::name).sorted().toList();
    }

    List<String> rows(String sql) throws SQLException {
        return db.query(sql);
    }

    List<List<Object>> query(String sql, Object... params) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            try (ResultSet rs = ps.executeQuery()) {
                List<List<Object>> out = new ArrayList<>();
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Object[] row = new Object[n];
                    for (int i = 0; i < n; i++) row[i] = rs.getObject(i + 1);
                    out.add(Arrays.asList(row));
                }
                return out;
            }
        }
    }

    static final class Postgres extends Probe {
        Postgres(TestDatabase db) { super(db); }

        @Override
        List<Col> columns(String table) throws SQLException {
            List<Col> out = new ArrayList<>();
            for (List<Object> r : query("SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
                    + "pg_get_expr(d.adbin, d.adrelid), a.attidentity FROM pg_attribute a "
                    + "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                    + "WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
                    quoted(table))) {
                String def = (String) r.get(3);
                if (!"".equals(r.get(4).toString().trim())) def = "identity:" + r.get(4);
                out.add(new Col((String) r.get(0), (String) r.get(1), (Boolean) r.get(2), def));
            }
            return out;
        }

        @Override
        List<String> primaryKey(String table) throws SQLException {
            List<String> out = new ArrayList<>();
            for (List<Object> r : query("SELECT a.attname FROM pg_constraint c, unnest(c.conkey) WITH ORDINALITY k(attnum, n), "
                    + "pg_attribute a WHERE c.conrelid = to_regclass(?) AND c.contype = 'p' AND a.attrelid = c.conrelid "
                    + "AND a.attnum = k.attnum ORDER BY k.n", quoted(table))) {
                out.add((String) r.get(0));
            }
            return out;
        }

        @Override
        List<Idx> indexes(String table) throws SQLException {
            List<Idx> out = new ArrayList<>();
            for (List<Object> r : query("SELECT c.relname, i.indisunique, i.indpred IS NOT NULL, "
                    + "(SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(i.indkey) WITH ORDINALITY k(attnum, n) "
                    + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum) "
                    + "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = to_regclass(?) "
                    + "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) ORDER BY c.relname",
                    quoted(table))) {
                out.add(new Idx((String) r.get(0), (Boolean) r.get(1), List.of(((String) r.get(3)).split(",")), (Boolean) r.get(2)));
            }
            return out;
        }

        @Override
        List<List<String>> uniqueConstraints(String table) throws SQLException {
            List<List<String>> out = new ArrayList<>();
            for (List<Object> r : query("SELECT (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(c.conkey) "
                    + "WITH ORDINALITY k(attnum, n) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) "
                    + "FROM pg_constraint c WHERE c.conrelid = to_regclass(?) AND c.contype = 'u'", quoted(table))) {
                out.add(List.of(((String) r.get(0)).split(",")));
            }
            out.sort(Comparator.comparing(Object::toString));
            return out;
        }

        @Override
        List<Fk> foreignKeys(String table) throws SQLException {
            List<Fk> out = new ArrayList<>();
            for (List<Object> r : query("SELECT "
                    + "(SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n) "
                    + " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum), "
                    + "c.confrelid::regclass::text, "
                    + "(SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(c.confkey) WITH ORDINALITY k(attnum, n) "
                    + " JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum), "
                    + "c.confdeltype, c.confupdtype FROM pg_constraint c WHERE c.conrelid = to_regclass(?) AND c.contype = 'f' "
                    + "ORDER BY c.conname", quoted(table))) {
                out.add(new Fk(List.of(((String) r.get(0)).split(",")), (String) r.get(1),
                        List.of(((String) r.get(2)).split(",")), action(r.get(3)), action(r.get(4))));
            }
            return out;
        }

        private static String action(Object code) {
            return switch (code.toString()) {
                case "a" -> "NO ACTION";
                case "r" -> "RESTRICT";
                case "c" -> "CASCADE";
                case "n" -> "SET NULL";
                case "d" -> "SET DEFAULT";
                default -> throw new AssertionError(code);
            };
        }

        @Override
        List<String> constraintNames(String table) throws SQLException {
            List<String> out = new ArrayList<>();
            for (List<Object> r : query("SELECT conname FROM pg_constraint WHERE conrelid = to_regclass(?) "
                    + "AND contype IN ('p', 'u', 'c', 'f') ORDER BY conname", quoted(table))) {
                out.add((String) r.get(0));
            }
            return out;
        }

        @Override
        String typeOf(String declared) {
            String d = declared.toLowerCase(Locale.ROOT);
            if (d.startsWith("varchar")) return "character varying" + d.substring("varchar".length());
            if (d.equals("timestamp")) return "timestamp without time zone";
            if (d.equals("timestamptz")) return "timestamp with time zone";
            if (d.equals("int") || d.equals("int4")) return "integer";
            return d;
        }

        private static String quoted(String table) {
            return '"' + table.replace("\"", "\"\"") + '"';
        }
    }

    static final class Sqlite extends Probe {
        private static final Pattern NAMED = Pattern.compile("(?i)\\bCONSTRAINT\\s+(\"[^\"]+\"|\\w+)");

        Sqlite(TestDatabase db) { super(db); }

        @Override
        List<Col> columns(String table) throws SQLException {
            List<Col> out = new ArrayList<>();
            for (List<Object> r : query("SELECT name, type, \"notnull\", dflt_value FROM pragma_table_info(?) ORDER BY cid", table)) {
                out.add(new Col((String) r.get(0), ((String) r.get(1)).toLowerCase(Locale.ROOT),
                        ((Number) r.get(2)).intValue() != 0, (String) r.get(3)));
            }
            return out;
        }

        @Override
        List<String> primaryKey(String table) throws SQLException {
            List<String> out = new ArrayList<>();
            for (List<Object> r : query("SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", table)) {
                out.add((String) r.get(0));
            }
            return out;
        }

        @Override
        List<Idx> indexes(String table) throws SQLException {
            List<Idx> out = new ArrayList<>();
            for (List<Object> r : query("SELECT name, \"unique\", partial FROM pragma_index_list(?) WHERE origin = 'c' "
                    + "ORDER BY name", table)) {
                String name = (String) r.get(0);
                out.add(new Idx(name, ((Number) r.get(1)).intValue() != 0, indexColumns(name), ((Number) r.get(2)).intValue() != 0));
            }
            return out;
        }

        private List<String> indexColumns(String index) throws SQLException {
            List<String> cols = new ArrayList<>();
            for (List<Object> r : query("SELECT name FROM pragma_index_info(?) ORDER BY seqno", index)) cols.add((String) r.get(0));
            return cols;
        }

        @Override
        List<List<String>> uniqueConstraints(String table) throws SQLException {
            List<List<String>> out = new ArrayList<>();
            for (List<Object> r : query("SELECT name FROM pragma_index_list(?) WHERE origin = 'u'", table)) {
                out.add(indexColumns((String) r.get(0)));
            }
            out.sort(Comparator.comparing(Object::toString));
            return out;
        }

        @Override
        List<Fk> foreignKeys(String table) throws SQLException {
            List<Fk> out = new ArrayList<>();
            List<List<Object>> rows = query("SELECT id, \"from\", \"table\", \"to\", on_delete, on_update "
                    + "FROM pragma_foreign_key_list(?) ORDER BY id DESC, seq", table);
            int current = -1;
            List<String> from = null, to = null;
            for (List<Object> r : rows) {
                int id = ((Number) r.get(0)).intValue();
                if (id != current) {
                    current = id;
                    from = new ArrayList<>();
                    to = new ArrayList<>();
                    out.add(new Fk(from, (String) r.get(2), to, (String) r.get(4), (String) r.get(5)));
                }
                from.add((String) r.get(1));
                to.add((String) r.get(3));
            }
            return out;
        }

        @Override
        List<String> constraintNames(String table) throws SQLException {
            List<String> out = new ArrayList<>();
            Matcher m = NAMED.matcher(createSql(table));
            while (m.find()) out.add(m.group(1).replace("\"", ""));
            out.sort(null);
            return out;
        }

        String createSql(String table) throws SQLException {
            List<List<Object>> r = query("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", table);
            if (r.isEmpty()) throw new AssertionError("no table " + table);
            return (String) r.get(0).get(0);
        }

        @Override
        String typeOf(String declared) {
            return declared.toLowerCase(Locale.ROOT);
        }
    }
}
