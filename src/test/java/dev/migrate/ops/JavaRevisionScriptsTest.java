package dev.migrate.ops;

import dev.migrate.support.Cli;
import dev.migrate.support.Scripts;
import dev.migrate.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every operation of the API in a {@code .java} revision script, applied one revision at a time with
 * {@code migrate upgrade +1} and reverted with {@code migrate downgrade -1} through the real command line, on
 * PostgreSQL and SQLite. After each upgrade the database's own catalog (through {@link Probe}) shows what the
 * operation did; after each downgrade the whole schema is what it was before that revision.
 */
class JavaRevisionScriptsTest {

    @TempDir Path dir;
    TestDatabase db;
    Probe probe;
    Cli cli;

    @FunctionalInterface
    interface Check {
        void run() throws Exception;
    }

    /** One revision: its upgrade and downgrade bodies, and what the catalog shows after each direction. */
    record Step(String id, String upgrade, String downgrade, Check afterUpgrade, Check afterDowngrade) { }

    @AfterEach
    void tearDown() {
        if (db != null) db.close();
    }

    boolean postgres() {
        return db.kind().equals("postgresql");
    }

    List<Step> steps() {
        List<Step> s = new ArrayList<>();
        s.add(new Step("r01", """
                op.createTable("accounts",
                        Column.of("id", "integer").primaryKey(),
                        Column.of("email", "varchar(255)").notNull(),
                        Column.of("active", "boolean").notNull().defaultValue(true));
                """, """
                op.dropTable("accounts");
                """, () -> {
            assertEquals(List.of("accounts"), tables());
            assertEquals(List.of("id", "email", "active"), probe.columnNames("accounts"));
            assertEquals(List.of("id"), probe.primaryKey("accounts"));
            assertEquals(new Probe.Col("email", probe.typeOf("varchar(255)"), true, null), probe.column("accounts", "email"));
            assertTrue(probe.column("accounts", "active").notNull());
        }, () -> assertEquals(List.of(), tables())));

        s.add(new Step("r02", """
                op.addColumn("accounts", Column.of("nickname", "text"));
                """, """
                op.dropColumn("accounts", "nickname");
                """, () -> assertEquals(new Probe.Col("nickname", "text", false, null), probe.column("accounts", "nickname")),
                () -> assertEquals(List.of("id", "email", "active"), probe.columnNames("accounts"))));

        s.add(new Step("r03", """
                op.alterColumn("accounts", "nickname", ColumnChange.to().type("varchar(100)"));
                """, """
                op.alterColumn("accounts", "nickname", ColumnChange.to().type("text"));
                """, () -> assertEquals(probe.typeOf("varchar(100)"), probe.column("accounts", "nickname").type()),
                () -> assertEquals("text", probe.column("accounts", "nickname").type())));

        s.add(new Step("r04", """
                op.alterColumn("accounts", "nickname", ColumnChange.to().notNull());
                """, """
                op.alterColumn("accounts", "nickname", ColumnChange.to().nullable());
                """, () -> assertTrue(probe.column("accounts", "nickname").notNull()),
                () -> assertFalse(probe.column("accounts", "nickname").notNull())));

        s.add(new Step("r05", """
                op.alterColumn("accounts", "nickname", ColumnChange.to().defaultValue("anon"));
                """, """
                op.alterColumn("accounts", "nickname", ColumnChange.to().noDefault());
                """, () -> assertTrue(probe.column("accounts", "nickname").defaultSql().startsWith("'anon'"),
                        probe.column("accounts", "nickname")::toString),
                () -> assertEquals(null, probe.column("accounts", "nickname").defaultSql())));

        s.add(new Step("r06", """
                op.alterColumn("accounts", "nickname", ColumnChange.to().name("handle"));
                """, """
                op.alterColumn("accounts", "handle", ColumnChange.to().name("nickname"));
                """, () -> assertEquals(List.of("id", "email", "active", "handle"), probe.columnNames("accounts")),
                () -> assertEquals(List.of("id", "email", "active", "nickname"), probe.columnNames("accounts"))));

        s.add(new Step("r07", """
                op.createIndex("ix_accounts_handle", "accounts", List.of("handle"));
                op.createIndex("ux_accounts_email", "accounts", List.of("email"), IndexOptions.defaults().unique());
                op.createIndex("ix_accounts_active_email", "accounts", List.of("email"), IndexOptions.defaults().where("active"));
                """, """
                op.dropIndex("ix_accounts_active_email");
                op.dropIndex("ux_accounts_email");
                op.dropIndex("ix_accounts_handle");
                """, () -> assertEquals(List.of(
                        new Probe.Idx("ix_accounts_active_email", false, List.of("email"), true),
                        new Probe.Idx("ix_accounts_handle", false, List.of("handle"), false),
                        new Probe.Idx("ux_accounts_email", true, List.of("email"), false)), probe.indexes("accounts")),
                () -> assertEquals(List.of(), probe.indexes("accounts"))));

        s.add(new Step("r08", """
                op.createTable("groups", Column.of("id", "integer").primaryKey(), Column.of("name", "text").notNull());
                op.addColumn("accounts", Column.of("group_id", "integer"));
                op.createForeignKey("fk_accounts_group", "accounts", List.of("group_id"), "groups", List.of("id"),
                        ReferentialAction.CASCADE, ReferentialAction.NO_ACTION);
                """, """
                op.dropConstraint("fk_accounts_group", "accounts");
                op.dropColumn("accounts", "group_id");
                op.dropTable("groups");
                """, () -> {
            assertEquals(List.of(new Probe.Fk(List.of("group_id"), "groups", List.of("id"), "CASCADE", "NO ACTION")),
                    probe.foreignKeys("accounts"));
            assertTrue(probe.constraintNames("accounts").contains("fk_accounts_group"), () -> "constraints: " + names("accounts"));
            assertEquals(3, probe.indexes("accounts").size(), "indexes survive the change");
        }, () -> {
            assertEquals(List.of(), probe.foreignKeys("accounts"));
            assertEquals(List.of("accounts"), tables());
        }));

        s.add(new Step("r09", """
                op.createUniqueConstraint("uq_accounts_handle_group", "accounts", List.of("handle", "group_id"));
                """, """
                op.dropConstraint("uq_accounts_handle_group", "accounts");
                """, () -> {
            assertEquals(List.of(List.of("handle", "group_id")), probe.uniqueConstraints("accounts"));
            assertTrue(probe.constraintNames("accounts").contains("uq_accounts_handle_group"), () -> "constraints: " + names("accounts"));
        }, () -> assertEquals(List.of(), probe.uniqueConstraints("accounts"))));

        s.add(new Step("r10", """
                op.createCheckConstraint("ck_accounts_email", "accounts", "email LIKE '%@%'");
                """, """
                op.dropConstraint("ck_accounts_email", "accounts");
                """, () -> assertTrue(probe.constraintNames("accounts").contains("ck_accounts_email"), () -> "constraints: " + names("accounts")),
                () -> assertFalse(probe.constraintNames("accounts").contains("ck_accounts_email"))));

        s.add(new Step("r11", """
                op.renameTable("accounts", "members");
                """, """
                op.renameTable("members", "accounts");
                """, () -> {
            assertEquals(List.of("groups", "members"), tables());
            assertEquals(List.of("ix_accounts_active_email", "ix_accounts_handle", "ux_accounts_email"), probe.indexNames("members"));
        }, () -> assertEquals(List.of("accounts", "groups"), tables())));

        s.add(new Step("r12", """
                op.execute("CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL)");
                """, """
                op.execute("DROP TABLE notes");
                """, () -> assertEquals(List.of("id", "body"), probe.columnNames("notes")),
                () -> assertEquals(List.of("groups", "members"), tables())));

        s.add(new Step("r13", """
                op.bulkInsert("groups", List.of(Map.of("id", 1, "name", "admins"), Map.of("id", 2, "name", "users")));
                op.bulkInsert("members", List.of(
                        Map.of("id", 1, "email", "Ada@Example.COM", "group_id", 1),
                        Map.of("id", 2, "email", "Grace@Example.com", "group_id", 2),
                        Map.of("id", 3, "email", "linus@example.com", "group_id", 2, "handle", "torvalds")));
                """, """
                op.execute("DELETE FROM members");
                op.execute("DELETE FROM groups");
                """, () -> {
            assertEquals(List.of("1|admins", "2|users"), probe.rows("SELECT id, name FROM groups ORDER BY id"));
            assertEquals(List.of("1|Ada@Example.COM|anon|1|yes", "2|Grace@Example.com|anon|2|yes", "3|linus@example.com|torvalds|2|yes"),
                    members(), "the defaults fill what a row leaves out");
        }, () -> assertEquals(List.of(), members())));

        // A data migration: reads rows through the revision's own connection and rewrites them.
        s.add(new Step("r14", """
                Connection c = op.connection();
                Map<Integer, String> emails = new TreeMap<>();
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id, email FROM members WHERE handle = 'anon'")) {
                    while (rs.next()) emails.put(rs.getInt(1), rs.getString(2));
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE members SET email = ?, handle = ? WHERE id = ?")) {
                    for (Map.Entry<Integer, String> e : emails.entrySet()) {
                        String email = e.getValue().toLowerCase(Locale.ROOT);
                        ps.setString(1, email);
                        ps.setString(2, email.substring(0, email.indexOf('@')));
                        ps.setInt(3, e.getKey());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                """, """
                try (PreparedStatement ps = op.connection().prepareStatement(
                        "UPDATE members SET handle = 'anon' WHERE handle = substr(email, 1, length(handle)) AND handle <> 'torvalds'")) {
                    ps.executeUpdate();
                }
                """, () -> assertEquals(List.of("1|ada@example.com|ada|1|yes", "2|grace@example.com|grace|2|yes",
                        "3|linus@example.com|torvalds|2|yes"), members()),
                () -> assertEquals(List.of("1|ada@example.com|anon|1|yes", "2|grace@example.com|anon|2|yes",
                        "3|linus@example.com|torvalds|2|yes"), members(), "handles reverted; e-mails stay in lower case")));
        return s;
    }

