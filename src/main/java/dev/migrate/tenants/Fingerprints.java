package dev.migrate.tenants;

import dev.migrate.autogen.Autogenerate;
import dev.migrate.autogen.ChangeSql;
import dev.migrate.catalog.Catalog;
import dev.migrate.catalog.CatalogReader;
import dev.migrate.core.Database;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Schema fingerprints across a fleet: a tenant's fingerprint is the SHA-256 of its schema as {@code migrate
 * dump-schema} writes it (every object of the tenant's schema, created from nothing, unqualified; migrate's own
 * tables left out), so two tenants share one exactly when their schemas are the same, whatever their names and
 * however their objects came to be. Among the tenants at the same heads, those whose fingerprint is not the one most
 * of them share have <em>drifted</em>: a hand-made change, a revision edited after some tenants ran it.
 */
public final class Fingerprints {

    private Fingerprints() { }

    /**
     * The fingerprint of the schema first on the connection's search path (the tenant's own, in schema mode; the
     * database's default schema, in database mode).
     *
     * @param exclude the version and audit tables' names
     */
    public static Schema of(Connection c, String dialect, List<String> exclude) throws SQLException {
        String schema;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_schema()")) {
            rs.next();
            schema = rs.getString(1);
        }
        if (schema == null) throw new SQLException("no schema of the search path exists");
        Catalog catalog = CatalogReader.of(dialect).read(c, List.of(schema), exclude);
        String text = Autogenerate.dump(catalog, ChangeSql.of(dialect));
        return new Schema(sha256(text), text);
    }

    /**
     * The schemas of {@code tenants}, read on {@code parallel} connections at once, in the tenants' order; a tenant
     * whose schema cannot be read is told to {@code unreadable} (from the thread that read it) and left out.
     *
     * @param exclude the version and audit tables' names
     */
    public static Map<String, Schema> read(TenantDatabases fleet, List<Tenant> tenants, List<String> exclude, int parallel,
                                           BiConsumer<Tenant, RuntimeException> unreadable) {
        Map<String, Schema> found = new ConcurrentHashMap<>();
        Workers.each(tenants, parallel, "migrate-fingerprint", () -> { }, t -> {
            try {
                Database db = fleet.database(t);
                found.put(t.name(), db.read(c -> of(c, db.dialect().name(), exclude)));
            } catch (RuntimeException e) {
                unreadable.accept(t, e);
            }
        });
        Map<String, Schema> out = new LinkedHashMap<>();
        for (Tenant t : tenants) if (found.containsKey(t.name())) out.put(t.name(), found.get(t.name()));
        return out;
    }

    /** A tenant's schema: its fingerprint, and the text it is taken from. */
    public record Schema(String fingerprint, String text) { }

    /**
     * One tenant that drifted: its fingerprint; the one most tenants at the same heads share (null: no majority); a
     * tenant of theirs to compare with (with no majority, another tenant at the same heads), and the lines of the
     * schema's text that this tenant has and the other lacks, and the other way round.
     */
    public record Drift(String tenant, String fingerprint, String majority, int sharing, int atSameHeads,
                        String comparedWith, List<String> added, List<String> missing) { }

    /**
     * The tenants whose schema differs from the one most tenants at the same heads have, in the tenants' order. Where
     * no fingerprint is shared by more tenants than any other (two tenants that differ), each of them is reported,
     * without a majority: which one is right cannot be told from the fleet.
     *
     * @param schemas each tenant's schema, in the tenants' order
     * @param heads   each tenant's heads
     */
    public static List<Drift> drift(Map<String, Schema> schemas, Map<String, List<String>> heads) {
        Map<List<String>, Map<String, List<String>>> byHeads = new HashMap<>(); // heads -> fingerprint -> tenants
        for (Map.Entry<String, Schema> e : schemas.entrySet()) {
            byHeads.computeIfAbsent(key(heads.get(e.getKey())), k -> new LinkedHashMap<>())
                    .computeIfAbsent(e.getValue().fingerprint(), k -> new ArrayList<>()).add(e.getKey());
        }
        List<Drift> out = new ArrayList<>();
        for (Map.Entry<String, Schema> e : schemas.entrySet()) {
            Map<String, List<String>> groups = byHeads.get(key(heads.get(e.getKey())));
            if (groups.size() < 2) continue;
            int total = groups.values().stream().mapToInt(List::size).sum();
            int top = groups.values().stream().mapToInt(List::size).max().orElse(0);
            List<String> leaders = groups.entrySet().stream().filter(x -> x.getValue().size() == top).map(Map.Entry::getKey).toList();
            String majority = leaders.size() == 1 ? leaders.get(0) : null;
            String mine = e.getValue().fingerprint();
            if (mine.equals(majority)) continue;
            String other = majority != null ? groups.get(majority).get(0)
                    : groups.entrySet().stream().filter(x -> !x.getKey().equals(mine)).findFirst().orElseThrow().getValue().get(0);
            List<String> here = lines(e.getValue().text()), there = lines(schemas.get(other).text());
            out.add(new Drift(e.getKey(), mine, majority, majority == null ? 0 : top, total, other, without(here, there), without(there, here)));
        }
        return out;
    }

    /**
     * The schema's text as lines to compare: a line inside a statement of several is prefixed by the statement's
     * first line ({@code CREATE TABLE users ( … extra integer}), and a line's trailing comma is left out, so that a
     * column added last shows as itself, not as a changed line before it.
     */
    private static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        String head = null;
        for (String raw : text.lines().toList()) {
            String l = raw.strip();
            if (l.isEmpty() || l.startsWith("--")) continue;
            boolean ends = l.endsWith(";");
            if (head == null) {
                out.add(l);
                if (!ends) head = l;
                continue;
            }
            if (!l.equals(");")) out.add(head + " … " + (l.endsWith(",") ? l.substring(0, l.length() - 1) : l));
            if (ends) head = null;
        }
        return out;
    }

    /** The lines of {@code a} that {@code b} lacks, counted (a line twice in {@code a} and once in {@code b} is one). */
    private static List<String> without(List<String> a, List<String> b) {
        Map<String, Integer> left = new HashMap<>();
        for (String l : b) left.merge(l, 1, Integer::sum);
        List<String> out = new ArrayList<>();
        for (String l : a) {
            if (left.getOrDefault(l, 0) > 0) left.merge(l, -1, Integer::sum);
            else out.add(l);
        }
        return out;
    }

    /** The first twelve hex digits, as text output shows a fingerprint. */
    public static String shortForm(String fingerprint) {
        return fingerprint == null ? null : fingerprint.substring(0, Math.min(12, fingerprint.length()));
    }

    private static List<String> key(List<String> heads) {
        return heads == null ? List.of() : heads.stream().sorted().toList();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
