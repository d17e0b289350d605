package dev.migrate.junit;

import dev.migrate.junit.MigrateDatabase;
import dev.migrate.junit.MigrationTester;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

/** The guide's example ("Using migrate from Java", JUnit 5), as written there. */
@MigrateDatabase(scripts = "classpath:db/revisions", isolated = true)
class DisplayNameMigrationTest {

    @Test
    void displayNamesAreFilledFromNames(MigrationTester t) {
        t.downgradeTo("a1")
         .insert("users", Map.of("id", 1, "name", "ada"))
         .upgradeTo("b2");
        t.assertRows("SELECT display_name FROM users", List.of(Map.of("display_name", "Ada")));
        t.downgradeTo("base");
    }

    @Test
    void everyDowngradeRestoresTheSchema(MigrationTester t) {
        t.assertSingleHead();
        t.assertUpDownConsistency();
    }
}
