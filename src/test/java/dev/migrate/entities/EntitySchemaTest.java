package dev.migrate.entities;

import dev.migrate.catalog.Catalog;
import dev.migrate.catalog.Name;
import dev.migrate.catalog.PostgresCatalogReader;
import dev.migrate.catalog.Table;
import dev.migrate.diff.Differ;
import dev.migrate.diff.PostgresChangeSql;
import dev.migrate.support.JavaClasses;
import dev.migrate.support.PostgresServer;
import dev.migrate.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Entities compiled in the test, turned into DDL by real Hibernate 6.6 and 7.4 (fetched by the build into
 * target/hibernate-*), loaded into a real PostgreSQL, read back; and the whole autogenerate loop: the DDL of the
 * entities diffed against an empty schema, the generated SQL run, the re-diff empty.
 */
class EntitySchemaTest {

    @TempDir
    Path dir;

    static final Map<String, String> ENTITIES = Map.of(
            "com/example/shop/Customer.java", """
                    package com.example.shop;
                    import jakarta.persistence.*;
                    @Entity
                    public class Customer {
                        @Id @GeneratedValue(strategy = GenerationType.IDENTITY) Long id;
                        @Column(nullable = false, unique = true, length = 200) String emailAddress;
                        String displayName;
                        @Embedded Address homeAddress;
                    }
                    """,
            "com/example/shop/Address.java", """
                    package com.example.shop;
                    import jakarta.persistence.*;
                    @Embeddable
                    public class Address { String streetLine; String city; }
                    """,
            "com/example/shop/PurchaseOrder.java", """
                    package com.example.shop;
                    import jakarta.persistence.*;
                    import java.math.BigDecimal;
                    @Entity
                    public class PurchaseOrder {
                        public enum Status { NEW, PAID, SHIPPED }
                        @Id @GeneratedValue(strategy = GenerationType.SEQUENCE) Long id;
                        @ManyToOne(optional = false) Customer customer;
                        @Enumerated(EnumType.STRING) Status status;
                        @Column(precision = 12, scale = 2) BigDecimal totalAmount;
                    }
                    """,
            "com/example/shop/Boom.java", """
                    package com.example.shop;
                    public class Boom {
                        static { if (true) throw new IllegalStateException("application code must not run while scanning"); }
                        public static final Class<?> ENTITY = jakarta.persistence.Entity.class;
                    }
                    """,
            "com/example/other/AuditNote.java", """
                    package com.example.other;
                    import jakarta.persistence.*;
                    @Entity
                    public class AuditNote { @Id Long id; String noteText; }
                    """);

