package dev.migrate.lint;

import dev.migrate.script.SqlSplitter;
import dev.migrate.support.PostgresServer;
import dev.migrate.support.PostgresVersions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trace's findings, each with a case that fires and a near miss that does not, measured on real servers: the
 * local one and PostgreSQL 12, 13, 14, 16 and 17. Every table starts empty: the trace must see rewrites, scans and
 * write-blocking locks without rows to count.
 */
class PostgresTraceTest {

    static final String SCHEMA = """
            CREATE TABLE users (id integer PRIMARY KEY, email varchar(100), age integer, seen timestamp);
            CREATE TABLE orders (id integer PRIMARY KEY, user_id integer, total integer);
            """;

    /** A case: the revision's statements, the rules expected (in order of first appearance; empty for a near miss), and the TimeZone. */
    record Case(String name, String sql, List<String> rules, String timeZone, String setup) {
        Case(String name, String sql, List<String> rules, String timeZone) {
            this(name, sql, rules, timeZone, null);
        }

        @Override
        public String toString() {
            return name;
        }
    }


    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("int to bigint rewrites", "ALTER TABLE users ALTER COLUMN age TYPE bigint;", List.of("strong-lock", "table-rewrite"), null));
        c.add(new Case("a longer varchar does not rewrite", "ALTER TABLE users ALTER COLUMN email TYPE varchar(200);", List.of("strong-lock"), null));
        c.add(new Case("timestamp to timestamptz outside UTC rewrites", "ALTER TABLE users ALTER COLUMN seen TYPE timestamptz;",
                List.of("strong-lock", "table-rewrite"), "Europe/Berlin"));
        c.add(new Case("timestamp to timestamptz in UTC does not", "ALTER TABLE users ALTER COLUMN seen TYPE timestamptz;",
                List.of("strong-lock"), "UTC"));
        c.add(new Case("an index blocks writes", "CREATE INDEX ix_orders_user ON orders (user_id);", List.of("strong-lock", "index-blocks-writes"), null));
        c.add(new Case("an index on a new table does not", "CREATE TABLE tags (id int); CREATE INDEX ix_tags ON tags (id);", List.of(), null));
        c.add(new Case("a check scans under the lock", "ALTER TABLE orders ADD CONSTRAINT total_positive CHECK (total > 0);",
                List.of("strong-lock", "validation-scan"), null));
        c.add(new Case("a check NOT VALID does not scan", "ALTER TABLE orders ADD CONSTRAINT total_positive CHECK (total > 0) NOT VALID;",
                List.of("strong-lock"), null));
        c.add(new Case("SET NOT NULL scans", "ALTER TABLE users ALTER COLUMN email SET NOT NULL;", List.of("strong-lock", "validation-scan"), null));
        c.add(new Case("SET NOT NULL after a validated check does not", "ALTER TABLE users ALTER COLUMN email SET NOT NULL;",
                List.of("strong-lock"), null, "ALTER TABLE users ADD CONSTRAINT email_nn CHECK (email IS NOT NULL)"));
        c.add(new Case("a foreign key locks the referenced table and scans",
                "ALTER TABLE orders ADD CONSTRAINT orders_user FOREIGN KEY (user_id) REFERENCES users (id);",
                List.of("strong-lock", "foreign-key-locks-referenced", "validation-scan"), null));
        c.add(new Case("a foreign key NOT VALID still locks the referenced table, without the scan",
                "ALTER TABLE orders ADD CONSTRAINT orders_user FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;",
                List.of("strong-lock", "foreign-key-locks-referenced"), null));
        c.add(new Case("a backfill under the DDL lock", "ALTER TABLE users ADD COLUMN score integer; UPDATE users SET score = 0;",
                List.of("strong-lock", "work-under-strong-lock"), null));
        c.add(new Case("a backfill alone holds no DDL lock", "UPDATE users SET age = 0;", List.of(), null));
        c.add(new Case("NOT VALID then VALIDATE in one transaction", """
                ALTER TABLE orders ADD CONSTRAINT total_positive CHECK (total > 0) NOT VALID;
                ALTER TABLE orders VALIDATE CONSTRAINT total_positive;
                """, List.of("strong-lock", "validate-in-same-transaction"), null));
        return c;
    }

    static Stream<Object[]> casesOnEachServer() {
        List<String> servers = new ArrayList<>();
        servers.add("local");
        servers.addAll(PostgresVersions.versions());
        return servers.stream().map(s -> new Object[] {s});
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("casesOnEachServer")
    void eachFindingFiresAndItsNearMissDoesNot(String server) throws Exception {
        String admin = server.equals("local") ? PostgresServer.adminUrl() : PostgresVersions.adminUrl(server);
        int major;
        try (Connection c = PostgresServer.connect(admin)) {
            major = c.getMetaData().getDatabaseMajorVersion();
        }
        for (Case k : cases()) {
            String url = PostgresServer.createDatabaseOn(admin);
            try (Connection c = PostgresServer.connect(url)) {
                try (Statement st = c.createStatement()) {
                    st.execute(SCHEMA);
                    if (k.setup() != null) st.execute(k.setup());
                }
                List<SqlSplitter.Statement> statements = SqlSplitter.split(k.sql(), 1, SqlSplitter.Flavor.POSTGRESQL);
                List<Finding> found = new PostgresTrace(c).trace("r1", Path.of("r1.sql"), statements, k.timeZone());
                List<String> rules = found.stream().map(Finding::rule).distinct().toList();
                assertEquals(k.rules(), rules, "PostgreSQL " + server + " (" + major + "), " + k.name() + ": " + found);
                try (Statement st = c.createStatement(); var rs = st.executeQuery(
                        "SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'score'")) {
                    rs.next();
                    assertEquals(0, rs.getInt(1), "the trace rolls back");
                }
            } finally {
                PostgresServer.dropDatabase(url);
            }
        }
    }

    @Test
    void aFindingSaysWhatTheLockBlocks() throws Exception {
        String url = PostgresServer.createDatabase();
        try (Connection c = PostgresServer.connect(url)) {
            try (Statement st = c.createStatement()) {
                st.execute(SCHEMA);
            }
            List<Finding> found = new PostgresTrace(c).trace("r1", Path.of("v/r1.sql"),
                    SqlSplitter.split("\n\nALTER TABLE users ALTER COLUMN age TYPE bigint;", 5, SqlSplitter.Flavor.POSTGRESQL), null);
            Finding lock = found.get(0);
            assertEquals("ACCESS EXCLUSIVE on public.users: blocks reads and writes until the transaction commits", lock.message());
            assertEquals(7, lock.line());
            assertEquals("public.users", lock.table());
            Finding rewrite = found.get(1);
            assertTrue(rewrite.message().startsWith("rewrites public.users"), rewrite.message());
            assertTrue(rewrite.fix() != null && rewrite.fix().contains("expand and contract"), rewrite.fix());
        } finally {
            PostgresServer.dropDatabase(url);
        }
    }
}
