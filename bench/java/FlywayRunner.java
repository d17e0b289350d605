import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

/**
 * Flyway as a library, the way an application embeds it: {@code migrate} applies the pending migrations,
 * {@code info} prints the current version (Flyway's answer to {@code migrate current}).
 * Usage: {@code java -cp <flyway jars>:<classes> FlywayRunner migrate|info <jdbc-url> <user> <password> <directory>}.
 */
public final class FlywayRunner {
    public static void main(String[] args) {
        String password = args[3].isEmpty() ? null : args[3];
        Flyway flyway = Flyway.configure()
                .dataSource(args[1], args[2], password)
                .locations("filesystem:" + args[4])
                .load();
        switch (args[0]) {
            case "migrate" -> System.out.println(flyway.migrate().migrationsExecuted + " migrations applied");
            case "info" -> {
                MigrationInfo current = flyway.info().current();
                System.out.println(current == null ? "(empty)" : current.getVersion());
            }
            default -> throw new IllegalArgumentException("migrate or info, not " + args[0]);
        }
    }
}
