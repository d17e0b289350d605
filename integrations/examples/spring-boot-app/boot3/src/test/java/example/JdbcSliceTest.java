package example;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** @JdbcTest migrates the database before the JdbcTemplate sees it (Spring Boot 3). */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
class JdbcSliceTest extends OwnDatabase {

    @Autowired JdbcTemplate jdbc;

    @Test
    void theJdbcSliceIsMigrated() {
        assertEquals("2b3c4d5e6f7a", jdbc.queryForObject("SELECT version_num FROM migrate_version", String.class));
    }
}
