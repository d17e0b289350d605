package dev.migrate.script;

import dev.migrate.api.Migration;
import dev.migrate.api.Operations;
import dev.migrate.support.BootJars;
import dev.migrate.support.JavaClasses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Java revision scripts read from files: compiled, cached, validated; and compiled revisions from a class path. */
class JavaRevisionLoaderTest {

    @TempDir
    Path dir;

    /** Counts the compiler invocations and the scripts they compiled. */
    static final class Compilations implements JavaRevisionLoader.Listener {
        final List<List<Path>> runs = new ArrayList<>();

        @Override
        public void compiling(List<Path> scripts) {
            runs.add(List.copyOf(scripts));
        }
    }

    static final String AVATAR = """
            import dev.migrate.api.*;
            import java.util.List;

            /** Not public, no package, and a name unlike the file's. */
            @Revision(id = "3f1c9a2b7d10", revises = "9e8d7c6b5a40", message = "Add user avatar\\n\\nand a second paragraph",
                    createDate = "2026-11-21 10:30:00.123456", branchLabels = "accounts", dependsOn = {"1a2b", "3c4d"})
            class AddAvatar implements ReversibleMigration {
                public void upgrade(Operations op) {
                    op.addColumn("users", Column.of("avatar_url", "varchar(500)"));
                }

                public void downgrade(Operations op) {
                    op.dropColumn("users", "avatar_url");
                }
            }
            """;

    Path versions() throws IOException {
        return Files.createDirectories(dir.resolve("versions"));
    }

    Path write(String name, String content) throws IOException {
        return Files.writeString(versions().resolve(name), content);
    }

    static String script(String id, String className, String upgradeBody) {
        return "import dev.migrate.api.*;\n\n@Revision(id = \"" + id + "\")\nclass " + className + " implements Migration {\n"
                + "    public void upgrade(Operations op) {\n        " + upgradeBody + "\n    }\n}\n";
    }

    JavaRevisionLoader loader(Compilations listener) {
        return new JavaRevisionLoader(dir.resolve(".migrate/cache"), List.of(), listener);
    }

    JavaRevisionScript loadOne(Path file) {
        return JavaRevisionLoader.uncached().loadScripts(List.of(file)).get(file);
    }

    ScriptException fails(Path file) {
        return assertThrows(ScriptException.class, () -> loadOne(file));
    }

    // ---- the format

    @Test
    void metadataComesFromTheAnnotation() throws Exception {
        Path file = write("3f1c9a2b7d10_add_avatar.java", AVATAR);
        JavaRevisionScript s = loadOne(file);
        assertEquals(file, s.path());
        assertEquals("3f1c9a2b7d10", s.id());
        assertEquals(List.of("9e8d7c6b5a40"), s.revises());
        assertEquals(List.of("1a2b", "3c4d"), s.dependsOn());
        assertEquals(List.of("accounts"), s.branchLabels());
        assertEquals("Add user avatar\n\nand a second paragraph", s.message());
        assertEquals("2026-11-21 10:30:00.123456", s.createDate());
        assertTrue(s.transactional());
        assertTrue(s.hasDowngrade());
        assertEquals("AddAvatar", s.migrationClass().getName());
        assertEquals(ScriptLoader.checksum(AVATAR), s.checksum());
    }

    @Test
    void defaultsAndAnUpgradeOnlyRevisionInAPackage() throws Exception {
        Path file = write("a1.java", "package com.example.migrations;\n\nimport dev.migrate.api.*;\n\n"
                + "@Revision(id = \"a1\", transactional = false)\npublic final class First implements Migration {\n"
                + "    public void upgrade(Operations op) { }\n}\n");
        JavaRevisionScript s = loadOne(file);
        assertEquals(List.of(), s.revises());
        assertEquals("", s.message());
        assertNull(s.createDate());
        assertFalse(s.transactional());
        assertFalse(s.hasDowngrade());
        assertEquals("com.example.migrations.First", s.migrationClass().getName());
    }

    @Test
    void checksumIgnoresLineEndingsAndAByteOrderMark() throws Exception {
        String unix = loadOne(write("a.java", script("a", "A", ""))).checksum();
        String windows = loadOne(write("a.java", "\uFEFF" + script("a", "A", "").replace("\n", "\r\n"))).checksum();
        assertEquals(unix, windows);
        assertNotEquals(unix, loadOne(write("a.java", script("a", "A", "// changed"))).checksum());
    }

