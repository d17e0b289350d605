package dev.migrate.process;

import dev.migrate.support.JsonReader;
import dev.migrate.support.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * bench/run.sh in its reduced size (50 revisions, graphs of 100 and 1,000, one run, no downloads), so that the
 * harness cannot rot: every scenario runs against the packaged launcher and the test server, and the results are a
 * well-formed table. No timing is asserted; a peer that cannot run here must be a row that says why.
 */
class BenchHarnessIT {

    static final Path RUN = Path.of("bench", "run.sh").toAbsolutePath();
    static final Pattern NUMBER = Pattern.compile("\\d+\\.\\d+");

    @TempDir Path dir;

    @Test
    void quickRunWritesEveryScenarioAsAWellFormedTable() throws Exception {
        Path out = dir.resolve("results.md");
        String prefix = "migrate_bench_it" + ProcessHandle.current().pid();
        ProcessBuilder pb = new ProcessBuilder(RUN.toString(), "--quick", "--no-build", "--url", PostgresServer.adminUrl(),
                "--migrate", Processes.LAUNCHER.toString(), "--work", dir.resolve("work").toString(), "--out", out.toString(),
                "--db-prefix", prefix)
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("run.log").toFile());
        pb.environment().putAll(Map.of("MIGRATE_JAVA_OPTS", ""));
        String log = finished(pb, dir.resolve("run.log"), 10, "bench/run.sh --quick");
        String md = Files.readString(out);

        for (String section : List.of("## apply: 50 revisions", "## no-op: an up-to-date database with 50 revisions",
                "## graph: 100 and 1,000 revisions", "## targets")) {
            assertTrue(md.contains(section), "missing " + section + ":\n" + md);
        }
        List<List<String>> tables = tables(md);
        assertEquals(4, tables.size(), md);
        for (List<String> table : tables) wellFormed(table, md);

        // The tool and the floors were measured; they are not allowed to be "not available".
        for (String row : List.of("| psql (floor) |", "| migrate |", "| minimal JDBC program (JVM floor) |",
                "| migrate: current |", "| migrate: upgrade head |", "| history |", "| heads |", "| upgrade heads --sql |")) {
            String line = line(md, row);
            assertTrue(NUMBER.matcher(line).find(), "no measurement in " + line);
            assertFalse(line.contains("not available") || line.contains("failed"), line);
        }
        // Peers: measured, or a row that says why not.
        for (String peer : List.of("Alembic", "Flyway")) {
            for (String line : md.lines().filter(l -> l.startsWith("| " + peer)).toList()) {
                assertTrue(NUMBER.matcher(line).find() || line.contains("not available: "), line);
            }
            assertTrue(md.lines().anyMatch(l -> l.startsWith("| " + peer)), "no row for " + peer + ":\n" + md);
        }
        // The raw samples beside the table.
        Object raw = JsonReader.parse(Files.readString(dir.resolve("results.json")));
        assertTrue(raw instanceof Map<?, ?> m && m.get("samples") instanceof List<?> s && !s.isEmpty(), "results.json: " + raw);
        // The harness cleans up the databases it made.
        try (var c = PostgresServer.connect(PostgresServer.adminUrl()); var st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM pg_database WHERE datname LIKE '" + prefix + "%'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "databases left behind");
        }
        assertFalse(new File(dir.toFile(), "work/logs").list().length == 0);
    }

    /** What {@code pb} printed (into {@code log}), once it ended with exit status 0 within {@code minutes}. */
    static String finished(ProcessBuilder pb, Path log, int minutes, String what) throws Exception {
        Process p = pb.start();
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail(what + " did not finish in " + minutes + " minutes:\n" + Files.readString(log));
        }
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /** bench/tenants.py at a handful of tenants: every runner measured and checked, a well-formed table, nothing left behind. */
    @Test
    void theTenantsScenarioRunsEveryRunner() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("python3", Path.of("bench", "tenants.py").toAbsolutePath().toString(), "--tenants", "8",
                "--url", PostgresServer.adminUrl())
                .directory(Path.of("").toAbsolutePath().toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("tenants.log").toFile());
        String log = finished(pb, dir.resolve("tenants.log"), 5, "bench/tenants.py");
        List<List<String>> tables = tables(log);
        assertEquals(1, tables.size(), log);
        wellFormed(tables.get(0), log);
        for (String row : List.of("| psql, one session (floor) |", "| psql process per tenant |", "| psql per tenant, xargs -P 4 |",
                "| migrate --parallel 1 |", "| migrate --parallel 2 |", "| migrate --parallel 4 |", "| migrate no-op rerun (all at head) |",
                "| psql, one session, same work |", "| migrate check --fingerprint --parallel 4 (every schema read) |")) {
            assertTrue(NUMBER.matcher(line(log, row)).find(), "no measurement for " + row + ":\n" + log);
        }
        try (var c = PostgresServer.connect(PostgresServer.adminUrl()); var st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM pg_database WHERE datname LIKE 'migrate_bench_tenants_%'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "databases left behind");
        }
    }

    /** The markdown tables of the document, each a list of its lines. */
    static List<List<String>> tables(String md) {
        List<List<String>> tables = new ArrayList<>();
        List<String> current = null;
        for (String line : md.lines().toList()) {
            if (line.startsWith("|")) {
                if (current == null) tables.add(current = new ArrayList<>());
                current.add(line);
            } else {
                current = null;
            }
        }
        return tables;
    }

    /** A header, a separator, at least one row, and the same number of cells on every line. */
    static void wellFormed(List<String> table, String md) {
        assertTrue(table.size() >= 3, "a table without rows:\n" + String.join("\n", table));
        assertTrue(table.get(1).matches("\\|(-{3,}:?\\|)+|\\|(:?-{3,}:?\\|)+"), "no separator line: " + table.get(1));
        int cells = cells(table.get(0));
        for (String line : table) {
            assertTrue(line.endsWith("|"), "an unterminated row: " + line);
            assertEquals(cells, cells(line), "cells in " + line + "\n" + md);
        }
    }

    static int cells(String line) {
        return line.replace("\\|", "").split("\\|", -1).length - 2;
    }

    static String line(String md, String start) {
        return md.lines().filter(l -> l.startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + start + ":\n" + md));
    }
}
