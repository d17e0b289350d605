package example;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The application's logging stays its own with migrate on its class path (the dependency tree Maven resolved). */
class LoggingTest {

    @Test
    void migrateBringsNoLoggingProviderNorTheClisLibraries() {
        assertEquals("ch.qos.logback.classic.LoggerContext", LoggerFactory.getILoggerFactory().getClass().getName());
        for (String cliOnly : List.of("org.slf4j.simple.SimpleLogger", "picocli.CommandLine", "org.postgresql.Driver")) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName(cliOnly), cliOnly + " came with migrate");
        }
        String classpath = System.getProperty("java.class.path");
        assertFalse(classpath.contains("slf4j-simple"), classpath);
    }

    @Test
    void theApplicationMigratesAndLogsThroughLogback(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("out.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "example.Main", dir.resolve("app.db").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("APP-LOGBACK INFO Main - database at [a1]"), out);
        assertFalse(out.contains("multiple SLF4J providers") || out.contains("SLF4J(W)"), out);
    }
}
