package dev.migrate.ops;

import dev.migrate.api.Column;
import dev.migrate.api.Operations;
import dev.migrate.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code bulkInsert} of every supported kind of value: online (bound parameters) and offline (literals, run
 * afterwards) must store the same thing.
 */
class BulkInsertTest {

    @TempDir
    Path dir;

    static List<Map<String, Object>> rows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(row(1, "it's a \"test\" \\ with\nnewline, ünïcødé ✓", Integer.MIN_VALUE, new BigDecimal("-12345.6789"), 0.1,
                true, LocalDate.of(2026, 11, 21), LocalTime.of(10, 30, 15, 123_456_000),
                LocalDateTime.of(2026, 11, 21, 10, 30), OffsetDateTime.of(2026, 11, 21, 10, 30, 0, 0, ZoneOffset.ofHours(2)),
                UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), new byte[] {0, 1, (byte) 0xfe, (byte) 0xff}));
        rows.add(row(2, "", Long.MAX_VALUE, new BigDecimal("0.0001"), -1.5e300, false, LocalDate.of(1999, 1, 2),
                LocalTime.MIDNIGHT, LocalDateTime.of(2000, 2, 29, 23, 59, 59, 999_999_000),
                Instant.parse("2026-06-01T12:00:00Z"), UUID.fromString("00000000-0000-0000-0000-000000000000"), new byte[0]));
        Map<String, Object> nulls = row(3, null, null, null, null, null, null, null, null, null, null, null);
        rows.add(nulls);
        Map<String, Object> sparse = new HashMap<>();
        sparse.put("id", 4);
        rows.add(sparse); // everything else left to the defaults
        return rows;
    }

    private static Map<String, Object> row(int id, Object s, Object i, Object d, Object f, Object b, Object day, Object t,
                                           Object ts, Object tstz, Object u, Object bytes) {
        Map<String, Object> r = new HashMap<>();
        r.put("id", id);
        r.put("s", s);
        r.put("i", i);
        r.put("d", d);
        r.put("f", f);
        r.put("b", b);
        r.put("day", day);
        r.put("t", t);
        r.put("ts", ts);
        r.put("tstz", tstz);
        r.put("u", u);
        r.put("bytes", bytes);
        return r;
    }

    static void createTable(Operations op) {
        boolean pg = op.dialect().equals("postgresql");
        op.createTable("vals",
                Column.of("id", "integer").primaryKey(),
                Column.of("s", "text").defaultValue("default"),
                Column.of("i", "bigint"),
                Column.of("d", "numeric(20,4)"),
                Column.of("f", "double precision"),
                Column.of("b", "boolean"),
                Column.of("day", "date"),
                Column.of("t", "time"),
                Column.of("ts", "timestamp"),
                Column.of("tstz", pg ? "timestamptz" : "text"),
                Column.of("u", pg ? "uuid" : "text"),
                Column.of("bytes", pg ? "bytea" : "blob"));
    }

    @Test
    void postgresOnlineAndOfflineStoreTheSame() throws Exception {
        try (TestDatabase online = TestDatabase.postgres(); TestDatabase offline = TestDatabase.postgres()) {
            List<String> stored = compare(new PostgresRenderer(), online, offline,
                    "SELECT id, s, i, d, f, b, day, t, ts, tstz AT TIME ZONE 'UTC', u, encode(bytes, 'hex') FROM vals ORDER BY id");
            assertEquals(List.of(
                    "1|it's a \"test\" \\ with\nnewline, ünïcødé ✓|-2147483648|-12345.6789|0.1|t|2026-11-21|10:30:15.123456"
                            + "|2026-11-21 10:30:00|2026-11-21 08:30:00|123e4567-e89b-12d3-a456-426614174000|0001feff",
                    "2||9223372036854775807|0.0001|-1.5e+300|f|1999-01-02|00:00:00|2000-02-29 23:59:59.999999"
                            + "|2026-06-01 12:00:00|00000000-0000-0000-0000-000000000000|",
                    "3|null|null|null|null|null|null|null|null|null|null|null",
                    "4|default|null|null|null|null|null|null|null|null|null|null"), stored);
        }
    }

    @Test
    void sqliteOnlineAndOfflineStoreTheSame() throws Exception {
        List<String> stored = compare(new SqliteRenderer(), TestDatabase.sqlite(dir), TestDatabase.sqlite(dir),
                "SELECT id, s, i, d, f, b, day, t, ts, tstz, u, hex(bytes), typeof(i) || typeof(d) || typeof(f) || typeof(b) "
                        + "|| typeof(bytes) FROM vals ORDER BY id");
        assertEquals(List.of(
                "1|it's a \"test\" \\ with\nnewline, ünïcødé ✓|-2147483648|-12345.6789|0.1|1|2026-11-21|10:30:15.123456"
                        + "|2026-11-21 10:30:00|2026-11-21 10:30:00+02:00|123e4567-e89b-12d3-a456-426614174000|0001FEFF"
                        + "|integerrealrealintegerblob",
                "2||9223372036854775807|0.0001|-1.5e+300|0|1999-01-02|00:00:00|2000-02-29 23:59:59.999999"
                        + "|2026-06-01 12:00:00|00000000-0000-0000-0000-000000000000||integerrealrealintegerblob",
                "3|null|null|null|null|null|null|null|null|null|null||nullnullnullnullnull",
                "4|default|null|null|null|null|null|null|null|null|null||nullnullnullnullnull"), stored);
    }

    /** Inserts {@link #rows()} online into one database and offline into the other; returns what both stored. */
    private static List<String> compare(SqlRenderer renderer, TestDatabase online, TestDatabase offline, String select)
            throws SQLException {
        try (Connection c = online.connect()) {
            SqlOperations op = SqlOperations.online(renderer, c);
            createTable(op);
            op.bulkInsert("vals", rows());
        }
        SqlOperations script = SqlOperations.offline(renderer, "r1");
        createTable(script);
        script.bulkInsert("vals", rows());
        try (Connection c = offline.connect(); Statement st = c.createStatement()) {
            for (String sql : script.statements()) st.execute(sql);
        }
        List<String> stored = online.query(select);
        assertEquals(stored, offline.query(select));
        return stored;
    }

    @Test
    void offlineRowsAreLiteralInsertsInColumnNameOrder() {
        SqlOperations op = SqlOperations.offline(new PostgresRenderer(), "r1");
        op.bulkInsert("t", List.of(Map.of("b", 2, "a", "x"), Map.of(), Map.of("user", OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC))));
        op.bulkInsert("t", List.of());
        assertEquals(List.of("INSERT INTO t (a, b) VALUES ('x', 2)", "INSERT INTO t DEFAULT VALUES",
                "INSERT INTO t (\"user\") VALUES (TIMESTAMP WITH TIME ZONE '2026-01-02 03:04:05+00:00')"), op.statements());
    }

    @Test
    void valuesWithoutALiteralAreRefusedBeforeAnythingIsRendered() {
        for (SqlRenderer r : List.of(new PostgresRenderer(), new SqliteRenderer())) {
            SqlOperations op = SqlOperations.offline(r, "r1");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> op.bulkInsert("t", List.of(Map.of("a", 1), Map.of("a", new Object()))));
            assertEquals("cannot write a value of type java.lang.Object as SQL: use a String, Number, Boolean, "
                    + "java.time date or time, UUID or byte[]", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> op.bulkInsert("t", List.of(Map.of("a", Double.NaN))));
            assertEquals("cannot write NaN as SQL: only finite numbers have a literal", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> op.bulkInsert("t", List.of(Map.of("a", "nul\0"))));
            assertEquals("cannot write a string with a NUL character (\\0) as SQL text", e.getMessage());
            assertEquals(List.of(), op.statements());
        }
    }
}
