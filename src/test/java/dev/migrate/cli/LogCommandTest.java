package dev.migrate.cli;

import dev.migrate.support.Cli;
import dev.migrate.support.CliTestBase;
import dev.migrate.support.JsonReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code migrate log}: the audit log newest first, its filters and its JSON, on both databases. */
class LogCommandTest extends CliTestBase {

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void theAuditLogNewestFirstWithFiltersAndJson(String kind) {
        setUp(kind);
        linear(2);
        scripts.add("r3", "r2", "CREATE TABLE t3 (id INTEGER PRIMARY KEY); SELECT * FROM no_such_table;", "DROP TABLE t3;");
        Cli.Result empty = cli.run("log");
        assertEquals(0, empty.code(), empty.all());
        assertTrue(empty.out().startsWith("No entries in the audit log of "), empty.all());

        assertEquals(0, cli.run("upgrade", "r2").code());
        assertEquals(0, cli.run("downgrade", "r1").code());
        assertEquals(ExitCode.MIGRATION_FAILED, cli.run("upgrade", "head").code());

        Cli.Result log = cli.run("log");
        assertEquals(0, log.code(), log.all());
        List<String> lines = log.out().lines().filter(l -> !l.startsWith("    ")).toList();
        // r2 up again (ok), r3 failed; newest first: r3 failed, r2 upgrade, r2 downgrade, r2 upgrade, r1 upgrade
        assertEquals(5, lines.size(), log.all());
        assertTrue(lines.get(0).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ  upgrade   failed      r3  \\(r2 -> r2\\).*"), log.all());
        assertTrue(lines.get(2).contains("downgrade ok          r2  (r2 -> r1)"), log.all());
        assertTrue(lines.get(4).contains("upgrade   ok          r1  (base -> r1)"), log.all());
        assertTrue(log.out().contains("    error: ") && log.out().contains("no_such_table"), "the error follows its line: " + log.all());

        Cli.Result two = cli.run("log", "-n", "2");
        assertEquals(2, two.out().lines().filter(l -> !l.startsWith("    ")).count(), two.all());
        Cli.Result r2 = cli.run("log", "--revision", "r2");
        assertEquals(3, r2.out().lines().count(), r2.all());
        assertTrue(r2.out().lines().allMatch(l -> l.contains(" r2  (")), r2.all());
        Cli.Result future = cli.run("log", "--since", "2999-01-01");
        assertTrue(future.out().startsWith("No entries") && future.out().contains("that match"), future.all());
        Cli.Result recent = cli.run("log", "--since", "1h");
        assertEquals(log.out(), recent.out(), "everything happened in the last hour");
        Cli.Result bad = cli.run("log", "--since", "yesterday");
        assertEquals(ExitCode.USAGE, bad.code(), bad.all());
        assertTrue(bad.err().contains("--since: `yesterday` is neither a date"), bad.all());

        Cli.Result json = cli.run("--format", "json", "log", "-n", "1");
        assertEquals(0, json.code(), json.all());
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = (Map<String, Object>) JsonReader.parse(json.out());
        assertEquals("log", doc.get("command"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) doc.get("entries");
        assertEquals(1, entries.size());
        assertEquals("r3", entries.get(0).get("revision"));
        assertEquals("failed", entries.get(0).get("status"));
        assertEquals(List.of("r2"), entries.get(0).get("heads_before"));
        assertTrue(String.valueOf(entries.get(0).get("error")).contains("no_such_table"), json.out());
        assertTrue(String.valueOf(entries.get(0).get("statement")).contains("no_such_table"), json.out());
    }
}
