package dev.migrate.diff;

import dev.migrate.catalog.Catalog;
import dev.migrate.catalog.PostgresCatalogReader;
import dev.migrate.support.PostgresServer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random schemas and random sequences of mutations ({@link RandomSchemas}): for each pair, diff(X, X) is empty, the
 * generated upgrade gives the mutated schema, the downgrade gives the original back, and so does the online-safe
 * upgrade. Many cases share a database, each in a schema of its own. {@code -Dmigrate.property.cases=N} runs more
 * (the nightly size), {@code -Dmigrate.property.seed=S} repeats a failure.
 */
class PropertyTest {

    static final int CASES = Integer.getInteger("migrate.property.cases", 1000);
    static final long SEED = Long.getLong("migrate.property.seed", 20261203L);
    static final int BATCH = 100;

    @Test
    void randomMutationsRoundTrip() throws Exception {
        run(PostgresServer.adminUrl(), CASES, SEED);
    }

    /** Runs {@code cases} cases on the server of {@code adminUrl} (also used for the other PostgreSQL versions). */
    static void run(String adminUrl, int cases, long seed) throws SQLException {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 3; i++) urls.add(PostgresServer.createDatabaseOn(adminUrl));
        try {
            for (int start = 0; start < cases; start += BATCH) batch(urls, seed + start, Math.min(BATCH, cases - start));
        } finally {
            for (String u : urls) PostgresServer.dropDatabase(u);
        }
    }

    record Case(long seed, String schema, String a, String b, List<String> hints) {
    }

    private static void batch(List<String> urls, long seed, int n) throws SQLException {
        List<Case> cases = new ArrayList<>();
        StringBuilder all = new StringBuilder();
        StringBuilder allB = new StringBuilder();
        for (int i = 0; i < n; i++) {
            RandomSchemas s = new RandomSchemas(seed + i);
            s.generate();
            RandomSchemas m = s.copy();
            m.random.setSeed(seed + i + 1_000_003L);
            List<String> hints = new ArrayList<>();
            int mutations = 1 + m.random.nextInt(4);
            for (int k = 0; k < mutations; k++) {
                String hint = m.mutate();
                if (hint != null) hints.add(hint);
            }
            hints.removeIf(h -> !stillARename(h, s, m));
            String schema = "p" + i;
            Case c = new Case(seed + i, schema, s.sql(schema), m.sql(schema), List.copyOf(hints));
            cases.add(c);
            all.append("CREATE SCHEMA ").append(schema).append(";\n").append(c.a());
            allB.append("CREATE SCHEMA ").append(schema).append(";\n").append(c.b());
        }
        for (String u : urls) reset(u);
        try {
            exec(urls.get(0), all.toString());
            exec(urls.get(2), all.toString());
            exec(urls.get(1), allB.toString());
        } catch (SQLException e) {
            // Find the case whose SQL does not load, to report it.
            for (Case c : cases) {
                for (String u : urls) reset(u);
                try {
                    exec(urls.get(0), "CREATE SCHEMA " + c.schema() + ";\n" + c.a());
                    exec(urls.get(1), "CREATE SCHEMA " + c.schema() + ";\n" + c.b());
                } catch (SQLException again) {
                    fail("seed " + c.seed() + ": the generated schema does not load: " + again.getMessage() + "\nA:\n" + c.a() + "\nB:\n" + c.b());
                }
            }
            throw e;
        }
        PostgresCatalogReader reader = new PostgresCatalogReader();
        try (Connection a = PostgresServer.connect(urls.get(0)); Connection b = PostgresServer.connect(urls.get(1));
             Connection safe = PostgresServer.connect(urls.get(2))) {
            for (Case c : cases) {
                Catalog ca = reader.read(a, List.of(c.schema()), List.of());
                Catalog cb = reader.read(b, List.of(c.schema()), List.of());
                check(c, "diff(A, A)", Differ.diff(ca, ca), List.of());
                check(c, "diff(B, B)", Differ.diff(cb, cb), List.of());
                Renames hints = Renames.parse(c.hints(), ca, cb);
                List<Change> up = Differ.diff(ca, cb, new Differ.Options(hints, false));
                List<Change> down = Differ.diff(cb, ca, new Differ.Options(hints.reversed(), false));
                List<PostgresChangeSql.Statement> upSql = new PostgresChangeSql(c.schema(), false).render(up);
                List<PostgresChangeSql.Statement> downSql = new PostgresChangeSql(c.schema(), false).render(down);
                List<PostgresChangeSql.Statement> safeSql = new PostgresChangeSql(c.schema(), true).render(up);
                apply(a, c, upSql, "upgrade");
                apply(b, c, downSql, "downgrade");
                apply(safe, c, safeSql, "safe upgrade");
                check(c, "after the upgrade", Differ.diff(reader.read(a, List.of(c.schema()), List.of()), cb), upSql);
                check(c, "after the downgrade", Differ.diff(reader.read(b, List.of(c.schema()), List.of()), ca), downSql);
                check(c, "after the safe upgrade", Differ.diff(reader.read(safe, List.of(c.schema()), List.of()), cb), safeSql);
            }
        }
    }

    /** A hint names a column of the original that, under its new name, is still in the mutated table. */
    private static boolean stillARename(String hint, RandomSchemas before, RandomSchemas after) {
        String table = hint.substring(0, hint.indexOf('.'));
        String old = hint.substring(hint.indexOf('.') + 1, hint.indexOf('='));
        String now = hint.substring(hint.indexOf('=') + 1);
        RandomSchemas.Tbl a = before.tables.get(table);
        RandomSchemas.Tbl b = after.tables.get(table);
        return a != null && b != null && a.col(old) != null && a.col(now) == null && b.col(now) != null && b.col(old) == null;
    }

    private static void check(Case c, String what, List<Change> rest, List<PostgresChangeSql.Statement> sql) {
        if (!rest.isEmpty()) {
            fail("seed " + c.seed() + ": " + what + " still differs: " + rest.stream().map(Change::describe).toList()
                    + "\nhints " + c.hints() + "\nA:\n" + c.a() + "\nB:\n" + c.b() + "\nSQL:\n"
                    + String.join(";\n", sql.stream().map(PostgresChangeSql.Statement::sql).toList()));
        }
    }

    private static void apply(Connection conn, Case c, List<PostgresChangeSql.Statement> sql, String what) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("SET search_path = " + c.schema());
            conn.setAutoCommit(false);
            for (PostgresChangeSql.Statement s : sql) {
                if (s.online()) continue;
                try {
                    st.execute(s.sql());
                } catch (SQLException e) {
                    conn.rollback();
                    conn.setAutoCommit(true);
                    fail("seed " + c.seed() + ": the " + what + " failed at " + s.sql() + ": " + e.getMessage() + "\nhints " + c.hints()
                            + "\nA:\n" + c.a() + "\nB:\n" + c.b());
                }
            }
            conn.commit();
            conn.setAutoCommit(true);
            for (PostgresChangeSql.Statement s : sql) {
                if (!s.online()) continue;
                try {
                    st.execute(s.sql());
                } catch (SQLException e) {
                    fail("seed " + c.seed() + ": the " + what + " (online part) failed at " + s.sql() + ": " + e.getMessage());
                }
            }
            st.execute("RESET search_path");
        }
    }

    private static void exec(String url, String sql) throws SQLException {
        try (Connection c = PostgresServer.connect(url); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static void reset(String url) throws SQLException {
        try (Connection c = PostgresServer.connect(url); Statement st = c.createStatement()) {
            List<String> schemas = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT nspname FROM pg_namespace WHERE nspname ~ '^p[0-9]+$'")) {
                while (rs.next()) schemas.add(rs.getString(1));
            }
            for (String s : schemas) st.execute("DROP SCHEMA " + s + " CASCADE");
        }
    }
}
