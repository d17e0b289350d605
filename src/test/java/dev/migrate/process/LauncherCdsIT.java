package dev.migrate.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The class-data-sharing archive that {@code mvn package} makes beside target/migrate: the launcher maps it, and an
 * archive that does not fit (made for another file, or older than the launcher) costs start-up time and nothing
 * else: the output is the same.
 */
class LauncherCdsIT {

    static final String MAIN_FROM_ARCHIVE = "dev.migrate.cli.Main source: shared objects file";

    @TempDir Path dir;

    @Test
    void thePackagedLauncherMapsItsArchive() throws Exception {
        Path archive = Path.of(Processes.LAUNCHER + ".jsa");
        assertTrue(Files.isRegularFile(archive), archive + " is missing; see target/cds-dump.log");
        Processes.Finished plain = Processes.run(dir, Map.of("MIGRATE_JAVA_OPTS", ""), "--version");
        assertEquals(new Processes.Finished(0, "migrate 0.1.0\n"), plain);
        Processes.Finished logged = Processes.run(dir, Map.of("MIGRATE_JAVA_OPTS", "-Xlog:class+load=info"), "--version");
        assertTrue(logged.output().contains(MAIN_FROM_ARCHIVE), "not from the archive:\n" + head(logged.output()));
    }

    @Test
    void anArchiveThatDoesNotFitChangesNothingButTheStartUp() throws Exception {
        // A copy elsewhere with the original's archive beside it: made for another file, so the JVM declines it.
        Path copy = dir.resolve("bin/migrate");
        Files.createDirectories(copy.getParent());
        Files.copy(Processes.LAUNCHER, copy, StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(Path.of(Processes.LAUNCHER + ".jsa"), Path.of(copy + ".jsa"));
        assertEquals(new Result(0, "migrate 0.1.0\n"), run(copy, ""));
        assertFalse(run(copy, "-Xlog:class+load=info").output().contains(MAIN_FROM_ARCHIVE));

        // An archive older than the launcher is not even offered.
        Files.setLastModifiedTime(Path.of(copy + ".jsa"), FileTime.from(Instant.now().minusSeconds(3600)));
        assertEquals(new Result(0, "migrate 0.1.0\n"), run(copy, ""));

        // Garbage in its place.
        Files.writeString(Path.of(copy + ".jsa"), "not an archive");
        assertEquals(new Result(0, "migrate 0.1.0\n"), run(copy, ""));
    }

    record Result(int code, String output) { }

    Result run(Path launcher, String javaOpts) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "--version").directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("MIGRATE_JAVA_OPTS", javaOpts);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return new Result(p.exitValue(), out);
    }

    static String head(String s) {
        return s.length() < 2000 ? s : s.substring(0, 2000) + "...";
    }
}
