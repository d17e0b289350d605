package example;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.orm.jpa.DataJpaTest;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** @DataJpaTest migrates the database before the repository sees it (Spring Boot 3). */
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
