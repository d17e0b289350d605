package dev.migrate.tenants;

import dev.migrate.cli.ExitCode;
import dev.migrate.support.Cli;
import dev.migrate.support.JsonReader;
import dev.migrate.support.PostgresServer;
import dev.migrate.support.Scripts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --fingerprint} on a fleet of six schemas of a real PostgreSQL database: tenants with the same schema share
 * a fingerprint whatever their names; a hand-made change is named as drift from the tenants at the same heads (check
 * fails, current only says so); undoing it gives back the same fingerprint; tenants at other heads are compared only
 * with each other, and two that differ with no majority are both named.
 */
class FingerprintTest {

    @TempDir static Path dir;
    static String url;
    static Cli cli;

    @BeforeAll
    static void fleet() throws Exception {
        url = PostgresServer.createDatabase();
        Scripts s = new Scripts(dir);
        s.add("a1", "", "CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL);", "DROP TABLE users;");
        s.add("b2", "a1", "CREATE UNIQUE INDEX ix_users_email ON users (email);", "DROP INDEX ix_users_email;");
        s.add("c3", "b2", "ALTER TABLE users ADD COLUMN name text;\nCREATE VIEW names AS SELECT id, name FROM users;",
                "DROP VIEW names;\nALTER TABLE users DROP COLUMN name;");
        Files.writeString(dir.resolve("migrate.yaml"), "lock_wait: 1s\n");
        sql("CREATE SCHEMA tenant_0; CREATE SCHEMA tenant_1; CREATE SCHEMA tenant_2; CREATE SCHEMA tenant_3; "
                + "CREATE SCHEMA tenant_4; CREATE SCHEMA tenant_5");
        cli = new Cli(dir).env("DATABASE_URL", url);
    }

    @AfterAll
    static void drop() {
        PostgresServer.dropDatabase(url);
    }

