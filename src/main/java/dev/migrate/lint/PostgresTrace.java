package dev.migrate.lint;

import dev.migrate.script.SqlSplitter;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a revision's statements do on PostgreSQL, measured rather than guessed: each statement of a transactional
 * section runs on a shadow database at the revision's parents, in one transaction as migrate runs it, and around each
 * one the trace reads the locks this backend newly holds on tables that existed before the revision
 * ({@code pg_locks}), the tables whose {@code relfilenode} changed (a rewrite), and the transaction's scan and row
 * counters ({@code pg_stat_xact_user_tables}: a validation scan, a backfill). Those fire on empty tables too. The
 * transaction is rolled back at the end: the trace changes nothing.
 */
public final class PostgresTrace {

    /** A table of the shadow before the revision: its name and the file that holds its rows. */
    private record Table(String name, long relfilenode) {
    }

    /** The transaction's counters for one table. */
    private record Counters(long seqScan, long idxScan, long inserted, long updated, long deleted) {
        boolean scannedSince(Counters before) {
            return seqScan > before.seqScan || idxScan > before.idxScan;
        }

        boolean wroteSince(Counters before) {
            return inserted > before.inserted || updated > before.updated || deleted > before.deleted;
        }

        static final Counters ZERO = new Counters(0, 0, 0, 0, 0);
    }

    private static final Pattern VALIDATE = Pattern.compile("(?is)\\bVALIDATE\\s+CONSTRAINT\\s+(\"(?:[^\"]|\"\")+\"|[\\w$]+)");
    private static final Pattern NOT_VALID = Pattern.compile("(?is)\\bADD\\s+CONSTRAINT\\s+(\"(?:[^\"]|\"\")+\"|[\\w$]+).*\\bNOT\\s+VALID\\b");
    private static final Pattern FOREIGN_KEY = Pattern.compile("(?is)\\bFOREIGN\\s+KEY\\b|\\bREFERENCES\\b");
    private static final Pattern CREATE_INDEX = Pattern.compile("(?is)^\\s*CREATE\\s+(UNIQUE\\s+)?INDEX\\b(?!\\s+CONCURRENTLY)");

    private final Connection c;

    /** @param shadow a connection to the shadow database, at the revision's parents; the trace leaves it as it found it */
    public PostgresTrace(Connection shadow) {
        this.c = shadow;
    }

