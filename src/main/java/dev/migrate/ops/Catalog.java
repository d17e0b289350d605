package dev.migrate.ops;

import dev.migrate.api.OfflineModeException;
import dev.migrate.api.OperationFailedException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The current schema, for the one operation that needs to read it (a SQLite table copy). Online it queries the
 * revision's connection; offline there is no database, and {@link #requireOnline} refuses.
 */
final class Catalog {

    private final String operation;
    private final Connection connection; // null offline
    private final String revisionId;

    Catalog(String operation, Connection connection, String revisionId) {
        this.operation = operation;
        this.connection = connection;
        this.revisionId = revisionId;
    }

    /** The operation being rendered, e.g. {@code alterColumn accounts.email}, for messages. */
    String operation() {
        return operation;
    }

    /** Whether there is a database to read. */
    boolean online() {
        return connection != null;
    }

    /**
     * Refuses offline.
     *
     * @param reason why the operation needs the database, for the message
     */
    void requireOnline(String reason) {
        if (connection == null) throw OfflineModeException.needsSchema(revisionId, operation, reason);
    }

    /** The rows of a query, each as its column values. */
    List<List<Object>> rows(String sql, Object... params) {
        if (connection == null) throw new IllegalStateException("no connection offline: call requireOnline first");
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                List<List<Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    Object[] row = new Object[n];
                    for (int i = 0; i < n; i++) row[i] = rs.getObject(i + 1);
                    rows.add(Arrays.asList(row));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new OperationFailedException(operation, sql, e);
        }
    }

    /** The first column of the first row, or null if there is no row. */
    Object value(String sql, Object... params) {
        List<List<Object>> rows = rows(sql, params);
        return rows.isEmpty() ? null : rows.get(0).get(0);
    }
}
