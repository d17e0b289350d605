package example;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** @JdbcTest migrates the database before the JdbcTemplate sees it (Spring Boot 4). */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
class JdbcSliceTest {
    static final TestDatabase db = Databases.create();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        Databases.register(db, registry);
    }

    @AfterAll
    static void drop() throws Exception {
        db.close();
    }

    @Autowired JdbcTemplate jdbc;

    @Test
    void theJdbcSliceIsMigrated() {
        assertEquals("2b3c4d5e6f7a", jdbc.queryForObject("SELECT version_num FROM migrate_version", String.class));
    }
}
