package dev.migrate.ops;

import dev.migrate.api.Column;
import dev.migrate.api.ColumnChange;
import dev.migrate.api.Constraint;
import dev.migrate.api.IndexOptions;
import dev.migrate.api.OperationFailedException;
import dev.migrate.api.ReferentialAction;
import dev.migrate.support.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every operation, online on a real database: applied, checked in the database's own catalog (through
 * {@link Probe}) and by behaviour, then reversed and checked gone. {@link PostgresOperationsTest} and
 * {@link SqliteOperationsTest} run it.
 */
abstract class OperationsContract {

    @FunctionalInterface
    interface Body {
        void run(SqlOperations op) throws Exception;
    }

    TestDatabase db;
    Probe probe;

    abstract SqlRenderer renderer();

    boolean postgres() {
        return db.kind().equals("postgresql");
    }

    /** Runs {@code body} online in one transaction, commits, and returns the statements it ran. */
    List<String> apply(Body body) throws Exception {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            SqlOperations op = SqlOperations.online(renderer(), c);
            try {
                body.run(op);
                c.commit();
            } catch (Exception | Error e) {
                c.rollback();
                throw e;
            }
            return op.statements();
        }
    }

    /** Runs plain SQL in auto-commit mode, with SQLite's foreign keys enforced. */
    void exec(String... sql) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            if (!postgres()) st.execute("PRAGMA foreign_keys = ON");
            for (String s : sql) st.execute(s);
        }
    }

    void failsToRun(String sql) {
        assertThrows(SQLException.class, () -> exec(sql), sql);
    }

    // ---- createTable, dropTable

    @Test
    void createTableWithColumnsAndConstraintsThenDropTable() throws Exception {
        apply(op -> {
            op.createTable("accounts",
                    Column.of("id", "bigint").primaryKey().identity(),
                    Column.of("email", "varchar(255)").notNull().unique(),
                    Column.of("active", "boolean").notNull().defaultValue(true),
                    Column.of("created_at", "timestamp").notNull().defaultSql("CURRENT_TIMESTAMP"),
                    Column.of("note", "text"));
            op.createTable("memberships",
                    Column.of("account_id", "bigint"),
                    Column.of("group_id", "integer"),
                    Column.of("role", "text").notNull().defaultValue("member"),
                    Constraint.primaryKey("account_id", "group_id").named("pk_memberships"),
                    Constraint.unique("uq_memberships_group_role", "group_id", "role"),
                    Constraint.check("ck_memberships_role", "role IN ('member', 'owner')"),
                    Constraint.foreignKey("fk_memberships_account", List.of("account_id"), "accounts", List.of("id"))
                            .onDelete(ReferentialAction.CASCADE));
        });

        assertEquals(List.of("accounts", "memberships"), probe.tables());
        assertEquals(List.of("id", "email", "active", "created_at", "note"), probe.columnNames("accounts"));
        assertEquals(postgres() ? "bigint" : "integer", probe.column("accounts", "id").type());
        assertEquals(probe.typeOf("varchar(255)"), probe.column("accounts", "email").type());
        assertEquals(probe.typeOf("timestamp"), probe.column("accounts", "created_at").type());
        assertTrue(probe.column("accounts", "email").notNull());
        assertTrue(probe.column("accounts", "active").notNull());
        assertFalse(probe.column("accounts", "note").notNull());
        assertNull(probe.column("accounts", "note").defaultSql());
        assertEquals(List.of("id"), probe.primaryKey("accounts"));
        assertEquals(List.of(List.of("email")), probe.uniqueConstraints("accounts"));

        assertEquals(List.of("account_id", "group_id"), probe.primaryKey("memberships"));
        assertTrue(probe.column("memberships", "account_id").notNull(), "key columns are NOT NULL on both databases");
        assertTrue(probe.column("memberships", "group_id").notNull());
        assertEquals(List.of(List.of("group_id", "role")), probe.uniqueConstraints("memberships"));
        assertEquals(List.of("ck_memberships_role", "fk_memberships_account", "pk_memberships", "uq_memberships_group_role"),
                probe.constraintNames("memberships"));
        assertEquals(List.of(new Probe.Fk(List.of("account_id"), "accounts", List.of("id"), "CASCADE", "NO ACTION")),
                probe.foreignKeys("memberships"));

        // behaviour: numbering, defaults, unique, check, cascade
        exec("INSERT INTO accounts (email) VALUES ('a@example.com')", "INSERT INTO accounts (email) VALUES ('b@example.com')");
        assertEquals(List.of("1|a@example.com|active|dated", "2|b@example.com|active|dated"),
                probe.rows("SELECT id, email, CASE WHEN active THEN 'active' ELSE 'inactive' END, "
                        + "CASE WHEN created_at IS NOT NULL THEN 'dated' END FROM accounts ORDER BY id"));
        failsToRun("INSERT INTO accounts (email) VALUES ('a@example.com')");
        exec("INSERT INTO memberships (account_id, group_id) VALUES (1, 10)");
        assertEquals(List.of("member"), probe.rows("SELECT role FROM memberships"));
        failsToRun("INSERT INTO memberships (account_id, group_id, role) VALUES (2, 10, 'boss')");
        exec("DELETE FROM accounts WHERE id = 1");
        assertEquals(List.of(), probe.rows("SELECT * FROM memberships"), "ON DELETE CASCADE");

        apply(op -> {
            op.dropTable("memberships");
            op.dropTable("accounts");
        });
        assertEquals(List.of(), probe.tables());
    }

    // ---- renameTable

    @Test
    void renameTableKeepsRowsAndIndexes() throws Exception {
        exec("CREATE TABLE t (id integer PRIMARY KEY, name text)", "CREATE INDEX ix_t_name ON t (name)",
                "INSERT INTO t VALUES (1, 'one')");
        apply(op -> op.renameTable("t", "renamed"));
        assertEquals(List.of("renamed"), probe.tables());
        assertEquals(List.of("ix_t_name"), probe.indexNames("renamed"));
        assertEquals(List.of("1|one"), probe.rows("SELECT id, name FROM renamed"));

        apply(op -> op.renameTable("renamed", "t"));
        assertEquals(List.of("t"), probe.tables());
        assertEquals(List.of("1|one"), probe.rows("SELECT id, name FROM t"));
    }

    // ---- addColumn, dropColumn

    @Test
    void addColumnsThenDropThem() throws Exception {
        exec("CREATE TABLE items (id integer PRIMARY KEY, name text)", "INSERT INTO items VALUES (1, 'a'), (2, 'b')");
        apply(op -> {
            op.addColumn("items", Column.of("note", "text"));
            op.addColumn("items", Column.of("qty", "integer").notNull().defaultValue(7));
        });
        assertEquals(List.of("id", "name", "note", "qty"), probe.columnNames("items"));
        assertFalse(probe.column("items", "note").notNull());
        assertTrue(probe.column("items", "qty").notNull());
        assertEquals("7", probe.column("items", "qty").defaultSql());
        assertEquals(List.of("1|a|null|7", "2|b|null|7"), probe.rows("SELECT id, name, note, qty FROM items ORDER BY id"));

        apply(op -> {
            op.dropColumn("items", "note");
            op.dropColumn("items", "qty");
        });
        assertEquals(List.of("id", "name"), probe.columnNames("items"));
        assertEquals(List.of("1|a", "2|b"), probe.rows("SELECT id, name FROM items ORDER BY id"));
    }

    /** What SQLite's ADD COLUMN cannot do (an expression default, NOT NULL without default, UNIQUE) still works. */
    @Test
    void addColumnsWithExpressionDefaultUniqueAndNotNullThenDropThem() throws Exception {
        exec("CREATE TABLE items (id integer PRIMARY KEY, name text)", "INSERT INTO items VALUES (1, 'a')");
        apply(op -> {
            op.addColumn("items", Column.of("created_at", "timestamp").notNull().defaultSql("CURRENT_TIMESTAMP"));
            op.addColumn("items", Column.of("code", "varchar(20)").unique());
        });
        assertEquals(List.of("id", "name", "created_at", "code"), probe.columnNames("items"));
        assertTrue(probe.column("items", "created_at").notNull());
        assertNotNull(probe.column("items", "created_at").defaultSql());
        assertEquals(List.of(List.of("code")), probe.uniqueConstraints("items"));
        assertEquals(List.of("1|a|dated"), probe.rows("SELECT id, name, CASE WHEN created_at IS NOT NULL THEN 'dated' END FROM items"));
        exec("INSERT INTO items (id, name, code) VALUES (2, 'b', 'X')");
        failsToRun("INSERT INTO items (id, name, code) VALUES (3, 'c', 'X')");

        apply(op -> {
            op.dropColumn("items", "code");
            op.dropColumn("items", "created_at");
        });
        assertEquals(List.of("id", "name"), probe.columnNames("items"));
        assertEquals(List.of(), probe.uniqueConstraints("items"));
        assertEquals(List.of("1|a", "2|b"), probe.rows("SELECT id, name FROM items ORDER BY id"));
    }

    @Test
    void notNullColumnWithoutDefaultIsRefusedByTheDatabaseWhenRowsExist() throws Exception {
        exec("CREATE TABLE items (id integer PRIMARY KEY)", "INSERT INTO items VALUES (1)");
        OperationFailedException e = assertThrows(OperationFailedException.class,
                () -> apply(op -> op.addColumn("items", Column.of("name", "text").notNull())));
        assertTrue(e.getMessage().startsWith("addColumn items.name failed: "), e.getMessage());
        assertEquals(List.of("id"), probe.columnNames("items"), "rolled back");
    }

    @Test
    void dropColumnAlsoDropsItsIndexes() throws Exception {
        exec("CREATE TABLE items (id integer PRIMARY KEY, name text, code text)", "CREATE INDEX ix_items_code ON items (code)",
                "CREATE INDEX ix_items_name_code ON items (name, code)", "CREATE INDEX ix_items_name ON items (name)",
                "INSERT INTO items VALUES (1, 'a', 'x')");
        apply(op -> op.dropColumn("items", "code"));
        assertEquals(List.of("id", "name"), probe.columnNames("items"));
        assertEquals(List.of("ix_items_name"), probe.indexNames("items"));
        assertEquals(List.of("1|a"), probe.rows("SELECT id, name FROM items"));
    }

    // ---- alterColumn

    @Test
    void alterColumnTypeAndBack() throws Exception {
        exec("CREATE TABLE t (id integer PRIMARY KEY, n integer NOT NULL, s text)", "INSERT INTO t VALUES (1, 42, 'x')");
        apply(op -> op.alterColumn("t", "n", ColumnChange.to().type("bigint")));
        assertEquals("bigint", probe.column("t", "n").type());
        assertTrue(probe.column("t", "n").notNull(), "the rest of the column is unchanged");
        assertEquals(List.of("1|42|x"), probe.rows("SELECT id, n, s FROM t"));

        apply(op -> op.alterColumn("t", "n", ColumnChange.to().type("integer")));
        assertEquals("integer", probe.column("t", "n").type());
        assertEquals(List.of("1|42|x"), probe.rows("SELECT id, n, s FROM t"));
    }

    @Test
    void alterColumnTypeWithUsingConvertsValues() throws Exception {
        exec("CREATE TABLE t (id integer PRIMARY KEY, score text)", "INSERT INTO t VALUES (1, ' 12 '), (2, '7')");
        apply(op -> op.alterColumn("t", "score", ColumnChange.to().type("integer", "CAST(trim(score) AS integer)")));
        assertEquals("integer", probe.column("t", "score").type());
        assertEquals(List.of("1|12|24", "2|7|14"), probe.rows("SELECT id, score, score * 2 FROM t ORDER BY id"));
    }

    @Test
    void alterColumnNullability() throws Exception {
        exec("CREATE TABLE t (id integer PRIMARY KEY, name text)", "INSERT INTO t VALUES (1, 'a')");
        apply(op -> op.alterColumn("t", "name", ColumnChange.to().notNull()));
        assertTrue(probe.column("t", "name").notNull());
        failsToRun("INSERT INTO t (id, name) VALUES (2, NULL)");

        apply(op -> op.alterColumn("t", "name", ColumnChange.to().nullable()));
        assertFalse(probe.column("t", "name").notNull());
        exec("INSERT INTO t (id, name) VALUES (2, NULL)");
        assertEquals(List.of("1|a", "2|null"), probe.rows("SELECT id, name FROM t ORDER BY id"));
    }

    @Test
    void settingNotNullFailsWhileNullsExist() throws Exception {
        exec("CREATE TABLE t (id integer PRIMARY KEY, name text)", "INSERT INTO t VALUES (1, NULL)");
        assertThrows(OperationFailedException.class, () -> apply(op -> op.alterColumn("t", "name", ColumnChange.to().notNull())));
        assertFalse(probe.column("t", "name").notNull());
        assertEquals(List.of("1|null"), probe.rows("SELECT id, name FROM t"));
    }

    @Test
    void alterColumnDefaultSetChangeAndDrop() throws Exception {
        exec("CREATE TABLE t (id integer PRIMARY KEY, status text, at text)");
        apply(op -> op.alterColumn("t", "status", ColumnChange.to().defaultValue("it's new")));
        assertEquals(postgres() ? "'it''s new'::text" : "'it''s new'", probe.column("t", "status").defaultSql());
        exec("INSERT INTO t (id) VALUES (1)");
        assertEquals(List.of("it's new"), probe.rows("SELECT status FROM t"));

        apply(op -> op.alterColumn("t", "at", ColumnChange.to().defaultSql("CURRENT_DATE")));
        assertNotNull(probe.column("t", "at").defaultSql());
        exec("INSERT INTO t (id) VALUES (2)");
        assertEquals(List.of("dated"), probe.rows("SELECT CASE WHEN at IS NOT NULL THEN 'dated' END FROM t WHERE id = 2"));

        apply(op -> {
            op.alterColumn("t", "status", ColumnChange.to().noDefault());
            op.alterColumn("t", "at", ColumnChange.to().noDefault());
        });
        assertNull(probe.column("t", "status").defaultSql());
        assertNull(probe.column("t", "at").defaultSql());
        exec("INSERT INTO t (id) VALUES (3)");
        assertEquals(List.of("null|null"), probe.rows("SELECT status, at FROM t WHERE id = 3"));
    }

    @Test
    void alterColumnRenameCarriesIndexesAndBack() throws Exception {
        exec("CREATE TABLE t (id integer PRIMARY KEY, email text)", "CREATE INDEX ix_t_email ON t (email)",
                "INSERT INTO t VALUES (1, 'a@x')");
        apply(op -> op.alterColumn("t", "email", ColumnChange.to().name("address")));
        assertEquals(List.of("id", "address"), probe.columnNames("t"));
        assertEquals(List.of(new Probe.Idx("ix_t_email", false, List.of("address"), false)), probe.indexes("t"));
        assertEquals(List.of("1|a@x"), probe.rows("SELECT id, address FROM t"));

        apply(op -> op.alterColumn("t", "address", ColumnChange.to().name("email")));
        assertEquals(List.of("id", "email"), probe.columnNames("t"));
        assertEquals(List.of("1|a@x"), probe.rows("SELECT id, email FROM t"));
    }

    @Test
    void alterColumnEverythingAtOnce() throws Exception {
        exec("CREATE TABLE t (id integer PRIMARY KEY, n integer DEFAULT 5)", "INSERT INTO t VALUES (1, 3)");
        apply(op -> op.alterColumn("t", "n", ColumnChange.to().type("bigint").notNull().defaultValue(9).name("amount")));
        Probe.Col c = probe.column("t", "amount");
        assertEquals("bigint", c.type());
        assertTrue(c.notNull());
        assertEquals("9", c.defaultSql());
        assertEquals(List.of("id", "amount"), probe.columnNames("t"));
        exec("INSERT INTO t (id) VALUES (2)");
        assertEquals(List.of("1|3", "2|9"), probe.rows("SELECT id, amount FROM t ORDER BY id"));

        apply(op -> op.alterColumn("t", "amount", ColumnChange.to().type("integer").nullable().defaultValue(5).name("n")));
        c = probe.column("t", "n");
        assertEquals("integer", c.type());
        assertFalse(c.notNull());
        assertEquals("5", c.defaultSql());
        assertEquals(List.of("1|3", "2|9"), probe.rows("SELECT id, n FROM t ORDER BY id"));
    }

    // ---- indexes

    @Test
    void createIndexesPlainUniqueAndPartialThenDropThem() throws Exception {
        exec("CREATE TABLE t (id integer PRIMARY KEY, a text, b text, deleted integer)");
        apply(op -> {
            op.createIndex("ix_t_a_b", "t", List.of("b", "a"));
            op.createIndex("ux_t_a", "t", List.of("a"), IndexOptions.defaults().unique());
            op.createIndex("ux_t_b_live", "t", List.of("b"), IndexOptions.defaults().unique().where("deleted = 0"));
        });
        assertEquals(List.of(new Probe.Idx("ix_t_a_b", false, List.of("b", "a"), false),
                new Probe.Idx("ux_t_a", true, List.of("a"), false),
                new Probe.Idx("ux_t_b_live", true, List.of("b"), true)), probe.indexes("t"));
        exec("INSERT INTO t VALUES (1, 'x', 'same', 1)", "INSERT INTO t VALUES (2, 'y', 'same', 0)");
        failsToRun("INSERT INTO t VALUES (3, 'x', 'other', 0)");
        failsToRun("INSERT INTO t VALUES (3, 'z', 'same', 0)");

        apply(op -> {
            op.dropIndex("ix_t_a_b");
            op.dropIndex("ux_t_a");
            op.dropIndex("ux_t_b_live", false);
        });
        assertEquals(List.of(), probe.indexes("t"));
        exec("INSERT INTO t VALUES (3, 'x', 'same', 0)");
    }

    // ---- constraints

    @Test
    void createForeignKeyThenDropIt() throws Exception {
        exec("CREATE TABLE parents (id integer PRIMARY KEY)", "CREATE TABLE children (id integer PRIMARY KEY, parent_id integer)",
                "INSERT INTO parents VALUES (1), (2)", "INSERT INTO children VALUES (10, 1), (20, 2)");
        apply(op -> op.createForeignKey("fk_children_parent", "children", List.of("parent_id"), "parents", List.of("id"),
                ReferentialAction.CASCADE, ReferentialAction.RESTRICT));
        assertEquals(List.of(new Probe.Fk(List.of("parent_id"), "parents", List.of("id"), "CASCADE", "RESTRICT")),
                probe.foreignKeys("children"));
        assertTrue(probe.constraintNames("children").contains("fk_children_parent"));
        assertEquals(List.of("10|1", "20|2"), probe.rows("SELECT id, parent_id FROM children ORDER BY id"));
        failsToRun("INSERT INTO children VALUES (30, 3)");
        exec("DELETE FROM parents WHERE id = 1");
        assertEquals(List.of("20|2"), probe.rows("SELECT id, parent_id FROM children"));

        apply(op -> op.dropConstraint("fk_children_parent", "children"));
        assertEquals(List.of(), probe.foreignKeys("children"));
        assertFalse(probe.constraintNames("children").contains("fk_children_parent"));
        exec("INSERT INTO children VALUES (30, 3)");
    }

    @Test
    void createForeignKeyWithDefaultActions() throws Exception {
        exec("CREATE TABLE parents (a integer, b integer, PRIMARY KEY (a, b))",
                "CREATE TABLE children (id integer PRIMARY KEY, pa integer, pb integer)");
        apply(op -> op.createForeignKey("fk_children_parent", "children", List.of("pa", "pb"), "parents", List.of("a", "b")));
        assertEquals(List.of(new Probe.Fk(List.of("pa", "pb"), "parents", List.of("a", "b"), "NO ACTION", "NO ACTION")),
                probe.foreignKeys("children"));
    }

    @Test
    void createUniqueConstraintThenDropIt() throws Exception {
        exec("CREATE TABLE t (id integer PRIMARY KEY, a text, b text)", "INSERT INTO t VALUES (1, 'x', 'y')");
        apply(op -> op.createUniqueConstraint("uq_t_a_b", "t", List.of("a", "b")));
        assertEquals(List.of(List.of("a", "b")), probe.uniqueConstraints("t"));
        assertTrue(probe.constraintNames("t").contains("uq_t_a_b"));
        failsToRun("INSERT INTO t VALUES (2, 'x', 'y')");
        exec("INSERT INTO t VALUES (2, 'x', 'z')");

        apply(op -> op.dropConstraint("uq_t_a_b", "t"));
        assertEquals(List.of(), probe.uniqueConstraints("t"));
        assertFalse(probe.constraintNames("t").contains("uq_t_a_b"));
        exec("INSERT INTO t VALUES (3, 'x', 'y')");
    }

    @Test
    void createUniqueConstraintFailsOnDuplicates() throws Exception {
        exec("CREATE TABLE t (id integer PRIMARY KEY, a text)", "INSERT INTO t VALUES (1, 'x'), (2, 'x')");
        assertThrows(OperationFailedException.class, () -> apply(op -> op.createUniqueConstraint("uq_t_a", "t", List.of("a"))));
        assertEquals(List.of(), probe.uniqueConstraints("t"));
        assertEquals(List.of("1|x", "2|x"), probe.rows("SELECT id, a FROM t ORDER BY id"));
    }

    @Test
    void createCheckConstraintThenDropIt() throws Exception {
        exec("CREATE TABLE t (id integer PRIMARY KEY, qty integer)", "INSERT INTO t VALUES (1, 5)");
        apply(op -> op.createCheckConstraint("ck_t_qty", "t", "qty >= 0"));
        assertTrue(probe.constraintNames("t").contains("ck_t_qty"));
        failsToRun("INSERT INTO t VALUES (2, -1)");

        apply(op -> op.dropConstraint("ck_t_qty", "t"));
        assertFalse(probe.constraintNames("t").contains("ck_t_qty"));
        exec("INSERT INTO t VALUES (2, -1)");
        assertEquals(List.of("1|5", "2|-1"), probe.rows("SELECT id, qty FROM t ORDER BY id"));
    }

    @Test
    void dropNamedPrimaryKey() throws Exception {
        apply(op -> op.createTable("t", Column.of("a", "integer"), Column.of("b", "integer"),
                Constraint.primaryKey("a", "b").named("pk_t")));
        assertEquals(List.of("a", "b"), probe.primaryKey("t"));
        apply(op -> op.dropConstraint("pk_t", "t"));
        assertEquals(List.of(), probe.primaryKey("t"));
    }

    @Test
    void dropConstraintThatDoesNotExistFails() throws Exception {
        exec("CREATE TABLE t (id integer PRIMARY KEY)");
        RuntimeException e = assertThrows(RuntimeException.class, () -> apply(op -> op.dropConstraint("nope", "t")));
        assertTrue(e.getMessage().startsWith("dropConstraint nope"), e.getMessage());
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }

    // ---- execute, bulkInsert, connection

    @Test
    void executeRunsOneStatement() throws Exception {
        exec("CREATE TABLE t (id integer PRIMARY KEY, name text)");
        List<String> ran = apply(op -> {
            op.execute("INSERT INTO t VALUES (1, 'a;b');");
            op.execute("-- a comment\nUPDATE t SET name = name || '!'");
        });
        assertEquals(List.of("INSERT INTO t VALUES (1, 'a;b')", "UPDATE t SET name = name || '!'"), ran);
        assertEquals(List.of("1|a;b!"), probe.rows("SELECT id, name FROM t"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> apply(op -> op.execute("INSERT INTO t VALUES (2, 'x'); INSERT INTO t VALUES (3, 'y')")));
        assertEquals("execute: the SQL holds 2 statements; call execute once per statement "
                + "(the second starts: INSERT INTO t VALUES (3, 'y'))", e.getMessage());
        assertEquals(List.of("1|a;b!"), probe.rows("SELECT id, name FROM t"));
    }

    @Test
    void dataMigrationThroughTheConnection() throws Exception {
        exec("CREATE TABLE people (id integer PRIMARY KEY, full_name text)",
                "INSERT INTO people VALUES (1, 'Ada Lovelace'), (2, 'Alan Turing'), (3, 'Plato')");
        apply(op -> {
            op.addColumn("people", Column.of("first_name", "text"));
            op.addColumn("people", Column.of("last_name", "text"));
            Connection c = op.connection();
            assertFalse(c.getAutoCommit(), "the revision's transaction");
            try (Statement read = c.createStatement();
                 var rs = read.executeQuery("SELECT id, full_name FROM people ORDER BY id");
                 var write = c.prepareStatement("UPDATE people SET first_name = ?, last_name = ? WHERE id = ?")) {
                while (rs.next()) {
                    String[] parts = rs.getString(2).split(" ", 2);
                    write.setString(1, parts[0]);
                    write.setString(2, parts.length > 1 ? parts[1] : null);
                    write.setInt(3, rs.getInt(1));
                    write.addBatch();
                }
                write.executeBatch();
            }
            op.dropColumn("people", "full_name");
        });
        assertEquals(List.of("id", "first_name", "last_name"), probe.columnNames("people"));
        assertEquals(List.of("1|Ada|Lovelace", "2|Alan|Turing", "3|Plato|null"),
                probe.rows("SELECT id, first_name, last_name FROM people ORDER BY id"));
    }

    @Test
    void dataMigrationIsRolledBackWithTheRevision() throws Exception {
        exec("CREATE TABLE t (id integer PRIMARY KEY, n integer)", "INSERT INTO t VALUES (1, 1)");
        assertThrows(IllegalStateException.class, () -> apply(op -> {
            try (Statement st = op.connection().createStatement()) {
                st.executeUpdate("UPDATE t SET n = 2");
            }
            op.addColumn("t", Column.of("extra", "text"));
            throw new IllegalStateException("the script failed");
        }));
        assertEquals(List.of("1|1"), probe.rows("SELECT id, n FROM t"));
        assertEquals(List.of("id", "n"), probe.columnNames("t"));
    }

    @Test
    void bulkInsertOnlineLeavesMissingColumnsToTheirDefaults() throws Exception {
        exec("CREATE TABLE t (id integer PRIMARY KEY, name text, qty integer DEFAULT 3)");
        java.util.List<Map<String, Object>> rows = new java.util.ArrayList<>();
        for (int i = 1; i <= 1203; i++) rows.add(Map.of("id", i, "name", "n" + i));
        rows.add(Map.of("id", 5000, "name", "x", "qty", 9));
        rows.add(new java.util.HashMap<>(Map.of("id", 5001)));
        rows.get(rows.size() - 1).put("name", null);
        List<String> ran = apply(op -> op.bulkInsert("t", rows));
        assertEquals(List.of("1205"), probe.rows("SELECT count(*) FROM t"));
        assertEquals(List.of("1204"), probe.rows("SELECT count(*) FROM t WHERE qty = 3"));
        assertEquals(List.of("5000|x|9", "5001|null|3"), probe.rows("SELECT id, name, qty FROM t WHERE id >= 5000 ORDER BY id"));
        assertEquals(List.of("n1203"), probe.rows("SELECT name FROM t WHERE id = 1203"));
        // batches of 500 rows with the same columns, columns in name order
        assertEquals(List.of("INSERT INTO t (id, name) VALUES (?, ?)", "INSERT INTO t (id, name) VALUES (?, ?)",
                "INSERT INTO t (id, name) VALUES (?, ?)", "INSERT INTO t (id, name, qty) VALUES (?, ?, ?)",
                "INSERT INTO t (id, name) VALUES (?, ?)"), ran);
    }

    // ---- names

    @Test
    void namesThatNeedQuotingWork() throws Exception {
        apply(op -> {
            op.createTable("Order", Column.of("user", "text"), Column.of("Key Value", "integer").notNull(),
                    Column.of("group", "integer"));
            op.createIndex("Order By User", "Order", List.of("user", "Key Value"));
            op.createCheckConstraint("check", "Order", "\"Key Value\" > 0");
            op.alterColumn("Order", "group", ColumnChange.to().type("bigint").name("select"));
        });
        assertEquals(List.of("Order"), probe.tables());
        assertEquals(List.of("user", "Key Value", "select"), probe.columnNames("Order"));
        assertEquals("bigint", probe.column("Order", "select").type());
        assertEquals(List.of(new Probe.Idx("Order By User", false, List.of("user", "Key Value"), false)), probe.indexes("Order"));
        failsToRun("INSERT INTO \"Order\" (\"user\", \"Key Value\") VALUES ('a', 0)");

        apply(op -> {
            op.dropConstraint("check", "Order");
            op.dropIndex("Order By User");
            op.dropTable("Order");
        });
        assertEquals(List.of(), probe.tables());
    }
}
