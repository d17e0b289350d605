package dev.migrate.diff;

import dev.migrate.catalog.Catalog;
import dev.migrate.catalog.SqliteCatalogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The catalogue of schema changes on SQLite (real files, foreign keys enforced): the generated upgrade, run in one
 * transaction as a revision runs, gives the target schema and keeps the rows of rebuilt tables; the downgrade gives the
 * original back; a schema diffed with itself is empty.
 */
class SqliteCatalogueTest {

    @TempDir
    Path dir;

    static final String USERS = "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT);\n";
    static final String ORDERS = USERS + "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id), total NUMERIC);\n";

    static Arguments c(String name, String a, String b, String... renames) {
        return Arguments.of(name, a, b, List.of(renames));
    }

    static Stream<Arguments> cases() {
        List<Arguments> c = new ArrayList<>();
        c.add(c("add table", USERS, ORDERS));
        c.add(c("drop table", ORDERS, USERS));
        c.add(c("rename table with a hint", USERS, USERS.replace("users", "people"), "users=people"));
        c.add(c("add nullable column", USERS, USERS.replace("name TEXT", "name TEXT, nick TEXT")));
        c.add(c("add NOT NULL column with a default", USERS, USERS.replace("name TEXT", "name TEXT, active INTEGER NOT NULL DEFAULT 1")));
        c.add(c("drop column", USERS, USERS.replace(", name TEXT", "")));
        c.add(c("rename column with a hint", USERS, USERS.replace("name TEXT", "full_name TEXT"), "users.name=full_name"));
        c.add(c("change a column's type", USERS, USERS.replace("name TEXT", "name VARCHAR(80)")));
        c.add(c("set NOT NULL", USERS, USERS.replace("name TEXT", "name TEXT NOT NULL DEFAULT ''")));
        c.add(c("drop NOT NULL", USERS, USERS.replace("email TEXT NOT NULL", "email TEXT")));
        c.add(c("change default", USERS.replace("name TEXT", "name TEXT DEFAULT 'a'"), USERS.replace("name TEXT", "name TEXT DEFAULT 'b'")));
        c.add(c("add unique", USERS, USERS.replace("email TEXT NOT NULL", "email TEXT NOT NULL UNIQUE")));
        c.add(c("drop unique", USERS.replace("email TEXT NOT NULL", "email TEXT NOT NULL UNIQUE"), USERS));
        c.add(c("add check", USERS, USERS.replace("name TEXT", "name TEXT CHECK (length(name) > 0)")));
        c.add(c("drop check", USERS.replace("name TEXT", "name TEXT, CONSTRAINT named CHECK (name <> '')"), USERS));
        c.add(c("add foreign key", ORDERS.replace(" REFERENCES users(id)", ""), ORDERS));
        c.add(c("drop foreign key", ORDERS, ORDERS.replace(" REFERENCES users(id)", "")));
        c.add(c("foreign key gets ON DELETE CASCADE", ORDERS, ORDERS.replace("REFERENCES users(id)", "REFERENCES users(id) ON DELETE CASCADE")));
        c.add(c("rebuild a referenced table", ORDERS, ORDERS.replace("name TEXT", "name TEXT NOT NULL DEFAULT 'x'")));
        c.add(c("add index", USERS, USERS + "CREATE INDEX ix_name ON users (name);"));
        c.add(c("drop index", USERS + "CREATE INDEX ix_name ON users (name);", USERS));
        c.add(c("add unique partial index", USERS, USERS + "CREATE UNIQUE INDEX ux_email ON users (email) WHERE name IS NOT NULL;"));
        c.add(c("add expression index", USERS, USERS + "CREATE INDEX ix_lower ON users (lower(email));"));
        c.add(c("index survives a rebuild", USERS + "CREATE INDEX ix_name ON users (name);", USERS.replace("email TEXT NOT NULL", "email TEXT") + "CREATE INDEX ix_name ON users (name);"));
        c.add(c("add view", USERS, USERS + "CREATE VIEW named AS SELECT id, name FROM users WHERE name IS NOT NULL;"));
        c.add(c("change view", USERS + "CREATE VIEW v AS SELECT id FROM users;", USERS + "CREATE VIEW v AS SELECT id, email FROM users;"));
        c.add(c("view over a rebuilt table", USERS + "CREATE VIEW v AS SELECT id, email FROM users;", USERS.replace("name TEXT", "name TEXT NOT NULL DEFAULT ''") + "CREATE VIEW v AS SELECT id, email FROM users;"));
        c.add(c("add trigger", USERS, USERS + "CREATE TRIGGER lower_email AFTER INSERT ON users BEGIN UPDATE users SET email = lower(NEW.email) WHERE id = NEW.id; END;"));
        c.add(c("trigger survives a rebuild", USERS + "CREATE TRIGGER t1 AFTER INSERT ON users BEGIN UPDATE users SET name = 'x' WHERE id = NEW.id; END;",
                USERS.replace("email TEXT NOT NULL", "email TEXT") + "CREATE TRIGGER t1 AFTER INSERT ON users BEGIN UPDATE users SET name = 'x' WHERE id = NEW.id; END;"));
        c.add(c("add generated column", "CREATE TABLE t (a INTEGER, b INTEGER);", "CREATE TABLE t (a INTEGER, b INTEGER, s INTEGER GENERATED ALWAYS AS (a + b) STORED);"));
        c.add(c("change primary key", "CREATE TABLE t (a INTEGER NOT NULL, b INTEGER NOT NULL, PRIMARY KEY (a));", "CREATE TABLE t (a INTEGER NOT NULL, b INTEGER NOT NULL, PRIMARY KEY (a, b));"));
        c.add(c("add collation", "CREATE TABLE t (s TEXT);", "CREATE TABLE t (s TEXT COLLATE NOCASE);"));
        c.add(c("everything from nothing", "", ORDERS + "CREATE INDEX ix ON orders (user_id); CREATE VIEW v AS SELECT * FROM orders;"));
        c.add(c("everything to nothing", ORDERS + "CREATE INDEX ix ON orders (user_id); CREATE VIEW v AS SELECT * FROM orders;", ""));
        return c.stream();
    }

