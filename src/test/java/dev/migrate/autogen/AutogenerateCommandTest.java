package dev.migrate.autogen;

import dev.migrate.support.Cli;
import dev.migrate.support.CliTestBase;
import dev.migrate.support.JsonReader;
import dev.migrate.support.PostgresServer;
import dev.migrate.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code revision --autogenerate}, {@code diff}, {@code dump-schema} and {@code check} as users run them, on a real
 * PostgreSQL and a real SQLite file: the revision is written, verified, and applies; nothing is written when there is
 * nothing to do or verification fails; no scratch database is left behind.
 */
class AutogenerateCommandTest extends CliTestBase {

    static final String BASE = "CREATE TABLE users (id integer PRIMARY KEY, email varchar(200) NOT NULL, legacy integer);";

    private void project(String kind) throws IOException {
        setUp(kind);
        Files.writeString(dir.resolve("migrate.yaml"), "shadow_cache: false\n");
        scripts.add("a1", "", BASE, "DROP TABLE users;");
    }

    private List<Path> revisions() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("migrations/versions"))) {
            return s.sorted().toList();
        }
    }

    private java.util.Set<String> scratchBefore;

    @org.junit.jupiter.api.BeforeEach
    void noteScratchDatabases() throws Exception {
        scratchBefore = scratchDatabases();
    }

    /**
     * Every scratch database this test made is gone. Another process on the same server (a second test run) may have
     * scratch databases of its own for a few seconds: a database is only reported when it outlives a grace period.
     */
    @AfterEach
    void noScratchDatabaseLeft() throws Exception {
        java.util.Set<String> left = java.util.Set.of();
        for (int i = 0; i < 30; i++) {
            left = new java.util.TreeSet<>(scratchDatabases());
            left.removeAll(scratchBefore);
            if (left.isEmpty()) return;
            Thread.sleep(500);
        }
        assertEquals(java.util.Set.of(), left, "scratch databases left behind");
    }

    private static java.util.Set<String> scratchDatabases() throws Exception {
        java.util.Set<String> names = new java.util.TreeSet<>();
        try (Connection c = PostgresServer.connect(PostgresServer.adminUrl()); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'migrate\\_shadow\\_%' AND datname NOT LIKE 'migrate\\_shadow\\_cache\\_%'")) {
            while (rs.next()) names.add(rs.getString(1));
        }
        return names;
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void aSchemaFileBecomesAVerifiedRevisionThatApplies(String kind) throws Exception {
        project(kind);
        Files.writeString(dir.resolve("schema.sql"), "CREATE TABLE users (id integer PRIMARY KEY, email varchar(200) NOT NULL, nick text);\n"
                + "CREATE TABLE orders (id integer PRIMARY KEY, user_id integer NOT NULL REFERENCES users(id), total numeric(12,2));\n"
                + "CREATE INDEX ix_orders_user ON orders (user_id);\n");
        Cli.Result r = cli.run("revision", "--autogenerate", "-m", "add orders", "--from-schema", "schema.sql");
        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().contains("add table orders") || r.out().contains("add table public.orders"), r.all());
        assertTrue(r.out().contains("! drop column"), "data loss is flagged: " + r.all());
        assertTrue(r.out().contains("Verified on scratch databases"), r.all());
        assertEquals(2, revisions().size(), r.all());
        String text = Files.readString(revisions().stream().filter(p -> p.toString().contains("add_orders")).findFirst().orElseThrow());
        assertTrue(text.contains("-- Revises: a1"), text);
        assertTrue(text.contains("DATA LOSS"), text);
        Cli.Result up = cli.run("upgrade", "heads");
        assertEquals(0, up.code(), up.all());
        assertTrue(db.tables().contains("orders"), db.tables().toString());
        Cli.Result diff = cli.run("diff", "--from", "database", "--to", "schema:schema.sql");
        assertEquals(0, diff.code(), diff.all());
        assertTrue(diff.out().startsWith("No difference"), diff.all());
        Cli.Result down = cli.run("downgrade", "a1");
        assertEquals(0, down.code(), down.all());
        assertFalse(db.tables().contains("orders"));
    }

    @Test
    void onAnExistingTableTheSafeFormIsASecondRevisionOutsideATransaction() throws Exception {
        project("postgresql");
        Files.writeString(dir.resolve("schema.sql"), BASE.replace("legacy integer", "legacy integer NOT NULL DEFAULT 0")
                + "CREATE INDEX ix_email ON users (email);");
        Cli.Result r = cli.run("revision", "--autogenerate", "-m", "index email", "--from-schema", "schema.sql");
        assertEquals(0, r.code(), r.all());
        assertEquals(3, revisions().size());
        Path online = revisions().stream().filter(p -> p.toString().contains("online_part")).findFirst().orElseThrow();
        String text = Files.readString(online);
        assertTrue(text.contains("-- migrate:no-transaction"), text);
        assertTrue(text.contains("CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_email"), text);
        assertTrue(text.contains("SET NOT NULL"), text);
        assertEquals(0, cli.run("upgrade", "heads").code());
        assertEquals(0, cli.run("diff", "--from", "database", "--to", "schema:schema.sql").code());
        Cli.Result noSafe = cli.run("diff", "--from", "a1", "--to", "schema:schema.sql", "--format", "sql");
        assertEquals(9, noSafe.code(), "diff exits 9 when the schemas differ: " + noSafe.all());
        assertTrue(noSafe.out().contains("CREATE INDEX ix_email"), noSafe.all());
    }

    @Test
    void nothingToDoWritesNothing() throws Exception {
        project("postgresql");
        Files.writeString(dir.resolve("schema.sql"), BASE);
        Cli.Result r = cli.run("revision", "--autogenerate", "-m", "nothing", "--from-schema", "schema.sql");
        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().contains("No changes"), r.all());
        assertEquals(1, revisions().size());
    }

    @Test
    void aRevisionThatCannotRunIsNotWritten() throws Exception {
        project("postgresql");
        scripts.add("b2", "a1", "INSERT INTO users (id, email) VALUES (1, 'a@example.com');", "DELETE FROM users;");
        // A NOT NULL column without a default on a table that the revisions fill: the upgrade cannot run.
        Files.writeString(dir.resolve("schema.sql"), BASE.replace("legacy integer", "legacy integer, age integer NOT NULL"));
        Cli.Result r = cli.run("revision", "--autogenerate", "-m", "age", "--from-schema", "schema.sql");
        assertEquals(15, r.code(), r.all());
        assertTrue(r.err().contains("did not pass verification") && r.err().contains("Nothing was written"), r.all());
        assertTrue(r.err().contains("age"), "the failing statement is named: " + r.all());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertEquals(2, revisions().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sql", "java"})
    void anEnumLabelThatTheChangeUsesIsAddedInARevisionOfItsOwnFirst(String format) throws Exception {
        project("postgresql");
        scripts.add("b2", "a1", "CREATE TYPE mood AS ENUM ('ok'); CREATE TABLE t (m mood);", "DROP TABLE t; DROP TYPE mood;");
        // PostgreSQL refuses a label used in the transaction that adds it ("unsafe use of new value"): the label is
        // committed by a revision of its own before the default that uses it.
        Files.writeString(dir.resolve("schema.sql"), BASE + "CREATE TYPE mood AS ENUM ('ok', 'great'); CREATE TABLE t (m mood DEFAULT 'great');");
        Cli.Result r = cli.run("revision", "--autogenerate", format.equals("java") ? "--java" : "--no-java", "-m", "great",
                "--from-schema", "schema.sql");
        assertEquals(0, r.code(), r.all());
        List<Path> written = revisions().stream().filter(p -> p.toString().contains("great")).toList();
        assertEquals(2, written.size(), written.toString());
        String labels = Files.readString(written.stream().filter(p -> p.toString().contains("new_enum_labels")).findFirst().orElseThrow());
        String rest = Files.readString(written.stream().filter(p -> !p.toString().contains("new_enum_labels")).findFirst().orElseThrow());
        assertTrue(labels.contains("ADD VALUE 'great'"), labels);
        assertFalse(labels.contains("DEFAULT") || labels.contains("efaultSql"), labels);
        assertTrue(rest.contains("'great'") && !rest.contains("ADD VALUE"), rest);
        assertEquals(0, cli.run("upgrade", "heads").code());
        assertEquals(0, cli.run("diff", "--from", "database", "--to", "schema:schema.sql").code());
        Cli.Result down = cli.run("downgrade", "b2");
        assertEquals(0, down.code(), down.all());
        assertEquals(0, cli.run("diff", "--from", "database", "--to", "b2").code());
    }

    @Test
    void anEnumLabelThatNothingUsesStaysInTheOneRevision() throws Exception {
        project("postgresql");
        scripts.add("b2", "a1", "CREATE TYPE mood AS ENUM ('ok'); CREATE TABLE t (m mood);", "DROP TABLE t; DROP TYPE mood;");
        Files.writeString(dir.resolve("schema.sql"), BASE + "CREATE TYPE mood AS ENUM ('ok', 'great'); CREATE TABLE t (m mood, n int);");
        Cli.Result r = cli.run("revision", "--autogenerate", "-m", "great", "--from-schema", "schema.sql", "--no-safe");
        assertEquals(0, r.code(), r.all());
        assertEquals(3, revisions().size());
    }

    @Test
    void renamesComeFromHintsAndABadHintIsAUsageError() throws Exception {
        project("postgresql");
        Files.writeString(dir.resolve("schema.sql"), BASE.replace("legacy integer", "old_value integer"));
        Cli.Result bad = cli.run("revision", "--autogenerate", "-m", "x", "--from-schema", "schema.sql", "--rename", "users.nope=old_value");
        assertEquals(2, bad.code(), bad.all());
        assertTrue(bad.err().contains("has no column nope"), bad.all());
        Cli.Result r = cli.run("revision", "--autogenerate", "-m", "rename", "--from-schema", "schema.sql", "--rename", "users.legacy=old_value");
        assertEquals(0, r.code(), r.all());
        String text = Files.readString(revisions().get(revisions().size() - 1).getFileName().toString().startsWith("a1") ? revisions().get(0) : revisions().stream()
                .filter(p -> p.toString().contains("rename")).findFirst().orElseThrow());
        assertTrue(text.contains("RENAME COLUMN legacy TO old_value"), text);
        assertFalse(text.contains("DROP COLUMN"), text);
    }

    @Test
    void javaRevisionsUseTheOperationsApiAndVerify() throws Exception {
        project("postgresql");
        Files.writeString(dir.resolve("schema.sql"), BASE + "CREATE TABLE tags (id integer PRIMARY KEY, name text NOT NULL UNIQUE);");
        Cli.Result r = cli.run("revision", "--autogenerate", "--java", "-m", "tags", "--from-schema", "schema.sql", "--no-safe");
        assertEquals(0, r.code(), r.all());
        Path java = revisions().stream().filter(p -> p.toString().endsWith(".java")).findFirst().orElseThrow();
        String text = Files.readString(java);
        assertTrue(text.contains("op.createTable(\"tags\""), text);
        assertTrue(text.contains("op.dropTable(\"tags\")"), text);
        assertEquals(0, cli.run("upgrade", "heads").code());
        assertTrue(db.tables().contains("tags"));
    }

    @Test
    void javaInSafeModeUsesTheApiAndKeepsTheCarefulStatementsWhereTheyBelong() throws Exception {
        project("postgresql");
        Files.writeString(dir.resolve("schema.sql"), BASE + "CREATE INDEX ix_email ON users (email);"
                + "CREATE TABLE tags (id integer PRIMARY KEY, name text NOT NULL);");
        Cli.Result r = cli.run("revision", "--autogenerate", "--java", "-m", "tags", "--from-schema", "schema.sql");
        assertEquals(0, r.code(), r.all());
        List<Path> java = revisions().stream().filter(p -> p.toString().endsWith(".java")).toList();
        assertEquals(2, java.size(), java.toString());
        String main = Files.readString(java.stream().filter(p -> !p.toString().contains("online")).findFirst().orElseThrow());
        String online = Files.readString(java.stream().filter(p -> p.toString().contains("online")).findFirst().orElseThrow());
        assertTrue(main.contains("op.createTable(\"tags\""), main);
        assertFalse(main.contains("ix_email"), main);
        assertTrue(online.contains("op.execute(\"CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_email"), online);
        assertFalse(online.contains("createTable"), online);
        assertTrue(r.out().contains("builds indexes and validates constraints outside a transaction"), r.all());
        assertEquals(0, cli.run("upgrade", "heads").code());
        assertEquals(0, cli.run("diff", "--from", "database", "--to", "schema:schema.sql").code());
    }

    @Test
    void jsonDescribesTheChangesAndTheFiles() throws Exception {
        project("postgresql");
        Files.writeString(dir.resolve("schema.sql"), BASE + "CREATE TABLE tags (id integer PRIMARY KEY);");
        Cli.Result r = cli.run("--format", "json", "revision", "--autogenerate", "-m", "tags", "--from-schema", "schema.sql");
        assertEquals(0, r.code(), r.all());
        var doc = JsonReader.parse(r.out());
        assertEquals("revision", ((java.util.Map<?, ?>) doc).get("command"));
        assertEquals(Boolean.TRUE, ((java.util.Map<?, ?>) doc).get("verified"));
        assertEquals(1, ((List<?>) ((java.util.Map<?, ?>) doc).get("files")).size());
        assertTrue(r.out().contains("\"kind\": \"create_table\""), r.out());
    }

    @Test
    void takingOverADatabaseBuiltWithoutMigrations() throws Exception {
        setUp("postgresql");
        Files.writeString(dir.resolve("migrate.yaml"), "shadow_cache: false\n");
        Files.createDirectories(dir.resolve("migrations/versions"));
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TYPE plan AS ENUM ('free', 'pro'); CREATE TABLE accounts (id bigserial PRIMARY KEY, plan plan NOT NULL DEFAULT 'free', "
                    + "email text UNIQUE); CREATE TABLE invoices (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account_id bigint "
                    + "REFERENCES accounts ON DELETE CASCADE, amount numeric(12,2) CHECK (amount >= 0)); CREATE INDEX ON invoices (account_id);"
                    + "CREATE VIEW pro_accounts AS SELECT id, email FROM accounts WHERE plan = 'pro';");
        }
        Cli.Result r = cli.run("revision", "--autogenerate", "-m", "initial schema", "--from-url", db.url(), "--head", "base");
        assertEquals(0, r.code(), r.all());
        assertEquals(1, revisions().size(), r.all());
        String id = revisions().get(0).getFileName().toString().substring(0, 12);
        assertEquals(0, cli.run("stamp", id).code());
        assertEquals(0, cli.run("check").code(), "the database is at head");
        try (TestDatabase fresh = TestDatabase.postgres()) {
            Cli other = new Cli(dir).env("DATABASE_URL", fresh.url());
            assertEquals(0, other.run("upgrade", "head").code());
            Cli.Result same = other.run("diff", "--from", "database", "--to", "url:" + db.url());
            assertEquals(0, same.code(), "a database built from the revision has the same catalog: " + same.all());
        }
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE accounts ADD COLUMN note text"); // drift made by hand
        }
        Cli.Result drift = cli.run("diff", "--from", "heads", "--to", "database");
        assertEquals(9, drift.code(), drift.all());
        assertTrue(drift.out().contains("add column public.accounts.note"), drift.all());
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void dumpSchemaReadsBackAsTheSameSchema(String kind) throws Exception {
        project(kind);
        scripts.add("b2", "a1", "CREATE TABLE notes (id integer PRIMARY KEY, user_id integer REFERENCES users(id), body text NOT NULL);"
                + "CREATE INDEX ix_notes_user ON notes (user_id);", "DROP TABLE notes;");
        Cli.Result dump = cli.run("dump-schema", "-o", "schema.sql");
        assertEquals(0, dump.code(), dump.all());
        String first = Files.readString(dir.resolve("schema.sql"));
        assertTrue(first.contains("notes"), first);
        Cli.Result again = cli.run("dump-schema");
        assertEquals(first, again.out(), "deterministic");
        Cli.Result same = cli.run("diff", "--to", "schema:schema.sql");
        assertEquals(0, same.code(), same.all());
    }

    @Test
    void checkFailsWhenTheRevisionsAndTheSchemaFilesDisagree() throws Exception {
        project("postgresql");
        Files.writeString(dir.resolve("schema.sql"), BASE);
        Files.writeString(dir.resolve("migrate.yaml"), "shadow_cache: false\nschema_files: schema.sql\n");
        assertEquals(0, cli.run("upgrade", "heads").code());
        Cli.Result ok = cli.run("check");
        assertEquals(0, ok.code(), ok.all());
        Files.writeString(dir.resolve("schema.sql"), BASE + "CREATE TABLE tags (id integer PRIMARY KEY);");
        Cli.Result stale = cli.run("check");
        assertEquals(9, stale.code(), stale.all());
        assertTrue(stale.out().contains("add table public.tags") && stale.out().contains("revision --autogenerate"), stale.all());
        Cli.Result json = cli.run("--format", "json", "check");
        assertEquals(9, json.code());
        assertTrue(json.out().contains("\"schema_source\""), json.out());
    }

    @Test
    void theTemplateCacheIsUsedTheSecondTimeAndCanBeDropped() throws Exception {
        project("postgresql");
        Files.writeString(dir.resolve("migrate.yaml"), "shadow_cache: true\n");
        Files.writeString(dir.resolve("schema.sql"), BASE + "CREATE TABLE tags (id integer PRIMARY KEY);");
        var project = dev.migrate.core.Project.load(dir.resolve("migrations"));
        var url = dev.migrate.config.DatabaseUrl.parse(db.url(), dir);
        List<Boolean> hits = new java.util.ArrayList<>();
        var table = dev.migrate.db.TableName.parse("migrate_version");
        var audit = dev.migrate.db.TableName.parse("migrate_version_audit");
        dev.migrate.shadow.Shadows first = new dev.migrate.shadow.Shadows(url, project, table, audit, dev.migrate.core.Settings.defaults(),
                dir.resolve(".migrate/cache"), true, (targets, cached, took) -> hits.add(cached));
        try {
            first.atRevisions(List.of("heads"));
            first.atRevisions(List.of("heads"));
            assertEquals(List.of(false, true), hits, "replayed once, then cloned from the cache");
            // what -v says: the cache is warm now
            Cli.Result verbose = cli.run("diff", "-v", "--to", "schema:schema.sql");
            assertEquals(9, verbose.code(), verbose.all());
            assertTrue(verbose.err().matches("(?s).*The revisions at heads: cloned from the template cache in \\d+ ms.*"), verbose.all());
            assertFalse(verbose.out().contains("template cache"), "standard output stays the diff: " + verbose.out());
        } finally {
            first.close();
            assertTrue(first.dropCache() >= 1);
        }
    }
}
