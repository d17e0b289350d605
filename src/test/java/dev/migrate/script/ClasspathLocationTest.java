package dev.migrate.script;

import dev.migrate.Migrate;
import dev.migrate.support.JavaClasses;
import dev.migrate.support.Scripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Revisions an application carries in its jar ({@code classpath:db/revisions}): SQL scripts and compiled revision
 * classes, from a class directory and from a jar, read through the application's class loader, on a real SQLite file.
 */
class ClasspathLocationTest {

    @TempDir Path dir;

    /** An application's build output: two SQL scripts and a compiled Java revision in {@code db/revisions}. */
    private Path classes() throws Exception {
        Path classes = dir.resolve("classes");
        Scripts s = new Scripts(dir.resolve("src"));
        Path a = s.add("a1", "", "CREATE TABLE users (id integer PRIMARY KEY, email text);", "DROP TABLE users;");
        Path b = s.add("b2", "a1", "-- migrate:lint-ignore-file drop-column reason=\"kept in the audit row\"",
                "INSERT INTO users VALUES (1, 'ada@example.com');", "DELETE FROM users;");
        Path folder = Files.createDirectories(classes.resolve("db/revisions"));
        Files.copy(a, folder.resolve("a1_users.sql"));
        Files.copy(b, folder.resolve("b2_ada.sql"));
        Files.writeString(folder.resolve("README.txt"), "not a revision");
        JavaClasses.compile(classes, Map.of("db/revisions/C3.java", """
                package db.revisions;
                import dev.migrate.api.*;
                @Revision(id = "c3", revises = "b2", message = "avatar")
                public class C3 implements ReversibleMigration {
                    public void upgrade(Operations op) { op.execute("ALTER TABLE users ADD COLUMN avatar text"); }
                    public void downgrade(Operations op) { op.execute("ALTER TABLE users DROP COLUMN avatar"); }
                }
                """));
        return classes;
    }

    private static List<String> query(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url); ResultSet rs = c.createStatement().executeQuery(sql)) {
            List<String> out = new java.util.ArrayList<>();
            while (rs.next()) out.add(rs.getString(1));
            return out;
        }
    }

    private void upgradesThrough(ClassLoader app, String name) throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve(name);
        Migrate m = Migrate.at(url).scripts("classpath:db/revisions").classLoader(app);
        assertEquals(List.of("c3", "b2", "a1"), m.history().stream().map(r -> r.id()).toList());
        m.upgrade("head");
        assertEquals(List.of("c3"), m.current());
        assertEquals(List.of("ada@example.com"), query(url, "SELECT email FROM users"));
        assertEquals(List.of("avatar"), query(url, "SELECT name FROM pragma_table_info('users') WHERE name = 'avatar'"));
        assertEquals(List.of("drop-column: kept in the audit row"),
                m.auditLog().stream().filter(e -> "b2".equals(e.revision())).findFirst().orElseThrow().lintIgnored());
        m.downgrade("a1");
        assertEquals(List.of(), query(url, "SELECT email FROM users"));
    }

    @Test
    void fromAClassDirectory() throws Exception {
        Path classes = classes();
        try (URLClassLoader app = new URLClassLoader(new URL[] {classes.toUri().toURL()}, Migrate.class.getClassLoader())) {
            upgradesThrough(app, "dir.db");
        }
    }

    /** A jar without directory entries (some builds write none), which the class loader's folder lookup misses. */
    @Test
    void fromAJarAndWithALeadingSlash() throws Exception {
        Path jar = JavaClasses.jar(classes(), dir.resolve("app.jar"));
        try (URLClassLoader app = new URLClassLoader(new URL[] {jar.toUri().toURL()}, Migrate.class.getClassLoader())) {
            upgradesThrough(app, "jar.db");
            ClasspathLocation slash = ClasspathLocation.of("classpath:/db/revisions/", app);
            assertEquals("db/revisions", slash.folder());
            assertEquals(3, slash.load().size());
            assertEquals("classpath:db/revisions/b2_ada.sql", slash.load().stream().filter(r -> r.id().equals("b2")).findFirst().orElseThrow().path().toString());
        }
    }

    @Test
    void aMissingFolderOrAJavaSourceIsAClearError() throws Exception {
        Path classes = classes();
        try (URLClassLoader app = new URLClassLoader(new URL[] {classes.toUri().toURL()}, Migrate.class.getClassLoader())) {
            Migrate missing = Migrate.at("jdbc:sqlite:" + dir.resolve("x.db")).scripts("classpath:db/revision").classLoader(app);
            ScriptException e = assertThrows(ScriptException.class, missing::history);
            assertTrue(e.getMessage().contains("classpath:db/revision") && e.getMessage().contains("no such folder on the class path"), e.getMessage());

            Files.writeString(classes.resolve("db/revisions/d4_rev.java"), "class D4 {}");
            ScriptException source = assertThrows(ScriptException.class,
                    () -> Migrate.at("jdbc:sqlite:" + dir.resolve("x.db")).scripts("classpath:db/revisions").classLoader(app).history());
            assertTrue(source.getMessage().contains("d4_rev.java") && source.getMessage().contains("not compiled"), source.getMessage());
        }
    }

    @Test
    void theSameIdOnDiskAndInTheJarNamesBoth() throws Exception {
        Path classes = classes();
        Scripts disk = new Scripts(dir.resolve("disk"));
        disk.add("a1", "", "SELECT 1;", null);
        try (URLClassLoader app = new URLClassLoader(new URL[] {classes.toUri().toURL()}, Migrate.class.getClassLoader())) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> dev.migrate.core.Project.load(
                    List.of(dir.resolve("disk/migrations/versions")), List.of(ClasspathLocation.of("classpath:db/revisions", app)),
                    JavaRevisionLoader.uncached()));
            assertTrue(e.getMessage().contains("a1") && e.getMessage().contains("a1_users.sql") && e.getMessage().contains("a1.sql"),
                    e.getMessage());
        }
    }
}
