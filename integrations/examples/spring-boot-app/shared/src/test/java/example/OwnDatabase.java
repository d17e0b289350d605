package example;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.ArrayList;
import java.util.List;

/**
 * A Spring test class whose application context gets a new database of its own on the test server (so that what a
 * context finds there was done by that context), dropped when the tests' JVM ends.
 */
abstract class OwnDatabase {

    private static final List<TestDatabase> MADE = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (MADE) {
                for (TestDatabase db : MADE) {
                    try {
                        db.close();
                    } catch (Exception e) {
                        System.err.println("could not drop a test database: " + e);
                    }
                }
            }
        }));
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws Exception {
        TestDatabase db = TestDatabase.create();
        synchronized (MADE) {
            MADE.add(db);
        }
        registry.add("spring.datasource.url", () -> db.jdbcUrl);
        registry.add("spring.datasource.username", () -> db.user);
        registry.add("spring.datasource.password", () -> db.password);
    }
}