    static List<Path> hibernate(String version) throws IOException {
        Path lib = Path.of("target", "hibernate-" + version);
        try (Stream<Path> jars = Files.list(lib)) {
            return jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
    }

    private List<Path> classpath(String version) throws IOException {
        Path classes = dir.resolve("classes-" + version);
        JavaClasses.compile(classes, ENTITIES, hibernate(version));
        List<Path> cp = new ArrayList<>();
        cp.add(classes);
        cp.addAll(hibernate(version));
        return cp;
    }

    @Test
    void theScannerFindsEntitiesByTheirBytesWithoutRunningThem() throws IOException {
        List<Path> cp = classpath("6.6");
        assertEquals(List.of("com.example.other.AuditNote", "com.example.shop.Address", "com.example.shop.Customer",
                "com.example.shop.PurchaseOrder"), EntityScanner.scan(cp.subList(0, 1), List.of()));
        assertEquals(List.of("com.example.shop.Address", "com.example.shop.Customer", "com.example.shop.PurchaseOrder"),
                EntityScanner.scan(cp.subList(0, 1), List.of("com.example.shop")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"6.6", "7.4"})
    void springNamingGeneratesSnakeCaseAndTheSchemaRoundTrips(String version) throws Exception {
        String ddl = EntitySchema.ddl(classpath(version), List.of("com.example.shop"), EntitySchema.Naming.SPRING, null,
                EntitySchema.Target.postgres(15));
        assertTrue(ddl.contains("purchase_order"), ddl);
        assertTrue(ddl.contains("email_address"), ddl);
        assertTrue(!ddl.contains("audit_note"), "package filter: " + ddl);
        Catalog desired = load(ddl);
        Table order = desired.table(new Name("public", "purchase_order")).orElseThrow();
        assertTrue(order.column("customer_id").isPresent(), order.toString());
        assertTrue(order.constraints().stream().anyMatch(c -> c.definition().contains("'NEW'")), "enum check: " + order.constraints());
        assertTrue(desired.table(new Name("public", "customer")).orElseThrow().column("home_address_street_line").isPresent()
                || desired.table(new Name("public", "customer")).orElseThrow().column("street_line").isPresent());
        roundTrip(desired);
    }

    @ParameterizedTest
    @ValueSource(strings = {"6.6", "7.4"})
    void jpaNamingKeepsTheJavaNames(String version) throws Exception {
        String ddl = EntitySchema.ddl(classpath(version), List.of("com.example.shop"), EntitySchema.Naming.JPA, null,
                EntitySchema.Target.postgres(15));
        Catalog desired = load(ddl);
        assertTrue(desired.table(new Name("public", "purchaseorder")).isPresent() || desired.table(new Name("public", "PurchaseOrder")).isPresent(),
                desired.tables().stream().map(t -> t.name().toString()).toList().toString());
        assertTrue(desired.tables().stream().flatMap(t -> t.columns().stream()).anyMatch(c -> c.name().equalsIgnoreCase("emailAddress")));
        roundTrip(desired);
    }

    @Test
    void aSpringBootJarServesAsTheClassPath() throws Exception {
        List<Path> cp = classpath("7.4");
        Path launcher = Files.createDirectories(dir.resolve("launcher"));
        Path jar = JavaClasses.bootJar(dir.resolve("app.jar"), cp.get(0), launcher, cp.subList(1, cp.size()));
        String ddl = EntitySchema.ddl(List.of(jar), List.of("com.example"), EntitySchema.Naming.SPRING, null, EntitySchema.Target.postgres(15));
        assertTrue(ddl.contains("audit_note") && ddl.contains("purchase_order"), ddl);
    }

    @Test
    void hibernatePropertiesArePassedThrough() throws Exception {
        Path props = dir.resolve("hibernate.properties");
        Files.writeString(props, "hibernate.default_schema=shop\n");
        String ddl = EntitySchema.ddl(classpath("6.6"), List.of("com.example.other"), EntitySchema.Naming.SPRING, props, EntitySchema.Target.postgres(15));
        assertTrue(ddl.contains("shop.audit_note"), ddl);
    }

    @Test
    void withoutHibernateTheMessageSaysWhatToAdd() throws Exception {
        List<Path> cp = classpath("6.6");
        EntityException e = assertThrows(EntityException.class, () -> EntitySchema.ddl(cp.subList(0, 1), List.of(), EntitySchema.Naming.AUTO,
                null, EntitySchema.Target.postgres(15)));
        assertTrue(e.getMessage().startsWith("Hibernate is not on the class path"), e.getMessage());
        e = assertThrows(EntityException.class, () -> EntitySchema.ddl(cp, List.of("com.nowhere"), EntitySchema.Naming.AUTO,
                null, EntitySchema.Target.postgres(15)));
        assertTrue(e.getMessage().startsWith("No JPA entity (@Entity) found in com.nowhere"), e.getMessage());
    }

    private Catalog load(String ddl) throws Exception {
        try (TestDatabase.Postgres db = (TestDatabase.Postgres) TestDatabase.postgres(); Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute(ddl);
            return new PostgresCatalogReader().read(c, List.of("public"), List.of());
        }
    }

    /** The entities' schema generated from nothing, applied to an empty database, reads back the same. */
    private void roundTrip(Catalog desired) throws Exception {
        Catalog empty = Catalog.empty("postgresql", "public");
        List<PostgresChangeSql.Statement> sql = new PostgresChangeSql("public", false).render(Differ.diff(empty, desired));
        try (TestDatabase.Postgres db = (TestDatabase.Postgres) TestDatabase.postgres(); Connection c = db.connect(); Statement st = c.createStatement()) {
            for (PostgresChangeSql.Statement s : sql) st.execute(s.sql());
            Catalog back = new PostgresCatalogReader().read(c, List.of("public"), List.of());
            assertEquals(List.of(), Differ.diff(back, desired));
        }
        assertTrue(PostgresServer.adminUrl() != null);
    }
}
