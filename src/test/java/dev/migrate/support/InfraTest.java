package dev.migrate.support;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The throw-away cluster and PgBouncer that the fault tests stand on do what those tests assume. */
class InfraTest {

    static String one(String url, String sql) throws Exception {
        try (Connection c = PostgresServer.connect(url); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void aThrowawayClusterHasItsSettingsAndIsGoneWhenClosed() throws Exception {
        String url;
        try (ThrowawayCluster c = ThrowawayCluster.start(Map.of("idle_session_timeout", "7s"))) {
            url = c.url("postgres");
            assertEquals("7s", one(url, "SHOW idle_session_timeout"));
            assertNotEquals(5432, c.port());
        }
        assertThrows(Exception.class, () -> one(url, "SELECT 1"));
    }

    static int pid(Connection c) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void transactionPoolingSharesServerSessionsAndSessionPoolingDoesNot() throws Exception {
        try (ThrowawayCluster pg = ThrowawayCluster.start(Map.of())) {
            for (String mode : List.of("transaction", "session")) {
                try (PgBouncer b = PgBouncer.start(mode, "127.0.0.1", pg.port(), 4);
                     Connection c1 = PostgresServer.connect(b.url("postgres") + "?prepareThreshold=0");
                     Connection c2 = PostgresServer.connect(b.url("postgres") + "?prepareThreshold=0")) {
                    int p1 = pid(c1);
                    int p2 = pid(c2);
                    if (mode.equals("transaction")) assertEquals(p1, p2, "the idle server session went to the next client");
                    else assertNotEquals(p1, p2);
                    assertFalse(c1.isClosed());
                }
            }
        }
    }
}