    /**
     * The findings of one revision's transactional section.
     *
     * @param timeZone the session's TimeZone as production has it ({@code timestamp -> timestamptz} rewrites the table
     *                 outside UTC); null for the shadow server's own
     * @throws SQLException when a statement fails: the revision cannot run on its parents' schema
     */
    public List<Finding> trace(String revision, Path file, List<SqlSplitter.Statement> statements, String timeZone) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        List<Finding> findings = new ArrayList<>();
        try {
            if (timeZone != null) set("SET LOCAL TimeZone = " + quote(timeZone));
            Map<Long, Table> existing = tables();
            // Strong locks held so far in the transaction, by table: later work happens under them.
            Map<Long, String> strong = new LinkedHashMap<>();
            Set<String> notValid = new HashSet<>();
            for (SqlSplitter.Statement st : statements) {
                Map<Long, Set<String>> locksBefore = locks();
                Map<Long, Counters> countersBefore = counters();
                Map<Long, Long> filesBefore = relfilenodes(existing.keySet());
                try (Statement s = c.createStatement()) {
                    s.execute(st.sql());
                }
                Map<Long, Set<String>> locksAfter = locks();
                Map<Long, Counters> countersAfter = counters();
                Map<Long, Long> filesAfter = relfilenodes(existing.keySet());
                Finder f = new Finder(revision, file, st, findings);

                for (var e : locksAfter.entrySet()) {
                    Table t = existing.get(e.getKey());
                    if (t == null) continue;
                    Set<String> added = new HashSet<>(e.getValue());
                    added.removeAll(locksBefore.getOrDefault(e.getKey(), Set.of()));
                    String mode = strongest(added);
                    if (mode != null && (strong.get(e.getKey()) == null || rank(mode) > rank(strong.get(e.getKey())))) {
                        f.lock(t.name(), mode);
                        strong.put(e.getKey(), mode);
                    }
                }
                Set<Long> rewritten = new HashSet<>();
                for (var e : filesBefore.entrySet()) {
                    Long after = filesAfter.get(e.getKey());
                    if (after != null && !after.equals(e.getValue())) {
                        rewritten.add(e.getKey());
                        f.add("table-rewrite", Severity.WARNING, existing.get(e.getKey()).name(),
                                "rewrites " + existing.get(e.getKey()).name() + " (a new copy of every row and index) under "
                                        + describe(strong.getOrDefault(e.getKey(), "AccessExclusiveLock")),
                                "Add a new column, backfill it in batches, and switch to it (expand and contract); or make the "
                                        + "change one PostgreSQL can do in place (varchar(n) to a larger n or text, numeric "
                                        + "precision up, timestamp to timestamptz with TimeZone UTC).");
                    }
                }
                if (CREATE_INDEX.matcher(st.sql()).find()) {
                    for (var e : locksAfter.entrySet()) {
                        Table t = existing.get(e.getKey());
                        if (t != null && e.getValue().contains("ShareLock") && !locksBefore.getOrDefault(e.getKey(), Set.of()).contains("ShareLock")) {
                            f.add("index-blocks-writes", Severity.WARNING, t.name(), "builds an index on " + t.name()
                                            + " under ShareLock: writes to it wait until the transaction commits",
                                    "CREATE INDEX CONCURRENTLY in a revision of its own marked -- migrate:no-transaction.");
                        }
                    }
                }
                var validate = VALIDATE.matcher(st.sql());
                boolean validatesOwn = validate.find() && notValid.contains(unquote(validate.group(1)));
                for (var e : countersAfter.entrySet()) {
                    Table t = existing.get(e.getKey());
                    if (t == null || rewritten.contains(e.getKey()) || validatesOwn) continue;
                    Counters before = countersBefore.getOrDefault(e.getKey(), Counters.ZERO);
                    Counters after = e.getValue();
                    String heldHere = strongAddedBy(locksBefore, locksAfter, e.getKey());
                    String heldEarlier = strongHeldBefore(strong, locksBefore, e.getKey());
                    if (after.wroteSince(before) && heldEarlier != null) {
                        f.add("work-under-strong-lock", Severity.WARNING, t.name(), "writes rows of " + t.name() + " while this "
                                        + "transaction holds " + describe(heldEarlier) + " on it",
                                "Backfill in a revision of its own, in batches, after the DDL has committed.");
                    } else if (after.scannedSince(before) && heldHere != null && !FOREIGN_KEY.matcher(st.sql()).find()
                            && !CREATE_INDEX.matcher(st.sql()).find()) {
                        f.add("validation-scan", Severity.WARNING, t.name(), "scans every row of " + t.name() + " under "
                                        + describe(heldHere),
                                "Add the constraint NOT VALID, then VALIDATE CONSTRAINT in a later revision (a validation "
                                        + "takes only SHARE UPDATE EXCLUSIVE); for SET NOT NULL, validate a CHECK (col IS NOT "
                                        + "NULL) first.");
                    } else if ((after.scannedSince(before) || after.wroteSince(before)) && heldEarlier != null) {
                        f.add("work-under-strong-lock", Severity.WARNING, t.name(), "reads rows of " + t.name() + " while this "
                                        + "transaction holds " + describe(heldEarlier) + " on it",
                                "Commit the DDL first: move this statement to a revision of its own.");
                    }
                }
                if (FOREIGN_KEY.matcher(st.sql()).find()) {
                    List<String> locked = new ArrayList<>();
                    for (var e : locksAfter.entrySet()) {
                        Table t = existing.get(e.getKey());
                        if (t == null) continue;
                        Set<String> added = new HashSet<>(e.getValue());
                        added.removeAll(locksBefore.getOrDefault(e.getKey(), Set.of()));
                        if (added.contains("ShareRowExclusiveLock")) locked.add(t.name());
                    }
                    if (locked.size() > 1 || (locked.size() == 1 && !statementTargets(st.sql(), locked.get(0)))) {
                        for (String t : locked) {
                            if (statementTargets(st.sql(), t)) continue;
                            f.add("foreign-key-locks-referenced", Severity.WARNING, t, "adding the foreign key takes "
                                            + describe("ShareRowExclusiveLock") + " on the referenced table " + t + " too",
                                    "Add it NOT VALID (a brief lock on both tables), then VALIDATE CONSTRAINT in a later revision.");
                        }
                    }
                    if (!NOT_VALID.matcher(st.sql()).find()) {
                        for (var e : countersAfter.entrySet()) {
                            Table t = existing.get(e.getKey());
                            if (t == null) continue;
                            Counters before = countersBefore.getOrDefault(e.getKey(), Counters.ZERO);
                            if (e.getValue().scannedSince(before) && strongAddedBy(locksBefore, locksAfter, e.getKey()) != null) {
                                f.add("validation-scan", Severity.WARNING, t.name(), "validates the foreign key by reading "
                                                + t.name() + " under " + describe(strongAddedBy(locksBefore, locksAfter, e.getKey())),
                                        "Add it NOT VALID, then VALIDATE CONSTRAINT in a later revision.");
                            }
                        }
                    }
                }
                var nv = NOT_VALID.matcher(st.sql());
                if (nv.find()) notValid.add(unquote(nv.group(1)));
                if (validatesOwn) {
                    f.add("validate-in-same-transaction", Severity.WARNING, null, "validates " + unquote(validate.group(1))
                                    + " in the transaction that added it NOT VALID: the strong lock of the ADD is held for the whole scan",
                            "Move VALIDATE CONSTRAINT to a later revision.");
                }
            }
        } finally {
            c.rollback();
            c.setAutoCommit(autoCommit);
        }
        return findings;
    }

    /** Collects the findings of one statement. */
    private record Finder(String revision, Path file, SqlSplitter.Statement statement, List<Finding> out) {
        void add(String rule, Severity severity, String table, String message, String fix) {
            out.add(new Finding(rule, severity, revision, file, statement.line(), statement.sql(), table, message, fix, null));
        }

        void lock(String table, String mode) {
            String d = describe(mode);
            int colon = d.indexOf(':');
            add("strong-lock", Severity.NOTE, table, d.substring(0, colon) + " on " + table + ":" + d.substring(colon + 1), null);
        }
    }

    /** A lock mode and what it blocks, as the reports say it. */
    static String describe(String mode) {
        return switch (mode) {
            case "AccessExclusiveLock" -> "ACCESS EXCLUSIVE: blocks reads and writes until the transaction commits";
            case "ExclusiveLock" -> "EXCLUSIVE: blocks writes until the transaction commits";
            case "ShareRowExclusiveLock" -> "SHARE ROW EXCLUSIVE: blocks writes until the transaction commits";
            case "ShareLock" -> "SHARE: blocks writes until the transaction commits";
            case "ShareUpdateExclusiveLock" -> "SHARE UPDATE EXCLUSIVE: blocks other schema changes and VACUUM, not reads or writes";
            default -> mode;
        };
    }

    /** The order of the modes that block writes, weakest first; -1 for the others. */
    private static final List<String> STRONG = List.of("ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock");

    private static int rank(String mode) {
        return STRONG.indexOf(mode);
    }

    private static String strongest(Set<String> modes) {
        String best = null;
        for (String m : modes) if (rank(m) >= 0 && (best == null || rank(m) > rank(best))) best = m;
        return best;
    }

    private static boolean blocksWrites(String mode) {
        return mode.equals("AccessExclusiveLock") || mode.equals("ExclusiveLock") || mode.equals("ShareRowExclusiveLock")
                || mode.equals("ShareLock");
    }

    private static String strongAddedBy(Map<Long, Set<String>> before, Map<Long, Set<String>> after, long table) {
        for (String mode : after.getOrDefault(table, Set.of())) {
            if (blocksWrites(mode) && !before.getOrDefault(table, Set.of()).contains(mode)) return mode;
        }
        return null;
    }

    private static String strongHeldBefore(Map<Long, String> strong, Map<Long, Set<String>> before, long table) {
        String mode = strong.get(table);
        return mode != null && before.getOrDefault(table, Set.of()).contains(mode) ? mode : null;
    }

    /** Whether the statement is an ALTER TABLE (or similar) of {@code table} itself, not a reference to it. */
    private static boolean statementTargets(String sql, String table) {
        String bare = table.substring(table.indexOf('.') + 1);
        return Pattern.compile("(?is)^\\s*ALTER\\s+TABLE\\s+(ONLY\\s+)?(IF\\s+EXISTS\\s+)?(\"?[\\w$]+\"?\\.)?\"?" + Pattern.quote(bare) + "\"?\\b")
                .matcher(sql).find();
    }

    // ---- the catalog, read around each statement

    private Map<Long, Table> tables() throws SQLException {
        Map<Long, Table> out = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT c.oid, n.nspname || '.' || c.relname, c.relfilenode FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                        + "WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                        + "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'")) {
            while (rs.next()) out.put(rs.getLong(1), new Table(rs.getString(2), rs.getLong(3)));
        }
        return out;
    }

    private Map<Long, Long> relfilenodes(Set<Long> oids) throws SQLException {
        Map<Long, Long> out = new HashMap<>();
        if (oids.isEmpty()) return out;
        try (var ps = c.prepareStatement("SELECT oid, relfilenode FROM pg_class WHERE oid = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("bigint", oids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getLong(1), rs.getLong(2));
            }
        }
        return out;
    }

    private Map<Long, Set<String>> locks() throws SQLException {
        Map<Long, Set<String>> out = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT relation, mode FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'relation' AND granted")) {
            while (rs.next()) out.computeIfAbsent(rs.getLong(1), k -> new HashSet<>()).add(rs.getString(2));
        }
        return out;
    }

    private Map<Long, Counters> counters() throws SQLException {
        Map<Long, Counters> out = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT relid, seq_scan, coalesce(idx_scan, 0), n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_xact_user_tables")) {
            while (rs.next()) {
                out.put(rs.getLong(1), new Counters(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)));
            }
        }
        return out;
    }

    private void set(String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String quote(String literal) {
        return "'" + literal.replace("'", "''") + "'";
    }

    private static String unquote(String identifier) {
        return identifier.startsWith("\"") ? identifier.substring(1, identifier.length() - 1).replace("\"\"", "\"")
                : identifier.toLowerCase(Locale.ROOT);
    }
}
