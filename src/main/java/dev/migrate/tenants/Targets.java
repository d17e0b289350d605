package dev.migrate.tenants;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which tenants a fleet run targets: the rows of a query, the lines of a file, or the schemas (or databases) whose
 * names match a glob; sorted and without repeats, so that two runs of one command take the tenants in one order.
 */
public final class Targets {

    private Targets() {
    }

    /**
     * The first column of each row of {@code sql}, run on the configured database in a read-only transaction that is
     * rolled back: a query that would write fails, and nothing it does stays.
     */
    public static List<String> fromQuery(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("SET TRANSACTION READ ONLY");
            if (!st.execute(sql)) throw new SQLException("it returned no rows: it must be a query (SELECT ...)");
            try (ResultSet rs = st.getResultSet()) {
                while (rs.next()) {
                    String v = rs.getString(1);
                    if (v != null && !v.isBlank()) out.add(v.strip());
                }
            }
            if (st.getMoreResults() || st.getUpdateCount() != -1) {
                throw new SQLException("it is more than one statement: give one query");
            }
        } finally {
            c.rollback();
            c.setAutoCommit(autoCommit);
        }
        return sorted(out);
    }

    /**
     * One tenant a line; blank lines and {@code #} comments (whole lines or after a value) are left out, and so is the
     * byte order mark an editor may write at the start of a UTF-8 file.
     */
    public static List<String> fromFile(Path file) throws IOException {
        return sorted(new ArrayList<>(lines(file).keySet()));
    }

    /** The 1-based line of {@code file} that lists {@code tenant} first, or null if none does. */
    public static Integer lineOf(Path file, String tenant) throws IOException {
        return lines(file).get(tenant);
    }

    /** Each tenant of the file with the line it is first listed on, in the file's order. */
    private static Map<String, Integer> lines(Path file) throws IOException {
        Map<String, Integer> out = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = i == 0 && lines.get(0).startsWith(BOM) ? lines.get(0).substring(1) : lines.get(i);
            int hash = line.indexOf('#');
            String v = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (!v.isEmpty()) out.putIfAbsent(v, i + 1);
        }
        return out;
    }

    /** U+FEFF at the start of a file: a byte order mark, not text. */
    private static final String BOM = "\uFEFF";

    /**
     * The schemas (or, with {@code databases}, the databases) of the server whose names match {@code glob}
     * ({@code *} any run of characters, {@code ?} one); PostgreSQL's own schemas and template databases never do.
     */
    public static List<String> fromPattern(Connection c, String glob, boolean databases) throws SQLException {
        String sql = databases
                ? "SELECT datname FROM pg_catalog.pg_database WHERE NOT datistemplate AND datname ~ ? ORDER BY 1"
                : "SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname !~ '^(pg_|information_schema$)' AND nspname ~ ? ORDER BY 1";
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, regex(glob));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        }
        return sorted(out);
    }

    /** A glob as an anchored POSIX regular expression. */
    static String regex(String glob) {
        StringBuilder r = new StringBuilder("^");
        for (char ch : glob.toCharArray()) {
            switch (ch) {
                case '*' -> r.append(".*");
                case '?' -> r.append('.');
                default -> {
                    if ("\\.[]{}()+-^$|".indexOf(ch) >= 0) r.append('\\');
                    r.append(ch);
                }
            }
        }
        return r.append('$').toString();
    }

    private static List<String> sorted(List<String> names) {
        Set<String> s = new TreeSet<>(names);
        return List.copyOf(s);
    }
}
