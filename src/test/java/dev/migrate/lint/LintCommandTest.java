package dev.migrate.lint;

import dev.migrate.support.Cli;
import dev.migrate.support.CliTestBase;
import dev.migrate.support.JsonReader;
import dev.migrate.support.PostgresServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code migrate lint} as users run it: which revisions, the trace, ignores, sizes, formats and exit codes. */
class LintCommandTest extends CliTestBase {

    private void project() throws Exception {
        // No template cache: a test leaves no database behind on the shared server.
        Files.writeString(dir.resolve("migrate.yaml"), "shadow_cache: false\n");
        scripts.add("r1", "", "CREATE TABLE users (id integer PRIMARY KEY, email varchar(100), age integer);", "DROP TABLE users;");
        scripts.add("r2", "r1", "ALTER TABLE users ALTER COLUMN age TYPE bigint;", "ALTER TABLE users ALTER COLUMN age TYPE integer;");
    }

    @SuppressWarnings("unchecked")
    private static <T> T json(String text) {
        return (T) JsonReader.parse(text);
    }

    @org.junit.jupiter.api.AfterEach
    void noShadowDatabaseLeft() throws Exception {
        try (Connection c = PostgresServer.connect(PostgresServer.adminUrl()); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM pg_database WHERE datname LIKE 'migrate\\_shadow\\_cache\\_%'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "a template cache left on the shared server");
        }
    }

    @Test
    void theTraceFindsTheRewriteAndTheFormatsSayIt() throws Exception {
        setUp("postgresql");
        project();
        Cli.Result text = cli.run("lint", "base:heads");
        assertEquals(0, text.code(), "a warning does not fail the default --fail-on error: " + text.all());
        assertTrue(text.out().contains("traced on a shadow database"), text.all());
        assertTrue(text.out().contains("migrations/versions/r2.sql:8  r2  warning  table-rewrite  public.users"), text.all());
        assertEquals(9, cli.run("lint", "base:heads", "--fail-on", "warning").code());

        Map<String, Object> doc = json(cli.run("--format", "json", "lint", "base:heads").out());
        assertEquals("lint", doc.get("command"));
        List<Map<String, Object>> findings = (List<Map<String, Object>>) doc.get("findings");
        assertTrue(findings.stream().anyMatch(f -> f.get("rule").equals("table-rewrite") && f.get("line").equals(8L)
                || f.get("rule").equals("table-rewrite") && ((Number) f.get("line")).intValue() == 8), findings.toString());

        Cli.Result github = cli.run("--format", "github", "lint", "base:heads");
        assertTrue(github.out().lines().anyMatch(l -> l.startsWith("::warning file=migrations/versions/r2.sql,line=8,title=migrate lint%3A table-rewrite::r2: rewrites")),
                github.out());

        Map<String, Object> sarif = json(cli.run("--format", "sarif", "lint", "base:heads").out());
        assertEquals("2.1.0", sarif.get("version"));
        assertTrue(String.valueOf(sarif.get("$schema")).contains("sarif-2.1.0"));
        Map<String, Object> run = ((List<Map<String, Object>>) sarif.get("runs")).get(0);
        Map<String, Object> driver = (Map<String, Object>) ((Map<String, Object>) run.get("tool")).get("driver");
        assertEquals("migrate", driver.get("name"));
        List<Map<String, Object>> rules = (List<Map<String, Object>>) driver.get("rules");
        assertEquals(Rule.ALL.size(), rules.size());
        for (Map<String, Object> r : rules) assertTrue(r.containsKey("id") && r.containsKey("shortDescription"), r.toString());
        List<Map<String, Object>> results = (List<Map<String, Object>>) run.get("results");
        Map<String, Object> rewrite = results.stream().filter(r -> r.get("ruleId").equals("table-rewrite")).findFirst().orElseThrow();
        assertEquals("warning", rewrite.get("level"));
        Map<String, Object> location = (Map<String, Object>) ((Map<String, Object>) ((List<?>) rewrite.get("locations")).get(0)).get("physicalLocation");
        assertEquals("migrations/versions/r2.sql", ((Map<String, Object>) location.get("artifactLocation")).get("uri"));
        assertEquals(8, ((Number) ((Map<String, Object>) location.get("region")).get("startLine")).intValue());
        assertTrue(((Map<String, Object>) rewrite.get("message")).get("text").toString().startsWith("r2: rewrites public.users"));

        assertEquals(2, cli.run("--format", "sarif", "current").code(), "sarif is lint's");
        assertValidSarif(cli.run("--format", "sarif", "lint", "base:heads").out());
    }

    /** Validates a SARIF log against the official SARIF 2.1.0 schema (src/test/resources/sarif). */
    static void assertValidSarif(String log) throws Exception {
        com.networknt.schema.JsonSchemaFactory factory = com.networknt.schema.JsonSchemaFactory.getInstance(
                com.networknt.schema.SpecVersion.VersionFlag.V4);
        com.networknt.schema.JsonSchema schema;
        try (var in = LintCommandTest.class.getResourceAsStream("/sarif/sarif-schema-2.1.0.json")) {
            schema = factory.getSchema(in);
        }
        var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(log);
        var errors = schema.validate(node);
        assertEquals(java.util.Set.of(), errors, "the SARIF log breaks the schema:\n" + log);
        // The check can fail: a result with a level SARIF does not know is refused.
        var broken = (com.fasterxml.jackson.databind.node.ObjectNode) node.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken.get("runs").get(0).get("results").get(0)).put("level", "fatal");
        assertFalse(schema.validate(broken).isEmpty(), "the validator refuses a broken log");
    }

    @Test
    void byDefaultThePendingRevisionsOfTheConfiguredDatabase() throws Exception {
        setUp("postgresql");
        project();
        assertEquals(0, cli.run("upgrade", "r1").code());
        scripts.add("r3", "r2", "ALTER TABLE users DROP COLUMN email;", null);
        Cli.Result r = cli.run("lint");
        assertTrue(r.out().contains("Linted 2 revisions"), r.all());
        assertFalse(r.out().contains("  r1  "), r.all());
        assertTrue(r.out().contains("r3  warning  drop-column"), r.all());
    }

    @Test
    void ignoresNeedAReasonAndKeepIt() throws Exception {
        setUp("sqlite");
        scripts.add("r1", "", "CREATE TABLE users (id integer PRIMARY KEY, email text);", "DROP TABLE users;");
        scripts.add("r2", "r1", "-- migrate:lint-ignore drop-column reason=\"no reader since 2.3\"\nALTER TABLE users DROP COLUMN email;", null);
        Cli.Result ok = new Cli(dir).run("lint", "base:heads");
        assertEquals(0, ok.code(), ok.all());
        assertTrue(ok.out().contains("from their text"), "SQLite: static only: " + ok.all());
        assertTrue(ok.out().contains("(ignored: no reader since 2.3)"), ok.all());
        Map<String, Object> doc = json(new Cli(dir).run("--format", "json", "lint", "base:heads").out());
        assertTrue(doc.toString().contains("no reader since 2.3"), doc.toString());

        scripts.add("r3", "r2", "-- migrate:lint-ignore drop-table\nDROP TABLE users;", null);
        Cli.Result noReason = new Cli(dir).run("lint", "base:heads");
        assertEquals(9, noReason.code(), noReason.all());
        assertTrue(noReason.out().contains("error  ignore-without-reason") && noReason.out().contains("r3  warning  drop-table"), noReason.all());
        scripts.add("r4", "r3", "-- migrate:lint-ignore-file drop-table reason=\"scratch\"", "CREATE TABLE s (id int); DROP TABLE users2;", null);
        Cli.Result file = new Cli(dir).run("lint", "r3:r4");
        assertTrue(file.out().contains("drop-table  users2  (ignored: scratch)"), file.all());
    }

    @Test
    void sinceGitLintsWhatABranchAdds() throws Exception {
        setUp("sqlite");
        scripts.add("r1", "", "CREATE TABLE users (id integer PRIMARY KEY, email text);", "DROP TABLE users;");
        git("init", "-q", "-b", "main");
        git("add", ".");
        git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "r1");
        git("checkout", "-q", "-b", "feature");
        scripts.add("r2", "r1", "ALTER TABLE users DROP COLUMN email;", null);
        Cli.Result r = new Cli(dir).run("lint", "--since-git", "main");
        assertTrue(r.out().contains("Linted 1 revision"), r.all());
        assertTrue(r.out().contains("r2  warning  drop-column"), r.all());
        Cli.Result bad = new Cli(dir).run("lint", "--since-git", "no-such-branch");
        assertEquals(3, bad.code(), bad.all());
        assertTrue(bad.err().contains("git knows no commit `no-such-branch`"), bad.all());
    }

    private void git(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }

    @Test
    void productionsSizeWeighsAFinding() throws Exception {
        setUp("postgresql");
        project();
        String big = PostgresServer.createDatabase();
        String small = PostgresServer.createDatabase();
        try {
            try (Connection c = PostgresServer.connect(big); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE users (id integer PRIMARY KEY, email varchar(100), age integer)");
                st.execute("INSERT INTO users SELECT g, 'u' || g || '@example.com', g % 90 FROM generate_series(1, 1000000) g");
                st.execute("ANALYZE users");
            }
            try (Connection c = PostgresServer.connect(small); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE users (id integer PRIMARY KEY, email varchar(100), age integer)");
                st.execute("INSERT INTO users SELECT g, 'u', 1 FROM generate_series(1, 12) g");
                st.execute("ANALYZE users");
            }
            Cli.Result large = cli.run("lint", "base:heads", "--stats-url", big);
            assertEquals(9, large.code(), "a rewrite of a million rows is an error: " + large.all());
            assertTrue(large.out().contains("error  table-rewrite  public.users") && large.out().contains("(1 M rows, "), large.all());
            Cli.Result tiny = cli.run("lint", "base:heads", "--stats-url", small);
            assertEquals(0, tiny.code(), tiny.all());
            assertTrue(tiny.out().contains("note  table-rewrite  public.users") && tiny.out().contains("(12 rows, "), tiny.all());
            Files.writeString(dir.resolve("migrate.yaml"), "shadow_cache: false\nlint_stats_url: " + big + "\n");
            assertEquals(9, cli.run("lint", "base:heads").code(), "the key as the option");
        } finally {
            PostgresServer.dropDatabase(big);
            PostgresServer.dropDatabase(small);
        }
    }

    @Test
    void checkLintFoldsTheStaticFindingsIntoTheGate() throws Exception {
        setUp("sqlite");
        scripts.add("r1", "", "CREATE TABLE users (id integer PRIMARY KEY);", "DROP TABLE users;");
        assertEquals(0, cli.run("upgrade", "heads").code());
        scripts.add("r2", "r1", "ALTER TABLE users ADD COLUMN age integer NOT NULL;", null);
        Cli.Result r = cli.run("check", "--lint");
        assertEquals(9, r.code(), r.all());
        assertTrue(r.out().contains("Lint error: migrations/versions/r2.sql:8 not-null-without-default"), r.all());
        Map<String, Object> doc = json(cli.run("--format", "json", "check", "--lint").out());
        assertEquals(false, doc.get("ok"));
        assertTrue(doc.get("lint").toString().contains("not-null-without-default"), doc.toString());
        assertEquals(0, cli.run("upgrade", "heads").code(), "SQLite's table is empty here: the upgrade itself runs");
        assertEquals(0, cli.run("check", "--lint").code(), "nothing pending, nothing to lint");
    }

    @Test
    void aJavaRevisionIsLintedThroughItsRenderedSqlAndIgnoresByAnnotation() throws Exception {
        setUp("sqlite");
        scripts.add("r1", "", "CREATE TABLE users (id integer PRIMARY KEY, email text, name text);", "DROP TABLE users;");
        scripts.write("r2_rev.java", """
                import dev.migrate.api.*;

                @Revision(id = "r2", revises = {"r1"}, message = "drop two", createDate = "2026-12-04 00:00:00.000000")
                @LintIgnore(rule = "drop-column", reason = "both unread since 2.3")
                class R2 implements Migration {
                    public void upgrade(Operations op) throws Exception {
                        op.dropColumn("users", "email");
                    }
                }
                """);
        scripts.write("r3_rev.java", """
                import dev.migrate.api.*;

                @Revision(id = "r3", revises = {"r2"}, message = "drop name", createDate = "2026-12-04 00:00:00.000000")
                class R3 implements Migration {
                    public void upgrade(Operations op) throws Exception {
                        op.dropColumn("users", "name");
                    }
                }
                """);
        Cli.Result r = new Cli(dir).run("lint", "base:heads");
        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().contains("r2  warning  drop-column") && r.out().contains("(ignored: both unread since 2.3)"), r.all());
        assertTrue(r.out().lines().anyMatch(l -> l.contains("r3  warning  drop-column") && !l.contains("ignored")), r.all());
    }

    @Test
    void whereNoDatabaseMayBeCreatedLintSaysSoAndReadsTheText() throws Exception {
        scripts = new dev.migrate.support.Scripts(dir);
        project();
        try (var db = dev.migrate.support.TestDatabase.postgresWithPasswordRole()) {
            // A role that may not create databases: no shadow on this server.
            String url = PostgresServer.passwordUrl(db.url(), PostgresServer.PASSWORD_ROLE_PASSWORD);
            Cli.Result r = new Cli(dir).env("DATABASE_URL", url).run("lint", "base:heads");
            assertEquals(0, r.code(), r.all());
            assertTrue(r.err().contains("no shadow database to trace on") && r.err().contains("shadow_url"), r.all());
            assertTrue(r.out().contains("from their text"), r.all());
            assertFalse(r.all().contains(PostgresServer.PASSWORD_ROLE_PASSWORD), "no password in any output");
        }
    }
}
