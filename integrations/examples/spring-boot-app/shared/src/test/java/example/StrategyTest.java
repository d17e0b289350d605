package example;

import dev.migrate.Migrate;
import dev.migrate.spring.MigrateStrategy;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An application's own {@link MigrateStrategy} replaces {@code migrate.on-startup}, at the same point: here a
 * database taken over from {@code ddl-auto} (its users table already there) is stamped at the first revision,
 * then upgraded.
 */
@SpringBootTest
class StrategyTest extends OwnDatabase {

    @TestConfiguration
    static class TakeOver {
        @Bean
        MigrateStrategy stampThenUpgrade() {
            return migrate -> {
                migrate.withConnection(c -> {
                    try (var st = c.createStatement()) {
                        return st.execute("CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);"
                                + "INSERT INTO users VALUES (1, 'kept@example.com')");
                    }
                });
                migrate.stamp("1a2b3c4d5e6f");
                migrate.upgrade("heads");
            };
        }
    }

    @Autowired Migrate migrate;
    @Autowired Users users;

    @Test
    void theStrategyRanInsteadOfTheUpgrade() {
        assertEquals(List.of("2b3c4d5e6f7a"), migrate.current());
        assertEquals(1, users.count(), "the taken-over row, not the first revision's thousand");
        assertEquals(List.of("stamp", "upgrade"), migrate.auditLog().stream().map(e -> e.kind()).toList());
    }
}
