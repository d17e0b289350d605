package dev.migrate.support;

import dev.migrate.cli.Main;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs the real picocli command line in-process with captured writers. */
public final class Cli {
    private final Path dir;
    private final Map<String, String> env = new HashMap<>();

    public Cli(Path workingDirectory) {
        this.dir = workingDirectory;
    }

    public Cli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(Map.copyOf(env), dir, new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    public record Result(int code, String out, String err) {
        public String all() {
            return out + err;
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }
}