    static void sql(String sql) throws Exception {
        try (Connection c = PostgresServer.connect(url); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(Cli.Result r) {
        return (Map<String, Object>) JsonReader.parse(r.out());
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> fingerprints(Map<String, Object> doc) {
        return ((List<Map<String, Object>>) doc.get("tenants")).stream()
                .collect(Collectors.toMap(t -> (String) t.get("tenant"), t -> String.valueOf(t.get("fingerprint"))));
    }

    @Test
    void driftAcrossTheFleetIsNamedAndUndoingItIsSeen() throws Exception {
        Cli.Result up = cli.run("upgrade", "heads", "--tenants-pattern", "tenant_*", "--fingerprint", "--report", "run.json");
        assertEquals(0, up.code(), up.all());
        assertTrue(up.all().contains("Schemas: 1 fingerprint among 6 tenants; the tenants at the same heads have the same schema."), up.all());
        @SuppressWarnings("unchecked")
        Map<String, Object> report = (Map<String, Object>) JsonReader.parse(Files.readString(dir.resolve("run.json")));
        Map<String, String> fps = fingerprints(report);
        assertEquals(1, Set.copyOf(fps.values()).size(), "six schemas of other names, one schema: " + fps);
        String same = fps.get("tenant_0");
        assertTrue(same.matches("[0-9a-f]{64}"), same);
        assertEquals(List.of(), report.get("drift"));

        // By hand, in one tenant: a column nobody's revision made.
        sql("ALTER TABLE tenant_3.users ADD COLUMN extra int");
        Cli.Result check = cli.run("check", "--tenants-pattern", "tenant_*", "--fingerprint");
        assertEquals(ExitCode.CHECK_FAILED, check.code(), check.all());
        String line = check.out().lines().filter(l -> l.startsWith("tenant_3: ")).findFirst().orElseThrow(() -> new AssertionError(check.all()));
        assertTrue(line.startsWith("tenant_3: c3 (head), schema ") && line.endsWith("(drift: 5 of the 6 tenants at these heads have schema "
                + same.substring(0, 12) + ")"), line);
        assertTrue(check.out().contains(line + "\n    + CREATE TABLE users ( … extra integer\n    (+ only in tenant_3, - only in tenant_0)\n"),
                "what differs, line by line, against a tenant of the majority: " + check.all());
        assertFalse(check.out().contains("tenant_0:"), "a tenant at the head with the common schema is not listed: " + check.all());
        assertTrue(check.all().contains("drifted from the others at the same heads: tenant_3."), check.all());

        Map<String, Object> doc = json(cli.run("--format", "json", "check", "--tenants-pattern", "tenant_*", "--fingerprint"));
        assertEquals(false, doc.get("ok"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> drift = (List<Map<String, Object>>) doc.get("drift");
        assertEquals(1, drift.size(), drift::toString);
        assertEquals("tenant_3", drift.get(0).get("tenant"));
        assertEquals(same, drift.get(0).get("majority"));
        assertEquals(5L, drift.get(0).get("sharing"));
        assertEquals(6L, drift.get(0).get("at_same_heads"));
        assertFalse(same.equals(drift.get(0).get("fingerprint")));
        assertEquals("tenant_0", drift.get(0).get("compared_with"));
        assertEquals(List.of("CREATE TABLE users ( … extra integer"), drift.get(0).get("only_here"));
        assertEquals(List.of(), drift.get(0).get("only_there"));

        Cli.Result current = cli.run("current", "--tenants-pattern", "tenant_*", "--fingerprint");
        assertEquals(0, current.code(), "current reports; it does not judge: " + current.all());
        assertTrue(current.out().contains("tenant_0: c3 (head), schema " + same.substring(0, 12) + "\n"), current.all());

        // Undone by hand: the dropped column leaves no trace in the fingerprint.
        sql("ALTER TABLE tenant_3.users DROP COLUMN extra");
        Cli.Result clean = cli.run("check", "--tenants-pattern", "tenant_*", "--fingerprint");
        assertEquals(0, clean.code(), clean.all());
        assertEquals(Set.of(same), Set.copyOf(fingerprints(json(cli.run("--format", "json", "current", "--tenants-pattern", "tenant_*",
                "--fingerprint"))).values()));

        // Two tenants at b2, one of them changed: compared with each other only, and with no majority both are named.
        Files.writeString(dir.resolve("two.txt"), "tenant_4\ntenant_5\n");
        assertEquals(0, cli.run("downgrade", "b2", "--tenants-file", "two.txt").code());
        sql("CREATE INDEX ix_by_hand ON tenant_5.users (id, email)");
        Cli.Result two = cli.run("check", "--tenants-pattern", "tenant_*", "--fingerprint");
        assertEquals(ExitCode.CHECK_FAILED, two.code(), two.all());
        assertTrue(two.out().contains("(drift: the 2 tenants at these heads share no one schema)"), two.all());
        assertTrue(two.out().contains("    - CREATE INDEX ix_by_hand ON users USING btree (id, email);\n    (+ only in tenant_4, - only in tenant_5)"),
                two.all());
        assertTrue(two.all().contains("drifted from the others at the same heads: tenant_4, tenant_5."), two.all());
        sql("DROP INDEX tenant_5.ix_by_hand");
        Cli.Result back = cli.run("--format", "json", "check", "--tenants-pattern", "tenant_*", "--fingerprint");
        assertEquals(List.of(), json(back).get("drift"), back.all());
        assertEquals(ExitCode.CHECK_FAILED, back.code(), "two tenants are still behind the head: " + back.all());
    }

    @Test
    void theGuidesCommandRunsAsWritten() throws Exception {
        dev.migrate.docs.Guide.Block block = dev.migrate.docs.Guide.runBy("FingerprintTest");
        assertEquals(0, cli.run("upgrade", "heads", "--tenants-pattern", "tenant_*").code());
        for (Cli.Result r : dev.migrate.docs.Guide.runMigrateLines(block, cli)) {
            assertTrue(r.all().contains("the tenants at the same heads have the same schema"), r.all());
        }
    }
}
