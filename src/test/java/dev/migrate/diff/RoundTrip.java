package dev.migrate.diff;

import dev.migrate.catalog.Catalog;
import dev.migrate.catalog.PostgresCatalogReader;
import dev.migrate.support.PostgresServer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The proof every schema change must pass on a real PostgreSQL: schema A and schema B written as SQL, read back
 * through the catalog, diffed both ways, and the generated SQL run; the result must read back as the other schema
 * (an empty re-diff), in the plain form and in the online-safe form. Three databases, reset between cases.
 */
public final class RoundTrip implements AutoCloseable {

    /** The schemas compared: the default one, and one more for the cases about schemas. */
    static final List<String> SCHEMAS = List.of("public", "billing");
    private final List<String> urls = new ArrayList<>();
    private final PostgresCatalogReader reader = new PostgresCatalogReader();

    /** Three fresh databases on the server of {@code adminUrl}. */
    public RoundTrip(String adminUrl) {
        for (int i = 0; i < 3; i++) urls.add(PostgresServer.createDatabaseOn(adminUrl));
    }

    /** What one case produced. */
    public record Result(List<Change> up, List<Change> down, List<PostgresChangeSql.Statement> upSql,
                         List<PostgresChangeSql.Statement> safeSql) {
        public String upText() {
            return String.join(";\n", upSql.stream().map(PostgresChangeSql.Statement::sql).toList());
        }
    }

    public Result check(String a, String b) throws SQLException {
        return check(a, b, List.of());
    }

    /** Runs the case; fails with the SQL and what still differed when a step does not give the schema it must. */
    public Result check(String a, String b, List<String> renameHints) throws SQLException {
        for (String url : urls) reset(url);
        run(urls.get(0), a, "schema A");
        run(urls.get(2), a, "schema A");
        run(urls.get(1), b, "schema B");
        Catalog ca = read(urls.get(0));
        Catalog cb = read(urls.get(1));
        assertEquals(List.of(), Differ.diff(ca, ca), "diff(A, A)");
        assertEquals(List.of(), Differ.diff(cb, cb), "diff(B, B)");
        Renames renames = Renames.parse(renameHints, ca, cb);
        List<Change> up = Differ.diff(ca, cb, new Differ.Options(renames, false));
        List<Change> down = Differ.diff(cb, ca, new Differ.Options(renames.reversed(), false));
        List<PostgresChangeSql.Statement> upSql = new PostgresChangeSql("public", false).render(up);
        List<PostgresChangeSql.Statement> downSql = new PostgresChangeSql("public", false).render(down);
        List<PostgresChangeSql.Statement> safeSql = new PostgresChangeSql("public", true).render(up);
        apply(urls.get(0), upSql, "upgrade");
        expectSame(read(urls.get(0)), cb, "the upgrade", upSql);
        apply(urls.get(1), downSql, "downgrade");
        expectSame(read(urls.get(1)), ca, "the downgrade", downSql);
        apply(urls.get(2), safeSql, "safe upgrade");
        expectSame(read(urls.get(2)), cb, "the online-safe upgrade", safeSql);
        return new Result(up, down, upSql, safeSql);
    }

    public Catalog read(String url) throws SQLException {
        try (Connection c = PostgresServer.connect(url)) {
            return reader.read(c, SCHEMAS, List.of());
        }
    }

    /** The catalog of SQL loaded into a fresh schema. */
    public Catalog catalogOf(String sql) throws SQLException {
        reset(urls.get(0));
        run(urls.get(0), sql, "schema");
        return read(urls.get(0));
    }

    private static void expectSame(Catalog actual, Catalog expected, String what, List<PostgresChangeSql.Statement> sql) {
        List<Change> rest = Differ.diff(actual, expected);
        if (!rest.isEmpty()) {
            fail(what + " left differences: " + rest.stream().map(Change::describe).toList() + "\nSQL:\n"
                    + String.join(";\n", sql.stream().map(PostgresChangeSql.Statement::sql).toList()));
        }
    }

    /** As a revision pair runs them: the main statements in one transaction, the online ones each on their own. */
    private static void apply(String url, List<PostgresChangeSql.Statement> statements, String what) throws SQLException {
        try (Connection c = PostgresServer.connect(url); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            for (PostgresChangeSql.Statement s : statements) {
                if (s.online()) continue;
                try {
                    st.execute(s.sql());
                } catch (SQLException e) {
                    fail(what + " failed at: " + s.sql() + "\n" + e.getMessage());
                }
            }
            c.commit();
            c.setAutoCommit(true);
            for (PostgresChangeSql.Statement s : statements) {
                if (!s.online()) continue;
                try {
                    st.execute(s.sql());
                } catch (SQLException e) {
                    fail(what + " (online part) failed at: " + s.sql() + "\n" + e.getMessage());
                }
            }
        }
    }

    private static void run(String url, String sql, String what) throws SQLException {
        try (Connection c = PostgresServer.connect(url); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new SQLException(what + " does not load: " + e.getMessage(), e);
        }
    }

    private static void reset(String url) throws SQLException {
        try (Connection c = PostgresServer.connect(url); Statement st = c.createStatement()) {
            List<String> schemas = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema', "
                    + "'pg_toast') AND nspname NOT LIKE 'pg_temp%' AND nspname NOT LIKE 'pg_toast_temp%'")) {
                while (rs.next()) schemas.add(rs.getString(1));
            }
            for (String s : schemas) st.execute("DROP SCHEMA \"" + s + "\" CASCADE");
            st.execute("CREATE SCHEMA public");
        }
    }

    @Override
    public void close() {
        for (String url : urls) PostgresServer.dropDatabase(url);
    }
}
