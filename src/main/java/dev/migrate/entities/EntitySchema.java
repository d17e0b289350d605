package dev.migrate.entities;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The DDL of an application's JPA entities, written by the application's own Hibernate (6.6 or 7.x) without a
 * database: {@code SchemaManagementToolCoordinator} with the JPA script settings, which works unchanged on both
 * (Hibernate 7 has no {@code SchemaExport}). Hibernate is called by reflection in a class loader over the
 * application's class path, so migrate neither bundles nor links it. A Spring Boot jar is opened into a temporary
 * folder for the class loader and removed afterwards.
 */
public final class EntitySchema {

    /** How table and column names are derived from the classes. */
    public enum Naming {
        /** Spring Boot's: {@code PurchaseOrder.customerId} is {@code purchase_order.customer_id}. */
        SPRING,
        /** Hibernate's defaults (JPA): the class and field names as they are. */
        JPA,
        /** Spring's when Spring Boot is on the class path, else JPA's. */
        AUTO
    }

    /** The database the DDL is for. */
    public record Target(String productName, int majorVersion) {
        public static Target postgres(int majorVersion) {
            return new Target("PostgreSQL", majorVersion);
        }

        public static final Target SQLITE = new Target("SQLite", 3);
    }

    private static final String SPRING_BOOT_3 = "org.springframework.boot.orm.jpa.hibernate.SpringImplicitNamingStrategy";
    private static final String SPRING_BOOT_4 = "org.springframework.boot.hibernate.SpringImplicitNamingStrategy";

    private EntitySchema() {
    }

