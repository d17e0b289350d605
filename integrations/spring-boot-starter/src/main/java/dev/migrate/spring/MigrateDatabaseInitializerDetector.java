package dev.migrate.spring;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;

import java.util.Set;

/**
 * Tells Spring Boot that {@link MigrateInitializer} initialises the database, so that every bean that depends on
 * database initialisation (JPA's {@code EntityManagerFactory}, {@code JdbcTemplate}, ...) starts after it: nothing
 * reads a half-migrated schema. Registered in {@code META-INF/spring.factories}.
 */
public class MigrateDatabaseInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

    @Override
    protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
        return Set.of(MigrateInitializer.class);
    }
}
