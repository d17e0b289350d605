package dev.migrate.spring;

import dev.migrate.Migrate;

/**
 * What the application does with migrate when it starts, instead of {@code migrate.on-startup}: declare a bean
 * (for example to stamp a database taken over from {@code ddl-auto}, then upgrade). It runs at the same point,
 * before JPA and JDBC beans start.
 */
@FunctionalInterface
public interface MigrateStrategy {
    void migrate(Migrate migrate);
}
