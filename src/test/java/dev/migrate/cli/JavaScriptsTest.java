package dev.migrate.cli;

import dev.migrate.api.OfflineModeException;
import dev.migrate.support.BootJars;
import dev.migrate.support.Cli;
import dev.migrate.support.CliTestBase;
import dev.migrate.support.JavaClasses;
import dev.migrate.support.Scripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Java revisions through the real command line: scripts with SQL ones, the compile cache, errors, the class path. */
class JavaScriptsTest extends CliTestBase {


    Cli.Result run(int code, String... args) {
        Cli.Result r = cli.run(args);
        assertEquals(code, r.code(), r::toString);
        return r;
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void sqlAndJavaRevisionsInOneGraph(String kind) throws Exception {
        setUp(kind);
        scripts.add("a1", "", "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);", "DROP TABLE t;");
        scripts.java("b2", "a1", """
                op.bulkInsert("t", List.of(Map.of("id", 1, "name", "one"), Map.of("id", 2, "name", "two")));
                """, """
                op.execute("DELETE FROM t");
                """);
        scripts.add("c3", "b2", "-- Branch Labels: side", "CREATE TABLE side (id INTEGER);", "DROP TABLE side;");
        scripts.java("d4", "b2", """
                op.addColumn("t", Column.of("note", "text"));
                """, """
                op.dropColumn("t", "note");
                """);
        scripts.add("e5", "c3, d4", "", "");

        Cli.Result up = run(0, "upgrade", "head");
        assertTrue(up.out().contains("Running upgrade a1 -> b2, revision b2 ..."), up::toString);
        assertTrue(up.out().contains("Applied 5 revisions"), up::toString);
        assertEquals(List.of("e5"), db.versions());
        assertEquals(List.of("1|one|null", "2|two|null"), db.query("SELECT id, name, note FROM t ORDER BY id"));

        Cli.Result history = run(0, "history");
        assertTrue(history.out().contains("a1 -> b2 (branchpoint), revision b2"), history::toString);
        Cli.Result show = run(0, "show", "d4");
        assertTrue(show.out().contains("Path: migrations/versions/d4_rev.java"), show::toString);

        run(0, "downgrade", "a1");
        assertEquals(List.of("a1"), db.versions());
        assertEquals(List.of(), db.query("SELECT id FROM t"));
        assertEquals(List.of("a1|upgrade", "b2|upgrade", "c3|upgrade", "d4|upgrade", "e5|upgrade"),
                db.query("SELECT revision, kind FROM migrate_version_audit WHERE kind = 'upgrade' ORDER BY revision"));
        assertEquals(1, db.query("SELECT checksum FROM migrate_version_audit WHERE revision = 'b2' AND kind = 'upgrade' "
                + "AND length(checksum) = 64").size(), "the script's checksum is recorded");
    }

    @Test
    void aCompileErrorExitsFourNamingFileAndLine() throws Exception {
        setUp("sqlite");
        Path file = scripts.java("a1", "", "op.addColum(\"t\", Column.of(\"c\", \"text\"));", null);
        Cli.Result r = run(ExitCode.SCRIPT, "upgrade", "head");
        assertTrue(r.err().startsWith("FAILED: " + dir.relativize(file) + ":" + Scripts.JAVA_UPGRADE_LINE + ": the Java revision script does not compile"),
                r::toString);
        assertTrue(r.err().contains("method addColum(java.lang.String,dev.migrate.api.Column)"), r::toString);
        assertFalse(r.all().contains("\tat "), "no stack trace: " + r);
        assertEquals(List.of(), db.tables(), "nothing was changed");
    }

    @Test
    void aRevisionWithoutDowngradeCannotBeDowngraded() throws Exception {
        setUp("sqlite");
        scripts.java("a1", "", "op.execute(\"CREATE TABLE t (id INTEGER)\");", null);
        run(0, "upgrade", "head");
        Cli.Result r = run(ExitCode.REVISION, "downgrade", "base");
        assertTrue(r.err().contains("does not implement ReversibleMigration, so it cannot be downgraded. Nothing was changed."), r::toString);
        assertEquals(List.of("a1"), db.versions());
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void aFailingJavaRevisionIsRolledBackAndNamesItsLine(String kind) throws Exception {
        setUp(kind);
        scripts.add("a1", "", "CREATE TABLE t (id INTEGER PRIMARY KEY);", "DROP TABLE t;");
        Path file = scripts.java("b2", "a1", """
                op.addColumn("t", Column.of("note", "text"));
                op.execute("INSERT INTO no_such_table VALUES (1)");
                """, null);
        Cli.Result r = run(ExitCode.MIGRATION_FAILED, "upgrade", "head");
        assertTrue(r.err().contains("FAILED: upgrade b2 failed at " + dir.relativize(file) + ":" + (Scripts.JAVA_UPGRADE_LINE + 1) + ": execute: "), r::toString);
        assertTrue(r.err().contains("no_such_table"), r::toString);
        assertTrue(r.err().contains("  statement: INSERT INTO no_such_table VALUES (1)"), r::toString);
        assertTrue(r.err().contains("the database stays at a1"), r::toString);
        assertEquals(List.of("a1"), db.versions());
        assertFalse(db.query(kind.equals("postgresql")
                ? "SELECT column_name FROM information_schema.columns WHERE table_name = 't'"
                : "SELECT name FROM pragma_table_info('t')").contains("note"), "the added column was rolled back");
        assertEquals(List.of("b2|upgrade|failed"),
                db.query("SELECT revision, kind, status FROM migrate_version_audit WHERE revision = 'b2'"));
    }

    @Test
    void anExceptionOfTheRevisionsCodeIsAFailureAtItsLine() throws Exception {
        setUp("sqlite");
        Path file = scripts.java("a1", "", """
                op.execute("CREATE TABLE t (id INTEGER)");
                if (op.dialect().equals("sqlite")) throw new IllegalStateException("refusing SQLite");
                """, null);
        Cli.Result r = run(ExitCode.MIGRATION_FAILED, "upgrade", "head");
        assertTrue(r.err().contains("FAILED: upgrade a1 failed at " + dir.relativize(file) + ":" + (Scripts.JAVA_UPGRADE_LINE + 1)
                + ": java.lang.IllegalStateException: refusing SQLite"), r::toString);
        assertFalse(r.err().contains("statement:"), "no statement failed: " + r);
        assertEquals(List.of(), db.versions());
    }

    // ---- the compile cache

    Path cacheDir() {
        return dir.resolve(".migrate/cache/java");
    }

    Map<String, FileTime> cacheEntries(Path cache) throws IOException {
        Map<String, FileTime> out = new TreeMap<>();
        if (!Files.isDirectory(cache)) return out;
        try (Stream<Path> s = Files.list(cache)) {
            for (Path p : s.toList()) out.put(p.getFileName().toString(), Files.getLastModifiedTime(p));
        }
        return out;
    }

    @Test
    void anUnchangedScriptIsTakenFromTheCacheAndAChangedOneCompiledAgain() throws Exception {
        setUp("sqlite");
        scripts.java("a1", "", "op.execute(\"CREATE TABLE first (id INTEGER)\");", "op.execute(\"DROP TABLE first\");");
        run(0, "upgrade", "head");
        Map<String, FileTime> first = cacheEntries(cacheDir());
        assertEquals(1, first.size(), first::toString);
        // Age the entry, so that a rewrite could not hide within the file system's time resolution.
        Path entry = cacheDir().resolve(first.keySet().iterator().next());
        Files.setLastModifiedTime(entry, FileTime.fromMillis(1_000_000_000_000L));
        first = cacheEntries(cacheDir());

        run(0, "downgrade", "base");
        run(0, "heads");
        assertEquals(first, cacheEntries(cacheDir()), "nothing compiled, nothing written");

        scripts.java("a1", "", "op.execute(\"CREATE TABLE second (id INTEGER)\");", "op.execute(\"DROP TABLE second\");");
        run(0, "upgrade", "head");
        Map<String, FileTime> second = cacheEntries(cacheDir());
        assertEquals(2, second.size(), "a new entry for the changed script: " + second);
        assertTrue(db.tables().contains("second") && !db.tables().contains("first"), "the new behaviour ran");
    }

    @Test
    void theCacheLivesBesideTheConfigFile() throws Exception {
        setUp("sqlite");
        Path project = Files.createDirectories(dir.resolve("app"));
        Files.writeString(project.resolve("migrate.yaml"), "script_location: db\n");
        Path versions = Files.createDirectories(project.resolve("db/versions"));
        Files.copy(scripts.java("a1", "", "", null), versions.resolve("a1_rev.java"));
        run(0, "-c", "app/migrate.yaml", "heads");
        assertEquals(1, cacheEntries(project.resolve(".migrate/cache/java")).size());
    }

    // ---- revisions from the application's class path

    static final String APP_REVISION = """
            package com.example.db;

            import dev.migrate.api.*;
            import java.util.List;

            @Revision(id = "c3", revises = "b2", message = "Shipped in the application jar")
            public class AddOrders implements ReversibleMigration {
                @Override
                public void upgrade(Operations op) {
                    op.createTable("orders", Column.of("id", "integer").primaryKey(), Column.of("total", "numeric(10,2)"));
                    op.createIndex("ix_orders_total", "orders", List.of("total"));
                }

                @Override
                public void downgrade(Operations op) {
                    op.dropTable("orders");
                }
            }
            """;

    Path appClasses() {
        return JavaClasses.compile(dir.resolve("build/classes"), Map.of("com/example/db/AddOrders.java", APP_REVISION));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void aRevisionFromAJarOnTheClassPathWithoutItsSource(String kind) throws Exception {
        setUp(kind);
        scripts.add("a1", "", "CREATE TABLE t (id INTEGER);", "DROP TABLE t;");
        scripts.java("b2", "a1", "op.addColumn(\"t\", Column.of(\"note\", \"text\"));", "op.dropColumn(\"t\", \"note\");");
        Path jar = JavaClasses.jar(appClasses(), dir.resolve("build/app.jar"));
        try (Stream<Path> sources = Files.walk(dir)) {
            assertEquals(List.of(), sources.filter(p -> p.toString().endsWith("AddOrders.java")).toList(), "no source present");
        }

        Cli.Result noClasspath = run(ExitCode.REVISION, "upgrade", "c3");
        assertTrue(noClasspath.err().contains("c3"), noClasspath::toString);

        Cli.Result up = run(0, "--classpath", "build/app.jar", "upgrade", "head");
        assertTrue(up.out().contains("Running upgrade b2 -> c3, Shipped in the application jar ..."), up::toString);
        assertEquals(List.of("c3"), db.versions());
        assertTrue(db.tables().contains("orders"));
        Cli.Result show = run(0, "show", "c3", "--classpath", jar.toString());
        assertTrue(show.out().contains("Path: build/app.jar/com/example/db/AddOrders.class"), show::toString);

        run(0, "--classpath", "build/app.jar", "downgrade", "a1");
        assertFalse(db.tables().contains("orders"));
        assertEquals(List.of("a1"), db.versions());
    }

    @Test
    void theClasspathKeyAndADirectoryOfClasses() throws Exception {
        setUp("sqlite");
        scripts.add("a1", "", "CREATE TABLE t (id INTEGER);", "DROP TABLE t;");
        scripts.add("b2", "a1", "SELECT 1;", "SELECT 1;");
        appClasses();
        Files.writeString(dir.resolve("migrate.yaml"), "classpath: build/classes\n");
        run(0, "upgrade", "head");
        assertEquals(List.of("c3"), db.versions());

        Cli.Result missing = run(ExitCode.SCRIPT, "--classpath", "build/nope.jar" + File.pathSeparator + "build/classes", "heads");
        assertTrue(missing.err().contains("build/nope.jar: the class path entry does not exist"), missing::toString);
    }

    @Test
    void aRevisionFromASpringBootExecutableJar() throws Exception {
        setUp("sqlite");
        Path jar = Files.createDirectories(dir.resolve("build/libs")).resolve("app.jar");
        BootJars.build(dir.resolve("work"), jar, true);

        Cli.Result up = run(0, "--classpath", "build/libs/app.jar", "upgrade", "head");
        assertTrue(up.out().contains("Running upgrade  -> b0071, Users, from a Spring Boot jar ..."), up::toString);
        assertEquals(List.of("b0071"), db.versions());
        assertTrue(db.tables().contains("users"), "the revision ran, with the application's and the library's classes");
        Cli.Result show = run(0, "show", "b0071", "--classpath", "build/libs/app.jar");
        assertTrue(show.out().contains("Path: build/libs/app.jar/BOOT-INF/classes/com/example/AddUsers.class"), show::toString);

        run(0, "--classpath", "build/libs/app.jar", "downgrade", "base");
        assertFalse(db.tables().contains("users"));
    }

    @Test
    void aBootJarMissingALibraryExitsFourNamingTheClassAndTheJar() throws Exception {
        setUp("sqlite");
        Path jar = Files.createDirectories(dir.resolve("build/libs")).resolve("app.jar");
        BootJars.build(dir.resolve("work"), jar, false);

        Cli.Result r = run(ExitCode.SCRIPT, "--classpath", "build/libs/app.jar", "upgrade", "head");
        assertTrue(r.err().contains("build/libs/app.jar/BOOT-INF/classes/com/example/AddUsers.class: class com.example.AddUsers "
                + "refers to @Revision but cannot be loaded"), r::toString);
        assertTrue(r.err().contains("com/acme/schema/SchemaMigration"), r::toString);
        assertTrue(r.err().contains("Package the jar that holds the missing class in app.jar's BOOT-INF/lib"), r::toString);
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r);
        assertFalse(db.tables().contains("users"));
    }

    // ---- offline

    @Test
    void aRevisionThatNeedsALiveDatabaseOfflineIsAScriptErrorNamingIt() {
        OfflineModeException e = OfflineModeException.connection("3f1c9a2b7d10");
        assertEquals(ExitCode.SCRIPT, ErrorReport.exitCode(e));
        String message = ErrorReport.message(e);
        assertTrue(message.startsWith("Offline SQL cannot include revision 3f1c9a2b7d10: connection() needs a live database"), message);
    }
}
