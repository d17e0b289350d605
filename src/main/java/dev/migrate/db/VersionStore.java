package dev.migrate.db;

import dev.migrate.graph.VersionOp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What happened in the database: the version table (one {@code version_num} row per current head, Alembic's
 * semantics) and the append-only audit log beside it. Every method works on the caller's connection and inside
 * the caller's transaction, so that a revision, its version change and its audit row commit together.
 */
public final class VersionStore {

    private final Dialect dialect;
    private final TableName versionTable;
    private final TableName auditTable;

    public VersionStore(Dialect dialect, TableName versionTable, TableName auditTable) {
        this.dialect = dialect;
        this.versionTable = versionTable;
        this.auditTable = auditTable;
    }

    public TableName versionTable() { return versionTable; }

    public TableName auditTable() { return auditTable; }

    public boolean exists(Connection c) throws SQLException {
        return dialect.tableExists(c, versionTable);
    }

    /** Creates the version table and the audit table where they are missing; nothing else. */
    public void createIfMissing(Connection c) throws SQLException {
        boolean version = dialect.tableExists(c, versionTable);
        boolean audit = dialect.tableExists(c, auditTable);
        if (version && audit) return;
        try (Statement st = c.createStatement()) {
            if (!version) st.execute(dialect.versionTableDdl(versionTable));
            if (!audit) st.execute(dialect.auditTableDdl(auditTable));
        }
    }

    /** The heads recorded in the version table, sorted; empty when the table does not exist. */
    public List<String> heads(Connection c) throws SQLException {
        if (!exists(c)) return List.of();
        List<String> heads = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version_num FROM " + versionTable.sql() + " ORDER BY version_num")) {
            while (rs.next()) heads.add(rs.getString(1));
        }
        return heads;
    }

    /** Applies a step's version-table changes; an update or delete that does not match one row is an error. */
    public void apply(Connection c, List<VersionOp> ops) throws SQLException {
        for (VersionOp op : ops) {
            if (op instanceof VersionOp.Insert insert) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + versionTable.sql() + " (version_num) VALUES (?)")) {
                    ps.setString(1, insert.revision());
                    ps.executeUpdate();
                }
            } else if (op instanceof VersionOp.Delete delete) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + versionTable.sql() + " WHERE version_num = ?")) {
                    ps.setString(1, delete.revision());
                    expectOne(ps.executeUpdate(), "deleting '" + delete.revision() + "'");
                }
            } else if (op instanceof VersionOp.Update update) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + versionTable.sql() + " SET version_num = ? WHERE version_num = ?")) {
                    ps.setString(1, update.to());
                    ps.setString(2, update.from());
                    expectOne(ps.executeUpdate(), "updating '" + update.from() + "' to '" + update.to() + "'");
                }
            }
        }
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

    /** Appends one row to the audit log. */
    public void record(Connection c, AuditEntry e) throws SQLException {
        String sql = "INSERT INTO " + auditTable.sql() + " (revision, kind, heads_before, heads_after, checksum, db_user, "
                + "os_user, host, tool_version, started_at, duration_ms, success, error) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, e.revision());
            ps.setString(2, e.kind());
            ps.setString(3, String.join(",", e.headsBefore()));
            ps.setString(4, String.join(",", e.headsAfter()));
            ps.setString(5, e.checksum());
            ps.setString(6, e.databaseUser());
            ps.setString(7, e.osUser());
            ps.setString(8, e.host());
            ps.setString(9, e.toolVersion());
            dialect.setTimestamp(ps, 10, e.startedAt());
            ps.setLong(11, e.durationMillis());
            ps.setBoolean(12, e.success());
            ps.setString(13, e.error());
            ps.executeUpdate();
        }
    }

    /** The audit log, oldest first; empty when the table does not exist. */
    public List<AuditEntry> auditLog(Connection c) throws SQLException {
        if (!dialect.tableExists(c, auditTable)) return List.of();
        List<AuditEntry> out = new ArrayList<>();
        String sql = "SELECT id, revision, kind, heads_before, heads_after, checksum, db_user, os_user, host, tool_version, "
                + "started_at, duration_ms, success, error FROM " + auditTable.sql() + " ORDER BY id";
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(new AuditEntry(rs.getLong(1), rs.getString(2), rs.getString(3), split(rs.getString(4)),
                        split(rs.getString(5)), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                        rs.getString(10), dialect.getTimestamp(rs, 11), rs.getLong(12), rs.getBoolean(13), rs.getString(14)));
            }
        }
        return out;
    }

    private static List<String> split(String s) {
        return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split(","));
    }
}
