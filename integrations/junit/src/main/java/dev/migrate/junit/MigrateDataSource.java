package dev.migrate.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the static field that gives {@link MigrateDatabase} its database: a {@code javax.sql.DataSource}, or a URL
 * in any form migrate accepts ({@code postgres://…}, {@code jdbc:postgresql://…}, {@code sqlite:…}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface MigrateDataSource {
}
