package dev.migrate.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Migrates the test database before the class's tests run, once per class, under migrate's lock (test classes run in
 * parallel JVMs do not apply a revision twice).
 *
 * <p>The database is, in this order: the value of a static field annotated {@link MigrateDataSource} (a
 * {@code DataSource} or a URL); a static Testcontainers {@code JdbcDatabaseContainer} field (started if it is not);
 * the {@code MIGRATE_TEST_DATABASE_URL} environment variable (or system property {@code migrate.test.database.url}).
 *
 * <pre>{@code
 * @MigrateDatabase(scripts = "classpath:db/revisions")
 * class RepositoryTest {
 *     @Test void findsUsers(Migrate migrate) { ... }
 * }
 * }</pre>
 *
 * A test method may take a {@link dev.migrate.Migrate} or a {@link MigrationTester} parameter, both on that database.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(MigrateExtension.class)
public @interface MigrateDatabase {

    /** The upgrade target before the tests: {@code heads} by default; empty to leave the database where it is. */
    String target() default "heads";

    /** The script location: a directory holding {@code versions/}, or {@code classpath:db/revisions}. */
    String scripts() default "migrations";

    /** The version table; the audit table is {@code <name>_audit}. */
    String versionTable() default "migrate_version";

    /**
     * A database of the class's own, dropped after it: on PostgreSQL a schema {@code migrate_test_<random>} (the
     * connections' search path), on SQLite a new file. For a URL or a container; a {@code DataSource} cannot be
     * isolated this way.
     */
    boolean isolated() default false;
}
