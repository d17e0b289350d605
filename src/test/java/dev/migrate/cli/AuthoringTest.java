package dev.migrate.cli;

import dev.migrate.support.Cli;
import dev.migrate.support.Scripts;
import dev.migrate.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code revision}, {@code merge} and {@code heads --check}: written files load, and run up and down. */
class AuthoringTest {

    @TempDir Path dir;
    TestDatabase db;

    @AfterEach
    void tearDown() {
        if (db != null) db.close();
    }

    static final Pattern GENERATED = Pattern.compile("Generating (\\S+) \\.\\.\\. done");

    Path generated(Cli.Result r) {
        assertEquals(0, r.code(), r::toString);
        Matcher m = GENERATED.matcher(r.out());
        assertTrue(m.find(), r::toString);
        return dir.resolve(m.group(1));
    }

    /** Fills the empty upgrade and downgrade sections of a generated SQL script. */
    static void fill(Path script, String up, String down) throws Exception {
        String text = Files.readString(script);
        text = text.replace("-- migrate:upgrade\n", "-- migrate:upgrade\n" + up + "\n")
                .replace("-- migrate:downgrade\n", "-- migrate:downgrade\n" + down + "\n");
        Files.writeString(script, text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void revisionsBranchesAndMergeRoundTrip(String kind) throws Exception {
        db = kind.equals("postgresql") ? TestDatabase.postgres() : TestDatabase.sqlite(dir);
        new Scripts(dir);
        Cli cli = new Cli(dir).env("DATABASE_URL", db.url());
        Path a = generated(cli.run("revision", "-m", "Create accounts"));
        assertTrue(a.getFileName().toString().matches("[0-9a-f]{12}_create_accounts\\.sql"), a.toString());
        fill(a, "CREATE TABLE accounts (id INTEGER PRIMARY KEY);", "DROP TABLE accounts;");
        String aId = a.getFileName().toString().substring(0, 12);

        Path b = generated(cli.run("revision", "-m", "Add email", "--rev-id", "b000000000b1"));
        fill(b, "ALTER TABLE accounts ADD COLUMN email VARCHAR(100);", "ALTER TABLE accounts DROP COLUMN email;");
        assertTrue(Files.readString(b).contains("-- Revises: " + aId), Files.readString(b));

        Cli.Result notHead = cli.run("revision", "-m", "x", "--head", aId);
        assertEquals(ExitCode.REVISION, notHead.code(), notHead::toString);
        assertTrue(notHead.err().contains("--splice"), notHead::toString);

        Path c = generated(cli.run("revision", "-m", "Add orders", "--head", aId, "--splice", "--branch-label", "orders",
                "--rev-id", "c000000000c1"));
        fill(c, "CREATE TABLE orders (id INTEGER PRIMARY KEY);", "DROP TABLE orders;");
        assertTrue(Files.readString(c).contains("-- Branch Labels: orders"));

        Cli.Result twoHeads = cli.run("revision", "-m", "y");
        assertEquals(ExitCode.REVISION, twoHeads.code(), twoHeads::toString);
        assertTrue(twoHeads.err().contains("b000000000b1") && twoHeads.err().contains("c000000000c1"), twoHeads::toString);

        Cli.Result gate = cli.run("heads", "--check");
        assertEquals(ExitCode.CHECK_FAILED, gate.code(), gate::toString);
        assertTrue(gate.err().contains("migrate merge heads"), gate::toString);

        Path m = generated(cli.run("merge", "heads", "-m", "Merge orders", "--rev-id", "d000000000d1"));
        assertTrue(Files.readString(m).contains("-- Revises: b000000000b1, c000000000c1"), Files.readString(m));
        assertEquals(List.of("d000000000d1 (orders) (head)"), cli.run("heads").out().lines().toList());
        assertEquals(0, cli.run("heads", "--check").code());
        Cli.Result single = cli.run("merge", "heads", "-m", "again");
        assertEquals(ExitCode.REVISION, single.code(), single::toString);
        assertTrue(single.err().contains("Nothing to merge"), single::toString);

        Path base2 = generated(cli.run("revision", "-m", "Second root", "--head", "base", "--rev-id", "e000000000e1",
                "--depends-on", aId.substring(0, 6)));
        assertTrue(Files.readString(base2).contains("-- Revises:\n"), Files.readString(base2));
        assertTrue(Files.readString(base2).contains("-- Depends On: " + aId), "partial id resolved: " + Files.readString(base2));

        Cli.Result up = cli.run("upgrade", "heads");
        assertEquals(0, up.code(), up::toString);
        assertEquals(List.of("d000000000d1", "e000000000e1"), db.versions());
        assertTrue(db.tables().containsAll(List.of("accounts", "orders")));
        Cli.Result down = cli.run("downgrade", "base");
        assertEquals(0, down.code(), down::toString);
        assertEquals(List.of(), db.versions());
        assertFalse(db.tables().contains("accounts"));
    }

    @Test
    void fileTemplateAndJavaRevision() throws Exception {
        new Scripts(dir);
        Files.writeString(dir.resolve("migrate.yaml"),
                "file_template: \"%(year)d%(month).2d%(day).2d_%(hour).2d%(minute).2d%(second).2d_%(rev)s_%(slug)s\"\n");
        Path p = generated(new Cli(dir).run("revision", "-m", "Initial schema: users & roles!", "--rev-id", "27dafa983136"));
        assertTrue(p.getFileName().toString().matches("\\d{8}_\\d{6}_27dafa983136_initial_schema_users_roles\\.sql"), p.toString());
        Path j = generated(new Cli(dir).run("revision", "-m", "Data fix", "--rev-id", "3a3a3a3a3a3a", "--java"));
        assertTrue(j.getFileName().toString().endsWith("_3a3a3a3a3a3a_data_fix.java"), j.toString());
        String text = Files.readString(j);
        assertTrue(text.contains("id = \"3a3a3a3a3a3a\"") && text.contains("revises = {\"27dafa983136\"}"), text);
    }

    @Test
    void badFileTemplateNamesTheKey() throws Exception {
        new Scripts(dir);
        Files.writeString(dir.resolve("migrate.yaml"), "file_template: \"%(slug)s\"\n");
        Cli.Result r = new Cli(dir).run("revision", "-m", "x");
        assertEquals(ExitCode.CONFIG, r.code(), r::toString);
        assertTrue(r.err().contains("file_template"), r::toString);
    }
}
