package dev.migrate.docs;

import dev.migrate.Migrate;
import dev.migrate.cli.ExitCode;
import dev.migrate.cli.Main;
import dev.migrate.config.Config;
import dev.migrate.script.JavaRevisionLoader;
import dev.migrate.script.JavaRevisionScript;
import dev.migrate.script.ScriptLoader;
import dev.migrate.script.SqlScript;
import dev.migrate.support.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The guide cannot drift from the tool: every fenced block of MIGRATIONS.md is run, or says why it cannot be.
 *
 * <h2>What is done with a block</h2>
 * <ul>
 *   <li><b>A console transcript</b> (its first line is {@code $ migrate …}): each command runs in order, in-process
 *   through the real picocli command line, and what it prints must be what the block shows under it: standard
 *   output and error interleaved as on a terminal, or standard output alone with {@code --format json}. Before the
 *   comparison, the project's temporary directory is shown as {@value Transcripts#DOC_DIR}, and the text may differ
 *   where runs legitimately differ: durations, elapsed seconds, dates and times, the OS user, host and tool version
 *   of audit records, and revision ids made during the run (see {@link Transcripts#expectation}). A command must
 *   exit 0 unless the block shows a {@code FAILED:} line or a JSON error (then not 0); {@code $ echo $?} shows the
 *   previous command's exact code. Trailing blank lines and trailing spaces do not count.</li>
 *   <li><b>Blocks under one heading share a project</b>: the first starts from a fresh copy of the repository's
 *   example project (its {@code migrations/} and {@code migrate.yaml}, on a new SQLite file), later ones continue
 *   where it left off, unless a block names its own {@code setup=}.</li>
 *   <li>{@code ```sql}: a revision script, parsed by {@link ScriptLoader#parse}; its header lines must be read as
 *   written.</li>
 *   <li>{@code ```yaml}: {@link Config#load} accepts it (every {@code ${VAR}} set).</li>
 *   <li>{@code ```java} with {@code @Revision}: a Java revision script; it compiles and loads through
 *   {@link JavaRevisionLoader}, and is upgraded and downgraded on SQLite.</li>
 *   <li>{@code ```sh}: shell commands, run with bash by the packaged tool in {@code dev.migrate.process.GuideIT}.</li>
 * </ul>
 *
 * <h2>Markers</h2>
 * A block may carry an HTML comment on the line directly above its fence (invisible on GitHub):
 * {@code <!-- doc-test: key=value; key=value -->}. The keys:
 * <ul>
 *   <li>{@code setup=NAME}: start from a fresh project of {@link DocProjects} (e.g. {@code two-heads},
 *   {@code gravatar-postgres}; a name ending in {@code -postgres} sets {@code DATABASE_URL} to a fresh PostgreSQL
 *   database);</li>
 *   <li>{@code given=CMD, CMD}: migrate commands run first, silently, each of which must succeed
 *   ({@code given=upgrade 3c4d});</li>
 *   <li>{@code process}: run the transcript by the packaged {@code target/migrate} in GuideIT (e.g. with
 *   JVM options of the setup);</li>
 *   <li>{@code junit}: a {@code ```java} block that is a JUnit test class: compiled against the test class path,
 *   its {@code @BeforeAll} methods run with its static {@code postgres://} URL fields pointed at a fresh test
 *   database;</li>
 *   <li>{@code fragment=WHY}: a {@code ```sql} block that is part of a script (header lines only): an empty upgrade
 *   section is appended before parsing;</li>
 *   <li>{@code then=ARGS => TEXT} ({@code ```sh}): afterwards, {@code migrate ARGS} prints the line TEXT;</li>
 *   <li>{@code run-by=CLASS}: run by that test class, which finds the block by this marker;</li>
 *   <li>{@code source=PATH}: the block is taken from PATH, a file of a project the build compiles and tests (an
 *   example application, an integration's test, a Maven plugin example): its text, white space aside, is in that
 *   file, so what the guide shows is what runs;</li>
 *   <li>{@code skip=WHY}: not runnable here, and why.</li>
 * </ul>
 * A block that none of the rules above covers fails this test, so that new documentation cannot slip through
 * untested: run it, or mark it with the reason it cannot be.
 */
class GuideTest {

    @TempDir static Path tmp;
    static final Guide GUIDE = Guide.migrations();
    static final List<String> DATABASES = new ArrayList<>();

    /** The project of the section being run, shared by its blocks. */
    private static DocProjects.Project project;
    private static String projectSection;

    static DocProjects.Migrate setupRunner() {
        return (p, args) -> {
            Transcripts.Output o = inProcess(p, Transcripts.words(args), false);
            if (o.code() != 0) throw new AssertionError("migrate " + args + " failed: " + o.text());
        };
    }

    /** The real command line, in-process: out and err interleaved in one writer, or out alone. */
    static Transcripts.Output inProcess(DocProjects.Project p, List<String> args, boolean stdoutOnly) {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text, true);
        PrintWriter err = stdoutOnly ? new PrintWriter(new StringWriter(), true) : out;
        int code = Main.commandLine(p.env(), p.dir(), out, err).execute(args.toArray(String[]::new));
        out.flush();
        return new Transcripts.Output(code, text.toString());
    }

    @BeforeAll
    static void everyBlockIsRunOrMarked() {
        assertFalse(GUIDE.blocks().isEmpty());
        List<String> problems = new ArrayList<>();
        for (Guide.Block b : GUIDE.blocks()) {
            try {
                b.kind();
            } catch (AssertionError e) {
                problems.add(e.getMessage());
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n\n", problems));
    }

    @AfterAll
    static void dropDatabases() {
        DATABASES.forEach(PostgresServer::dropDatabase);
    }

    @TestFactory
    Stream<DynamicTest> everyBlock() {
        return GUIDE.blocks().stream().map(b -> DynamicTest.dynamicTest(b.line() + " " + b.section() + " " + b.kind(), () -> run(b)));
    }

    void run(Guide.Block b) throws Exception {
        switch (b.kind()) {
            case TRANSCRIPT -> {
                if (b.has("process")) {
                    assertTrue(b.has("setup"), b + ": a block run by GuideIT needs its own setup=");
                    return;
                }
                DocProjects.Project p = projectFor(b);
                Transcripts.given(b, p, GuideTest::inProcess);
                Transcripts.runTranscript(b, p, GuideTest::inProcess);
            }
            case SQL -> sql(b);
            case YAML -> yaml(b);
            case JAVA_REVISION -> javaRevision(b);
            case JAVA_TEST -> javaTest(b);
            case SHELL -> assertTrue(Files.exists(Path.of("src/test/java/dev/migrate/process/GuideIT.java")), "GuideIT runs " + b);
            case RUN_BY -> {
                String name = b.get("run-by");
                boolean found = false;
                for (String root : List.of("src/test/java", "integrations")) {
                    try (Stream<Path> s = Files.walk(Path.of(root))) {
                        found |= s.anyMatch(f -> f.getFileName().toString().equals(name + ".java") && !f.toString().contains("/target/"));
                    }
                }
                assertTrue(found, b + ": no test class " + name);
            }
            case SOURCE -> source(b);
            case SKIP -> { }
        }
    }

    /** The block is a passage of a file that a module of the build compiles and runs. */
    static void source(Guide.Block b) throws Exception {
        Path file = Path.of(b.get("source"));
        assertTrue(Files.isRegularFile(file), b + ": no file " + file);
        String version = java.util.regex.Pattern.compile("<version>([^<]+)</version>").matcher(Files.readString(Path.of("pom.xml")))
                .results().findFirst().orElseThrow().group(1);
        String text = Files.readString(file).replace("@project.version@", version).replace("${project.version}", version);
        assertTrue(squeeze(text).contains(squeeze(b.text())), b + ": not a passage of " + file + ":\n" + b.text());
    }

    private static String squeeze(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    /** A fresh project at a section's first block or for a block with setup=; else the section's project. */
    private static DocProjects.Project projectFor(Guide.Block b) {
        if (b.has("setup") || project == null || !b.section().equals(projectSection)) {
            project = DocProjects.create(b.has("setup") ? b.get("setup") : DocProjects.DEFAULT, tmp, GUIDE, setupRunner());
            projectSection = b.section();
            if (project.env().containsKey("DATABASE_URL")) DATABASES.add(project.env().get("DATABASE_URL"));
        }
        return project;
    }

    private static final Pattern HEADER = Pattern.compile("^-- ([A-Z][a-z]+(?: [A-Z][a-z]+)*): ?(.*)$");

    /** A revision script parses, and its header lines are read as written. */
    static void sql(Guide.Block b) {
        String text = b.text();
        if (b.has("fragment")) {
            assertFalse(b.get("fragment").isBlank(), b + ": fragment= needs the reason");
            text += "\n-- migrate:upgrade\n";
        }
        SqlScript s = ScriptLoader.parse(Path.of("doc.sql"), text);
        for (String l : b.lines()) {
            Matcher h = HEADER.matcher(l);
            if (!h.matches()) continue;
            String value = h.group(2).strip();
            List<String> list = value.isEmpty() ? List.of() : List.of(value.split("\\s*,\\s*"));
            switch (h.group(1)) {
                case "Revision ID" -> assertEquals(value, s.id(), b.where());
                case "Revises" -> assertEquals(list, s.revises(), b.where());
                case "Depends On" -> assertEquals(list, s.dependsOn(), b.where());
                case "Branch Labels" -> assertEquals(list, s.branchLabels(), b.where());
                case "Create Date" -> assertEquals(value, s.createDate(), b.where());
                case "Lock Timeout" -> assertTrue(s.lockTimeoutOverride().isPresent(), b.where());
                case "Statement Timeout" -> assertTrue(s.statementTimeoutOverride().isPresent(), b.where());
                default -> fail(b + ": a header line the test does not know: " + l);
            }
        }
        if (b.text().contains("-- migrate:no-transaction")) {
            assertFalse(s.transactional(true), b.where());
        }
    }

    /** migrate.yaml content: Config.load accepts it, with every ${VAR} set. */
    static void yaml(Guide.Block b) throws Exception {
        Map<String, String> env = new HashMap<>();
        Matcher v = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)").matcher(b.text());
        while (v.find()) env.put(v.group(1), "postgres://app:secret@localhost:5432/app");
        Path dir = Files.createTempDirectory(tmp, "yaml-");
        Path file = Files.writeString(dir.resolve("migrate.yaml"), b.text());
        Config c = Config.load(file, env);
        assertEquals(file, c.file());
    }

    /**
     * The guide's Java revision script compiles and loads, with the metadata of its annotation; then it runs, up and
     * down, on SQLite, in a project with the two revisions it names below it and a users table with a gravatar hash.
     */
    static void javaRevision(Guide.Block b) throws Exception {
        Path dir = Files.createTempDirectory(tmp, "java-");
        Path versions = Files.createDirectories(dir.resolve("migrations/versions"));
        String first = b.lines().get(0);
        assertTrue(first.matches("// migrations/versions/\\S+\\.java"), b + ": the first line names the script's file");
        Path file = dir.resolve(first.substring(3).strip());
        Files.writeString(file, b.text());

        JavaRevisionScript script = JavaRevisionLoader.uncached().loadScripts(List.of(file)).get(file);
        Matcher id = Pattern.compile("@Revision\\(id = \"([^\"]+)\", revises = \"([^\"]+)\"").matcher(b.text());
        assertTrue(id.find(), b.where());
        assertEquals(id.group(1), script.id());
        assertEquals(List.of(id.group(2)), script.revises());
        assertTrue(file.getFileName().toString().startsWith(script.id() + "_"), "the file name starts with the id");

        Files.writeString(versions.resolve("1a2b3c4d5e6f_create_users.sql"), DocProjects.script("Create users", "1a2b3c4d5e6f", "",
                "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(255), gravatar_hash VARCHAR(64));\n"
                        + "INSERT INTO users VALUES (1, 'ada@example.com', 'abc123');\nINSERT INTO users VALUES (2, 'bob@example.com', NULL);",
                "DROP TABLE users;"));
        Files.writeString(versions.resolve("9e8d7c6b5a40_create_teams.sql"), DocProjects.script("Create teams", "9e8d7c6b5a40",
                "1a2b3c4d5e6f", "CREATE TABLE teams (id INTEGER);", "DROP TABLE teams;"));
        DocProjects.Project p = new DocProjects.Project(dir, Map.of("DATABASE_URL", "sqlite:app.db"));
        Transcripts.Output up = inProcess(p, List.of("upgrade", "head"), false);
        assertEquals(0, up.code(), up.text());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("app.db"));
             ResultSet rs = c.createStatement().executeQuery("SELECT id, avatar_url, avatar_kind FROM users ORDER BY id")) {
            assertTrue(rs.next());
            assertEquals("https://www.gravatar.com/avatar/abc123 gravatar", rs.getString(2) + " " + rs.getString(3));
            assertTrue(rs.next());
            assertEquals("null none", rs.getString(2) + " " + rs.getString(3));
        }
        Transcripts.Output down = inProcess(p, List.of("downgrade", "9e8d"), false);
        assertEquals(0, down.code(), down.text());
    }

    /**
     * The JUnit example of "Using migrate from Java" compiles against the test class path and migrates the
     * repository's example project (it runs in the working directory) into a fresh test database.
     */
    static void javaTest(Guide.Block b) throws Exception {
        Matcher cls = Pattern.compile("\\bclass (\\w+)").matcher(b.text());
        assertTrue(cls.find(), b.where());
        Path src = Files.createTempDirectory(tmp, "junit-src-");
        Path out = Files.createTempDirectory(tmp, "junit-classes-");
        Path file = Files.writeString(src.resolve(cls.group(1) + ".java"), b.text());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = javac.run(null, err, err, "-d", out.toString(), "-cp", System.getProperty("java.class.path"), "-proc:none", file.toString());
        assertEquals(0, rc, b + " does not compile:\n" + err.toString(StandardCharsets.UTF_8));

        String url = PostgresServer.createDatabase();
        DATABASES.add(url);
        try (URLClassLoader loader = new URLClassLoader(new URL[]{out.toUri().toURL()}, GuideTest.class.getClassLoader())) {
            Class<?> test = Class.forName(cls.group(1), true, loader);
            int pointed = 0;
            for (Field f : test.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                    f.setAccessible(true);
                    if (String.valueOf(f.get(null)).startsWith("postgres://")) {
                        f.set(null, url);
                        pointed++;
                    }
                }
            }
            assertEquals(1, pointed, b + ": one static postgres:// URL field");
            int ran = 0;
            for (Method m : test.getDeclaredMethods()) {
                if (m.isAnnotationPresent(BeforeAll.class)) {
                    m.setAccessible(true);
                    m.invoke(null);
                    ran++;
                }
            }
            assertEquals(1, ran, b + ": one @BeforeAll method");
        }
        assertEquals(List.of("6f7a5b8c9d0e"), Migrate.at(url).scripts(Path.of("migrations")).current());
    }

    /**
     * The reference tables name what the tool has: every command (and each option a row shows exists on its
     * command), the global options, every configuration key, every exit code.
     */
    @Test
    void theReferenceTablesMatchTheTool() throws Exception {
        CommandLine cl = Main.commandLine(Map.of(), tmp, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        Pattern option = Pattern.compile("(?<![\\w-])(--(?:\\[no-])?[a-z][a-z-]*|-[a-zA-Z])\\b");
        Pattern code = Pattern.compile("`([^`]+)`");
        Set<String> commands = new TreeSet<>();
        for (String cell : GUIDE.firstCells("Commands")) {
            Matcher c = code.matcher(cell);
            while (c.find()) {
                String name = c.group(1).split(" ")[0];
                CommandLine sub = cl.getSubcommands().get(name);
                assertNotNull(sub, "the Commands table names a command the tool lacks: " + c.group(1));
                commands.add(name);
                Matcher o = option.matcher(c.group(1));
                while (o.find()) {
                    String opt = o.group(1).replace("[no-]", "");
                    assertNotNull(sub.getCommandSpec().findOption(opt), "the Commands table: " + name + " has no option " + opt);
                }
            }
        }
        assertEquals(new TreeSet<>(cl.getSubcommands().keySet()), commands, "every command is in the Commands table");

        String globals = GUIDE.sectionText("Commands").stream().filter(l -> !l.startsWith("|")).reduce("", (a, l) -> a + " " + l);
        globals = globals.substring(globals.indexOf("Global options"), globals.indexOf("| command |") < 0 ? globals.length() : globals.indexOf("| command |"));
        Matcher g = option.matcher(globals);
        int n = 0;
        while (g.find()) {
            if (g.group(1).equals("--ignore-unknown") || g.group(1).equals("--retry-partial")) continue; // upgrade's own
            assertNotNull(cl.getCommandSpec().findOption(g.group(1)), "no global option " + g.group(1));
            n++;
        }
        assertTrue(n >= 8, "the global options are listed: " + globals);

        Set<String> keys = new TreeSet<>();
        for (String cell : GUIDE.firstCells("Configuration")) keys.add(cell.replace("`", ""));
        assertEquals(new TreeSet<>(Config.KEYS), keys, "the Configuration table lists every key");

        Set<Integer> codes = new TreeSet<>();
        for (Field f : ExitCode.class.getFields()) codes.add(f.getInt(null));
        Set<Integer> documented = new TreeSet<>();
        for (String cell : GUIDE.firstCells("Exit codes")) documented.add(Integer.parseInt(cell));
        assertEquals(codes, documented, "the Exit codes table lists every code");
    }

    /** Every link into the guide, from the guide itself and from the README, names one of its headings. */
    @Test
    void everyLinkIntoTheGuideNamesAHeading() throws Exception {
        Set<String> anchors = new TreeSet<>();
        for (String l : GUIDE.lines()) {
            Matcher h = Pattern.compile("^#{1,6}\\s+(.*)$").matcher(l);
            // GitHub's anchors: lower case, punctuation dropped, spaces as hyphens
            if (h.matches()) anchors.add(h.group(1).strip().toLowerCase(java.util.Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
        }
        List<String> broken = new ArrayList<>();
        for (Path doc : List.of(Path.of("MIGRATIONS.md"), Path.of("README.md"))) {
            Matcher link = Pattern.compile("\\]\\((?:MIGRATIONS\\.md)?#([^)]+)\\)").matcher(Files.readString(doc));
            while (link.find()) {
                if (!anchors.contains(link.group(1))) broken.add(doc + ": #" + link.group(1));
            }
        }
        assertEquals(List.of(), broken, "links to headings that do not exist; the headings are " + anchors);
    }

    @Test
    void transcriptMatchingNormalisesWhatVaries() {
        Pattern p = Transcripts.expectation("Running upgrade  -> 1a2f0c3d4e5b, Create ... 5 ms (1 of 2, 0.4 s elapsed)\n"
                + "Generating migrations/versions/3f1c9a2b7d10_x.sql ... done\n3f1c9a2b7d10", Set.of("1a2f0c3d4e5b"), new HashMap<>());
        assertTrue(p.matcher("Running upgrade  -> 1a2f0c3d4e5b, Create ... 12 ms (1 of 2, 10.3 s elapsed)\n"
                + "Generating migrations/versions/abcdefabcdef_x.sql ... done\nabcdefabcdef").matches());
        assertFalse(p.matcher("Running upgrade  -> 1a2f0c3d4e5b, Create ... 12 ms (1 of 2, 10.3 s elapsed)\n"
                + "Generating migrations/versions/abcdefabcdef_x.sql ... done\n000000000000").matches(), "the same id throughout");
        assertFalse(p.matcher("Running upgrade  -> 2b3e1d4c5f6a, Create ... 12 ms (1 of 2, 10.3 s elapsed)\n"
                + "Generating migrations/versions/abcdefabcdef_x.sql ... done\nabcdefabcdef").matches(), "known ids as written");
        assertEquals(List.of("revision", "-m", "Add user avatar field", "--head", "a b"),
                Transcripts.words("revision -m \"Add user avatar field\" --head 'a b'"));
    }
}