    @Test
    void twoScriptsMayNotDeclareTheSameClassWhetherCompiledTogetherOrNot() throws Exception {
        Path a = write("a.java", script("a", "Same", "op.execute(\"SELECT 1\");"));
        Path b = write("b.java", script("b", "Same", "op.execute(\"SELECT 2\");"));
        ScriptException together = assertThrows(ScriptException.class, () -> loader(new Compilations()).loadScripts(List.of(a, b)));
        assertEquals(b, together.file());
        assertEquals(3, together.line());
        assertTrue(together.problem().contains("class Same is also declared in a.java"), together.getMessage());

        loader(new Compilations()).loadScripts(List.of(a)); // a is cached, b alone is compiled
        ScriptException apart = assertThrows(ScriptException.class, () -> loader(new Compilations()).loadScripts(List.of(a, b)));
        assertEquals(together.getMessage(), apart.getMessage());
    }

    @Test
    void aScriptMayNotUseAnotherScriptsClass() throws Exception {
        Path a = write("a.java", """
                import dev.migrate.api.*;

                @Revision(id = "a")
                class A implements Migration {
                    public void upgrade(Operations op) { }
                    static String table() { return "t"; }
                }
                """);
        Path b = write("b.java", """
                import dev.migrate.api.*;

                @Revision(id = "b", revises = "a")
                class B implements Migration {
                    public void upgrade(Operations op) {
                        op.dropTable(A.table());
                    }
                }
                """);
        ScriptException e = assertThrows(ScriptException.class, () -> JavaRevisionLoader.uncached().loadScripts(List.of(a, b)));
        assertEquals(b, e.file());
        assertEquals(6, e.line());
        assertTrue(e.problem().contains("uses class A, which another script declares (a.java)"), e.getMessage());
    }

    @Test
    void nothingRunsAtLoadAndTheInstanceRunsOperations() throws Exception {
        Path file = write("a.java", """
                import dev.migrate.api.*;
                @Revision(id = "a")
                class A implements Migration {
                    static { if (true) throw new IllegalStateException("initialised at load"); }
                    public void upgrade(Operations op) { }
                }
                """);
        JavaRevisionScript s = loadOne(file);
        assertEquals("a", s.id(), "the class was loaded without being initialised");
        assertThrows(ExceptionInInitializerError.class, s::newInstance);
    }

    @Test
    void lineOfAnExceptionIsTheScriptsLine() throws Exception {
        Path file = write("a.java", script("a", "A", "throw new IllegalStateException(\"boom\");"));
        JavaRevisionScript s = loadOne(file);
        Migration m = s.newInstance();
        Exception e = assertThrows(IllegalStateException.class, () -> m.upgrade((Operations) null));
        assertEquals(6, s.lineOf(e).orElseThrow());
        assertTrue(s.lineOf(new RuntimeException("elsewhere")).isEmpty());
    }

    // ---- mistakes

    @Test
    void compileErrorNamesFileLineAndEveryError() throws Exception {
        Path file = write("a.java", """
                import dev.migrate.api.*;

                @Revision(id = "a")
                class A implements Migration {
                    public void upgrade(Operations op) {
                        op.addColum("t", Column.of("c", "text"));
                        int n = "text";
                    }
                }
                """);
        ScriptException e = fails(file);
        assertEquals(file, e.file());
        assertEquals(6, e.line());
        assertTrue(e.problem().startsWith("the Java revision script does not compile (2 errors):"), e.getMessage());
        assertTrue(e.problem().contains("line 6: cannot find symbol"), e.getMessage());
        assertTrue(e.problem().contains("method addColum(java.lang.String,dev.migrate.api.Column)"), e.getMessage());
        assertTrue(e.problem().contains("line 7: incompatible types"), e.getMessage());
        assertTrue(e.getMessage().startsWith(file + ":6: "), e.getMessage());
    }

    @Test
    void onlyTheApiOfTheToolIsVisible() throws Exception {
        Path file = write("a.java", "import dev.migrate.ops.SqlOperations;\n" + script("a", "A", ""));
        ScriptException e = fails(file);
        assertEquals(1, e.line());
        assertTrue(e.problem().contains("package dev.migrate.ops does not exist"), e.getMessage());
        assertTrue(e.hint().contains("dev.migrate.api"), e.getMessage());
    }

