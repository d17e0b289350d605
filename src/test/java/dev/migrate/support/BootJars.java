package dev.migrate.support;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A Spring Boot executable jar holding a revision, as {@code spring-boot-maven-plugin} would package it. */
public final class BootJars {
    private BootJars() { }

    static final Map<String, String> BOOT_APP = Map.of(
            "com/example/AddUsers.java", """
                    package com.example;

                    import com.acme.schema.SchemaMigration;
                    import dev.migrate.api.*;

                    @Revision(id = "b0071", message = "Users, from a Spring Boot jar")
                    public class AddUsers extends SchemaMigration {
                        public void upgrade(Operations op) { op.createTable(Other.usersTable(), idColumn(), Column.of("name", "text")); }
                        public void downgrade(Operations op) { op.dropTable(Other.usersTable()); }
                    }
                    """,
            "com/example/Other.java", """
                    package com.example;
                    public class Other {
                        public static String usersTable() { return "users"; }
                    }
                    """,
            "com/example/ReadsAnnotations.java", """
                    package com.example;
                    import dev.migrate.api.Revision;
                    public class ReadsAnnotations {
                        static { if (true) throw new IllegalStateException("application code must not run"); }
                        public static String idOf(Class<?> c) { return c.getAnnotation(Revision.class).id(); }
                    }
                    """);

    static final String BOOT_LIBRARY = """
            package com.acme.schema;
            import dev.migrate.api.*;
            /** A company's base class for revisions, from a library jar. */
            public abstract class SchemaMigration implements ReversibleMigration {
                protected static Column idColumn() { return Column.of("id", "integer").primaryKey(); }
            }
            """;

    /** Spring Boot's launcher stands at the jar's root; were the root searched, this would be a revision. */
    static final String BOOT_LAUNCHER = """
            package org.springframework.boot.loader.launch;
            import dev.migrate.api.*;
            @Revision(id = "launcher")
            public class JarLauncher implements Migration {
                public void upgrade(Operations op) { }
            }
            """;

    /**
     * A Spring Boot jar at {@code jar} whose revision {@code com.example.AddUsers} extends a class of the nested
     * {@code BOOT-INF/lib/lib.jar}, nested after an unrelated {@code util.jar}; without the library, only
     * {@code util.jar} is nested. The library's plain jar is left at {@code work/lib.jar}.
     */
    public static Path build(Path work, Path jar, boolean withLibrary) {
        Path library = JavaClasses.jar(JavaClasses.compile(work.resolve("lib-classes"), Map.of("com/acme/schema/SchemaMigration.java", BOOT_LIBRARY)),
                work.resolve("lib.jar"));
        Path app = JavaClasses.compile(work.resolve("app-classes"), BOOT_APP, List.of(library));
        Path launcher = JavaClasses.compile(work.resolve("launcher-classes"), Map.of("org/springframework/boot/loader/launch/JarLauncher.java", BOOT_LAUNCHER));
        Path unrelated = JavaClasses.jar(JavaClasses.compile(work.resolve("unrelated-classes"), Map.of("com/acme/util/Strings.java",
                "package com.acme.util;\npublic class Strings { }\n")), work.resolve("util.jar"));
        return JavaClasses.bootJar(jar, app, launcher, withLibrary ? List.of(unrelated, library) : List.of(unrelated));
    }
}
