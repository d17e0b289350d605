package dev.migrate.process;

import dev.migrate.docs.DocProjects;
import dev.migrate.docs.Transcripts;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs documented shell commands as a user would: bash, with the packaged tool on the {@code PATH} as
 * {@code migrate} and {@code EDITOR} set to a stand-in that needs no terminal.
 */
final class Shell {

    /**
     * The stand-in for {@code $EDITOR}: a file that does not exist yet gets a base revision named by the file
     * ({@code <id>_<slug>.sql}) that creates a table {@code users}; an existing file is left as written (empty sections
     * are valid).
     */
    static final String EDITOR = """
            #!/bin/sh
            for f in "$@"; do
              [ -e "$f" ] && continue
              id=$(basename "$f" | cut -d_ -f1)
              printf '%s\\n' "-- Create users table" "--" "-- Revision ID: $id" "-- Revises:" "" "-- migrate:upgrade" \\
                "CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL);" "" "-- migrate:downgrade" "DROP TABLE users;" > "$f"
            done
            """;

    record Run(int code, String out) { }

    private final Path bin;

    /** Makes {@code dir/bin} with {@code migrate} (the packaged launcher) and {@code editor}. */
    Shell(Path dir) throws IOException {
        if (!Files.isExecutable(Processes.LAUNCHER)) {
            throw new IllegalStateException(Processes.LAUNCHER + " is missing: these tests run after `mvn package` (mvn verify).");
        }
        bin = Files.createDirectories(dir.resolve("bin"));
        Files.deleteIfExists(bin.resolve("migrate"));
        Files.createSymbolicLink(bin.resolve("migrate"), Processes.LAUNCHER);
        Path editor = Files.writeString(bin.resolve("editor"), EDITOR);
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    Path editor() {
        return bin.resolve("editor");
    }

    /** Runs {@code script} with {@code bash -eo pipefail} in {@code dir}: standard output and error together. */
    Run bash(Path dir, Map<String, String> env, String script) throws Exception {
        Path log = Files.createTempFile(dir, "bash-", ".log");
        ProcessBuilder pb = new ProcessBuilder("bash", "-e", "-o", "pipefail", "-c", script).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        environment(pb, env);
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("did not finish in five minutes:\n" + script);
        }
        String out = Files.readString(log);
        Files.delete(log);
        return new Run(p.exitValue(), out);
    }

    /** Runs {@code migrate ARGS} in a project: the guide's transcripts, and its setups, with the packaged tool. */
    Transcripts.Output migrate(DocProjects.Project project, List<String> args, boolean stdoutOnly) {
        try {
            List<String> cmd = new ArrayList<>();
            cmd.add(Processes.LAUNCHER.toString());
            cmd.addAll(args);
            Path out = Files.createTempFile("migrate-out-", ".log");
            Path err = Files.createTempFile("migrate-err-", ".log");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(project.dir().toFile()).redirectOutput(out.toFile());
            if (stdoutOnly) pb.redirectError(err.toFile());
            else pb.redirectErrorStream(true);
            environment(pb, project.env());
            Process p = pb.start();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("migrate " + String.join(" ", args) + " did not finish in two minutes");
            }
            String text = Files.readString(out);
            Files.delete(out);
            Files.delete(err);
            return new Transcripts.Output(p.exitValue(), text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs migrate commands during a setup; each must succeed. */
    DocProjects.Migrate setupRunner() {
        return (project, args) -> {
            Transcripts.Output o = migrate(project, Transcripts.words(args), false);
            if (o.code() != 0) throw new AssertionError("migrate " + args + " failed: " + o.text());
        };
    }

    /**
     * The environment a documented command sees: the test's own, without the variables migrate reads (a CI
     * job's DATABASE_URL must not leak into an example), then the project's, with {@code bin} first on the PATH.
     */
    private void environment(ProcessBuilder pb, Map<String, String> env) {
        Map<String, String> e = pb.environment();
        e.keySet().removeIf(k -> k.equals("DATABASE_URL") || k.startsWith("MIGRATE_") || k.equals("NO_COLOR"));
        e.putAll(env);
        e.put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
        e.put("EDITOR", editor().toString());
    }
}