    @Test
    void theCatalogueHasAtLeastTwentyFiveCases() {
        assertTrue(cases().count() >= 25);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void upAndDownGiveTheOtherSchemaAndKeepRows(String name, String a, String b, List<String> renames) throws Exception {
        Path fa = dir.resolve("a.db");
        Path fb = dir.resolve("b.db");
        exec(fa, a);
        exec(fb, b);
        seed(fa);
        Catalog ca = read(fa);
        Catalog cb = read(fb);
        assertEquals(List.of(), Differ.diff(ca, ca), "diff(A, A)");
        assertEquals(List.of(), Differ.diff(cb, cb), "diff(B, B)");
        Renames hints = Renames.parse(renames, ca, cb);
        List<Change> up = Differ.diff(ca, cb, new Differ.Options(hints, false));
        assertFalse(up.isEmpty(), "the schemas differ");
        List<PostgresChangeSql.Statement> upSql = new SqliteChangeSql(ca, cb).render(up);
        long before = ca.table(new dev.migrate.catalog.Name(null, "users")).isPresent() ? rows(fa, "users") : 0;
        apply(fa, upSql);
        expectSame(read(fa), cb, "the upgrade", upSql);
        String usersNow = cb.table(new dev.migrate.catalog.Name(null, "users")).isPresent() ? "users"
                : cb.table(new dev.migrate.catalog.Name(null, "people")).isPresent() ? "people" : null;
        if (before > 0 && usersNow != null) assertEquals(before, rows(fa, usersNow), "the rows of a rebuilt table are kept");
        List<Change> down = Differ.diff(cb, ca, new Differ.Options(hints.reversed(), false));
        List<PostgresChangeSql.Statement> downSql = new SqliteChangeSql(cb, ca).render(down);
        apply(fb, downSql);
        expectSame(read(fb), ca, "the downgrade", downSql);
    }

    private static void expectSame(Catalog actual, Catalog expected, String what, List<PostgresChangeSql.Statement> sql) {
        List<Change> rest = Differ.diff(actual, expected);
        if (!rest.isEmpty()) {
            fail(what + " left differences: " + rest.stream().map(Change::describe).toList() + "\nSQL:\n"
                    + String.join(";\n", sql.stream().map(PostgresChangeSql.Statement::sql).toList()));
        }
    }

    private static Connection connect(Path f) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + f);
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA foreign_keys = ON");
        }
        return c;
    }

    private static Catalog read(Path f) throws SQLException {
        try (Connection c = connect(f)) {
            return new SqliteCatalogReader().read(c, List.of(), List.of());
        }
    }

    private static void exec(Path f, String sql) throws SQLException {
        try (Connection c = connect(f); Statement st = c.createStatement()) {
            for (String s : dev.migrate.script.SqlSplitter.split(sql, 1, dev.migrate.script.SqlSplitter.Flavor.SQLITE)
                    .stream().map(dev.migrate.script.SqlSplitter.Statement::sql).toList()) {
                st.execute(s);
            }
        }
    }

    private static void seed(Path f) throws SQLException {
        try (Connection c = connect(f); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_schema WHERE name = 'users'")) {
                if (rs.next() && rs.getInt(1) == 1) st.execute("INSERT INTO users (id, email, name) VALUES (1, 'a@x', 'A'), (2, 'b@x', 'B')");
            }
        }
    }

    private static long rows(Path f, String table) throws SQLException {
        try (Connection c = connect(f); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** In one transaction, as a revision runs. */
    private static void apply(Path f, List<PostgresChangeSql.Statement> sql) throws SQLException {
        try (Connection c = connect(f); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            for (PostgresChangeSql.Statement s : sql) {
                try {
                    st.execute(s.sql());
                } catch (SQLException e) {
                    fail("failed at: " + s.sql() + "\n" + e.getMessage() + "\nSQL:\n"
                            + String.join(";\n", sql.stream().map(PostgresChangeSql.Statement::sql).toList()));
                }
            }
            c.commit();
        }
    }
}
