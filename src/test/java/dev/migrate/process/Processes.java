package dev.migrate.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts the packaged launcher, {@code target/migrate}, as real operating-system processes. */
final class Processes {
    static final Path LAUNCHER = Path.of("target", "migrate").toAbsolutePath();

    private Processes() { }

    static Process start(Path dir, Map<String, String> env, String... args) throws IOException {
        if (!Files.isExecutable(LAUNCHER)) {
            throw new IllegalStateException(LAUNCHER + " is missing: these tests run after `mvn package` (mvn verify).");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(LAUNCHER.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().putAll(env);
        pb.redirectOutput(dir.resolve("out-" + System.nanoTime() + ".log").toFile());
        pb.redirectErrorStream(true);
        return pb.start();
    }

    record Finished(int code, String output) { }

    /** Runs to completion (at most two minutes) and returns the exit code and combined output. */
    static Finished run(Path dir, Map<String, String> env, String... args) throws Exception {
        File log = dir.resolve("run-" + System.nanoTime() + ".log").toFile();
        List<String> cmd = new ArrayList<>();
        cmd.add(LAUNCHER.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log);
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("migrate " + String.join(" ", args) + " did not finish in two minutes");
        }
        return new Finished(p.exitValue(), Files.readString(log.toPath()));
    }

    static String output(Process p, Path dir) {
        return "";
    }
}
