package dev.migrate.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an SQLite schema: columns, keys, unique constraints and foreign keys from the pragmas (so that
 * {@code INTEGER PRIMARY KEY} and a table-level {@code PRIMARY KEY (id)} read the same), check constraints, generated
 * columns and collations from the stored {@code CREATE TABLE} text (SQLite keeps no other record of them), indexes,
 * views and triggers as their stored statements. Types are compared as declared, in upper case with spaces
 * normalised ({@code varchar(40)} and {@code VARCHAR( 40 )} are the same); SQLite itself gives them no more meaning.
 * The stored text is kept in {@link Table#createSql()}: a table SQLite cannot alter is rebuilt from it.
 */
public final class SqliteCatalogReader implements CatalogReader {

    private static final Pattern CONSTRAINT_START = Pattern.compile("(?is)^(CONSTRAINT\\s|PRIMARY\\s+KEY|UNIQUE\\s*\\(|UNIQUE\\s|CHECK\\s*\\(|FOREIGN\\s+KEY)");
    private static final Pattern GENERATED = Pattern.compile("(?is)(?:GENERATED\\s+ALWAYS\\s+)?\\bAS\\s*\\(");
    private static final Pattern COLLATE = Pattern.compile("(?is)\\bCOLLATE\\s+(\"[^\"]+\"|\\w+)");
    private static final Pattern CHECK = Pattern.compile("(?is)(?:CONSTRAINT\\s+(\"(?:[^\"]|\"\")*\"|\\S+)\\s+)?CHECK\\s*\\(");

    @Override
    public Catalog read(Connection c, List<String> schemas, List<String> exclude) throws SQLException {
        Map<String, String> tableSql = new LinkedHashMap<>();
        List<Index> indexes = new ArrayList<>();
        Map<String, String> indexTable = new LinkedHashMap<>();
        List<View> views = new ArrayList<>();
        List<Trigger> triggers = new ArrayList<>();
        List<String[]> viewRows = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")) {
            while (rs.next()) {
                String type = rs.getString(1);
                String name = rs.getString(2);
                String table = rs.getString(3);
                String sql = rs.getString(4);
                if (exclude.contains(table)) continue;
                switch (type) {
                    case "table" -> tableSql.put(name, sql);
                    case "index" -> {
                        if (sql != null) {
                            indexes.add(new Index(name, normalise(sql), sql.toUpperCase(Locale.ROOT).matches("(?s)\\s*CREATE\\s+UNIQUE.*"), null));
                            indexTable.put(name, table);
                        }
                    }
                    case "view" -> viewRows.add(new String[] {name, sql});
                    case "trigger" -> triggers.add(new Trigger(new Name(null, table), name, normalise(sql)));
                    default -> { }
                }
            }
        }
        List<Table> tables = new ArrayList<>();
        for (Map.Entry<String, String> t : tableSql.entrySet()) {
            String name = t.getKey();
            List<String> parts = bodyParts(t.getValue());
            Map<String, String> columnText = new LinkedHashMap<>();
            List<String> tableConstraints = new ArrayList<>();
            for (String p : parts) {
                if (CONSTRAINT_START.matcher(p).find()) tableConstraints.add(p);
                else columnText.put(unquote(firstToken(p)), p.substring(firstToken(p).length()).strip());
            }
            List<Column> columns = new ArrayList<>();
            List<String> pk = new ArrayList<>();
            Map<Integer, String> pkOrder = new java.util.TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(?) ORDER BY cid")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String col = rs.getString(1);
                        String def = columnText.getOrDefault(col, "");
                        String generated = rs.getInt(6) >= 2 ? parenthesised(def, GENERATED) : null;
                        Matcher coll = COLLATE.matcher(def);
                        String collation = coll.find() ? unquote(coll.group(1)) : null;
                        columns.add(new Column(col, normalise(rs.getString(2)).toUpperCase(Locale.ROOT), rs.getBoolean(3),
                                rs.getString(4), null, "", generated == null ? null : normalise(generated), collation, null));
                        if (rs.getInt(5) > 0) pkOrder.put(rs.getInt(5), col);
                    }
                }
            }
            pk.addAll(pkOrder.values());
            List<Constraint> constraints = new ArrayList<>();
            if (!pk.isEmpty()) {
                constraints.add(new Constraint(name + "_pkey", Constraint.Kind.PRIMARY_KEY, "PRIMARY KEY (" + String.join(", ", pk.stream().map(Identifiers::quote).toList()) + ")",
                        pk, null, true, null));
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT name, origin FROM pragma_index_list(?) WHERE origin = 'u' ORDER BY name")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        List<String> cols = indexColumns(c, rs.getString(1));
                        constraints.add(new Constraint(name + "_" + String.join("_", cols) + "_key", Constraint.Kind.UNIQUE,
                                "UNIQUE (" + String.join(", ", cols.stream().map(Identifiers::quote).toList()) + ")", cols, null, true, null));
                    }
                }
            }
            foreignKeys(c, name, constraints);
            int n = 0;
            List<String> checkSources = new ArrayList<>(tableConstraints);
            checkSources.addAll(columnText.values());
            for (String part : checkSources) {
                Matcher m = CHECK.matcher(part);
                int from = 0;
                while (m.find(from)) {
                    String expr = balanced(part, m.end() - 1);
                    if (expr == null) break;
                    String cname = m.group(1) != null ? unquote(m.group(1)) : name + "_check" + (++n);
                    constraints.add(new Constraint(cname, Constraint.Kind.CHECK, "CHECK (" + normalise(expr) + ")", List.of(), null, true, null));
                    from = m.end() + expr.length();
                }
            }
            List<Index> own = indexes.stream().filter(i -> name.equals(indexTable.get(i.name()))).toList();
            tables.add(new Table(new Name(null, name), columns, constraints, own, null, null, null, false, null, t.getValue()));
        }
        for (String[] v : viewRows) {
            List<Name> deps = new ArrayList<>();
            for (String t : tableSql.keySet()) {
                if (Pattern.compile("(?i)(?<![\\w\"])" + Pattern.quote(t) + "(?![\\w\"])").matcher(v[1]).find()) deps.add(new Name(null, t));
            }
            for (String[] w : viewRows) {
                if (!w[0].equals(v[0]) && Pattern.compile("(?i)(?<![\\w\"])" + Pattern.quote(w[0]) + "(?![\\w\"])").matcher(v[1]).find()) {
                    deps.add(new Name(null, w[0]));
                }
            }
            views.add(new View(new Name(null, v[0]), false, normalise(v[1]), deps, null));
        }
        return new Catalog("sqlite", null, List.of(), List.of(), List.of(), List.of(), tables, views, List.of(), triggers);
    }

    private static List<String> indexColumns(Connection c, String index) throws SQLException {
        List<String> cols = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM pragma_index_info(?) ORDER BY seqno")) {
            ps.setString(1, index);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) cols.add(rs.getString(1));
            }
        }
        return cols;
    }

    private static void foreignKeys(Connection c, String table, List<Constraint> out) throws SQLException {
        Map<Integer, List<String[]>> byId = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byId.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>()).add(new String[] {rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7)});
                }
            }
        }
        for (List<String[]> rows : byId.values()) {
            String ref = rows.get(0)[0];
            List<String> from = rows.stream().map(r -> r[1]).toList();
            List<String> to = rows.stream().map(r -> r[2]).filter(x -> x != null).toList();
            StringBuilder def = new StringBuilder("FOREIGN KEY (" + String.join(", ", from.stream().map(Identifiers::quote).toList()) + ") REFERENCES "
                    + Identifiers.quote(ref) + (to.isEmpty() ? "" : "(" + String.join(", ", to.stream().map(Identifiers::quote).toList()) + ")"));
            if (!"NO ACTION".equals(rows.get(0)[4])) def.append(" ON DELETE ").append(rows.get(0)[4]);
            if (!"NO ACTION".equals(rows.get(0)[3])) def.append(" ON UPDATE ").append(rows.get(0)[3]);
            out.add(new Constraint(table + "_" + String.join("_", from) + "_fkey", Constraint.Kind.FOREIGN_KEY, def.toString(), from,
                    new Name(null, ref), true, null));
        }
    }

    /** The comma-separated parts of a CREATE TABLE's parenthesised body, respecting quotes and nesting. */
    public static List<String> bodyParts(String createSql) {
        List<String> parts = new ArrayList<>();
        int open = createSql.indexOf('(');
        if (open < 0) return parts;
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (int i = open + 1; i < createSql.length(); i++) {
            char ch = createSql.charAt(i);
            if (ch == '\'' || ch == '"' || ch == '`' || ch == '[') {
                char close = ch == '[' ? ']' : ch;
                int j = i + 1;
                while (j < createSql.length() && createSql.charAt(j) != close) j++;
                cur.append(createSql, i, Math.min(j + 1, createSql.length()));
                i = j;
                continue;
            }
            if (ch == '(') depth++;
            if (ch == ')') {
                if (depth == 0) break;
                depth--;
            }
            if (ch == ',' && depth == 0) {
                parts.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        if (!cur.toString().isBlank()) parts.add(cur.toString().strip());
        return parts;
    }

    /** The text inside the parentheses that open at {@code at}, or null. */
    private static String balanced(String s, int at) {
        int depth = 0;
        for (int i = at; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\'') {
                i = s.indexOf('\'', i + 1);
                if (i < 0) return null;
                continue;
            }
            if (ch == '(') depth++;
            if (ch == ')' && --depth == 0) return s.substring(at + 1, i);
        }
        return null;
    }

    private static String parenthesised(String def, Pattern start) {
        Matcher m = start.matcher(def);
        return m.find() ? balanced(def, m.end() - 1) : null;
    }

    private static String firstToken(String part) {
        char ch = part.charAt(0);
        if (ch == '"' || ch == '`' || ch == '[') {
            char close = ch == '[' ? ']' : ch;
            int end = part.indexOf(close, 1);
            return part.substring(0, end + 1);
        }
        int i = 0;
        while (i < part.length() && !Character.isWhitespace(part.charAt(i))) i++;
        return part.substring(0, i);
    }

    public static String unquote(String identifier) {
        if (identifier.length() >= 2) {
            char a = identifier.charAt(0);
            char z = identifier.charAt(identifier.length() - 1);
            if ((a == '"' && z == '"') || (a == '`' && z == '`') || (a == '[' && z == ']')) {
                return identifier.substring(1, identifier.length() - 1).replace("\"\"", "\"");
            }
        }
        return identifier;
    }

    /** Whitespace outside quotes collapsed to one space, and none inside parentheses' edges. */
    static String normalise(String sql) {
        if (sql == null) return null;
        StringBuilder b = new StringBuilder();
        boolean space = false;
        for (int i = 0; i < sql.length(); i++) {
            char ch = sql.charAt(i);
            if (ch == '\'' || ch == '"') {
                int j = sql.indexOf(ch, i + 1);
                if (j < 0) j = sql.length() - 1;
                if (space && b.length() > 0) b.append(' ');
                space = false;
                b.append(sql, i, j + 1);
                i = j;
                continue;
            }
            if (Character.isWhitespace(ch)) {
                space = true;
                continue;
            }
            if (space && b.length() > 0 && ch != ')' && ch != ',' && b.charAt(b.length() - 1) != '(') b.append(' ');
            space = false;
            b.append(ch);
        }
        return b.toString().strip();
    }
}