    /**
     * @param classpath           the application's classes, jars or Spring Boot jar, with Hibernate on it
     * @param packages            the packages holding the entities (all when empty)
     * @param hibernateProperties a properties file passed to Hibernate last, or null
     */
    public static String ddl(List<Path> classpath, List<String> packages, Naming naming, Path hibernateProperties, Target target) {
        List<String> classes = EntityScanner.scan(classpath, packages);
        if (classes.isEmpty()) {
            throw new EntityException("No JPA entity (@Entity) found " + (packages.isEmpty() ? "" : "in " + String.join(", ", packages) + " ")
                    + "on the class path " + classpath + ". Point classpath at the compiled classes (e.g. target/classes) or the "
                    + "application jar, and entity_packages at the entities' package.");
        }
        Path unpacked = null;
        try {
            List<URL> urls = new ArrayList<>();
            for (Path p : classpath) {
                if (Files.isRegularFile(p) && isBootJar(p)) {
                    if (unpacked == null) unpacked = Files.createTempDirectory("migrate-entities");
                    urls.addAll(unpackBootJar(p, unpacked.resolve("jar" + urls.size())));
                } else {
                    urls.add(p.toUri().toURL());
                }
            }
            try (URLClassLoader loader = new URLClassLoader("migrate-entities", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
                return generate(loader, classes, naming, hibernateProperties, target, classpath);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the class path for the entities: " + e.getMessage(), e);
        } finally {
            if (unpacked != null) deleteTree(unpacked);
        }
    }

    private static String generate(ClassLoader loader, List<String> classes, Naming naming, Path hibernateProperties, Target target,
                                   List<Path> classpath) throws IOException {
        if (!present(loader, "org.hibernate.boot.registry.StandardServiceRegistryBuilder")) {
            throw new EntityException("Hibernate is not on the class path " + classpath + ". --from-entities uses the application's own "
                    + "Hibernate: add its jars (e.g. the application's Spring Boot jar, or target/classes with target/dependency/*.jar "
                    + "from `mvn dependency:copy-dependencies`) to classpath.");
        }
        Path script = Files.createTempFile("migrate-entities", ".sql");
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        Level hibernateLevel = Logger.getLogger("org.hibernate").getLevel();
        thread.setContextClassLoader(loader);
        Logger.getLogger("org.hibernate").setLevel(Level.SEVERE);
        try {
            Map<String, Object> settings = new HashMap<>();
            settings.put("jakarta.persistence.database-product-name", target.productName());
            settings.put("jakarta.persistence.database-major-version", String.valueOf(target.majorVersion()));
            settings.put("hibernate.boot.allow_jdbc_metadata_access", "false");
            settings.put("hibernate.temp.use_jdbc_metadata_defaults", "false");
            if (target.productName().equals("SQLite")) {
                String dialect = "org.hibernate.community.dialect.SQLiteDialect";
                if (!present(loader, dialect)) {
                    throw new EntityException("Hibernate has no SQLite dialect on the class path " + classpath + ": add "
                            + "org.hibernate.orm:hibernate-community-dialects (the version of hibernate-core) to it, or generate "
                            + "against PostgreSQL (shadow_url).");
                }
                settings.put("hibernate.dialect", dialect);
            }
            boolean spring = naming == Naming.SPRING || naming == Naming.AUTO && (present(loader, SPRING_BOOT_3) || present(loader, SPRING_BOOT_4));
            if (spring) {
                settings.put("hibernate.physical_naming_strategy", "org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy");
                String implicit = present(loader, SPRING_BOOT_4) ? SPRING_BOOT_4 : present(loader, SPRING_BOOT_3) ? SPRING_BOOT_3 : null;
                if (implicit != null) settings.put("hibernate.implicit_naming_strategy", implicit);
            }
            if (hibernateProperties != null) {
                Properties p = new Properties();
                try (InputStream in = Files.newInputStream(hibernateProperties)) {
                    p.load(in);
                } catch (IOException e) {
                    throw new EntityException("Cannot read hibernate_properties " + hibernateProperties + ": " + e.getMessage() + ".", e);
                }
                for (String k : p.stringPropertyNames()) settings.put(k, p.getProperty(k));
            }
            Class<?> builderClass = loader.loadClass("org.hibernate.boot.registry.StandardServiceRegistryBuilder");
            Object builder = builderClass.getConstructor().newInstance();
            builderClass.getMethod("applySettings", Map.class).invoke(builder, settings);
            Object registry = builderClass.getMethod("build").invoke(builder);
            Class<?> serviceRegistry = loader.loadClass("org.hibernate.service.ServiceRegistry");
            try {
                Class<?> sourcesClass = loader.loadClass("org.hibernate.boot.MetadataSources");
                Object sources = sourcesClass.getConstructor(serviceRegistry).newInstance(registry);
                Method add = sourcesClass.getMethod("addAnnotatedClass", Class.class);
                for (String name : classes) add.invoke(sources, Class.forName(name, false, loader));
                Object metadata = sourcesClass.getMethod("buildMetadata").invoke(sources);
                Map<String, Object> tool = new HashMap<>(settings);
                tool.put("jakarta.persistence.schema-generation.database.action", "none");
                tool.put("jakarta.persistence.schema-generation.scripts.action", "create");
                tool.put("jakarta.persistence.schema-generation.scripts.create-target", script.toString());
                tool.put("hibernate.hbm2ddl.schema-generation.script.append", "false");
                tool.put("hibernate.hbm2ddl.delimiter", ";");
                tool.put("hibernate.format_sql", "false");
                Class<?> coordinator = loader.loadClass("org.hibernate.tool.schema.spi.SchemaManagementToolCoordinator");
                Method process = null;
                for (Method m : coordinator.getMethods()) {
                    if (m.getName().equals("process") && m.getParameterCount() == 4) process = m;
                }
                if (process == null) throw new EntityException("This Hibernate has no SchemaManagementToolCoordinator.process: use 6.6 or later.");
                process.invoke(null, metadata, registry, tool, null);
            } finally {
                builderClass.getMethod("destroy", serviceRegistry).invoke(null, registry);
            }
            return Files.readString(script, StandardCharsets.UTF_8);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new EntityException("Hibernate could not map the entities: " + rootMessage(cause) + ". Fix the mapping; the class path was "
                    + classpath + ".", cause);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new EntityException("Cannot run Hibernate from the class path " + classpath + ": " + e + ". Use Hibernate 6.6 or 7.x.", e);
        } finally {
            thread.setContextClassLoader(previous);
            Logger.getLogger("org.hibernate").setLevel(hibernateLevel);
            Files.deleteIfExists(script);
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) r = r.getCause();
        return r == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (" + r.getMessage() + ")";
    }

    private static boolean present(ClassLoader loader, String name) {
        return loader.getResource(name.replace('.', '/') + ".class") != null;
    }

    private static boolean isBootJar(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.getEntry("BOOT-INF/classes/") != null || zip.stream().anyMatch(e -> e.getName().startsWith("BOOT-INF/"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Opens a Spring Boot jar into a folder: its classes, and its libraries as jars. */
    private static List<URL> unpackBootJar(Path jar, Path into) throws IOException {
        List<URL> urls = new ArrayList<>();
        Path classes = into.resolve("classes");
        Files.createDirectories(classes);
        urls.add(classes.toUri().toURL());
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) continue;
                String name = e.getName();
                Path out;
                if (name.startsWith("BOOT-INF/classes/")) {
                    out = classes.resolve(name.substring("BOOT-INF/classes/".length())).normalize();
                } else if (name.startsWith("BOOT-INF/lib/") && name.endsWith(".jar")) {
                    out = into.resolve("lib").resolve(name.substring("BOOT-INF/lib/".length())).normalize();
                    urls.add(toUrl(out));
                } else {
                    continue;
                }
                if (!out.startsWith(into)) continue; // a path that climbs out of the folder
                Files.createDirectories(out.getParent());
                try (InputStream in = zip.getInputStream(e)) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return urls;
    }

    private static URL toUrl(Path p) {
        try {
            return p.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder
        }
    }
}
