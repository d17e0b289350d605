package dev.migrate.tenants;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A PostgreSQL server's connections as a fleet run sees them before it starts: its {@code max_connections}, those in
 * use by clients, and those free for a role that is not a superuser (less {@code superuser_reserved_connections}),
 * counting the connection that asks as one of the run's.
 */
public record ServerConnections(int max, int inUse, int free) {

    /** Read on {@code c}, a connection of the run. */
    public static ServerConnections of(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_setting('max_connections')::int, current_setting('superuser_reserved_connections')::int, "
                     + "(SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE backend_type = 'client backend')")) {
            rs.next();
            int max = rs.getInt(1);
            int inUse = rs.getInt(3);
            return new ServerConnections(max, inUse, Math.max(0, max - rs.getInt(2) - inUse + 1));
        }
    }
}
