package dev.migrate.tenants;

import dev.migrate.cli.ExitCode;
import dev.migrate.support.Cli;
import dev.migrate.support.PostgresServer;
import dev.migrate.support.Scripts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Schema mode as the guide sets it up: the shared objects in a project of their own, run first (its version table in
 * {@code public}), then the fleet. Each tenant's tables are named in its schema, never found through the search path,
 * which holds {@code public} too; a schema whose name migrate's table names cannot hold fails on its own, saying so.
 */
class SchemaModeTest {

    @TempDir Path dir;
    String url;

    @BeforeEach
    void setUp() throws Exception {
        url = PostgresServer.createDatabase();
    }

    @AfterEach
    void drop() {
        PostgresServer.dropDatabase(url);
    }

    List<String> query(String sql) throws Exception {
        return PostgresServer.query(url, sql);
    }

    @Test
    void newTenantsGetTablesOfTheirOwnBesideASharedProjectsInPublic() throws Exception {
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Files.writeString(shared.resolve("migrate.yaml"), "lock_wait: 5s\n");
        new Scripts(shared).add("s1", "", "CREATE TABLE public.plans (id integer);\nCREATE SCHEMA t_a;\nCREATE SCHEMA t_b;\n"
                + "CREATE SCHEMA \"T-c\";\nCREATE SCHEMA \"order\";", null);
        Path app = Files.createDirectories(dir.resolve("app"));
        Files.writeString(app.resolve("migrate.yaml"), "lock_wait: 5s\n");
        new Scripts(app).add("a1", "", "CREATE TABLE users (id integer);", null);

        assertEquals(0, new Cli(shared).env("DATABASE_URL", url).run("upgrade", "head").code());
        Files.writeString(app.resolve("tenants.txt"), "t_a\nt_b\nT-c\norder\n");
        // T-c sorts first, but a tenant refused before it runs is no canary: the run goes on with t_a as the canary
        Cli.Result run = new Cli(app).env("DATABASE_URL", url).run("upgrade", "head", "--tenants-file", "tenants.txt");
        assertEquals(ExitCode.TENANTS_FAILED, run.code(), run.all());
        assertTrue(run.all().contains("T-c: failed") && run.all().contains("the schema name T-c is not a plain lower-case identifier"),
                run.all());
        assertTrue(run.all().contains("the schema name order is not a plain lower-case identifier") && run.all().contains("reserved word"),
                run.all());
        for (String t : List.of("t_a", "t_b")) {
            assertEquals(List.of("a1"), query("SELECT version_num FROM " + t + ".migrate_version"), t);
            assertEquals(List.of("t"), query("SELECT to_regclass('" + t + ".users') IS NOT NULL"), t);
        }
        assertEquals(List.of("s1"), query("SELECT version_num FROM public.migrate_version"), "the shared project's table untouched");
        assertEquals(List.of("s1"), query("SELECT revision FROM public.migrate_version_audit"));

        Cli.Result check = new Cli(app).env("DATABASE_URL", url).run("check", "--tenants-file", "tenants.txt", "--fingerprint");
        assertEquals(ExitCode.CHECK_FAILED, check.code(), check.all());
        assertTrue(check.all().contains("T-c: its schema could not be read for a fingerprint: the schema name T-c is not a plain"),
                check.all());
        assertTrue(check.out().contains("2 of 4 tenants at the head") && check.out().contains("1 fingerprint among 2 tenants"),
                check.all());
        assertTrue(!check.all().contains("Exception") && !check.all().contains("nternal error"), check.all());
    }

    /** A script changed since a tenant applied it: the tenant is not skipped at its head but refused, as a single run is. */
    @Test
    void aScriptChangedSinceATenantAppliedItIsFoundAcrossTheFleet() throws Exception {
        Path app = Files.createDirectories(dir.resolve("changed"));
        Files.writeString(app.resolve("migrate.yaml"), "lock_wait: 5s\n");
        Scripts scripts = new Scripts(app);
        scripts.add("a1", "", "CREATE TABLE users (id integer);", "DROP TABLE users;");
        scripts.add("b2", "a1", "CREATE TABLE orders (id integer);", "DROP TABLE orders;");
        PostgresServer.execute(url, "CREATE SCHEMA t_a; CREATE SCHEMA t_b; CREATE SCHEMA t_c");
        Cli cli = new Cli(app).env("DATABASE_URL", url);
        assertEquals(0, cli.run("upgrade", "heads", "--tenants-pattern", "t_*").code());
        PostgresServer.execute(url, "UPDATE t_b.migrate_version_audit SET checksum = '00' WHERE revision = 'a1'");

        Cli.Result run = cli.run("upgrade", "heads", "--tenants-pattern", "t_*");
        assertEquals(ExitCode.TENANTS_FAILED, run.code(), run.all());
        assertTrue(run.all().contains("t_b: failed") && run.all().contains("a1") && run.all().contains("Tenants: 2 skipped, 1 failed of 3"),
                run.all());
        Cli.Result check = cli.run("check", "--tenants-pattern", "t_*");
        assertEquals(ExitCode.CHECK_FAILED, check.code(), check.all());
        assertTrue(check.out().contains("t_b: b2 (head), changed since applied: a1") && !check.out().contains("t_a:"), check.all());
        assertTrue(check.all().contains("1 tenant with a script changed since it was applied there"), check.all());
        Cli.Result current = cli.run("current", "--tenants-pattern", "t_*");
        assertEquals(0, current.code(), current.all());
        assertTrue(current.out().contains("t_b: b2 (head), changed since applied: a1"), current.all());

        // downgraded below the changed revision, it is no longer applied there: nothing is said of it
        PostgresServer.execute(url, "UPDATE t_c.migrate_version_audit SET checksum = '00' WHERE revision = 'b2'");
        assertEquals(0, cli.run("downgrade", "a1", "--tenants-pattern", "t_c").code());
        Cli.Result after = cli.run("current", "--tenants-pattern", "t_c");
        assertTrue(after.out().contains("t_c: a1") && !after.out().contains("changed"), after.all());
    }

    /**
     * With --format json the failing tenant's line still goes to standard error, beside the document on standard
     * output; a password in a failing statement, or in the database's message about it, is masked in both.
     */
    @Test
    void aFailingTenantIsToldOnStandardErrorWithItsPasswordsMasked() throws Exception {
        Path app = Files.createDirectories(dir.resolve("masked"));
        Files.writeString(app.resolve("migrate.yaml"), "lock_wait: 5s\n");
        new Scripts(app).add("a1", "", "CREATE TABLE links (url text);\nSELECT 'postgres://app:hunter2secret@db:5432/app'::integer;", null);
        PostgresServer.execute(url, "CREATE SCHEMA t_a");
        Cli.Result run = new Cli(app).env("DATABASE_URL", url).run("upgrade", "heads", "--tenants-pattern", "t_*", "--format", "json",
                "--report", "run.json");
        assertEquals(ExitCode.TENANTS_FAILED, run.code(), run.all());
        assertTrue(run.err().contains("t_a: failed in a1"), run.all());
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> doc = (java.util.Map<String, Object>) dev.migrate.support.JsonReader.parse(run.out());
        assertEquals(1L, ((java.util.Map<?, ?>) doc.get("counts")).get("failed"), run.out());
        String report = Files.readString(app.resolve("run.json"));
        assertTrue(!run.all().contains("hunter2secret") && !report.contains("hunter2secret"), run.all() + report);
        assertTrue(report.contains("postgres://app:***@db:5432/app"), report);
    }
}
