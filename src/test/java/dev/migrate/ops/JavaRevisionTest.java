package dev.migrate.ops;

import dev.migrate.api.Column;
import dev.migrate.api.Migration;
import dev.migrate.api.Operations;
import dev.migrate.api.ReversibleMigration;
import dev.migrate.api.Revision;
import dev.migrate.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A Java revision script as a user writes one, read and run the way the script loader will. */
class JavaRevisionTest {

    @Revision(id = "ae1027a6acf", revises = "1975ea83b712", message = "add accounts\n\nwith a seed row",
            createDate = "2026-11-21 10:00:00.000000", branchLabels = "accounts", dependsOn = {"b1", "c2"})
    public static final class AddAccounts implements ReversibleMigration {
        @Override
        public void upgrade(Operations op) {
            op.createTable("accounts", Column.of("id", "bigint").primaryKey().identity(), Column.of("email", "text").notNull());
            op.bulkInsert("accounts", List.of(Map.of("email", "root@example.com")));
        }

        @Override
        public void downgrade(Operations op) {
            op.dropTable("accounts");
        }
    }

    @Revision(id = "f00d", transactional = false)
    public static final class BuildIndex implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createIndex("ix_accounts_email", "accounts", List.of("email"));
        }
    }

    @TempDir
    Path dir;

    @Test
    void metadataComesFromTheAnnotation() {
        Revision r = AddAccounts.class.getAnnotation(Revision.class);
        assertEquals("ae1027a6acf", r.id());
        assertArrayEquals(new String[] {"1975ea83b712"}, r.revises());
        assertEquals("add accounts\n\nwith a seed row", r.message());
        assertEquals("2026-11-21 10:00:00.000000", r.createDate());
        assertArrayEquals(new String[] {"accounts"}, r.branchLabels());
        assertArrayEquals(new String[] {"b1", "c2"}, r.dependsOn());
        assertTrue(r.transactional());

        Revision base = BuildIndex.class.getAnnotation(Revision.class);
        assertArrayEquals(new String[0], base.revises(), "a base revision");
        assertEquals("", base.message());
        assertFalse(base.transactional());
    }

    @Test
    void whetherADowngradeExistsIsItsType() throws Exception {
        Migration reversible = AddAccounts.class.getDeclaredConstructor().newInstance();
        Migration upgradeOnly = BuildIndex.class.getDeclaredConstructor().newInstance();
        assertTrue(reversible instanceof ReversibleMigration);
        assertFalse(upgradeOnly instanceof ReversibleMigration);
    }

    @Test
    void upgradeAndDowngradeRunOnADatabase() throws Exception {
        TestDatabase db = TestDatabase.sqlite(dir);
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            new AddAccounts().upgrade(SqlOperations.online(new SqliteRenderer(), c));
            c.commit();
            c.setAutoCommit(true);
            new BuildIndex().upgrade(SqlOperations.online(new SqliteRenderer(), c));
        }
        assertEquals(List.of("1|root@example.com"), db.query("SELECT id, email FROM accounts"));
        assertEquals(List.of("ix_accounts_email"), Probe.of(db).indexNames("accounts"));

        try (Connection c = db.connect()) {
            ((ReversibleMigration) new AddAccounts()).downgrade(SqlOperations.online(new SqliteRenderer(), c));
        }
        assertEquals(List.of(), db.tables());
    }
}
