package example;

import org.springframework.boot.CommandLineRunner;
import org.springframework.stereotype.Component;

/** Reads through JPA as soon as the application has started: the schema must be whole by then. */
@Component
class Ready implements CommandLineRunner {

    private final Users users;

    Ready(Users users) {
        this.users = users;
    }

    @Override
    public void run(String... args) {
        System.out.println("ready: " + users.count() + " users, " + users.countByActiveTrue() + " active");
    }
}
