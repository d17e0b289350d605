package dev.migrate.process;

import dev.migrate.support.Scripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged tool as a user meets it: installer, completion, version, usage, quiet, no colour when piped. */
class CliFitIT {

    @TempDir Path dir;

    record Run(int code, String out) { }

    Run sh(Map<String, String> env, String script) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        return new Run(p.exitValue(), out);
    }

    @Test
    void installerPutsMigrateOnThePathWithCompletion() throws Exception {
        Path install = Path.of("scripts/install.sh").toAbsolutePath();
        Run r = sh(Map.of("PREFIX", dir.resolve("prefix").toString()), install + " --no-build");
        assertEquals(0, r.code(), r.out());
        Path bin = dir.resolve("prefix/bin/migrate");
        assertTrue(Files.isExecutable(bin));
        Run version = sh(Map.of("PATH", bin.getParent() + ":" + System.getenv("PATH")), "migrate --version");
        assertEquals("migrate 0.1.0\n", version.out());
        Run complete = sh(Map.of(), "source " + dir.resolve("prefix/share/bash-completion/completions/migrate")
                + "; COMP_WORDS=(migrate up); COMP_CWORD=1; _complete_migrate; echo \"${COMPREPLY[@]}\"");
        assertTrue(complete.out().contains("upgrade"), complete.out());
        Run options = sh(Map.of(), "source <(" + Processes.LAUNCHER + " completion bash)"
                + "; COMP_WORDS=(migrate history --ver); COMP_CWORD=2; _complete_migrate; echo \"${COMPREPLY[@]}\"");
        assertTrue(options.out().contains("--verbose"), options.out());
        Run zsh = sh(Map.of(), Processes.LAUNCHER + " completion zsh | head -2");
        assertTrue(zsh.out().contains("bashcompinit"), zsh.out());
    }

    @Test
    void usageQuietAndNoColourWhenPiped() throws Exception {
        Scripts s = new Scripts(dir);
        s.add("a1", "", "CREATE TABLE t (id integer);", "DROP TABLE t;");
        Map<String, String> env = Map.of("DATABASE_URL", "sqlite:" + dir.resolve("x.db"));
        Run usage = sh(env, Processes.LAUNCHER.toString());
        assertEquals(0, usage.code(), usage.out());
        assertTrue(usage.out().startsWith("Usage: migrate"), usage.out());
        assertTrue(usage.out().contains("upgrade") && usage.out().contains("history"), usage.out());

        Run quiet = sh(env, Processes.LAUNCHER + " -q upgrade head");
        assertEquals(0, quiet.code(), quiet.out());
        assertEquals("", quiet.out());
        Run failing = sh(env, Processes.LAUNCHER + " upgrade nope");
        assertEquals(5, failing.code());
        assertFalse(failing.out().contains("\u001b["), "no colour when piped: " + failing.out());
        assertTrue(failing.out().startsWith("Database: sqlite:") && failing.out().contains("\nFAILED: "), failing.out());
    }
}
