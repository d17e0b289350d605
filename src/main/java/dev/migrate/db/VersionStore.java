package dev.migrate.db;

import dev.migrate.graph.VersionOp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * What happened in the database: the version table (one {@code version_num} row per current head, Alembic's
 * semantics) and the append-only audit log beside it. Every method works on the caller's connection and inside
 * the caller's transaction, so that a revision, its version change and its audit row commit together.
 */
public final class VersionStore {

    private static final String AUDIT_COLUMNS = "revision, kind, heads_before, heads_after, checksum, db_user, os_user, host, "
            + "tool_version, started_at, duration_ms, status, error, statement";

    /**
     * Columns added to the audit table after its first form: the reasons of a revision's lint ignores, and the run
     * across tenants a step was part of. A table created before them gains one the first time a step has something
     * to write in it (a nullable column without a default: a change to the catalog only); until then every write and
     * read leaves it out, so those tables stay as they are.
     */
    static final String LINT_IGNORED = "lint_ignored", RUN_ID = "run_id";
    static final List<String> EXTRA_COLUMNS = List.of(LINT_IGNORED, RUN_ID);

    private final Dialect dialect;
    private final TableName versionTable;
    private final TableName auditTable;
    private final SessionGuard guard;
    /**
     * Extra columns this store has seen in the audit table (found by a query, never merely added by it: an added
     * column goes away with a transaction that rolls back), so that a run asks once, not at every step. Shared with
     * its {@linkplain #guarded guarded} copies.
     */
    private final Set<String> seenColumns;

    /**
     * For a store of one run under the lock ({@link #forOneRun}): whether each table was found (or made) there, so
     * that a run asks once. A table found is trusted everywhere; a table found missing only where it is then created
     * "if not exists". Null: every call asks.
     */
    private final Map<TableName, Boolean> known;

    public VersionStore(Dialect dialect, TableName versionTable, TableName auditTable) {
        this(dialect, versionTable, auditTable, SessionGuard.NONE, ConcurrentHashMap.newKeySet(), null);
    }

    private VersionStore(Dialect dialect, TableName versionTable, TableName auditTable, SessionGuard guard, Set<String> seenColumns,
                         Map<TableName, Boolean> known) {
        this.known = known;
        this.seenColumns = seenColumns;
        this.dialect = dialect;
        this.versionTable = versionTable;
        this.auditTable = auditTable;
        this.guard = guard;
    }

    /**
     * The same tables, with every write (a step's version change and audit row, an audit row of its own) preceded in
     * its round trip by {@code guard}: the session restored and the lock checked.
     */
    public VersionStore guarded(SessionGuard guard) {
        return new VersionStore(dialect, versionTable, auditTable, guard, seenColumns, known);
    }

    /**
     * The same tables, for one run under the migration lock, during which only this run creates them: whether each
     * exists is asked once, not at every read.
     */
    public VersionStore forOneRun() {
        return new VersionStore(dialect, versionTable, auditTable, guard, seenColumns, new ConcurrentHashMap<>());
    }

    /** Whether {@code t} exists; {@code trustMissing}: a table this run found missing is taken as still missing. */
    private boolean tableExists(Connection c, TableName t, boolean trustMissing) throws SQLException {
        Boolean k = known == null ? null : known.get(t);
        if (k != null && (k || trustMissing)) return k;
        boolean exists = dialect.tableExists(c, t);
        if (known != null) known.put(t, exists);
        return exists;
    }

    public TableName versionTable() { return versionTable; }

    /** What precedes each write: see {@link #guarded}. */
    public SessionGuard guard() { return guard; }

    public TableName auditTable() { return auditTable; }

    public boolean exists(Connection c) throws SQLException {
        return tableExists(c, versionTable, false);
    }

    /**
     * Creates the version table and the audit table where they are missing; nothing else. An audit table made here
     * has every column, so the columns added to older ones are not looked for afterwards.
     */
    public void createIfMissing(Connection c) throws SQLException {
        // Created "if not exists": a table this run found missing need not be looked for again.
        boolean version = tableExists(c, versionTable, true);
        boolean audit = tableExists(c, auditTable, true);
        if (version && audit) return;
        List<String> ddl = new ArrayList<>();
        if (!version) ddl.add(dialect.versionTableDdl(versionTable));
        if (!audit) ddl.add(dialect.auditTableDdl(auditTable));
        try (Statement st = c.createStatement()) {
            if (dialect.sendsStatementsTogether()) {
                st.execute(String.join(";\n", ddl));
            } else {
                for (String s : ddl) st.execute(s);
            }
        }
        if (!audit) seenColumns.addAll(EXTRA_COLUMNS);
        if (known != null) {
            known.put(versionTable, true);
            known.put(auditTable, true);
        }
    }

