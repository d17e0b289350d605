package dev.migrate.cli;

import dev.migrate.support.Cli;
import dev.migrate.support.PostgresServer;
import dev.migrate.support.Scripts;
import dev.migrate.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input: each case gives its documented exit code and one clear message that names the cause, prints no
 * stack trace and changes nothing.
 */
class ErrorsTest {

    @TempDir Path dir;

    Cli.Result fails(int code, Cli cli, String... args) {
        Cli.Result r = cli.run(args);
        assertEquals(code, r.code(), r::toString);
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("FAILED: ")).count(), "one FAILED line: " + r);
        assertFalse(r.all().contains("\tat "), "no stack trace: " + r);
        assertFalse(r.all().contains("Exception"), "no exception class names: " + r);
        return r;
    }

    Cli sqlite() {
        return new Cli(dir).env("DATABASE_URL", "sqlite:" + dir.resolve("t.db"));
    }

    @Test
    void unknownConfigKeyNamesKeyAndFile() throws Exception {
        new Scripts(dir);
        Files.writeString(dir.resolve("migrate.yaml"), "script_locaton: migrations\n");
        Cli.Result r = fails(ExitCode.CONFIG, sqlite(), "heads");
        assertTrue(r.err().contains("script_locaton") && r.err().contains("migrate.yaml"), r::toString);
        assertTrue(r.err().contains("script_location"), "suggests the right key: " + r);
    }

    @Test
    void unsetVariableNamesVariable() throws Exception {
        new Scripts(dir);
        Files.writeString(dir.resolve("migrate.yaml"), "url: ${NO_SUCH_VARIABLE_HERE}\n");
        Cli.Result r = fails(ExitCode.CONFIG, new Cli(dir), "current");
        assertTrue(r.err().contains("NO_SUCH_VARIABLE_HERE"), r::toString);
    }

    @Test
    void missingConfigFileGivenWithDashC() {
        fails(ExitCode.CONFIG, sqlite(), "-c", "nope.yaml", "heads");
    }

    @Test
    void globalOptionsWorkAfterTheCommandToo() throws Exception {
        new Scripts(dir).add("a1", "", "CREATE TABLE t (id INTEGER);", "DROP TABLE t;");
        Path other = dir.resolve("other.yaml");
        Files.writeString(other, "version_table: other_version\n");
        Cli.Result r = new Cli(dir).run("upgrade", "head", "-c", "other.yaml", "--url", "sqlite:" + dir.resolve("x.db"));
        assertEquals(0, r.code(), r::toString);
        Cli.Result before = new Cli(dir).run("-c", "other.yaml", "--url", "sqlite:" + dir.resolve("x.db"), "current");
        assertTrue(before.out().contains("a1"), before::toString);
    }

    @Test
    void badUrlNeverShowsThePassword() {
        new Scripts(dir);
        Cli.Result r = fails(ExitCode.CONFIG, new Cli(dir).env("DATABASE_URL", "postgres://app:hunter2secret@db:notaport/x"), "current");
        assertFalse(r.all().contains("hunter2secret"), r::toString);
    }

    @Test
    void noUrlSaysWhereToPutOne() {
        new Scripts(dir);
        Cli.Result r = fails(ExitCode.CONFIG, new Cli(dir), "current");
        assertTrue(r.err().contains("DATABASE_URL"), r::toString);
    }

    @Test
    void malformedHeaderNamesFileAndLine() {
        new Scripts(dir).write("bad.sql", "-- x\n--\n-- Revision ID: a1\n-- Revises:\n-- Branch Lables: x\n\n-- migrate:upgrade\nSELECT 1;\n");
        Cli.Result r = fails(ExitCode.SCRIPT, sqlite(), "heads");
        assertTrue(r.err().contains("bad.sql") && r.err().contains("5"), r::toString);
    }

    @Test
    void cycleNamesTheFiles() {
        Scripts s = new Scripts(dir);
        s.add("a1", "", "SELECT 1;", null);
        s.add("b2", "a1, c3", "SELECT 1;", null);
        s.add("c3", "b2", "SELECT 1;", null);
        Cli.Result r = fails(ExitCode.SCRIPT, sqlite(), "upgrade", "head");
        assertTrue(r.err().contains("b2.sql") && r.err().contains("c3.sql"), r::toString);
        assertFalse(Files.exists(dir.resolve("t.db")) && r.code() == 0);
    }

    @Test
    void duplicateIdNamesBothFiles() {
        Scripts s = new Scripts(dir);
        s.add("a1", "", "SELECT 1;", null);
        s.write("copy.sql", "-- copy\n--\n-- Revision ID: a1\n-- Revises:\n\n-- migrate:upgrade\nSELECT 1;\n");
        Cli.Result r = fails(ExitCode.SCRIPT, sqlite(), "heads");
        assertTrue(r.err().contains("a1.sql") && r.err().contains("copy.sql"), r::toString);
    }

    @Test
    void unknownParentNamesTheFile() {
        new Scripts(dir).add("a1", "zz9", "SELECT 1;", null);
        Cli.Result r = fails(ExitCode.SCRIPT, sqlite(), "heads");
        assertTrue(r.err().contains("zz9") && r.err().contains("a1.sql"), r::toString);
    }

    @Test
    void unknownAndAmbiguousTargets() {
        Scripts s = new Scripts(dir);
        s.add("abcd1", "", "SELECT 1;", null);
        s.add("abcd2", "abcd1", "SELECT 1;", null);
        Cli.Result unknown = fails(ExitCode.REVISION, sqlite(), "upgrade", "zz");
        assertTrue(unknown.err().contains("zz"), unknown::toString);
        Cli.Result ambiguous = fails(ExitCode.REVISION, sqlite(), "upgrade", "abcd");
        assertTrue(ambiguous.err().contains("abcd1") && ambiguous.err().contains("abcd2"), ambiguous::toString);
    }

    @Test
    void unknownDatabaseOnPostgres() {
        new Scripts(dir).add("a1", "", "SELECT 1;", null);
        String url = PostgresServer.adminUrl().replaceFirst("/[^/?]+(\\?.*)?$", "/no_such_database_here");
        url = url.replaceFirst("://([^:@/]+)(:[^@]*)?@", "://$1:pw-never-shown@");
        Cli.Result r = fails(ExitCode.DATABASE, new Cli(dir).env("DATABASE_URL", url), "upgrade", "head");
        assertTrue(r.err().contains("no_such_database_here"), r::toString);
        assertTrue(r.err().contains("***"), "the URL is shown with its password masked: " + r);
        assertFalse(r.all().contains("pw-never-shown"), r::toString);
    }

    @Test
    void unreachableServer() {
        new Scripts(dir).add("a1", "", "SELECT 1;", null);
        Cli.Result r = fails(ExitCode.DATABASE, new Cli(dir).env("DATABASE_URL", "postgres://u:topsecret@127.0.0.1:1/x?connectTimeout=2"), "current");
        assertFalse(r.all().contains("topsecret"), r::toString);
        assertTrue(r.err().contains("127.0.0.1"), r::toString);
    }

    @Test
    void lockTimeoutSaysWhoHoldsTheLock() throws Exception {
        try (TestDatabase db = TestDatabase.postgres(); Connection holder = db.connect()) {
            new Scripts(dir).add("a1", "", "CREATE TABLE t (id INTEGER);", "DROP TABLE t;");
            Files.writeString(dir.resolve("migrate.yaml"), "lock_wait: 1s\n");
            try (PreparedStatement ps = holder.prepareStatement("SELECT pg_advisory_lock(?)")) {
                ps.setLong(1, dev.migrate.db.PostgresDialect.lockKey("public.migrate_version"));
                ps.execute();
            }
            int pid = holder.unwrap(org.postgresql.PGConnection.class).getBackendPID();
            Cli.Result r = fails(ExitCode.LOCK_TIMEOUT, new Cli(dir).env("DATABASE_URL", db.url()), "upgrade", "head");
            assertTrue(r.err().contains("pid " + pid), r::toString);
            assertTrue(r.err().contains("Waiting for the migration lock"), "reports while waiting: " + r);
            assertEquals(List.of(), db.tables(), "nothing created while the lock was not held");
            holder.createStatement().execute("SELECT pg_advisory_unlock_all()");
        }
    }

    @Test
    void noArgumentsPrintsUsageAndUnknownCommandIsUsageError() {
        Cli.Result r = new Cli(dir).run();
        assertEquals(0, r.code());
        assertTrue(r.out().contains("upgrade") && r.out().contains("downgrade"), r::toString);
        Cli.Result bad = new Cli(dir).run("upgrad", "head");
        assertEquals(ExitCode.USAGE, bad.code(), bad::toString);
    }

    @Test
    void everyCommandHasHelp() {
        for (String c : List.of("init", "upgrade", "downgrade", "stamp", "current", "history", "heads", "branches", "show", "check")) {
            Cli.Result r = new Cli(dir).run(c, "--help");
            assertEquals(0, r.code(), r::toString);
            assertTrue(r.out().startsWith("Usage: migrate " + c), r::toString);
        }
    }
}
