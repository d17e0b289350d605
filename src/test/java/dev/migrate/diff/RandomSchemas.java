package dev.migrate.diff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random schemas and random mutations of them, written as SQL for the property test: tables with typed columns,
 * defaults, NOT NULL, primary keys, unique and check constraints, indexes, foreign keys between tables, and an
 * enum; each mutation a change a developer makes (and the rename hint when it is a rename).
 */
final class RandomSchemas {

    static final String[] TYPES = {"integer", "bigint", "text", "varchar(40)", "varchar(80)", "boolean", "numeric(10,2)",
            "timestamptz", "date", "jsonb", "mood"};

    final Random random;
    final Map<String, Tbl> tables = new LinkedHashMap<>();
    List<String> moods = new ArrayList<>(List.of("happy", "sad"));
    int serial;

    RandomSchemas(long seed) {
        random = new Random(seed);
    }

    static final class Col {
        String name;
        String type;
        boolean notNull;
        String dflt;

        Col copy() {
            Col c = new Col();
            c.name = name;
            c.type = type;
            c.notNull = notNull;
            c.dflt = dflt;
            return c;
        }
    }

    static final class Tbl {
        String name;
        List<Col> cols = new ArrayList<>();
        List<String> uniques = new ArrayList<>();   // column names
        List<String> checks = new ArrayList<>();    // column names with a "> 0" or "<> ''" check
        List<String> indexes = new ArrayList<>();   // column names
        Map<String, String> fks = new LinkedHashMap<>(); // column -> referenced table (its id)

        Tbl copy() {
            Tbl t = new Tbl();
            t.name = name;
            for (Col c : cols) t.cols.add(c.copy());
            t.uniques = new ArrayList<>(uniques);
            t.checks = new ArrayList<>(checks);
            t.indexes = new ArrayList<>(indexes);
            t.fks = new LinkedHashMap<>(fks);
            return t;
        }

        Col col(String n) {
            return cols.stream().filter(c -> c.name.equals(n)).findFirst().orElse(null);
        }
    }

    RandomSchemas copy() {
        RandomSchemas s = new RandomSchemas(0);
        for (Tbl t : tables.values()) s.tables.put(t.name, t.copy());
        s.moods = new ArrayList<>(moods);
        s.serial = serial;
        return s;
    }

    /** A fresh schema of two to four tables. */
    void generate() {
        int n = 2 + random.nextInt(3);
        for (int i = 0; i < n; i++) addTable();
    }

    String name(String prefix) {
        return prefix + (++serial);
    }

    void addTable() {
        Tbl t = new Tbl();
        t.name = name("t");
        int cols = 1 + random.nextInt(4);
        for (int i = 0; i < cols; i++) t.cols.add(randomColumn());
        if (!tables.isEmpty() && random.nextBoolean()) {
            List<String> names = new ArrayList<>(tables.keySet());
            Col fk = new Col();
            fk.name = name("ref");
            fk.type = "bigint";
            t.cols.add(fk);
            t.fks.put(fk.name, names.get(random.nextInt(names.size())));
        }
        tables.put(t.name, t);
    }

    Col randomColumn() {
        Col c = new Col();
        c.name = name("c");
        c.type = TYPES[random.nextInt(TYPES.length)];
        c.notNull = random.nextInt(4) == 0;
        if (random.nextInt(3) == 0) c.dflt = defaultFor(c.type);
        if (c.notNull && c.dflt == null) c.dflt = defaultFor(c.type);
        return c;
    }

    String defaultFor(String type) {
        if (type.startsWith("numeric")) return "1.50";
        return switch (type) {
            case "integer", "bigint" -> String.valueOf(random.nextInt(100));
            case "boolean" -> random.nextBoolean() ? "true" : "false";
            case "numeric(10,2)" -> "1.50";
            case "timestamptz" -> "now()";
            case "date" -> "CURRENT_DATE";
            case "jsonb" -> "'{}'::jsonb";
            case "mood" -> "'happy'";
            default -> "'x" + random.nextInt(9) + "'";
        };
    }