    @Test
    void theFirstScriptWithErrorsIsReportedAndTheOthersNamed() throws Exception {
        Path ok = write("a.java", script("a", "A", ""));
        Path bad1 = write("b.java", script("b", "B", "nonsense;"));
        Path bad2 = write("c.java", script("c", "C", "nonsense;"));
        ScriptException e = assertThrows(ScriptException.class,
                () -> JavaRevisionLoader.uncached().loadScripts(List.of(ok, bad1, bad2)));
        assertEquals(bad1, e.file());
        assertTrue(e.hint().contains("1 other script with errors: c.java"), e.getMessage());
    }

    @Test
    void missingAnnotation() throws Exception {
        ScriptException e = fails(write("a.java", "import dev.migrate.api.*;\n\nclass A implements Migration {\n"
                + "    public void upgrade(Operations op) { }\n}\n"));
        assertEquals(3, e.line());
        assertTrue(e.problem().contains("class A has no @Revision annotation"), e.getMessage());
        assertTrue(e.hint().contains("@Revision(id = "), e.getMessage());
    }

    @Test
    void notAMigration() throws Exception {
        ScriptException e = fails(write("a.java", "import dev.migrate.api.*;\n@Revision(id = \"a\")\nclass A { }\n"));
        assertEquals(2, e.line());
        assertTrue(e.problem().contains("does not implement dev.migrate.api.Migration"), e.getMessage());
        assertTrue(e.hint().contains("ReversibleMigration"), e.getMessage());
    }

    @Test
    void twoTopLevelClasses() throws Exception {
        ScriptException e = fails(write("a.java", script("a", "A", "") + "\nclass Helper { }\n"));
        assertEquals(10, e.line(), "the second class");
        assertTrue(e.problem().contains("2 top-level types (A, Helper)"), e.getMessage());
        assertTrue(e.hint().contains("Nest"), e.getMessage());
    }

    @Test
    void noClassAtAll() throws Exception {
        ScriptException e = fails(write("a.java", "// nothing yet\n"));
        assertTrue(e.problem().contains("declares no class"), e.getMessage());
    }

    @Test
    void noConstructorWithoutParameters() throws Exception {
        ScriptException e = fails(write("a.java", "import dev.migrate.api.*;\n@Revision(id = \"a\")\nclass A implements Migration {\n"
                + "    A(int x) { }\n    public void upgrade(Operations op) { }\n}\n"));
        assertTrue(e.problem().contains("no constructor without parameters"), e.getMessage());
    }

    @Test
    void anAbstractClassIsNotARevision() throws Exception {
        ScriptException e = fails(write("a.java", "import dev.migrate.api.*;\n@Revision(id = \"a\")\nabstract class A implements Migration { }\n"));
        assertTrue(e.problem().contains("abstract class A cannot run"), e.getMessage());
    }

    @Test
    void idsMustBeOneWord() throws Exception {
        ScriptException id = fails(write("a.java", script("a b", "A", "")));
        assertTrue(id.problem().contains("is not a revision id"), id.getMessage());
        ScriptException revises = fails(write("b.java", "import dev.migrate.api.*;\n@Revision(id = \"b\", revises = {\"a\", \" \"})\n"
                + "class B implements Migration { public void upgrade(Operations op) { } }\n"));
        assertTrue(revises.problem().contains("revises"), revises.getMessage());
    }

    // ---- the cache

    @Test
    void anUnchangedScriptIsNotCompiledAgainAndAChangedOneIs() throws Exception {
        Path a = write("a.java", script("a", "A", "op.execute(\"SELECT 1\");"));
        Path b = write("b.java", script("b", "B", "op.execute(\"SELECT 2\");"));
        Compilations first = new Compilations();
        loader(first).loadScripts(List.of(a, b));
        assertEquals(List.of(List.of(a, b)), first.runs, "both in one compiler invocation");

        Compilations second = new Compilations();
        Map<Path, JavaRevisionScript> again = loader(second).loadScripts(List.of(a, b));
        assertEquals(List.of(), second.runs, "nothing compiled: the compiler was not started");
        assertEquals("b", again.get(b).id());

        write("b.java", script("b", "B", "op.execute(\"SELECT 3\");"));
        Compilations third = new Compilations();
        Map<Path, JavaRevisionScript> changed = loader(third).loadScripts(List.of(a, b));
        assertEquals(List.of(List.of(b)), third.runs, "only the changed script");
        assertEquals(List.of("SELECT 3"), offline(changed.get(b)), "the new behaviour");
        assertEquals(List.of("SELECT 1"), offline(changed.get(a)));
    }

