package dev.migrate.ops;

import dev.migrate.api.Column;
import dev.migrate.api.ColumnChange;
import dev.migrate.support.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SQLite's table copy ("batch mode"): what it must keep, and when it refuses. */
class SqliteTableCopyTest {

    @TempDir
    Path dir;

    private TestDatabase db;
    private Probe.Sqlite probe;

    @BeforeEach
    void newDatabase() {
        db = TestDatabase.sqlite(dir);
        probe = (Probe.Sqlite) Probe.of(db);
    }

    private List<String> apply(OperationsContract.Body body) throws Exception {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            SqlOperations op = SqlOperations.online(new SqliteRenderer(), c);
            try {
                body.run(op);
                c.commit();
            } catch (Exception e) {
                c.rollback();
                throw e;
            }
            return op.statements();
        }
    }

    private void exec(String... sql) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            for (String s : sql) st.execute(s);
        }
    }

    @Test
    void copyKeepsRowsOtherColumnsConstraintsIndexesTriggersAndViews() throws Exception {
        exec("CREATE TABLE parents (id INTEGER PRIMARY KEY)",
                "CREATE TABLE items (\n"
                        + "  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
                        + "  \"Name\" TEXT COLLATE NOCASE NOT NULL CHECK (length(\"Name\") > 0), -- a comment\n"
                        + "  qty integer DEFAULT 1,\n"
                        + "  parent_id INTEGER REFERENCES parents (id) ON DELETE SET NULL,\n"
                        + "  total integer GENERATED ALWAYS AS (qty * 2) VIRTUAL,\n"
                        + "  CONSTRAINT uq_items_name UNIQUE (\"Name\", parent_id),\n"
                        + "  CONSTRAINT ck_items_qty CHECK (qty < 1000)\n"
                        + ")",
                "CREATE INDEX ix_items_qty ON items (qty DESC) WHERE qty > 0",
                "CREATE TABLE log (item_id integer, what text)",
                "CREATE TRIGGER tr_items_insert AFTER INSERT ON items BEGIN INSERT INTO log VALUES (new.id, 'insert'); END",
                "CREATE VIEW big_items AS SELECT id, \"Name\" FROM items WHERE qty > 5",
                "CREATE TABLE children (id integer PRIMARY KEY, item_id integer REFERENCES items (id))",
                "INSERT INTO parents VALUES (1)",
                "INSERT INTO items (\"Name\", qty, parent_id) VALUES ('a', 3, 1), ('b', 10, NULL), ('c', 7, 1)",
                "DELETE FROM items WHERE \"Name\" = 'c'",
                "INSERT INTO children VALUES (1, 2)");
        String before = probe.createSql("items");

        List<String> ran = apply(op -> op.alterColumn("items", "qty", ColumnChange.to().notNull().defaultValue(5)));

        assertEquals(List.of(
                "CREATE TABLE _migrate_tmp_items (id INTEGER PRIMARY KEY AUTOINCREMENT, \"Name\" TEXT COLLATE NOCASE NOT NULL "
                        + "CHECK (length(\"Name\") > 0), qty integer NOT NULL DEFAULT 5, parent_id INTEGER REFERENCES parents (id) "
                        + "ON DELETE SET NULL, total integer GENERATED ALWAYS AS (qty * 2) VIRTUAL, "
                        + "CONSTRAINT uq_items_name UNIQUE (\"Name\", parent_id), CONSTRAINT ck_items_qty CHECK (qty < 1000))",
                "INSERT INTO _migrate_tmp_items (id, \"Name\", qty, parent_id) SELECT id, \"Name\", qty, parent_id FROM items",
                "DROP TABLE items",
                "PRAGMA legacy_alter_table = ON",
                "ALTER TABLE _migrate_tmp_items RENAME TO items",
                "PRAGMA legacy_alter_table = OFF",
                "UPDATE sqlite_sequence SET seq = MAX(seq, 3) WHERE name = 'items'",
                "INSERT INTO sqlite_sequence (name, seq) SELECT 'items', 3 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'items')",
                "CREATE INDEX ix_items_qty ON items (qty DESC) WHERE qty > 0",
                "CREATE TRIGGER tr_items_insert AFTER INSERT ON items BEGIN INSERT INTO log VALUES (new.id, 'insert'); END"),
                ran);

        // the change
        assertTrue(probe.column("items", "qty").notNull());
        assertEquals("5", probe.column("items", "qty").defaultSql());
        // the rows, the generated column, and the other columns' definitions
        assertEquals(List.of("1|a|3|1|6", "2|b|10|null|20"), db.query("SELECT id, \"Name\", qty, parent_id, total FROM items ORDER BY id"));
        assertEquals(List.of("2"), db.query("SELECT id FROM items WHERE \"Name\" = 'B'"), "COLLATE NOCASE kept");
        assertThrows(SQLException.class, () -> exec("INSERT INTO items (\"Name\") VALUES ('')"), "column CHECK kept");
        assertThrows(SQLException.class, () -> exec("INSERT INTO items (\"Name\", qty) VALUES ('x', 5000)"), "named CHECK kept");
        assertThrows(SQLException.class, () -> exec("INSERT INTO items (\"Name\", parent_id) VALUES ('a', 1)"), "UNIQUE kept");
        assertEquals(List.of("ck_items_qty", "uq_items_name"), probe.constraintNames("items"));
        assertEquals(List.of(new Probe.Fk(List.of("parent_id"), "parents", List.of("id"), "SET NULL", "NO ACTION")),
                probe.foreignKeys("items"));
        // the index, the trigger, the view, the table that refers to it
        assertEquals(List.of(new Probe.Idx("ix_items_qty", false, List.of("qty"), true)), probe.indexes("items"));
        exec("INSERT INTO items (\"Name\") VALUES ('d')");
        assertEquals(List.of("1|insert", "2|insert", "3|insert", "4|insert"), db.query("SELECT * FROM log ORDER BY item_id"),
                "trigger kept (it did not fire for the copy); AUTOINCREMENT did not reuse 3");
        assertEquals(List.of("5"), db.query("SELECT qty FROM items WHERE id = 4"), "the new default");
        assertEquals(List.of("2|b"), db.query("SELECT * FROM big_items ORDER BY id"), "view still works");
        assertEquals(List.of(new Probe.Fk(List.of("item_id"), "items", List.of("id"), "NO ACTION", "NO ACTION")),
                probe.foreignKeys("children"));
        assertEquals(List.of("items", "log", "parents", "children").stream().sorted().toList(), db.tables());
        assertEquals(List.of("ok"), db.query("PRAGMA integrity_check"));
        assertEquals(List.of(), db.query("PRAGMA foreign_key_check"));
        assertFalse(before.equals(probe.createSql("items")));
        assertEquals(List.of("0"), db.query("PRAGMA legacy_alter_table"));
    }

    @Test
    void copyKeepsWithoutRowidAndLegacyAlterSetting() throws Exception {
        exec("CREATE TABLE kv (k text PRIMARY KEY, v text) WITHOUT ROWID", "INSERT INTO kv VALUES ('a', '1')");
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("PRAGMA legacy_alter_table = ON");
            c.setAutoCommit(false);
            SqlOperations op = SqlOperations.online(new SqliteRenderer(), c);
            op.alterColumn("kv", "v", ColumnChange.to().type("integer"));
            c.commit();
            assertFalse(op.statements().contains("PRAGMA legacy_alter_table = OFF"), "an ON setting is left alone");
            try (var rs = st.executeQuery("PRAGMA legacy_alter_table")) {
                rs.next();
                assertEquals(1, rs.getInt(1));
            }
        }
        assertTrue(probe.createSql("kv").endsWith(") WITHOUT ROWID"), probe.createSql("kv"));
        assertEquals(List.of("a|1|integer"), db.query("SELECT k, v, typeof(v) FROM kv"));
    }

    @Test
    void columnConstraintsNamedInTheTableCanBeDropped() throws Exception {
        exec("CREATE TABLE t (id integer PRIMARY KEY, qty integer CONSTRAINT ck_qty CHECK (qty > 0) NOT NULL)");
        apply(op -> op.dropConstraint("ck_qty", "t"));
        assertEquals("CREATE TABLE \"t\" (id integer PRIMARY KEY, qty integer NOT NULL)", probe.createSql("t"));
    }

    @Test
    void dropColumnInAPrimaryKeyOrUniqueConstraintCopiesTheTable() throws Exception {
        exec("CREATE TABLE t (a integer, b integer, c text UNIQUE, d text, PRIMARY KEY (a, b))",
                "CREATE INDEX ix_t_d ON t (d)", "CREATE INDEX ix_t_b_d ON t (b, d)", "INSERT INTO t VALUES (1, 2, 'x', 'y')");
        List<String> ran = apply(op -> op.dropColumn("t", "b"));
        assertTrue(ran.get(0).startsWith("CREATE TABLE _migrate_tmp_t (a integer, c text UNIQUE, d text)"), ran.get(0));
        assertEquals(List.of("a", "c", "d"), probe.columnNames("t"));
        assertEquals(List.of(), probe.primaryKey("t"), "the primary key went with its column, as on PostgreSQL");
        assertEquals(List.of("ix_t_d"), probe.indexNames("t"), "so did the index on it");
        assertEquals(List.of(List.of("c")), probe.uniqueConstraints("t"));
        assertEquals(List.of("1|x|y"), db.query("SELECT * FROM t"));

        apply(op -> op.dropColumn("t", "c"));
        assertEquals(List.of("a", "d"), probe.columnNames("t"));
        assertEquals(List.of(), probe.uniqueConstraints("t"));
        assertEquals(List.of("1|y"), db.query("SELECT * FROM t"));
    }

    @Test
    void addedColumnGoesBeforeTableConstraints() throws Exception {
        exec("CREATE TABLE t (id integer, CONSTRAINT pk_t PRIMARY KEY (id))", "INSERT INTO t VALUES (1)");
        apply(op -> op.addColumn("t", Column.of("code", "text").notNull().unique().defaultSql("'c' || 1")));
        assertEquals("CREATE TABLE \"t\" (id integer, code text DEFAULT ('c' || 1) NOT NULL UNIQUE, CONSTRAINT pk_t PRIMARY KEY (id))",
                probe.createSql("t"));
        assertEquals(List.of("1|c1"), db.query("SELECT * FROM t"));
    }

    @Test
    void copyIsRefusedWhileForeignKeysAreEnforcedAndOtherTablesReferToIt() throws Exception {
        exec("CREATE TABLE parents (id integer PRIMARY KEY, name text)",
                "CREATE TABLE children (id integer PRIMARY KEY, parent_id integer REFERENCES parents (id) ON DELETE CASCADE)",
                "INSERT INTO parents VALUES (1, 'p')", "INSERT INTO children VALUES (1, 1)");
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("PRAGMA foreign_keys = ON");
            c.setAutoCommit(false);
            SqlOperations op = SqlOperations.online(new SqliteRenderer(), c);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> op.alterColumn("parents", "name", ColumnChange.to().notNull()));
            assertEquals("alterColumn parents.name: SQLite must copy table parents, but PRAGMA foreign_keys is on and "
                    + "children refer to it, so dropping the old copy would delete or block their rows; run the migration "
                    + "with foreign_keys off", e.getMessage());
            // a table nobody refers to can be copied with foreign keys on
            op.alterColumn("children", "parent_id", ColumnChange.to().notNull());
            c.commit();
        }
        assertEquals(List.of("1|1"), db.query("SELECT * FROM children"));
        assertTrue(probe.column("children", "parent_id").notNull());
        assertFalse(probe.column("parents", "name").notNull());
    }

    @Test
    void unknownTablesAndColumnsAreNamed() throws Exception {
        exec("CREATE TABLE t (id integer PRIMARY KEY)");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> apply(op -> op.alterColumn("nope", "x", ColumnChange.to().notNull())));
        assertEquals("alterColumn nope.x: there is no table nope", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> apply(op -> op.alterColumn("t", "x", ColumnChange.to().notNull())));
        assertEquals("alterColumn t.x: table t has no column x", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> apply(op -> op.dropConstraint("ck", "t")));
        assertEquals("dropConstraint ck: SQLite table t has no constraint named ck (SQLite knows a constraint's name only "
                + "from CONSTRAINT ck in its CREATE TABLE statement)", e.getMessage());
    }

    @Test
    void identityNeedsASingleColumnPrimaryKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> apply(op -> op.createTable("t", Column.of("id", "bigint").identity())));
        assertEquals("createTable t: SQLite numbers rows only through a single-column primary key, so identity column id "
                + "must also be primaryKey()", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> apply(op -> {
            op.createTable("t", Column.of("id", "integer").primaryKey());
            op.addColumn("t", Column.of("n", "integer").identity());
        }));
        assertEquals("addColumn t.n: SQLite cannot add an identity column to an existing table", e.getMessage());
    }
}