    /**
     * The heads recorded in the version table, in the table's own order, as Alembic reads them (the same query, no
     * ORDER BY): {@code downgrade -1} from several heads starts from the first row, as Alembic's does. Empty when
     * the table does not exist.
     */
    public List<String> heads(Connection c) throws SQLException {
        if (!exists(c)) return List.of();
        List<String> heads = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version_num FROM " + versionTable.sql())) {
            while (rs.next()) heads.add(rs.getString(1));
        }
        return heads;
    }

    /** One version-table change as SQL with {@code ?} placeholders, and their values. */
    private record Change(String sql, List<String> values, boolean expectOne, String what) {
        /** The SQL with each placeholder replaced by its value as {@code literal} writes it. */
        String withLiterals(java.util.function.Function<String, String> literal) {
            StringBuilder out = new StringBuilder();
            String[] parts = sql.split("\\?", -1);
            for (int i = 0; i < parts.length; i++) {
                out.append(parts[i]);
                if (i < values.size()) out.append(literal.apply(values.get(i)));
            }
            return out.toString();
        }
    }

    private Change change(VersionOp op) {
        String t = versionTable.sql();
        if (op instanceof VersionOp.Insert i) {
            return new Change("INSERT INTO " + t + " (version_num) VALUES (?)", List.of(i.revision()), false, null);
        }
        if (op instanceof VersionOp.Delete d) {
            return new Change("DELETE FROM " + t + " WHERE version_num = ?", List.of(d.revision()), true,
                    "deleting '" + d.revision() + "'");
        }
        VersionOp.Update u = (VersionOp.Update) op;
        return new Change("UPDATE " + t + " SET version_num = ? WHERE version_num = ?", List.of(u.to(), u.from()), true,
                "updating '" + u.from() + "' to '" + u.to() + "'");
    }

    /** Applies a step's version-table changes; an update or delete that does not match one row is an error. */
    public void apply(Connection c, List<VersionOp> ops) throws SQLException {
        for (VersionOp op : ops) {
            Change ch = change(op);
            try (PreparedStatement ps = c.prepareStatement(ch.sql())) {
                for (int i = 0; i < ch.values().size(); i++) ps.setString(i + 1, ch.values().get(i));
                int rows = ps.executeUpdate();
                if (ch.expectOne()) expectOne(rows, ch.what());
            }
        }
    }

    /**
     * Applies a step's version-table changes, appends its audit row and commits the step's transaction, behind the
     * guard: in one round trip where the dialect {@linkplain Dialect#sendsStatementsTogether sends statements
     * together}. There the changes run inside the guard's {@code DO} statement, where an update or delete that does
     * not match one row raises {@link #VERSION_TABLE_STATE} before anything is committed. A failure of any of them
     * leaves nothing committed: the server skips what follows the statement that failed, the commit included. A
     * session that ends during the call may or may not have committed.
     */
    public void applyAndCommit(Connection c, List<VersionOp> ops, AuditEntry audit) throws SQLException {
        if (!dialect.sendsStatementsTogether()) {
            apply(c, ops);
            record(c, audit);
            c.commit();
            return;
        }
        Map<String, String> extras = withExtras(c, audit);
        String guarded = guard.inTransaction(checkedChanges(ops));
        String sql = (guarded.isEmpty() ? "" : guarded + ";\n") + auditInsert(extras.keySet()) + ";\nCOMMIT";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindAudit(ps, 1, audit, extras);
            ps.execute();
        }
    }

    /** The SQLSTATE raised when the version table is not as a step expects it: changed while migrate ran. */
    public static final String VERSION_TABLE_STATE = "MGV01";

    /**
     * The end of a step that is sent to the server together with the steps around it (where the dialect
     * {@linkplain Dialect#sendsStatementsTogether sends statements together}), as SQL text with literals, after the
     * step's own statements in its transaction: behind the guard, a check that the version table holds exactly
     * {@code headsBefore}, so that a step cannot commit unless the one before it did; the version changes; the audit
     * row, whose start and duration are the server's (the transaction's start, and the time since), returning the
     * duration in a column named {@link #BATCHED_STEP}; the commit.
     *
     * @return null when the row needs a column that this store has not seen in the audit table yet: a step on its own
     *         adds it first
     */
    public String batchedEnd(List<VersionOp> ops, List<String> headsBefore, AuditEntry audit) {
        Map<String, String> extras = extras(audit);
        if (!seenColumns.containsAll(extras.keySet())) return null;
        List<String> values = new ArrayList<>(List.of(plLiteral(audit.revision()), plLiteral(audit.kind()),
                plLiteral(String.join(",", audit.headsBefore())), plLiteral(String.join(",", audit.headsAfter())),
                plLiteral(audit.checksum()), plLiteral(audit.databaseUser()), plLiteral(audit.osUser()), plLiteral(audit.host()),
                plLiteral(audit.toolVersion()), "pg_catalog.now()",
                "(pg_catalog.date_part('epoch', pg_catalog.clock_timestamp() - pg_catalog.now()) * 1000)::bigint",
                plLiteral(audit.status()), "NULL", "NULL"));
        for (String v : extras.values()) values.add(plLiteral(v));
        return guard.inTransaction(holdsExactly(headsBefore) + checkedChanges(ops)) + ";\n"
                + auditInsert(extras.keySet(), String.join(", ", values)) + " RETURNING duration_ms AS " + BATCHED_STEP + ";\nCOMMIT";
    }

    /** The label of the column that {@link #batchedEnd} returns: one row for each step that committed. */
    public static final String BATCHED_STEP = "migrate_batched_step_ms";

    /** PL/pgSQL: the version changes, each update or delete required to match one row. */
    private String checkedChanges(List<VersionOp> ops) {
        StringBuilder out = new StringBuilder();
        for (VersionOp op : ops) {
            Change ch = change(op);
            out.append(ch.withLiterals(VersionStore::plLiteral)).append("; ");
            if (ch.expectOne()) {
                out.append("IF NOT FOUND THEN ").append(raise("Expected to match one row of " + versionTable + " when " + ch.what()
                        + "; none found. The version table was changed while migrate ran (by the revision, or by hand); "
                        + "nothing of this step was committed.")).append(" END IF; ");
            }
        }
        return out.toString();
    }

    /** PL/pgSQL: raises unless the version table holds exactly {@code heads}. */
    private String holdsExactly(List<String> heads) {
        String t = versionTable.sql();
        String test = heads.isEmpty() ? "(SELECT pg_catalog.count(*) = 0 FROM " + t + ")"
                : "(SELECT pg_catalog.count(*) = " + heads.size() + " AND pg_catalog.count(*) FILTER (WHERE version_num IN ("
                  + heads.stream().map(VersionStore::plLiteral).collect(Collectors.joining(", ")) + ")) = " + heads.size()
                  + " FROM " + t + ")";
        return "IF " + test + " IS NOT TRUE THEN " + raise("The version table " + versionTable + " no longer holds "
                + (heads.isEmpty() ? "nothing" : String.join(", ", heads)) + ", where this step starts: a step before it did "
                + "not commit, or the table was changed while migrate ran. Nothing of this step was committed.") + " END IF; ";
    }

    private static String raise(String message) {
        return "RAISE EXCEPTION USING ERRCODE = '" + VERSION_TABLE_STATE + "', MESSAGE = " + plLiteral(message) + ";";
    }

    /**
     * A string constant that is safe anywhere in migrate's SQL, {@code DO} bodies included: an escape string, whatever
     * {@code standard_conforming_strings} says, with no dollar sign that could end a dollar quote.
     */
    static String plLiteral(String s) {
        if (s == null) return "NULL";
        return "E'" + s.replace("\\", "\\\\").replace("'", "''").replace("$", "\\x24") + "'";
    }

    /** The same changes as SQL text with literals, for an offline script. */
    public List<String> offlineSql(List<VersionOp> ops) {
        List<String> out = new ArrayList<>();
        for (VersionOp op : ops) {
            out.add(change(op).withLiterals(VersionStore::literal));
        }
        return out;
    }

    /** The DDL that creates both tables, for an offline script that starts from an empty database. */
    public List<String> offlineDdl() {
        return List.of(dialect.versionTableDdl(versionTable), dialect.auditTableDdl(auditTable));
    }

    /**
     * The audit row of a step in an offline script: who ran it and when are the database's own
     * ({@code current_user}, the current time), as the script runs later, elsewhere. A row with lint reasons is
     * preceded, where the database can say "if not exists", by the statement that adds their column to an older
     * table; elsewhere (SQLite) the reasons stay in the script as a comment.
     */
    public List<String> offlineAudit(AuditEntry e) {
        boolean ignores = !e.lintIgnored().isEmpty() && dialect.addColumnIfNotExists(auditTable, LINT_IGNORED, "TEXT") != null;
        List<String> out = new ArrayList<>();
        if (ignores) out.add(dialect.addColumnIfNotExists(auditTable, LINT_IGNORED, "TEXT"));
        out.add("INSERT INTO " + auditTable.sql() + " (" + AUDIT_COLUMNS + (ignores ? ", " + LINT_IGNORED : "") + ") VALUES ("
                + String.join(", ", literal(e.revision()), literal(e.kind()), literal(String.join(",", e.headsBefore())),
                literal(String.join(",", e.headsAfter())), literal(e.checksum()), dialect.currentUserSql(), literal(e.osUser()),
                literal(e.host()), literal(e.toolVersion()), dialect.nowSql(), "0", literal(e.status()), "NULL", "NULL")
                + (ignores ? ", " + literal(String.join("\n", e.lintIgnored())) : "") + ")");
        return out;
    }

    private static String literal(String s) {
        return s == null ? "NULL" : "'" + s.replace("'", "''") + "'";
    }

    /** Removes every row of the version table ({@code stamp --purge}). */
    public void purge(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM " + versionTable.sql());
        }
    }

    private void expectOne(int rows, String what) {
        if (rows != 1) {
            throw new IllegalStateException("Expected to match one row of " + versionTable + " when " + what
                    + "; " + rows + " found. Was the version table changed by hand while migrate ran?");
        }
    }

    /**
     * Appends one row to the audit log, behind the guard: inside the caller's transaction, or in auto-commit (between
     * the statements of a no-transaction revision) in a transaction of its own.
     */
    public void record(Connection c, AuditEntry e) throws SQLException {
        Map<String, String> extras = withExtras(c, e);
        String insert = auditInsert(extras.keySet());
        List<String> statements = !dialect.sendsStatementsTogether() ? List.of(insert)
                : c.getAutoCommit() ? guard.autoCommit(insert) : withPrefix(guard.inTransactionPrefix(), insert);
        try (PreparedStatement ps = c.prepareStatement(String.join(";\n", statements))) {
            bindAudit(ps, 1, e, extras);
            ps.execute();
        }
    }

    /**
     * The row's values for the {@linkplain #EXTRA_COLUMNS extra columns} it has something to write in, by column, after
     * adding a missing one to a table that predates it (in the caller's transaction, so a step that rolls back takes
     * the column back with it).
     */
    private Map<String, String> withExtras(Connection c, AuditEntry e) throws SQLException {
        Map<String, String> out = extras(e);
        for (String column : out.keySet()) {
            if (seenColumns.contains(column)) continue;
            if (dialect.columnExists(c, auditTable, column)) {
                seenColumns.add(column);
            } else {
                try (Statement st = c.createStatement()) {
                    st.execute("ALTER TABLE " + auditTable.sql() + " ADD COLUMN " + column + " TEXT");
                }
            }
        }
        return out;
    }

    /** The row's values for the {@linkplain #EXTRA_COLUMNS extra columns} it has something to write in, by column. */
    private static Map<String, String> extras(AuditEntry e) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!e.lintIgnored().isEmpty()) out.put(LINT_IGNORED, String.join("\n", e.lintIgnored()));
        if (e.runId() != null) out.put(RUN_ID, e.runId());
        return out;
    }

    private static List<String> withPrefix(List<String> prefix, String sql) {
        List<String> out = new ArrayList<>(prefix);
        out.add(sql);
        return out;
    }

    private String auditInsert(Collection<String> extras) {
        return auditInsert(extras, "?,?,?,?,?,?,?,?,?,?,?,?,?,?" + ",?".repeat(extras.size()));
    }

    /** The insert of an audit row with {@code values} for its columns, the extra ones last. */
    private String auditInsert(Collection<String> extras, String values) {
        return "INSERT INTO " + auditTable.sql() + " (" + AUDIT_COLUMNS + extras.stream().map(x -> ", " + x).collect(Collectors.joining())
                + ") VALUES (" + values + ")";
    }

    /** Binds an audit row to the parameters of {@link #auditInsert}, starting at {@code first}. */
    private void bindAudit(PreparedStatement ps, int first, AuditEntry e, Map<String, String> extras) throws SQLException {
        int i = first;
        ps.setString(i++, e.revision());
        ps.setString(i++, e.kind());
        ps.setString(i++, String.join(",", e.headsBefore()));
        ps.setString(i++, String.join(",", e.headsAfter()));
        ps.setString(i++, e.checksum());
        ps.setString(i++, e.databaseUser());
        ps.setString(i++, e.osUser());
        ps.setString(i++, e.host());
        ps.setString(i++, e.toolVersion());
        dialect.setTimestamp(ps, i++, e.startedAt());
        ps.setLong(i++, e.durationMillis());
        ps.setString(i++, e.status());
        ps.setString(i++, e.error());
        ps.setString(i++, e.statement());
        for (String value : extras.values()) ps.setString(i++, value);
    }

    /** The audit log, oldest first; empty when the table does not exist. */
    public List<AuditEntry> auditLog(Connection c) throws SQLException {
        return auditRows(c, "", true);
    }

    /**
     * The rows of the audit log about {@code revision} (all when null), newest first, at most {@code limit} of them
     * (all when 0 or less); empty when the table does not exist.
     */
    public List<AuditEntry> auditLog(Connection c, String revision, int limit) throws SQLException {
        if (!tableExists(c, auditTable, false)) return List.of();
        String sql = select(extras(c))
                + (revision == null ? "" : " WHERE revision = ?") + " ORDER BY id DESC" + (limit > 0 ? " LIMIT " + limit : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (revision != null) ps.setString(1, revision);
            try (ResultSet rs = ps.executeQuery()) {
                return rows(rs);
            }
        }
    }

    /**
     * The rows of the audit log that say where each revision stands, oldest first: its last row other than an
     * accept, and its last successful upgrade or accept (whose checksum is the one applied). That is all a state
     * check needs while every head in the version table is known, however long the log has grown; the rest of the
     * log never leaves the database.
     */
    public List<AuditEntry> latestAuditRows(Connection c) throws SQLException {
        String t = auditTable.sql();
        return auditRows(c, " WHERE id IN (SELECT max(id) FROM " + t + " WHERE revision IS NOT NULL AND kind <> 'accept' GROUP BY revision"
                + " UNION SELECT max(id) FROM " + t + " WHERE revision IS NOT NULL AND status = '" + AuditEntry.OK + "'"
                + " AND kind IN ('upgrade', 'accept') GROUP BY revision)", false);
    }

    /** The audit columns, and the lint reasons where asked for (and the table has them). */
    private String select(List<String> extras) {
        return "SELECT id, revision, kind, heads_before, heads_after, checksum, db_user, os_user, host, tool_version, "
                + dialect.timestampSelect("started_at") + ", duration_ms, status, error, statement"
                + extras.stream().map(x -> ", " + x).collect(Collectors.joining()) + " FROM " + auditTable.sql();
    }

    /** The extra columns the audit table has. */
    private List<String> extras(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        for (String column : EXTRA_COLUMNS) {
            if (seenColumns.contains(column) || dialect.columnExists(c, auditTable, column)) {
                seenColumns.add(column);
                out.add(column);
            }
        }
        return out;
    }

    /** @param extras whether to read the extra columns: a state check has no use for them */
    private List<AuditEntry> auditRows(Connection c, String where, boolean extras) throws SQLException {
        if (!tableExists(c, auditTable, false)) return List.of();
        List<AuditEntry> out = new ArrayList<>();
        String sql = select(extras ? extras(c) : List.of()) + where + " ORDER BY id";
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            out.addAll(rows(rs));
        }
        return out;
    }

    private List<AuditEntry> rows(ResultSet rs) throws SQLException {
        List<AuditEntry> out = new ArrayList<>();
        while (rs.next()) {
            out.add(new AuditEntry(rs.getLong(1), rs.getString(2), rs.getString(3), split(rs.getString(4)),
                    split(rs.getString(5)), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                    rs.getString(10), dialect.getTimestamp(rs, 11), rs.getLong(12), rs.getString(13), rs.getString(14), rs.getString(15),
                    lines(extra(rs, LINT_IGNORED)), extra(rs, RUN_ID)));
        }
        return out;
    }

    /** An extra column's value; null when the query did not read it. */
    private static String extra(ResultSet rs, String column) throws SQLException {
        java.sql.ResultSetMetaData md = rs.getMetaData();
        for (int i = 16; i <= md.getColumnCount(); i++) {
            if (md.getColumnLabel(i).equalsIgnoreCase(column)) return rs.getString(i);
        }
        return null;
    }

    private static List<String> lines(String s) {
        return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split("\n"));
    }

    private static List<String> split(String s) {
        return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split(","));
    }
}
