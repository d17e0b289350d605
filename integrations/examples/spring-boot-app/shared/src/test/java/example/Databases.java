package example;

import org.springframework.test.context.DynamicPropertyRegistry;

/** The test database of a Spring test class: made once per class, given to the context as its data source. */
final class Databases {

    private Databases() {
    }

    static TestDatabase create() {
        try {
            return TestDatabase.create();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void register(TestDatabase db, DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> db.jdbcUrl);
        registry.add("spring.datasource.username", () -> db.user);
        registry.add("spring.datasource.password", () -> db.password);
    }
}