    /** Applies one random mutation; returns the rename hint it needs, or null. */
    String mutate() {
        List<Tbl> list = new ArrayList<>(tables.values());
        Tbl t = list.get(random.nextInt(list.size()));
        switch (random.nextInt(16)) {
            case 0 -> t.cols.add(randomColumn());
            case 1 -> {
                Col c = plain(t);
                if (c != null && t.cols.size() > 1) removeColumn(t, c.name);
            }
            case 2 -> {
                Col c = plain(t);
                if (c != null) {
                    String was = c.name;
                    c.name = name("r");
                    t.uniques.replaceAll(x -> x.equals(was) ? c.name : x);
                    t.checks.replaceAll(x -> x.equals(was) ? c.name : x);
                    t.indexes.replaceAll(x -> x.equals(was) ? c.name : x);
                    return t.name + "." + was + "=" + c.name;
                }
            }
            case 3 -> {
                Col c = plain(t);
                if (c != null) c.type = castable(c.type);
            }
            case 4 -> {
                Col c = plain(t);
                if (c != null) {
                    c.notNull = !c.notNull;
                    if (c.notNull && c.dflt == null) c.dflt = defaultFor(c.type);
                }
            }
            case 5 -> {
                Col c = plain(t);
                if (c != null && !c.notNull) c.dflt = c.dflt == null ? defaultFor(c.type) : null;
            }
            case 6 -> {
                Col c = plain(t);
                if (c != null && !c.type.equals("jsonb") && !t.indexes.contains(c.name)) t.indexes.add(c.name);
            }
            case 7 -> {
                if (!t.indexes.isEmpty()) t.indexes.remove(random.nextInt(t.indexes.size()));
            }
            case 8 -> {
                Col c = plain(t);
                if (c != null && !c.type.equals("jsonb") && !t.uniques.contains(c.name)) t.uniques.add(c.name);
            }
            case 9 -> {
                if (!t.uniques.isEmpty()) t.uniques.remove(random.nextInt(t.uniques.size()));
            }
            case 10 -> {
                Col c = plain(t);
                if (c != null && (c.type.equals("integer") || c.type.equals("bigint") || c.type.startsWith("varchar") || c.type.equals("text"))
                        && !t.checks.contains(c.name)) t.checks.add(c.name);
            }
            case 11 -> {
                if (!t.checks.isEmpty()) t.checks.remove(random.nextInt(t.checks.size()));
            }
            case 12 -> {
                Col fk = new Col();
                fk.name = name("ref");
                fk.type = "bigint";
                t.cols.add(fk);
                t.fks.put(fk.name, list.get(random.nextInt(list.size())).name);
            }
            case 13 -> moods.add(random.nextInt(moods.size() + 1), "m" + (++serial));
            case 14 -> addTable();
            default -> {
                if (tables.size() > 1) dropTable(t.name);
            }
        }
        return null;
    }

    /** A column that is no key, no foreign key and no enum (enum changes are mutated through the labels). */
    Col plain(Tbl t) {
        List<Col> cs = t.cols.stream().filter(c -> !t.fks.containsKey(c.name) && !c.type.equals("mood")).toList();
        return cs.isEmpty() ? null : cs.get(random.nextInt(cs.size()));
    }

    String castable(String type) {
        return switch (type) {
            case "integer" -> "bigint";
            case "bigint" -> "integer";
            case "varchar(40)" -> "varchar(80)";
            case "varchar(80)" -> "text";
            case "text" -> "varchar(80)";
            case "numeric(10,2)" -> "numeric(12,2)";
            case "date" -> "timestamptz";
            default -> type;
        };
    }

    void removeColumn(Tbl t, String col) {
        t.cols.removeIf(c -> c.name.equals(col));
        t.uniques.remove(col);
        t.checks.remove(col);
        t.indexes.remove(col);
        t.fks.remove(col);
    }

    void dropTable(String name) {
        tables.remove(name);
        for (Tbl t : tables.values()) {
            for (String col : new ArrayList<>(t.fks.keySet())) {
                if (t.fks.get(col).equals(name)) t.fks.remove(col);
            }
        }
    }

    /** The schema as SQL, in the given schema of the database. */
    String sql(String schema) {
        StringBuilder b = new StringBuilder();
        b.append("SET search_path = ").append(schema).append(";\n");
        b.append("CREATE TYPE mood AS ENUM (").append(String.join(", ", moods.stream().map(m -> "'" + m + "'").toList())).append(");\n");
        for (Tbl t : tables.values()) {
            List<String> parts = new ArrayList<>();
            parts.add("id bigint PRIMARY KEY");
            for (Col c : t.cols) {
                parts.add(c.name + " " + c.type + (c.dflt == null ? "" : " DEFAULT " + c.dflt) + (c.notNull ? " NOT NULL" : ""));
            }
            for (String u : t.uniques) parts.add("UNIQUE (" + u + ")");
            for (String ch : t.checks) {
                Col c = t.col(ch);
                parts.add("CHECK (" + (c.type.equals("integer") || c.type.equals("bigint") ? ch + " > 0" : ch + " <> ''") + ")");
            }
            b.append("CREATE TABLE ").append(t.name).append(" (").append(String.join(", ", parts)).append(");\n");
            for (String i : t.indexes) b.append("CREATE INDEX ON ").append(t.name).append(" (").append(i).append(");\n");
        }
        for (Tbl t : tables.values()) {
            for (Map.Entry<String, String> fk : t.fks.entrySet()) {
                b.append("ALTER TABLE ").append(t.name).append(" ADD FOREIGN KEY (").append(fk.getKey()).append(") REFERENCES ")
                        .append(fk.getValue()).append(";\n");
            }
        }
        return b.toString();
    }
}
