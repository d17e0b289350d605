package example;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** @DataJpaTest migrates the database before the repository sees it (Spring Boot 4). */
@DataJpaTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
class JpaSliceTest extends OwnDatabase {

    @Autowired Users users;

    @Test
    void theRepositorySeesTheMigratedSchema() {
        assertEquals(1000, users.count());
        assertEquals(500, users.countByActiveTrue());
    }
}
