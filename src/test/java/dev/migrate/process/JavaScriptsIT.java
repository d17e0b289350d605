package dev.migrate.process;

import dev.migrate.support.JavaClasses;
import dev.migrate.support.Scripts;
import dev.migrate.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged tool, {@code target/migrate} (a shell stub followed by the jar), compiling Java revision scripts
 * against itself; a Java runtime without a compiler (the JDK limited to {@code java.se}, which leaves out
 * {@code jdk.compiler}) running them from the cache and from an application jar; processes sharing the cache.
 */
class JavaScriptsIT {

    /** Runs the JVM of the launcher without the compiler module, as a JRE would. */
    static final Map<String, String> JRE = Map.of("MIGRATE_JAVA_OPTS", "--limit-modules java.se");

    @TempDir Path dir;

    Map<String, String> env(TestDatabase db, Map<String, String> extra) {
        Map<String, String> env = new java.util.HashMap<>(extra);
        env.put("DATABASE_URL", db.url());
        return env;
    }

    Processes.Finished run(Map<String, String> env, int code, String... args) throws Exception {
        Processes.Finished f = Processes.run(dir, env, args);
        assertEquals(code, f.code(), () -> "migrate " + String.join(" ", args) + ":\n" + f.output());
        return f;
    }

    List<Path> cacheFiles() throws Exception {
        Path cache = dir.resolve(".migrate/cache/java");
        if (!Files.isDirectory(cache)) return List.of();
        try (Stream<Path> s = Files.list(cache)) {
            return s.sorted().toList();
        }
    }

    @Test
    void thePackagedToolCompilesAScriptAndAJreRunsItFromTheCache() throws Exception {
        TestDatabase db = TestDatabase.sqlite(dir);
        Scripts scripts = new Scripts(dir);
        scripts.java("a1", "", """
                op.createTable("users", Column.of("id", "integer").primaryKey(), Column.of("email", "text").notNull());
                op.bulkInsert("users", List.of(Map.of("id", 1, "email", "ada@example.com")));
                """, """
                op.dropTable("users");
                """);
        Map<String, String> jdk = env(db, Map.of());
        Map<String, String> jre = env(db, JRE);

        Processes.Finished up = run(jdk, 0, "upgrade", "head");
        assertTrue(up.output().contains("Running upgrade  -> a1, revision a1"), up.output());
        assertEquals(List.of("1|ada@example.com"), db.query("SELECT id, email FROM users"));
        assertEquals(1, cacheFiles().size(), "compiled once, and cached");

        run(jre, 0, "downgrade", "base");
        assertEquals(List.of(), db.versions());

        scripts.java("a1", "", "op.execute(\"CREATE TABLE other (id INTEGER)\");", "op.execute(\"DROP TABLE other\");");
        Processes.Finished noCompiler = run(jre, 4, "upgrade", "head");
        assertTrue(noCompiler.output().contains("a1_rev.java: Java revision scripts need a JDK to compile"), noCompiler.output());
        assertTrue(noCompiler.output().contains("--classpath"), noCompiler.output());

        run(jdk, 0, "upgrade", "head");
        assertTrue(db.tables().contains("other"));
    }

    @Test
    void aJreRunsRevisionsFromTheApplicationJar() throws Exception {
        TestDatabase db = TestDatabase.sqlite(dir);
        new Scripts(dir).add("a1", "", "CREATE TABLE t (id INTEGER);", "DROP TABLE t;");
        Path classes = JavaClasses.compile(dir.resolve("build/classes"), Map.of("com/example/db/AddNote.java", """
                package com.example.db;

                import dev.migrate.api.*;

                @Revision(id = "b2", revises = "a1", message = "Add a note")
                public class AddNote implements ReversibleMigration {
                    public void upgrade(Operations op) { op.addColumn("t", Column.of("note", "text")); }
                    public void downgrade(Operations op) { op.dropColumn("t", "note"); }
                }
                """));
        JavaClasses.jar(classes, dir.resolve("build/app.jar"));
        Map<String, String> jre = env(db, JRE);

        Processes.Finished up = run(jre, 0, "--classpath", "build/app.jar", "upgrade", "head");
        assertTrue(up.output().contains("Running upgrade a1 -> b2, Add a note"), up.output());
        assertEquals(List.of("b2"), db.versions());
        run(jre, 0, "--classpath", "build/app.jar", "downgrade", "a1");
        assertEquals(List.of("a1"), db.versions());
        assertEquals(List.of(), cacheFiles(), "nothing was compiled");
    }

    @Test
    void processesCompilingAtOnceLeaveAWholeCache() throws Exception {
        TestDatabase db = TestDatabase.sqlite(dir);
        Scripts scripts = new Scripts(dir);
        for (int i = 1; i <= 5; i++) {
            scripts.java("r" + i, i == 1 ? "" : "r" + (i - 1), "op.execute(\"CREATE TABLE t" + i + " (id INTEGER)\");",
                    "op.execute(\"DROP TABLE t" + i + "\");");
        }
        Map<String, String> jdk = env(db, Map.of());
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 4; i++) processes.add(Processes.start(dir, jdk, "heads"));
        for (Process p : processes) assertEquals(0, p.waitFor(), "every process loads the scripts");

        List<Path> files = cacheFiles();
        assertEquals(5, files.size(), "one entry per script, no temporary files left: " + files);
        assertTrue(files.stream().allMatch(f -> f.toString().endsWith(".classes")), files::toString);
        // A runtime without a compiler can only succeed if every entry is whole.
        run(env(db, JRE), 0, "upgrade", "head");
        assertEquals(List.of("r5"), db.versions());
    }
}
