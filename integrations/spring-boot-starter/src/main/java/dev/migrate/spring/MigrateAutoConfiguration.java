package dev.migrate.spring;

import dev.migrate.Migrate;
import dev.migrate.core.Settings;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ResourceLoader;

import javax.sql.DataSource;

/**
 * migrate on the application's {@code DataSource}: a {@link Migrate} bean, and a {@link MigrateInitializer} that
 * runs {@code migrate.on-startup} before the beans that use the database. After the data source's auto-configuration,
 * named as Boot 3.5 and Boot 4 name it.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"})
@ConditionalOnClass(Migrate.class)
@ConditionalOnBean(DataSource.class)
@ConditionalOnProperty(prefix = "migrate", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(MigrateProperties.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
public class MigrateAutoConfiguration {

    /** The library on the application's data source, its revisions read through the application's class loader. */
    @Bean
    @ConditionalOnMissingBean
    public Migrate migrate(DataSource dataSource, MigrateProperties properties, ResourceLoader resources) {
        Settings defaults = Settings.defaults();
        Settings settings = new Settings(properties.getLockWait(),
                properties.getLockTimeout() != null ? properties.getLockTimeout() : defaults.lockTimeout(),
                properties.getStatementTimeout() != null ? properties.getStatementTimeout() : defaults.statementTimeout(),
                defaults.lockRetries(), defaults.concurrentLockTimeout());
        Migrate m = Migrate.at(dataSource).scripts(properties.getScriptLocation()).versionTable(properties.getVersionTable()).settings(settings);
        ClassLoader loader = resources.getClassLoader();
        return loader == null ? m : m.classLoader(loader);
    }

    @Bean
    @ConditionalOnMissingBean
    public MigrateInitializer migrateInitializer(Migrate migrate, MigrateProperties properties, ObjectProvider<MigrateStrategy> strategy) {
        return new MigrateInitializer(migrate, properties, strategy.getIfAvailable());
    }

    /** {@code /actuator/migrate}, where the application has the actuator. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
    static class Endpoint {
        @Bean
        @ConditionalOnMissingBean
        MigrateEndpoint migrateEndpoint(Migrate migrate) {
            return new MigrateEndpoint(migrate);
        }
    }
}
