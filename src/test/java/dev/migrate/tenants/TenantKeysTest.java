package dev.migrate.tenants;

import dev.migrate.support.Cli;
import dev.migrate.support.PostgresServer;
import dev.migrate.support.Scripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tenant keys of migrate.yaml written as the guide writes them, {@code ${tenant}} and all: the configuration's
 * interpolation of environment variables leaves migrate's own placeholder alone.
 */
class TenantKeysTest {

    @TempDir Path dir;

    /** Schema mode: a search path of the key's, with a schema of shared tables that the default would not have. */
    @Test
    void aSearchPathKeyWithTheTenantPlaceholder() throws Exception {
        String url = PostgresServer.createDatabase();
        try {
            PostgresServer.execute(url, "CREATE SCHEMA shared; CREATE TABLE shared.plans (id integer); CREATE SCHEMA t_a; CREATE SCHEMA t_b;");
            Files.writeString(dir.resolve("migrate.yaml"), "lock_wait: 5s\ntenants_file: tenants.txt\n"
                    + "tenants_search_path: \"${tenant}, shared, public\"\n");
            Files.writeString(dir.resolve("tenants.txt"), "t_a\nt_b\n");
            new Scripts(dir).add("a1", "", "CREATE TABLE users (id integer, plan integer);\nINSERT INTO users SELECT 1, id FROM plans;", null);

            Cli.Result run = new Cli(dir).env("DATABASE_URL", url).run("upgrade", "head", "--tenants");
            assertEquals(0, run.code(), run.all());
            assertFalse(run.all().contains("not set"), run.all());
            for (String t : List.of("t_a", "t_b")) {
                assertEquals(List.of("a1"), PostgresServer.query(url, "SELECT version_num FROM " + t + ".migrate_version"), t);
                assertEquals(List.of("t"), PostgresServer.query(url, "SELECT to_regclass('" + t + ".users') IS NOT NULL"), t);
            }
        } finally {
            PostgresServer.dropDatabase(url);
        }
    }

    /** Database mode: a URL template of the key's; the tenant's name is only part of its database's name. */
    @Test
    void aUrlTemplateKeyWithTheTenantPlaceholder() throws Exception {
        String url = PostgresServer.createDatabase();
        String name = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        String template = url.replaceFirst("/[^/?]*(\\?|$)", "/" + name + "_\\${tenant}$1");
        try {
            PostgresServer.execute(url, "SELECT 1");
            PostgresServer.execute(PostgresServer.adminUrl(), "CREATE DATABASE " + name + "_acme");
            Files.writeString(dir.resolve("migrate.yaml"), "lock_wait: 5s\ntenants_mode: database\n"
                    + "tenants_url_template: " + template + "\n");
            Files.writeString(dir.resolve("tenants.txt"), "acme\n");
            new Scripts(dir).add("a1", "", "CREATE TABLE users (id integer);", null);

            Cli.Result run = new Cli(dir).env("DATABASE_URL", url).run("upgrade", "head", "--tenants-file", "tenants.txt");
            assertEquals(0, run.code(), run.all());
            assertTrue(run.all().contains("1 ok of 1"), run.all());
            String acme = url.replaceFirst("/[^/?]*(\\?|$)", "/" + name + "_acme$1");
            assertEquals(List.of("a1"), PostgresServer.query(acme, "SELECT version_num FROM migrate_version"));
        } finally {
            PostgresServer.dropDatabase(url.replaceFirst("/[^/?]*(\\?|$)", "/" + name + "_acme$1"));
            PostgresServer.dropDatabase(url);
        }
    }
}
