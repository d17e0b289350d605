package example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An application that replaced {@code ddl-auto=update} with migrate: its schema comes from the revisions in
 * {@code src/main/resources/db/revisions}, applied on start-up before JPA starts; Hibernate only validates it.
 */
@SpringBootApplication
public class App {

    public static void main(String[] args) {
        System.exit(SpringApplication.exit(SpringApplication.run(App.class, args)));
    }
}
