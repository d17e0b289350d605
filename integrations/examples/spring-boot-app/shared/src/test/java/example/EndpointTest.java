package example;

import dev.migrate.spring.MigrateEndpoint;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The whole application in a test: migrated on start, and {@code /actuator/migrate}'s document. */
@SpringBootTest
class EndpointTest extends OwnDatabase {

    @Autowired MigrateEndpoint endpoint;
    @Autowired Users users;

    @Test
    void theEndpointSaysWhereTheDatabaseStands() {
        Map<String, Object> doc = endpoint.migrate();
        assertEquals(List.of("2b3c4d5e6f7a"), doc.get("heads"));
        assertEquals(List.of("2b3c4d5e6f7a"), doc.get("current"));
        assertEquals(List.of(), doc.get("pending"));
        assertEquals(true, doc.get("ok"));
        assertEquals(2, ((List<?>) doc.get("audit")).size());
        assertEquals(500, users.countByActiveTrue());
    }
}
