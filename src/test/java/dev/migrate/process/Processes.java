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

    /** A process started with {@link #launch}, its standard output and error going to {@code log}. */
    record Started(Process process, Path log) {
        String output() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                return "(no output: " + e + ")";
            }
        }

        long pid() {
            return process.pid();
        }
    }

    /**
     * Starts the launcher with its output in a log file. The launcher execs java, so the process's pid is the
     * JVM's and a signal sent to it reaches migrate. A process started with SIGINT ignored (a background job of a
     * non-interactive shell) passes that on, and a JVM never handles an ignored SIGINT: where this test JVM has
     * it ignored, GNU env restores the default for migrate.
     */
    static Started launch(Path dir, Map<String, String> env, String... args) throws IOException {
        if (!Files.isExecutable(LAUNCHER)) {
            throw new IllegalStateException(LAUNCHER + " is missing: these tests run after `mvn package` (mvn verify).");
        }
        List<String> cmd = new ArrayList<>();
        if (sigintIgnored()) cmd.addAll(List.of("env", "--default-signal=INT"));
        cmd.add(LAUNCHER.toString());
        cmd.addAll(List.of(args));
        Path log = dir.resolve("launch-" + System.nanoTime() + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return new Started(pb.start(), log);
    }

    /** Sends {@code signal} ({@code INT}, {@code TERM}, {@code KILL}) to the process. */
    static void signal(Started p, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).inheritIO().start();
        if (kill.waitFor() != 0) throw new IllegalStateException("kill -" + signal + " " + p.pid() + " failed");
    }

    /** Waits for the process to end, at most {@code seconds}. */
    static int waitFor(Started p, int seconds) throws Exception {
        if (!p.process().waitFor(seconds, TimeUnit.SECONDS)) {
            p.process().destroyForcibly();
            throw new AssertionError("migrate did not end within " + seconds + " s:\n" + p.output());
        }
        return p.process().exitValue();
    }

    private static boolean sigintIgnored() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) return (Long.parseLong(line.substring(7).trim(), 16) & 2) != 0;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: assume the default
        }
        return false;
    }
}
