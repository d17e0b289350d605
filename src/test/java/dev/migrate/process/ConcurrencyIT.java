package dev.migrate.process;

import dev.migrate.support.Scripts;
import dev.migrate.support.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Many instances starting at once: every revision applied exactly once, every process succeeds. */
class ConcurrencyIT {

    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void eightProcessesUpgradeOneDatabaseTogether(String kind) throws Exception {
        try (TestDatabase db = kind.equals("postgresql") ? TestDatabase.postgres() : TestDatabase.sqlite(dir)) {
            String pause = kind.equals("postgresql") ? "SELECT pg_sleep(0.05);" : "SELECT 1;";
            Scripts scripts = new Scripts(dir);
            for (int i = 1; i <= 6; i++) {
                // No IF NOT EXISTS: a revision applied twice would fail, and pg_sleep widens the race window.
                scripts.add("r" + i, i == 1 ? "" : "r" + (i - 1),
                        "CREATE TABLE t" + i + " (id INTEGER);\nINSERT INTO t" + i + " VALUES (" + i + ");\n" + pause,
                        "DROP TABLE t" + i + ";");
            }
            Map<String, String> env = Map.of("DATABASE_URL", db.url());
            List<Process> processes = new ArrayList<>();
            List<Path> logs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Path log = dir.resolve("p" + i + ".log");
                logs.add(log);
                ProcessBuilder pb = new ProcessBuilder(Processes.LAUNCHER.toString(), "upgrade", "head")
                        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
                pb.environment().putAll(env);
                processes.add(pb.start());
            }
            int applied = 0;
            for (int i = 0; i < 8; i++) {
                Process p = processes.get(i);
                assertTrue(p.waitFor(2, TimeUnit.MINUTES), "process " + i + " finished");
                String out = Files.readString(logs.get(i));
                assertEquals(0, p.exitValue(), "process " + i + ":\n" + out);
                applied += out.split("Running upgrade", -1).length - 1;
            }
            assertEquals(6, applied, "each revision ran in exactly one process");
            assertEquals(List.of("r6"), db.versions());
            for (int i = 1; i <= 6; i++) {
                assertEquals(List.of(String.valueOf(i)), db.query("SELECT id FROM t" + i));
            }
            assertEquals(List.of("6"), db.query("SELECT count(*) FROM migrate_version_audit WHERE status = 'ok'"));
        }
    }
}
