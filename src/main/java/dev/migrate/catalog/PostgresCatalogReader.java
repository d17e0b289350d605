package dev.migrate.catalog;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a PostgreSQL catalog (12 to 17) with one query per kind of object, every definition printed by the
 * server's own functions ({@code format_type}, {@code pg_get_expr}, {@code pg_get_constraintdef},
 * {@code pg_get_indexdef}, ...). It reads inside a read-only transaction whose search path is the schemas read, so
 * that names in the default schema come out unqualified, and leaves the session as it found it.
 */
public final class PostgresCatalogReader implements CatalogReader {

    private static final String NOT_EXTENSION = "NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '%s'::regclass "
            + "AND d.objid = %s AND d.deptype = 'e')";

    @Override
    public Catalog read(Connection c, List<String> schemas, List<String> exclude) throws SQLException {
        if (schemas.isEmpty()) throw new IllegalArgumentException("no schema to read");
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (Statement st = c.createStatement()) {
                st.execute("SET TRANSACTION READ ONLY");
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT set_config('search_path', ?, true)")) {
                ps.setString(1, String.join(", ", schemas.stream().map(Identifiers::quote).toList()));
                ps.executeQuery().close();
            }
            return new Session(c, schemas, exclude).read();
        } finally {
            c.rollback();
            c.setAutoCommit(autoCommit);
        }
    }

    /** One read: the connection and the parameters every query takes. */
    private static final class Session {
        private final Connection c;
        private final List<String> schemas;
        private final List<String> exclude;
        private final String defaultSchema;

        Session(Connection c, List<String> schemas, List<String> exclude) {
            this.c = c;
            this.schemas = schemas;
            this.exclude = exclude;
            this.defaultSchema = schemas.get(0);
        }

        Catalog read() throws SQLException {
            Map<Long, TableParts> tables = relations();
            columns(tables);
            constraints(tables);
            indexes(tables);
            List<View> views = new ArrayList<>();
            List<Table> out = new ArrayList<>();
            for (TableParts t : tables.values()) {
                if (t.kind == 'v' || t.kind == 'm') {
                    views.add(new View(t.name, t.kind == 'm', t.viewDefinition, t.dependsOn, t.comment));
                } else {
                    out.add(new Table(t.name, t.columns, t.constraints, t.indexes, t.partitionKey, t.partitionOf, t.partitionBound,
                            t.unlogged, t.comment, null));
                }
            }
            return new Catalog("postgresql", defaultSchema, schemaNames(), extensions(), enums(), sequences(tables), out, views,
                    routines(), triggers(tables));
        }

        private PreparedStatement prepare(String sql) throws SQLException {
            PreparedStatement ps = c.prepareStatement(sql);
            Array a = c.createArrayOf("text", schemas.toArray());
            int n = 0;
            for (int i = sql.indexOf("?"); i >= 0; i = sql.indexOf("?", i + 1)) n++;
            for (int i = 1; i <= n; i++) ps.setArray(i, a);
            return ps;
        }

        private Name name(String schema, String name) {
            return new Name(schema, name);
        }

        private List<String> schemaNames() throws SQLException {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = prepare("SELECT n.nspname FROM pg_namespace n WHERE n.nspname = ANY (?) AND "
                    + NOT_EXTENSION.formatted("pg_namespace", "n.oid") + " ORDER BY 1");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        }

        private List<Catalog.Extension> extensions() throws SQLException {
            List<Catalog.Extension> out = new ArrayList<>();
            try (PreparedStatement ps = prepare("SELECT e.extname, n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
                    + "WHERE e.extname <> 'plpgsql' AND n.nspname = ANY (?) ORDER BY 1");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new Catalog.Extension(rs.getString(1), rs.getString(2)));
            }
            return out;
        }

        private List<Catalog.EnumType> enums() throws SQLException {
            List<Catalog.EnumType> out = new ArrayList<>();
            try (PreparedStatement ps = prepare("SELECT n.nspname, t.typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder), "
                    + "obj_description(t.oid, 'pg_type') FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid "
                    + "JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = ANY (?) AND "
                    + NOT_EXTENSION.formatted("pg_type", "t.oid") + " GROUP BY n.nspname, t.typname, t.oid ORDER BY 1, 2");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Catalog.EnumType(name(rs.getString(1), rs.getString(2)), List.of((String[]) rs.getArray(3).getArray()),
                            rs.getString(4)));
                }
            }
            return out;
        }

        /** Tables, partitioned tables, views and materialized views (not the excluded tables, not extensions'). */
        private Map<Long, TableParts> relations() throws SQLException {
            Map<Long, TableParts> out = new LinkedHashMap<>();
            String sql = "SELECT c.oid, n.nspname, c.relname, c.relkind, c.relpersistence = 'u', "
                    + "CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END, "
                    + "CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END, "
                    + "(SELECT pn.nspname || '.' || p.relname FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent "
                    + "  JOIN pg_namespace pn ON pn.oid = p.relnamespace WHERE i.inhrelid = c.oid AND c.relispartition), "
                    + "(SELECT pn.nspname FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent "
                    + "  JOIN pg_namespace pn ON pn.oid = p.relnamespace WHERE i.inhrelid = c.oid AND c.relispartition), "
                    + "(SELECT p.relname FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent WHERE i.inhrelid = c.oid AND c.relispartition), "
                    + "CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END, obj_description(c.oid, 'pg_class'), "
                    + "CASE WHEN c.relkind IN ('v', 'm') THEN ARRAY(SELECT DISTINCT rn.nspname || '.' || rc.relname FROM pg_depend d "
                    + "  JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class rc ON rc.oid = d.refobjid JOIN pg_namespace rn ON rn.oid = rc.relnamespace "
                    + "  WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass AND r.ev_class = c.oid "
                    + "  AND d.refobjid <> c.oid AND rn.nspname = ANY (?)) END "
                    + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "WHERE c.relkind IN ('r', 'p', 'v', 'm') AND n.nspname = ANY (?) AND NOT (c.relname = ANY (?)) AND "
                    + NOT_EXTENSION.formatted("pg_class", "c.oid") + " ORDER BY 2, 3";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                Array s = c.createArrayOf("text", schemas.toArray());
                ps.setArray(1, s);
                ps.setArray(2, s);
                ps.setArray(3, c.createArrayOf("text", exclude.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        TableParts t = new TableParts();
                        t.name = name(rs.getString(2), rs.getString(3));
                        t.kind = rs.getString(4).charAt(0);
                        t.unlogged = rs.getBoolean(5);
                        t.partitionKey = rs.getString(6);
                        t.partitionBound = rs.getString(7);
                        t.partitionOf = rs.getString(8) == null ? null : name(rs.getString(9), rs.getString(10));
                        t.viewDefinition = rs.getString(11);
                        t.comment = rs.getString(12);
                        Array deps = rs.getArray(13);
                        if (deps != null) {
                            for (String d : (String[]) deps.getArray()) t.dependsOn.add(Name.parse(d, defaultSchema));
                        }
                        out.put(rs.getLong(1), t);
                    }
                }
            }
            return out;
        }

        private void columns(Map<Long, TableParts> tables) throws SQLException {
            String sql = "SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
                    + "CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, ad.adrelid) END, a.attidentity, "
                    + "CASE WHEN a.attgenerated <> '' THEN pg_get_expr(ad.adbin, ad.adrelid) END, "
                    + "CASE WHEN a.attcollation <> t.typcollation THEN co.collname END, col_description(a.attrelid, a.attnum), "
                    + "CASE WHEN a.attidentity <> '' THEN (SELECT ARRAY[s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, "
                    + "  CASE WHEN s.seqcycle THEN 1 ELSE 0 END, CASE format_type(s.seqtypid, NULL) WHEN 'smallint' THEN 2 WHEN 'integer' THEN 4 ELSE 8 END] "
                    + "  FROM pg_sequence s WHERE s.seqrelid = pg_get_serial_sequence(quote_ident(n.nspname) || '.' || quote_ident(c.relname), a.attname)::regclass) END "
                    + "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum "
                    + "LEFT JOIN pg_collation co ON co.oid = a.attcollation "
                    + "WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm') AND n.nspname = ANY (?) "
                    + "ORDER BY a.attrelid, a.attnum";
            try (PreparedStatement ps = prepare(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TableParts t = tables.get(rs.getLong(1));
                    if (t == null) continue;
                    String identity = switch (rs.getString(6)) {
                        case "a" -> "ALWAYS";
                        case "d" -> "BY DEFAULT";
                        default -> null;
                    };
                    String options = "";
                    Array seq = rs.getArray(10);
                    if (identity != null && seq != null) options = identityOptions((Long[]) seq.getArray());
                    String collation = rs.getString(8);
                    t.columns.add(new Column(rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getString(5), identity, options,
                            rs.getString(7), collation == null || collation.equals("default") ? null : collation, rs.getString(9)));
                }
            }
        }

        /** The identity sequence's options that differ from those {@code GENERATED ... AS IDENTITY} gives. */
        private static String identityOptions(Long[] s) {
            long start = s[0], increment = s[1], min = s[2], max = s[3], cache = s[4];
            boolean cycle = s[5] == 1;
            long typeMax = s[6] == 2 ? Short.MAX_VALUE : s[6] == 4 ? Integer.MAX_VALUE : Long.MAX_VALUE;
            long typeMin = s[6] == 2 ? Short.MIN_VALUE : s[6] == 4 ? Integer.MIN_VALUE : Long.MIN_VALUE;
            long defMin = increment > 0 ? 1 : typeMin;
            long defMax = increment > 0 ? typeMax : -1;
            List<String> o = new ArrayList<>();
            if (increment != 1) o.add("INCREMENT BY " + increment);
            if (min != defMin) o.add("MINVALUE " + min);
            if (max != defMax) o.add("MAXVALUE " + max);
            if (start != (increment > 0 ? min : max)) o.add("START WITH " + start);
            if (cache != 1) o.add("CACHE " + cache);
            if (cycle) o.add("CYCLE");
            return String.join(" ", o);
        }

        private void constraints(Map<Long, TableParts> tables) throws SQLException {
            String sql = "SELECT con.conrelid, con.conname, con.contype, pg_get_constraintdef(con.oid, true), con.convalidated, "
                    + "ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a "
                    + "  ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.i), "
                    + "fn.nspname, fc.relname, obj_description(con.oid, 'pg_constraint') "
                    + "FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "LEFT JOIN pg_class fc ON fc.oid = con.confrelid LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace "
                    + "WHERE con.contype IN ('p', 'u', 'f', 'c', 'x') AND n.nspname = ANY (?) AND con.conislocal "
                    + "AND con.conparentid = 0 ORDER BY 1, 2";
            try (PreparedStatement ps = prepare(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TableParts t = tables.get(rs.getLong(1));
                    if (t == null) continue;
                    Constraint.Kind kind = switch (rs.getString(3)) {
                        case "p" -> Constraint.Kind.PRIMARY_KEY;
                        case "u" -> Constraint.Kind.UNIQUE;
                        case "f" -> Constraint.Kind.FOREIGN_KEY;
                        case "c" -> Constraint.Kind.CHECK;
                        default -> Constraint.Kind.EXCLUDE;
                    };
                    String def = rs.getString(4);
                    if (def.endsWith(" NOT VALID")) def = def.substring(0, def.length() - " NOT VALID".length());
                    Name refs = rs.getString(8) == null ? null : name(rs.getString(7), rs.getString(8));
                    t.constraints.add(new Constraint(rs.getString(2), kind, def, List.of((String[]) rs.getArray(6).getArray()), refs,
                            rs.getBoolean(5), rs.getString(9)));
                }
            }
        }

        private void indexes(Map<Long, TableParts> tables) throws SQLException {
            String sql = "SELECT i.indrelid, ic.relname, pg_get_indexdef(i.indexrelid), i.indisunique, obj_description(ic.oid, 'pg_class') "
                    + "FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace n ON n.oid = ic.relnamespace "
                    + "WHERE n.nspname = ANY (?) "
                    + "AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x')) "
                    + "AND NOT EXISTS (SELECT 1 FROM pg_inherits inh WHERE inh.inhrelid = i.indexrelid) ORDER BY 1, 2";
            try (PreparedStatement ps = prepare(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TableParts t = tables.get(rs.getLong(1));
                    if (t == null) continue;
                    String def = rs.getString(3);
                    if (t.name.schema().equals(defaultSchema)) {
                        // pg_get_indexdef qualifies the table whatever the search path: the default schema's need not be.
                        String qualified = " ON " + Identifiers.quote(defaultSchema) + ".";
                        int at = def.indexOf(qualified);
                        int only = def.indexOf(" ON ONLY " + Identifiers.quote(defaultSchema) + ".");
                        if (only >= 0 && (at < 0 || only < at)) {
                            def = def.substring(0, only) + " ON ONLY " + def.substring(only + qualified.length() + 5);
                        } else if (at >= 0) {
                            def = def.substring(0, at) + " ON " + def.substring(at + qualified.length());
                        }
                    }
                    t.indexes.add(new Index(rs.getString(2), def, rs.getBoolean(4), rs.getString(5)));
                }
            }
        }

        private List<Catalog.Sequence> sequences(Map<Long, TableParts> tables) throws SQLException {
            Map<String, TableParts> byName = new HashMap<>();
            for (TableParts t : tables.values()) byName.put(t.name.toString(), t);
            List<Catalog.Sequence> out = new ArrayList<>();
            String sql = "SELECT n.nspname, c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax, "
                    + "s.seqcache, s.seqcycle, tn.nspname, tc.relname, a.attname, d.deptype "
                    + "FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.seqrelid "
                    + "  AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') "
                    + "LEFT JOIN pg_class tc ON tc.oid = d.refobjid LEFT JOIN pg_namespace tn ON tn.oid = tc.relnamespace "
                    + "LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid "
                    + "WHERE n.nspname = ANY (?) AND " + NOT_EXTENSION.formatted("pg_class", "c.oid") + " ORDER BY 1, 2";
            try (PreparedStatement ps = prepare(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if ("i".equals(rs.getString(13))) continue; // an identity column's own sequence
                    Name owner = rs.getString(11) == null ? null : name(rs.getString(10), rs.getString(11));
                    if (owner != null && !byName.containsKey(owner.toString())) {
                        if (exclude.contains(owner.name())) continue; // belongs to an excluded table
                    }
                    out.add(new Catalog.Sequence(name(rs.getString(1), rs.getString(2)), rs.getString(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getBoolean(9), owner, rs.getString(12)));
                }
            }
            return out;
        }

        private List<Routine> routines() throws SQLException {
            List<Routine> out = new ArrayList<>();
            String sql = "SELECT n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), p.prokind = 'p', pg_get_functiondef(p.oid) "
                    + "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                    + "WHERE n.nspname = ANY (?) AND p.prokind IN ('f', 'p') AND " + NOT_EXTENSION.formatted("pg_proc", "p.oid")
                    + " ORDER BY 1, 2, 3";
            try (PreparedStatement ps = prepare(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Routine(name(rs.getString(1), rs.getString(2)), rs.getString(3), rs.getBoolean(4), rs.getString(5)));
                }
            }
            return out;
        }

        private List<Trigger> triggers(Map<Long, TableParts> tables) throws SQLException {
            List<Trigger> out = new ArrayList<>();
            String sql = "SELECT tg.tgrelid, tg.tgname, pg_get_triggerdef(tg.oid, true) FROM pg_trigger tg "
                    + "JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "WHERE NOT tg.tgisinternal AND tg.tgparentid = 0 AND n.nspname = ANY (?) ORDER BY 1, 2";
            String legacy = sql.replace(" AND tg.tgparentid = 0", "");
            try (PreparedStatement ps = prepare(serverVersion() >= 130000 ? sql : legacy); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TableParts t = tables.get(rs.getLong(1));
                    if (t == null) continue;
                    out.add(new Trigger(t.name, rs.getString(2), rs.getString(3)));
                }
            }
            return out;
        }

        private int serverVersion() throws SQLException {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW server_version_num")) {
                rs.next();
                return Integer.parseInt(rs.getString(1));
            }
        }
    }

    /** A relation being read. */
    private static final class TableParts {
        Name name;
        char kind;
        boolean unlogged;
        String partitionKey;
        String partitionBound;
        Name partitionOf;
        String viewDefinition;
        String comment;
        final List<Name> dependsOn = new ArrayList<>();
        final List<Column> columns = new ArrayList<>();
        final List<Constraint> constraints = new ArrayList<>();
        final List<Index> indexes = new ArrayList<>();
    }
}
