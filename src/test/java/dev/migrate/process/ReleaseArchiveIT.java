package dev.migrate.process;

import dev.migrate.support.PostgresServer;
import dev.migrate.support.Scripts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The release archive that {@code mvn package} makes (target/migrate-VERSION.tar.gz), as a deploy job uses it:
 * unpacked into an empty folder and run on a bare Java runtime (made here with jlink: Java SE's modules, no
 * compiler, no Maven), against an SQLite file and a PostgreSQL database; and its installer.
 */
class ReleaseArchiveIT {

    @TempDir static Path dir;
    static Path jre;
    static Path unpacked;
    static String version;

    @BeforeAll
    static void unpackAndMakeAJre() throws Exception {
        Path archive;
        try (var found = Files.newDirectoryStream(Path.of("target"), "migrate-*.tar.gz")) {
            var it = found.iterator();
            assertTrue(it.hasNext(), "target/migrate-VERSION.tar.gz is made by mvn package");
            archive = it.next();
        }
        String name = archive.getFileName().toString();
        version = name.substring("migrate-".length(), name.length() - ".tar.gz".length());
        Path into = Files.createDirectories(dir.resolve("empty"));
        assertEquals(0, run(into, List.of("tar", "-xzf", archive.toAbsolutePath().toString()), List.of()).code());
        unpacked = into.resolve("migrate-" + version);
        jre = dir.resolve("jre");
        Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
        // Java SE's modules alone, fewer than a distribution's JRE (no jdk.net, no jdk.compiler): what a jlink'ed
        // runtime image in a slim container holds.
        Shell.Run made = run(dir, List.of(jlink.toString(), "--add-modules", "java.se",
                "--no-header-files", "--no-man-pages", "--output", jre.toString()), List.of());
        assertEquals(0, made.code(), made.out());
        assertFalse(Files.exists(jre.resolve("bin/javac")), "a runtime, not a JDK");
    }

    /** Runs a command with only the JRE: JAVA_HOME set to it, and a PATH of the system's directories and its bin. */
    static Shell.Run run(Path cwd, List<String> command, List<String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", (jre == null ? "" : jre.resolve("bin") + ":") + "/usr/bin:/bin");
        if (jre != null) pb.environment().put("JAVA_HOME", jre.toString());
        pb.environment().put("HOME", dir.toString());
        for (String kv : env) pb.environment().put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        Path log = Files.createTempFile(dir, "run-", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), String.join(" ", command));
        return new Shell.Run(p.exitValue(), Files.readString(log));
    }

    @Test
    void theArchiveHoldsWhatItSays() {
        for (String f : List.of("bin/migrate", "share/migrate/classlist",
                "share/bash-completion/completions/migrate", "install.sh", "README.txt")) {
            assertTrue(Files.isRegularFile(unpacked.resolve(f)), f);
        }
        assertTrue(Files.isExecutable(unpacked.resolve("bin/migrate")) && Files.isExecutable(unpacked.resolve("install.sh")));
    }

    @Test
    void upgradesAnSqliteAndAPostgresDatabaseOnABareJre() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        Scripts scripts = new Scripts(project);
        scripts.add("a1", "", "CREATE TABLE users (id integer PRIMARY KEY, email text);", "DROP TABLE users;");
        scripts.add("b2", "a1", "ALTER TABLE users ADD COLUMN name text;", "ALTER TABLE users DROP COLUMN name;");
        String migrate = unpacked.resolve("bin/migrate").toString();

        Shell.Run version = run(project, List.of(migrate, "--version"), List.of());
        assertEquals("migrate " + ReleaseArchiveIT.version + "\n", version.out());

        Shell.Run sqlite = run(project, List.of(migrate, "upgrade", "head"), List.of("DATABASE_URL=sqlite:app.db"));
        assertEquals(0, sqlite.code(), sqlite.out());
        assertTrue(sqlite.out().contains("the database is now at b2."), sqlite.out());

        String url = PostgresServer.createDatabase();
        try {
            Shell.Run pg = run(project, List.of(migrate, "upgrade", "head"), List.of("DATABASE_URL=" + url));
            assertEquals(0, pg.code(), pg.out());
            Shell.Run current = run(project, List.of(migrate, "current"), List.of("DATABASE_URL=" + url));
            assertTrue(current.out().contains("\nb2 (head)\n"), current.out());
            Shell.Run jar = run(project, List.of(jre.resolve("bin/java").toString(), "-jar", migrate, "check"),
                    List.of("DATABASE_URL=" + url));
            assertEquals(0, jar.code(), "the launcher is a jar too (java -jar bin/migrate, where there is no shell): " + jar.out());
        } finally {
            PostgresServer.dropDatabase(url);
        }
    }

    /**
     * The example deploy workflow's install step, run as GitHub would run it (bash, RUNNER_TEMP, GITHUB_PATH), with the
     * releases served from a folder laid out as GitHub's download URLs are.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theDeployWorkflowsInstallStepDownloadsTheReleaseByItsVersion() throws Exception {
        Map<String, Object> wf = new org.yaml.snakeyaml.Yaml().load(Files.readString(Path.of(".github/workflows/deploy-example.yml")));
        Map<String, Object> env = (Map<String, Object>) wf.get("env");
        assertEquals(version, String.valueOf(env.get("MIGRATE_VERSION")), "the example names the current release");
        Map<String, Object> deploy = (Map<String, Object>) ((Map<String, Object>) wf.get("jobs")).get("deploy");
        String step = ((List<Map<String, Object>>) deploy.get("steps")).stream()
                .filter(s -> String.valueOf(s.get("name")).startsWith("Install migrate")).map(s -> (String) s.get("run"))
                .findFirst().orElseThrow();
        Path releases = Files.createDirectories(dir.resolve("releases/v" + version));
        Path archive;
        try (var found = Files.newDirectoryStream(Path.of("target"), "migrate-*.tar.gz")) {
            archive = found.iterator().next();
        }
        Files.copy(archive, releases.resolve(archive.getFileName()));
        Path runnerTemp = Files.createDirectories(dir.resolve("runner-temp"));
        Path githubPath = dir.resolve("github-path");
        Shell.Run ran = run(dir, List.of("bash", "-e", "-o", "pipefail", "-c", step), List.of("MIGRATE_VERSION=" + version,
                "MIGRATE_RELEASES=file://" + dir.resolve("releases"), "RUNNER_TEMP=" + runnerTemp, "GITHUB_PATH=" + githubPath));
        assertEquals(0, ran.code(), ran.out());
        Path bin = Path.of(Files.readString(githubPath).strip());
        assertEquals("migrate " + version + "\n", run(dir, List.of(bin.resolve("migrate").toString(), "--version"), List.of()).out());
    }

    @Test
    void theInstallerPutsItOnAPrefixWithItsStartupArchiveAndCompletion() throws Exception {
        Path prefix = dir.resolve("prefix");
        Shell.Run install = run(unpacked, List.of("./install.sh"), List.of("PREFIX=" + prefix));
        assertEquals(0, install.code(), install.out());
        assertTrue(install.out().contains("Installed " + prefix.resolve("bin/migrate")), install.out());
        assertTrue(Files.isRegularFile(prefix.resolve("bin/migrate.jsa")), "the class-data-sharing archive, made for this JRE");
        assertTrue(Files.readString(prefix.resolve("share/bash-completion/completions/migrate")).contains("migrate"));
        List<String> command = new ArrayList<>(List.of(prefix.resolve("bin/migrate").toString(), "--version"));
        assertEquals("migrate " + version + "\n", run(dir, command, List.of()).out());
    }
}