    /** The application's tables, without migrate's own. */
    List<String> tables() throws SQLException {
        return probe.tables().stream().filter(t -> !t.startsWith("migrate_version")).toList();
    }

    List<String> members() throws SQLException {
        return probe.rows("SELECT id, email, handle, group_id, CASE WHEN active THEN 'yes' ELSE 'no' END FROM members ORDER BY id");
    }

    String names(String table) {
        try {
            return probe.constraintNames(table).toString();
        } catch (SQLException e) {
            return e.toString();
        }
    }

    /** Everything the catalog says about the application's tables (not migrate's own). */
    Map<String, List<Object>> schema() throws SQLException {
        Map<String, List<Object>> out = new TreeMap<>();
        for (String t : tables()) {
            out.put(t, List.of(probe.columns(t), probe.primaryKey(t), probe.indexes(t), probe.uniqueConstraints(t),
                    probe.foreignKeys(t), probe.constraintNames(t)));
        }
        return out;
    }

    Cli.Result ok(String... args) {
        Cli.Result r = cli.run(args);
        assertEquals(0, r.code(), r::toString);
        return r;
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void everyOperationUpgradesAndDowngradesThroughTheCommandLine(String kind) throws Exception {
        db = kind.equals("postgresql") ? TestDatabase.postgres() : TestDatabase.sqlite(dir);
        probe = Probe.of(db);
        cli = new Cli(dir).env("DATABASE_URL", db.url());
        Scripts scripts = new Scripts(dir);
        List<Step> steps = steps();
        for (int i = 0; i < steps.size(); i++) {
            scripts.java(steps.get(i).id(), i == 0 ? "" : steps.get(i - 1).id(), steps.get(i).upgrade(), steps.get(i).downgrade());
        }

        List<Map<String, List<Object>>> before = new ArrayList<>();
        for (Step step : steps) {
            before.add(schema());
            Cli.Result r = ok("upgrade", "+1");
            assertTrue(r.out().contains("-> " + step.id() + ", revision " + step.id()), r::toString);
            assertEquals(List.of(step.id()), db.versions());
            step.afterUpgrade().run();
        }
        for (int i = steps.size() - 1; i >= 0; i--) {
            Step step = steps.get(i);
            ok("downgrade", "-1");
            assertEquals(i == 0 ? List.of() : List.of(steps.get(i - 1).id()), db.versions());
            step.afterDowngrade().run();
            assertEquals(before.get(i), schema(), "the schema after downgrading " + step.id() + " is the one before it");
        }
        assertEquals(2 * steps.size(), db.query("SELECT 1 FROM migrate_version_audit WHERE status = 'ok'").size());
    }
}