    @Test
    void aRenamedFileIsCompiledAgainSoThatItsClassesNameIt() throws Exception {
        Path a = write("a.java", script("a", "A", ""));
        loader(new Compilations()).loadScripts(List.of(a));
        Path renamed = versions().resolve("a_renamed.java");
        Files.move(a, renamed);
        Compilations after = new Compilations();
        loader(after).loadScripts(List.of(renamed));
        assertEquals(List.of(List.of(renamed)), after.runs);
    }

    @Test
    void damagedEntriesAreIgnoredAndRebuilt() throws Exception {
        Path a = write("a.java", script("a", "A", "op.execute(\"SELECT 1\");"));
        loader(new Compilations()).loadScripts(List.of(a));
        List<Path> entries = cacheEntries();
        assertEquals(1, entries.size());
        Path entry = entries.get(0);
        byte[] good = Files.readAllBytes(entry);

        for (byte[] damaged : List.of(new byte[0], "not a cache entry".getBytes(), java.util.Arrays.copyOf(good, good.length / 2),
                flipped(good, good.length / 2))) {
            Files.write(entry, damaged);
            Compilations c = new Compilations();
            JavaRevisionScript s = loader(c).loadScripts(List.of(a)).get(a);
            assertEquals(List.of(List.of(a)), c.runs, "compiled again");
            assertEquals(List.of("SELECT 1"), offline(s));
            assertTrue(java.util.Arrays.equals(good, Files.readAllBytes(entry)), "the entry is rebuilt");
        }
    }

    @Test
    void aCacheThatCannotBeWrittenOnlyCostsTime() throws Exception {
        Path a = write("a.java", script("a", "A", ""));
        Files.writeString(dir.resolve("not-a-directory"), "");
        JavaRevisionLoader loader = new JavaRevisionLoader(dir.resolve("not-a-directory"), List.of(), JavaRevisionLoader.Listener.NONE);
        assertEquals("a", loader.loadScripts(List.of(a)).get(a).id());
    }

