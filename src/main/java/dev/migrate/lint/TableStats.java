package dev.migrate.lint;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The size of production's tables ({@code --stats-url}, read-only): what turns "rewrites {@code events}" into an
 * error on 41 M rows and a note on 12.
 */
public interface TableStats {

    /** Rows (PostgreSQL's estimate; -1 when the table was never analysed) and bytes, with indexes and TOAST. */
    record Size(long rows, long bytes) {
        public String describe() {
            return (rows < 0 ? "" : count(rows) + " rows, ") + bytes(bytes);
        }

        private static String count(long n) {
            if (n >= 1_000_000) return String.format(java.util.Locale.ROOT, "%.0f M", n / 1e6);
            if (n >= 10_000) return String.format(java.util.Locale.ROOT, "%.0f k", n / 1e3);
            return Long.toString(n);
        }

        private static String bytes(long b) {
            if (b >= 1L << 30) return String.format(java.util.Locale.ROOT, "%.0f GB", b / (double) (1L << 30));
            if (b >= 1L << 20) return String.format(java.util.Locale.ROOT, "%.0f MB", b / (double) (1L << 20));
            return String.format(java.util.Locale.ROOT, "%.0f kB", b / 1024.0);
        }
    }

    TableStats NONE = table -> Optional.empty();

    /** The size of a table, {@code schema.name} or a bare name; empty when it is not known. */
    Optional<Size> size(String table);

    /** A finding weighed by the size of its table: an error from a million rows or a gigabyte on, a note under ten thousand rows. */
    static Finding weigh(Finding f, TableStats stats) {
        if (f.table() == null || f.isIgnored()) return f;
        Optional<Size> size = stats.size(f.table());
        if (size.isEmpty()) return f;
        Size s = size.get();
        Finding sized = f.withMessage(f.message() + " (" + s.describe() + ")");
        Rule rule = Rule.find(f.rule()).orElse(null);
        // A note stays a note: a strong lock on a large table is as brief as on a small one when nothing slow follows
        // it (lock_timeout bounds the wait for it); what follows is reported, and weighed, by its own rule.
        if (rule == null || rule.severity() == Severity.NOTE) return sized;
        if (s.rows() >= 1_000_000 || s.bytes() >= 1L << 30) return sized.withSeverity(Severity.ERROR);
        boolean small = s.rows() >= 0 ? s.rows() < 10_000 : s.bytes() < 1L << 20;
        if (small && f.severity() != Severity.ERROR) return sized.withSeverity(Severity.NOTE);
        return sized;
    }

    /** The sizes of a PostgreSQL database's tables, read once on the connection. */
    static TableStats postgres(Connection c) throws SQLException {
        Map<String, Size> sizes = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT n.nspname, c.relname, CASE WHEN c.reltuples < 0 THEN -1 ELSE c.reltuples::bigint END, "
                + "pg_total_relation_size(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Size s = new Size(rs.getLong(3), rs.getLong(4));
                sizes.put(rs.getString(1) + "." + rs.getString(2), s);
                sizes.putIfAbsent(rs.getString(2), s);
            }
        }
        return table -> {
            String t = table.replace("\"", "");
            Size s = sizes.get(t);
            if (s == null && !t.contains(".")) s = sizes.get("public." + t);
            if (s == null && t.contains(".")) s = sizes.get(t.substring(t.indexOf('.') + 1));
            return Optional.ofNullable(s);
        };
    }
}
