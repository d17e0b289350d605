package dev.migrate.cli;

import dev.migrate.support.Cli;
import dev.migrate.support.Scripts;
import dev.migrate.support.TestDatabase;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The database checked against the scripts: an applied script that changed (and a CRLF checkout, which is not a
 * change), and a database ahead of the code (a version row that no script defines). On both databases.
 */
class DatabaseStateTest {

    @TempDir Path dir;

    TestDatabase open(String kind) {
        return kind.equals("postgresql") ? TestDatabase.postgres() : TestDatabase.sqlite(dir);
    }

    static Cli.Result expect(int code, Cli.Result r) {
        assertEquals(code, r.code(), r::toString);
        return r;
    }

    // ----- checksums -----

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void aCrlfCheckoutOrAByteOrderMarkIsNotAChange(String kind) throws Exception {
        try (TestDatabase db = open(kind)) {
            Cli cli = new Cli(dir).env("DATABASE_URL", db.url());
            Scripts s = new Scripts(dir);
            Path r1 = s.add("r1", "", "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;");
            Path r2 = s.add("r2", "r1", "CREATE TABLE t2 (id INTEGER);\n\nINSERT INTO t2 VALUES (1);", "DROP TABLE t2;");
            expect(0, cli.run("upgrade", "head"));
            Files.writeString(r1, Files.readString(r1).replace("\n", "\r\n"));
            Files.write(r2, ("\uFEFF" + Files.readString(r2).replace("\n", "\r\n")).getBytes(StandardCharsets.UTF_8));
            assertTrue(Files.readString(r1).contains("\r\n"));

            Cli.Result up = expect(0, cli.run("upgrade", "head"));
            assertTrue(up.out().contains("Nothing to do"), up::toString);
            Cli.Result check = expect(0, cli.run("check"));
            assertFalse(check.all().contains("Changed"), check::toString);
            Cli.Result current = expect(0, cli.run("current"));
            assertEquals("", current.err().replaceAll("(?m)^Database: .*\\R?", ""), current::toString);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void aChangedAppliedScriptIsRefusedReportedAndCanBeAccepted(String kind) throws Exception {
        try (TestDatabase db = open(kind)) {
            Cli cli = new Cli(dir).env("DATABASE_URL", db.url());
            Scripts s = new Scripts(dir);
            Path r1 = s.add("r1", "", "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;");
            Path r2 = s.add("r2", "r1", "CREATE TABLE t2 (id INTEGER);", "DROP TABLE t2;");
            expect(0, cli.run("upgrade", "head"));
            Files.writeString(r1, Files.readString(r1).replace("CREATE TABLE t1 (id INTEGER);", "CREATE TABLE t1 (id BIGINT);"));
            Files.writeString(r2, Files.readString(r2) + "-- a comment\n");
            s.add("r3", "r2", "CREATE TABLE t3 (id INTEGER);", "DROP TABLE t3;");

            Cli.Result refused = expect(ExitCode.CHANGED_SCRIPT, cli.run("upgrade", "head"));
            assertTrue(refused.err().contains("r1 (migrations/versions/r1.sql), applied ") && refused.err().contains("r2 (migrations/versions/r2.sql), applied "), refused::toString);
            assertTrue(refused.err().contains("migrate accept r2 r1"), refused::toString);
            assertFalse(db.tables().contains("t3"));

            Cli.Result check = expect(ExitCode.CHECK_FAILED, cli.run("check"));
            assertTrue(check.out().contains("Changed script: r1 (migrations/versions/r1.sql)") && check.out().contains("Changed script: r2 (migrations/versions/r2.sql)"), check::toString);
            Cli.Result current = expect(0, cli.run("current"));
            assertTrue(current.out().startsWith("r2"), current::toString);
            assertTrue(current.err().contains("WARNING: the script of applied revision r1") && current.err().contains("migrate accept r1"), current::toString);

            // Accept one: only the other is still refused.
            Cli.Result acceptOne = expect(0, cli.run("accept", "r2"));
            assertTrue(acceptOne.out().contains("Accepted the current content of r2;"), acceptOne::toString);
            Cli.Result still = expect(ExitCode.CHANGED_SCRIPT, cli.run("upgrade", "head"));
            assertTrue(still.err().contains("r1 (") && !still.err().contains("r2 ("), still::toString);

            Cli.Result acceptAll = expect(0, cli.run("accept"));
            assertTrue(acceptAll.out().contains("Accepted the current content of r1;"), acceptAll::toString);
            assertEquals(List.of("r1|accept|ok", "r2|accept|ok"),
                    db.query("SELECT revision || '|' || kind || '|' || status FROM migrate_version_audit WHERE kind = 'accept' ORDER BY revision"));
            expect(0, cli.run("upgrade", "head"));
            assertEquals(List.of("r3"), db.versions());
            expect(0, cli.run("check"));
            assertTrue(expect(0, cli.run("accept")).out().contains("No changed scripts to accept."));
            try (TestDatabase empty = kind.equals("postgresql") ? TestDatabase.postgres() : TestDatabase.sqlite(dir)) {
                expect(0, new Cli(dir).env("DATABASE_URL", empty.url()).run("accept"));
                assertEquals(List.of(), empty.tables(), "accept on an empty database creates nothing");
            }

            // An accepted script that changes again is a change again.
            Files.writeString(r2, Files.readString(r2) + "-- another comment\n");
            assertTrue(expect(ExitCode.CHANGED_SCRIPT, cli.run("upgrade", "head")).err().contains("migrate accept r2"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void aScriptChangedAfterItsDowngradeIsNotAChange(String kind) throws Exception {
        try (TestDatabase db = open(kind)) {
            Cli cli = new Cli(dir).env("DATABASE_URL", db.url());
            Scripts s = new Scripts(dir);
            s.add("r1", "", "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;");
            s.add("r2", "r1", "CREATE TABLE t2 (id INTEGER);", "DROP TABLE t2;");
            expect(0, cli.run("upgrade", "head"));
            expect(0, cli.run("downgrade", "r1"));
            s.add("r2", "r1", "CREATE TABLE t2 (id BIGINT);", "DROP TABLE t2;");
            expect(0, cli.run("upgrade", "head"));
            expect(0, cli.run("check"));
        }
    }

    // ----- a database ahead of the code -----

    /** r1..r3 applied by "newer code", then r3's script gone, as after an application rollback. */
    Path aheadOfTheCode(TestDatabase db, Cli cli) throws Exception {
        Scripts s = new Scripts(dir);
        s.add("r1", "", "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;");
        s.add("r2", "r1", "CREATE TABLE t2 (id INTEGER);", "DROP TABLE t2;");
        Path r3 = s.add("r3", "r2", "CREATE TABLE t3 (id INTEGER);", "DROP TABLE t3;");
        expect(0, cli.run("upgrade", "head"));
        Files.delete(r3);
        return r3;
    }

    /** How the audit row that applied r3 is described: when, by whom. */
    String appliedBy(TestDatabase db) throws Exception {
        String row = db.query("SELECT os_user || '@' || host FROM migrate_version_audit WHERE revision = 'r3' AND status = 'ok'").get(0);
        return " by " + row;
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void everyCommandSaysTheDatabaseIsAheadOfTheCode(String kind) throws Exception {
        try (TestDatabase db = open(kind)) {
            Cli cli = new Cli(dir).env("DATABASE_URL", db.url());
            aheadOfTheCode(db, cli);
            String by = appliedBy(db);

            Cli.Result up = expect(ExitCode.UNKNOWN_REVISION, cli.run("upgrade", "head"));
            assertTrue(up.err().contains("FAILED: The database is at revision r3 (applied ") && up.err().contains(by), up::toString);
            assertTrue(java.util.regex.Pattern.compile("r3 \\(applied \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d").matcher(up.err()).find(),
                    () -> "says when: " + up);
            assertTrue(up.err().contains("--ignore-unknown"), up::toString);
            Cli.Result down = expect(ExitCode.UNKNOWN_REVISION, cli.run("downgrade", "-1"));
            assertTrue(down.err().contains("revision r3 (applied") && down.err().contains(by), down::toString);
            Cli.Result stamp = expect(ExitCode.UNKNOWN_REVISION, cli.run("stamp", "r2"));
            assertTrue(stamp.err().contains("revision r3 (applied") && stamp.err().contains("stamp --purge"), stamp::toString);

            Cli.Result current = expect(0, cli.run("current"));
            assertTrue(current.out().contains("r3 (unknown)"), current::toString);
            assertTrue(current.err().contains("WARNING: revision r3 (applied") && current.err().contains(by), current::toString);
            Cli.Result check = expect(ExitCode.CHECK_FAILED, cli.run("check"));
            assertTrue(check.out().contains("Unknown revision in the database: r3 (applied") && check.out().contains(by), check::toString);

            for (String[] command : List.of(new String[]{"history", "-i"}, new String[]{"history", "-r", "current:"},
                    new String[]{"show", "current"}, new String[]{"current", "-v"}, new String[]{"upgrade", "head", "--ignore-unknown"})) {
                Cli.Result r = expect(0, cli.run(command));
                assertTrue(r.err().contains("WARNING: revision r3 (applied") && r.err().contains(by),
                        () -> String.join(" ", command) + " says so: " + r);
            }
            assertEquals(List.of("r3"), db.versions(), "nothing changed");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void ignoreUnknownUpgradesOtherBranchesButNothingOnTopOfWhatMovedOn(String kind) throws Exception {
        try (TestDatabase db = open(kind)) {
            Cli cli = new Cli(dir).env("DATABASE_URL", db.url());
            aheadOfTheCode(db, cli);
            Scripts s = new Scripts(dir);
            // This code's own next revision on r2, where the database has r3 from elsewhere.
            s.add("r3b", "r2", "CREATE TABLE t3b (id INTEGER);", "DROP TABLE t3b;");
            Cli.Result refused = expect(ExitCode.REVISION, cli.run("upgrade", "head", "--ignore-unknown"));
            assertTrue(refused.err().contains("r3b would be applied on top of r2") && refused.err().contains("r3"), refused::toString);
            assertFalse(db.tables().contains("t3b"));

            // A separate branch from base does not build on what moved on.
            Files.delete(s.versions().resolve("r3b.sql"));
            s.add("s1", "", "-- Branch Labels: side", "CREATE TABLE s1 (id INTEGER);", null);
            Cli.Result up = expect(0, cli.run("upgrade", "side@head", "--ignore-unknown"));
            assertTrue(up.out().contains("-> s1"), up::toString);
            assertTrue(up.err().contains("WARNING: revision r3 (applied"), up::toString);
            assertEquals(List.of("r3", "s1"), db.versions());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void stampPurgeReplacesAnUnknownRevision(String kind) throws Exception {
        try (TestDatabase db = open(kind)) {
            Cli cli = new Cli(dir).env("DATABASE_URL", db.url());
            aheadOfTheCode(db, cli);
            expect(0, cli.run("stamp", "--purge", "r2"));
            assertEquals(List.of("r2"), db.versions());
            expect(0, cli.run("check"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void anUnknownRevisionWithoutAnAuditRowIsStillNamed(String kind) throws Exception {
        try (TestDatabase db = open(kind)) {
            Cli cli = new Cli(dir).env("DATABASE_URL", db.url());
            new Scripts(dir).add("r1", "", "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;");
            expect(0, cli.run("upgrade", "head"));
            try (var c = db.connect(); var st = c.createStatement()) {
                st.execute("UPDATE migrate_version SET version_num = 'zz9'");
            }
            Cli.Result up = expect(ExitCode.UNKNOWN_REVISION, cli.run("upgrade", "head"));
            assertTrue(up.err().contains("revision zz9 (no audit record)"), up::toString);
            Cli.Result current = expect(0, cli.run("current"));
            assertTrue(current.out().contains("zz9 (unknown)"), current::toString);
        }
    }
}