    @Test
    void concurrentLoadsShareTheCacheSafely() throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 4; i++) files.add(write("s" + i + ".java", script("s" + i, "S" + i, "op.execute(\"SELECT " + i + "\");")));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Map<Path, JavaRevisionScript>>> loads = new ArrayList<>();
            for (int i = 0; i < 4; i++) loads.add(() -> loader(new Compilations()).loadScripts(files));
            for (Future<Map<Path, JavaRevisionScript>> f : pool.invokeAll(loads)) assertEquals(4, f.get().size());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(4, cacheEntries().size());
        try (Stream<Path> all = Files.list(dir.resolve(".migrate/cache/java"))) {
            assertEquals(List.of(), all.filter(p -> p.toString().endsWith(".tmp")).toList(), "no temporary files left");
        }
        Compilations after = new Compilations();
        loader(after).loadScripts(files);
        assertEquals(List.of(), after.runs, "every entry is whole");
    }

    List<Path> cacheEntries() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve(".migrate/cache/java"))) {
            return s.filter(p -> p.toString().endsWith(".classes")).sorted().toList();
        }
    }

    static byte[] flipped(byte[] bytes, int at) {
        byte[] copy = bytes.clone();
        copy[at] ^= 0x55;
        return copy;
    }

    /** What a revision's upgrade renders offline, through the real operations. */
    static List<String> offline(JavaRevisionScript s) throws Exception {
        dev.migrate.ops.SqlOperations op = dev.migrate.ops.SqlOperations.offline(new dev.migrate.ops.PostgresRenderer(), s.id());
        s.newInstance().upgrade(op);
        return op.statements();
    }

    // ---- the class path

    static final String COMPILED_REVISION = """
            package com.example.migrations;

            import dev.migrate.api.*;

            @Revision(id = "c1", revises = "a1", message = "From the application jar")
            public class AddAudit implements ReversibleMigration {
                public void upgrade(Operations op) { op.execute("SELECT 'up'"); }
                public void downgrade(Operations op) { op.execute("SELECT 'down'"); }

                @Revision(id = "c2", revises = "c1")
                public static class Nested implements Migration {
                    public void upgrade(Operations op) { }
                }
            }
            """;

    Path compiledClasses() {
        return JavaClasses.compile(dir.resolve("classes"), Map.of(
                "com/example/migrations/AddAudit.java", COMPILED_REVISION,
                "com/example/app/Service.java", """
                        package com.example.app;
                        public class Service {
                            static { if (true) throw new IllegalStateException("application code must not run"); }
                        }
                        """,
                "com/example/app/ReadsAnnotations.java", """
                        package com.example.app;
                        import dev.migrate.api.Revision;
                        public class ReadsAnnotations {
                            public static String idOf(Class<?> c) { Revision r = c.getAnnotation(Revision.class); return r.id(); }
                        }
                        """));
    }

    @Test
    void revisionsAreFoundInADirectoryOfClasses() {
        Path classes = compiledClasses();
        List<JavaRevisionScript> found = new JavaRevisionLoader(null, List.of(classes), JavaRevisionLoader.Listener.NONE).loadClasspath();
        assertEquals(List.of("c1", "c2"), found.stream().map(JavaRevisionScript::id).toList());
        JavaRevisionScript c1 = found.get(0);
        assertEquals(classes.resolve("com/example/migrations/AddAudit.class"), c1.path());
        assertEquals("From the application jar", c1.message());
        assertTrue(c1.hasDowngrade());
        assertFalse(found.get(1).hasDowngrade());
        assertEquals(64, c1.checksum().length());
    }

    @Test
    void revisionsAreFoundInAJarWithoutRunningApplicationCode() throws Exception {
        Path jar = JavaClasses.jar(compiledClasses(), dir.resolve("app.jar"));
        List<JavaRevisionScript> found = new JavaRevisionLoader(null, List.of(jar), JavaRevisionLoader.Listener.NONE).loadClasspath();
        assertEquals(List.of("c1", "c2"), found.stream().map(JavaRevisionScript::id).toList());
        assertEquals(jar.resolve("com/example/migrations/AddAudit.class"), found.get(0).path());
        assertEquals(List.of("SELECT 'up'"), offline(found.get(0)));
    }

    @Test
    void onlyClassFilesThatMentionTheAnnotationAreLoaded() {
        assertTrue(JavaRevisionLoader.mentionsRevision("xxLdev/migrate/api/Revision;yy".getBytes()));
        assertFalse(JavaRevisionLoader.mentionsRevision("dev/migrate/api/Revision".getBytes()));
        assertFalse(JavaRevisionLoader.mentionsRevision(new byte[0]));
    }

    @Test
    void aMissingClassPathEntry() {
        Path missing = dir.resolve("build/libs/app.jar");
        ScriptException e = assertThrows(ScriptException.class,
                () -> new JavaRevisionLoader(null, List.of(missing), JavaRevisionLoader.Listener.NONE).loadClasspath());
        assertEquals(missing, e.file());
        assertTrue(e.problem().contains("does not exist"), e.getMessage());
    }

    @Test
    void anInvalidRevisionClassOnTheClassPathIsNamed() {
        Path classes = JavaClasses.compile(dir.resolve("bad"), Map.of("x/NotMigration.java",
                "package x;\n@dev.migrate.api.Revision(id = \"x\")\npublic class NotMigration { }\n"));
        ScriptException e = assertThrows(ScriptException.class,
                () -> new JavaRevisionLoader(null, List.of(classes), JavaRevisionLoader.Listener.NONE).loadClasspath());
        assertEquals(classes.resolve("x/NotMigration.class"), e.file());
        assertNull(e.line());
        assertTrue(e.problem().contains("x.NotMigration does not implement"), e.getMessage());
    }

    // ---- a Spring Boot executable jar

    @Test
    void revisionsAreFoundInASpringBootJarAndSeeItsNestedLibraries() throws Exception {
        Path jar = BootJars.build(dir.resolve("work"), dir.resolve("app.jar"), true);
        List<JavaRevisionScript> found = new JavaRevisionLoader(null, List.of(jar), JavaRevisionLoader.Listener.NONE).loadClasspath();
        assertEquals(List.of("b0071"), found.stream().map(JavaRevisionScript::id).toList(), "the launcher at the root is not searched");
        JavaRevisionScript users = found.get(0);
        assertEquals("com.example.AddUsers", users.migrationClass().getName());
        assertEquals(jar.resolve("BOOT-INF/classes/com/example/AddUsers.class"), users.path());
        assertEquals("Users, from a Spring Boot jar", users.message());
        byte[] bytes = Files.readAllBytes(dir.resolve("work/app-classes/com/example/AddUsers.class"));
        assertEquals(java.util.HexFormat.of().formatHex(ScriptLoader.sha256(bytes)), users.checksum());
        List<String> sql = offline(users);
        assertEquals(1, sql.size(), sql::toString);
        assertTrue(sql.get(0).startsWith("CREATE TABLE users"), sql::toString);
        assertEquals("com.acme.schema.SchemaMigration", users.migrationClass().getSuperclass().getName());
        assertEquals(users.migrationClass().getClassLoader(), users.migrationClass().getSuperclass().getClassLoader(),
                "the nested library loads beside the application's classes");
        // ReadsAnnotations mentions @Revision, so it was loaded, but its static initialiser (which throws) never ran.
    }

    @Test
    void aClassMissingFromTheBootJarsLibrariesIsNamed() {
        Path jar = BootJars.build(dir.resolve("work"), dir.resolve("app.jar"), false);
        ScriptException e = assertThrows(ScriptException.class,
                () -> new JavaRevisionLoader(null, List.of(jar), JavaRevisionLoader.Listener.NONE).loadClasspath());
        assertEquals(jar.resolve("BOOT-INF/classes/com/example/AddUsers.class"), e.file());
        assertTrue(e.problem().contains("com.example.AddUsers") && e.problem().contains("com/acme/schema/SchemaMigration"), e.getMessage());
        assertTrue(e.hint().contains("app.jar's BOOT-INF/lib"), e.getMessage());
    }

    @Test
    void aBootJarSeesThePlainEntriesOfTheClassPath() {
        Path jar = BootJars.build(dir.resolve("work"), dir.resolve("app.jar"), false);
        Path library = dir.resolve("work/lib.jar");
        List<JavaRevisionScript> found = new JavaRevisionLoader(null, List.of(jar, library), JavaRevisionLoader.Listener.NONE).loadClasspath();
        assertEquals(List.of("b0071"), found.stream().map(JavaRevisionScript::id).toList());
    }

    // ---- with SQL scripts

    @Test
    void sqlAndJavaScriptsAndClassPathRevisionsFormOneList() throws Exception {
        Path versions = versions();
        Files.writeString(versions.resolve("a1.sql"), "-- Revision ID: a1\n-- Revises:\n-- migrate:upgrade\nSELECT 1;\n");
        write("b1.java", "import dev.migrate.api.*;\n@Revision(id = \"b1\", revises = \"c2\")\n"
                + "class B implements Migration { public void upgrade(Operations op) { } }\n");
        Files.writeString(versions.resolve("notes.txt"), "ignored");
        List<RevisionScript> scripts = ScriptLoader.loadDirectories(List.of(versions),
                new JavaRevisionLoader(dir.resolve("cache"), List.of(compiledClasses()), JavaRevisionLoader.Listener.NONE));
        assertEquals(List.of("a1", "b1", "c1", "c2"), scripts.stream().map(RevisionScript::id).toList());
        assertTrue(scripts.get(0) instanceof SqlScript);
        assertTrue(scripts.get(1) instanceof JavaRevisionScript);
    }

    @Test
    void theSameIdInASqlAndAJavaScript() throws Exception {
        Path versions = versions();
        Files.writeString(versions.resolve("a.sql"), "-- Revision ID: same\n-- Revises:\n-- migrate:upgrade\nSELECT 1;\n");
        Path java = write("b.java", script("same", "B", ""));
        ScriptException e = assertThrows(ScriptException.class, () -> ScriptLoader.loadDirectories(List.of(versions)));
        assertEquals(java, e.file());
        assertTrue(e.problem().contains("`same` is also declared in a.sql"), e.getMessage());
    }

    @Test
    void modificationTimesDoNotMatterOnlyContent() throws Exception {
        Path a = write("a.java", script("a", "A", ""));
        loader(new Compilations()).loadScripts(List.of(a));
        Files.setLastModifiedTime(a, FileTime.fromMillis(0));
        Compilations c = new Compilations();
        loader(c).loadScripts(List.of(a));
        assertEquals(List.of(), c.runs);
    }
}
