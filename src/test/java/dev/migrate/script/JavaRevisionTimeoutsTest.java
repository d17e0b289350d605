package dev.migrate.script;

import dev.migrate.support.Scripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-script timeouts and transactionality of Java revisions, from their annotation. */
class JavaRevisionTimeoutsTest {

    @TempDir Path dir;

    @Test
    void annotationTimeoutsOverrideTheConfiguredOnes() throws Exception {
        Scripts s = new Scripts(dir);
        Path p = s.java("a1", "", "", null);
        Files.writeString(p, Files.readString(p).replace("createDate = \"2026-11-21 10:00:00.000000\"",
                "createDate = \"2026-11-21 10:00:00.000000\", lockTimeout = \"250ms\", statementTimeout = \"2m\", transactional = false"));
        s.java("b2", "a1", "", null);
        List<RevisionScript> loaded = ScriptLoader.loadDirectories(List.of(s.versions()), JavaRevisionLoader.uncached());
        RevisionScript a1 = loaded.stream().filter(r -> r.id().equals("a1")).findFirst().orElseThrow();
        RevisionScript b2 = loaded.stream().filter(r -> r.id().equals("b2")).findFirst().orElseThrow();
        assertEquals(Optional.of(Duration.ofMillis(250)), a1.lockTimeoutOverride());
        assertEquals(Optional.of(Duration.ofMinutes(2)), a1.statementTimeoutOverride());
        assertEquals(false, a1.transactional(true));
        assertEquals(Optional.empty(), b2.lockTimeoutOverride());
        assertEquals(true, b2.transactional(true));
    }

    @Test
    void aBadDurationNamesTheAttribute() throws Exception {
        Scripts s = new Scripts(dir);
        Path p = s.java("a1", "", "", null);
        Files.writeString(p, Files.readString(p).replace("createDate = \"2026-11-21 10:00:00.000000\"",
                "createDate = \"2026-11-21 10:00:00.000000\", lockTimeout = \"soon\""));
        ScriptException e = assertThrows(ScriptException.class,
                () -> ScriptLoader.loadDirectories(List.of(s.versions()), JavaRevisionLoader.uncached()));
        assertTrue(e.getMessage().contains("lockTimeout") && e.getMessage().contains("a1_rev.java"), e.getMessage());
    }
}
