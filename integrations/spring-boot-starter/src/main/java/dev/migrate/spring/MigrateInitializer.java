package dev.migrate.spring;

import dev.migrate.Migrate;
import dev.migrate.core.Check;
import org.springframework.beans.factory.InitializingBean;

/**
 * Runs {@code migrate.on-startup} (or the application's {@link MigrateStrategy}) when the context creates it. Spring
 * Boot starts it before every bean that uses the database (an {@code EntityManagerFactory}, a {@code JdbcTemplate}):
 * {@link MigrateDatabaseInitializerDetector} tells Boot it initialises the database.
 */
public class MigrateInitializer implements InitializingBean {

    private final Migrate migrate;
    private final MigrateProperties properties;
    private final MigrateStrategy strategy;

    public MigrateInitializer(Migrate migrate, MigrateProperties properties, MigrateStrategy strategy) {
        this.migrate = migrate;
        this.properties = properties;
        this.strategy = strategy;
    }

    @Override
    public void afterPropertiesSet() {
        if (strategy != null) {
            strategy.migrate(migrate);
            return;
        }
        switch (properties.getOnStartup()) {
            case UPGRADE -> migrate.upgrade(properties.getTarget());
            case CHECK -> {
                Check check = migrate.check();
                if (!check.ok()) throw new DatabaseNotAtHeadException(check.message());
            }
            case NONE -> { }
        }
    }

    /** {@code migrate.on-startup=check} found the database behind the scripts (or amiss): the application does not start. */
    public static class DatabaseNotAtHeadException extends IllegalStateException {
        public DatabaseNotAtHeadException(String message) {
            super("migrate.on-startup=check: the database is not ready for this version of the application.\n" + message);
        }
    }
}
