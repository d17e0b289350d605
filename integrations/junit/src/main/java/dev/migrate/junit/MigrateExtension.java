package dev.migrate.junit;

import dev.migrate.Migrate;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import javax.sql.DataSource;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * The extension behind {@link MigrateDatabase}: finds the class's database, migrates it before its tests, gives
 * {@link Migrate} and {@link MigrationTester} parameters, and drops an isolated database after them.
 */
public final class MigrateExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MigrateExtension.class);
    static final String ENV = "MIGRATE_TEST_DATABASE_URL";
    static final String PROPERTY = "migrate.test.database.url";

    /** The class's database: how to reach it, and how to drop it when it is the class's own. */
    private record Target(Migrate migrate, Isolation isolation) { }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Class<?> test = context.getRequiredTestClass();
        MigrateDatabase settings = AnnotationSupport.findAnnotation(test, MigrateDatabase.class)
                .orElseThrow(() -> new ExtensionConfigurationException(test.getName() + " has no @MigrateDatabase"));
        Target target = target(test, settings);
        context.getStore(NAMESPACE).put(Target.class, target);
        if (!settings.target().isBlank()) target.migrate().upgrade(settings.target());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Target target = context.getStore(NAMESPACE).remove(Target.class, Target.class);
        if (target != null && target.isolation() != null) target.isolation().drop();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Migrate.class || type == MigrationTester.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Target target = context.getStore(NAMESPACE).get(Target.class, Target.class);
        if (target == null) throw new ExtensionConfigurationException("@MigrateDatabase has not set up a database for " + context.getDisplayName());
        return parameter.getParameter().getType() == Migrate.class ? target.migrate() : MigrationTester.of(target.migrate());
    }

    private static Target target(Class<?> test, MigrateDatabase settings) throws Exception {
        Object source = annotatedField(test).orElse(null);
        if (source == null) source = container(test).orElse(null);
        if (source == null) source = Optional.ofNullable(System.getProperty(PROPERTY)).or(() -> Optional.ofNullable(System.getenv(ENV)))
                .filter(s -> !s.isBlank()).orElse(null);
        if (source == null) {
            throw new ExtensionConfigurationException("@MigrateDatabase on " + test.getName() + " has no database: annotate a static "
                    + "DataSource or URL field with @MigrateDataSource, declare a static Testcontainers JdbcDatabaseContainer field, "
                    + "or set " + ENV);
        }
        Isolation isolation = null;
        Migrate m;
        if (source instanceof DataSource ds) {
            if (settings.isolated()) {
                throw new ExtensionConfigurationException("@MigrateDatabase(isolated = true) on " + test.getName()
                        + " needs a URL or a container, not a DataSource: its connections' search path is the application's");
            }
            m = Migrate.at(ds);
        } else {
            String url = source.toString();
            if (settings.isolated()) {
                isolation = Isolation.create(url);
                url = isolation.url();
            }
            m = Migrate.at(url);
        }
        return new Target(m.scripts(settings.scripts()).versionTable(settings.versionTable()), isolation);
    }

    private static Optional<Object> annotatedField(Class<?> test) throws IllegalAccessException {
        for (Field f : AnnotationSupport.findAnnotatedFields(test, MigrateDataSource.class)) {
            if (!Modifier.isStatic(f.getModifiers())) {
                throw new ExtensionConfigurationException("@MigrateDataSource field " + f.getName() + " must be static: the database is migrated before any instance exists");
            }
            f.setAccessible(true);
            Object value = f.get(null);
            if (value == null) throw new ExtensionConfigurationException("@MigrateDataSource field " + f.getName() + " is null");
            if (!(value instanceof DataSource) && !(value instanceof CharSequence)) {
                throw new ExtensionConfigurationException("@MigrateDataSource field " + f.getName() + " is a " + value.getClass().getName()
                        + ": give a javax.sql.DataSource or a database URL");
            }
            return Optional.of(value instanceof CharSequence cs ? cs.toString() : value);
        }
        return Optional.empty();
    }

    /**
     * A static Testcontainers {@code JdbcDatabaseContainer} field, read by reflection (Testcontainers is never a
     * dependency): its JDBC URL with the user and password, the container started if it is not yet.
     */
    private static Optional<Object> container(Class<?> test) throws Exception {
        for (Class<?> c = test; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) || !isJdbcContainer(f.getType())) continue;
                f.setAccessible(true);
                Object container = f.get(null);
                if (container == null) continue;
                if (!(Boolean) call(container, "isRunning")) call(container, "start");
                String jdbc = (String) call(container, "getJdbcUrl");
                String user = (String) call(container, "getUsername");
                String password = (String) call(container, "getPassword");
                return Optional.of(jdbc + (jdbc.contains("?") ? "&" : "?") + "user=" + encode(user) + "&password=" + encode(password));
            }
        }
        return Optional.empty();
    }

    private static boolean isJdbcContainer(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getSuperclass()) {
            if (t.getName().equals("org.testcontainers.containers.JdbcDatabaseContainer")) return true;
        }
        return false;
    }

    private static Object call(Object target, String method) throws Exception {
        Method m = target.getClass().getMethod(method);
        return m.invoke(target);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    private static void execute(Migrate server, String sql) {
        server.withConnection(c -> {
            try (var st = c.createStatement()) {
                return st.execute(sql);
            }
        });
    }

    /** A database of one test class's own, made before its tests and dropped after them. */
    private interface Isolation {
        String url();

        void drop() throws Exception;

        static Isolation create(String url) throws Exception {
            Migrate server = Migrate.at(url);
            if (server.dialect().equals("sqlite")) {
                Path file = Files.createTempFile("migrate-test-", ".db");
                return new Isolation() {
                    public String url() { return "sqlite:" + file; }

                    public void drop() throws Exception { Files.deleteIfExists(file); }
                };
            }
            String schema = "migrate_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            execute(server, "CREATE SCHEMA " + schema);
            String isolated = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            return new Isolation() {
                public String url() { return isolated; }

                public void drop() {
                    execute(server, "DROP SCHEMA " + schema + " CASCADE");
                }
            };
        }
    }
}
