package dev.migrate.process;

import dev.migrate.support.Scripts;
import dev.migrate.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** scripts/backup_db.sh and scripts/migrate.sh against the real PostgreSQL. */
class OperationalScriptsIT {

    static final Path SCRIPTS = Path.of("scripts").toAbsolutePath();
    static final String SECRET = "s3cr3t-Pa55";

    @TempDir Path dir;

    record Run(int code, String output) { }

    Run run(Map<String, String> env, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        assertFalse(out.contains(SECRET), "the password was printed:\n" + out);
        return new Run(p.exitValue(), out);
    }

    /** The test database's URL with a password in it (the local server trusts, so any password works). */
    static String withPassword(String url) {
        return url.replaceFirst("://([^:@/]+)(:[^@]*)?@", "://$1:" + SECRET + "@");
    }

    /** A PATH without pg_dump: links to the few tools the scripts use. */
    Path pathWithoutPgDump() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String tool : List.of("bash", "dirname", "date", "mkdir", "sed", "ls", "tail", "rm", "mv", "cat", "java", "psql")) {
            for (String d : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
                Path p = Path.of(d, tool);
                if (Files.isExecutable(p) && !Files.exists(bin.resolve(tool))) {
                    Files.createSymbolicLink(bin.resolve(tool), p.toRealPath());
                }
            }
        }
        return bin;
    }

    List<Path> backups() throws IOException {
        Path b = dir.resolve("backups");
        if (!Files.isDirectory(b)) return List.of();
        try (Stream<Path> s = Files.list(b)) {
            return s.filter(p -> p.toString().endsWith(".dump")).sorted().toList();
        }
    }

    @Test
    void backupRestoresToTheSameSchemaAndKeepsTen() throws Exception {
        try (TestDatabase db = TestDatabase.postgres(); TestDatabase restored = TestDatabase.postgres()) {
            db.query("SELECT 1");
            try (var c = db.connect(); var st = c.createStatement()) {
                st.execute("CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL UNIQUE)");
                st.execute("INSERT INTO users VALUES (1, 'a@example.com')");
            }
            Map<String, String> env = Map.of("DATABASE_URL", withPassword(db.url()));
            Run r = run(env, SCRIPTS.resolve("backup_db.sh").toString());
            assertEquals(0, r.code(), r.output());
            List<Path> files = backups();
            assertEquals(1, files.size(), files.toString());
            assertTrue(r.output().contains(":***@"), "the URL is shown masked: " + r.output());

            Run restore = run(Map.of(), "pg_restore", "--no-owner", "-d", restored.url(), files.get(0).toString());
            assertEquals(0, restore.code(), restore.output());
            String columns = "SELECT table_name || '.' || column_name || ':' || data_type FROM information_schema.columns "
                    + "WHERE table_schema = 'public' ORDER BY 1";
            assertEquals(db.query(columns), restored.query(columns));
            assertEquals(List.of("1|a@example.com"), restored.query("SELECT * FROM users"));

            // Eleven older dumps of this database: after one more backup the newest ten stay.
            String name = files.get(0).getFileName().toString().replaceAll("_\\d{8}T.*", "");
            List<Path> old = new ArrayList<>();
            for (int i = 0; i < 11; i++) {
                Path f = Files.writeString(dir.resolve("backups").resolve(String.format("%s_202001%02dT000000Z.dump", name, i + 1)), "old");
                Files.setLastModifiedTime(f, FileTime.fromMillis(1_600_000_000_000L + i * 1000L));
                old.add(f);
            }
            Run again = run(env, SCRIPTS.resolve("backup_db.sh").toString());
            assertEquals(0, again.code(), again.output());
            assertEquals(10, backups().size(), backups().toString());
            assertTrue(Files.exists(files.get(0)), "the first real backup is among the newest ten");
            assertFalse(Files.exists(old.get(0)), "the oldest is gone");
        }
    }

    @Test
    void retentionTouchesOnlyTheDatabasesOwnBackups() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            Map<String, String> env = Map.of("DATABASE_URL", withPassword(db.url()), "BACKUP_KEEP", "2");
            String name = db.url().substring(db.url().lastIndexOf('/') + 1);
            Path backups = Files.createDirectories(dir.resolve("backups"));
            // Another database whose name starts with this one's and an underscore, and files that are not backups.
            List<Path> others = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                others.add(Files.writeString(backups.resolve(name + "_staging_2020010" + i + "T000000Z.dump"), "other"));
            }
            others.add(Files.writeString(backups.resolve(name + "_keep-me.dump"), "mine, by hand"));
            others.add(Files.writeString(backups.resolve(name + "_20200101T000000Z.dump.txt"), "not a dump"));
            for (Path f : others) Files.setLastModifiedTime(f, FileTime.fromMillis(1_500_000_000_000L));
            List<Path> own = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Path f = Files.writeString(backups.resolve(name + "_2020020" + i + "T000000Z.dump"), "old");
                Files.setLastModifiedTime(f, FileTime.fromMillis(1_600_000_000_000L + i * 1000L));
                own.add(f);
            }
            Run r = run(env, SCRIPTS.resolve("backup_db.sh").toString());
            assertEquals(0, r.code(), r.output());
            for (Path f : others) assertTrue(Files.exists(f), f + " is not this database's backup: " + r.output());
            assertFalse(Files.exists(own.get(0)) || Files.exists(own.get(1)), "the two oldest own backups go: " + r.output());
            assertTrue(Files.exists(own.get(2)), r.output());
        }
    }

    @Test
    void helpPrintsTheScriptsCommentOnly() throws Exception {
        for (String script : List.of("migrate.sh", "backup_db.sh", "install.sh")) {
            Run r = run(Map.of(), SCRIPTS.resolve(script).toString(), "--help");
            assertEquals(0, r.code(), r.output());
            assertFalse(r.output().contains("set -euo") || r.output().contains("#!"), script + ": " + r.output());
            assertTrue(r.output().contains("DATABASE_URL") || r.output().contains("PREFIX"), script + ": " + r.output());
        }
    }

    @Test
    void missingPgDumpStopsTheBackup() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", "postgres://app:" + SECRET + "@127.0.0.1:5432/app");
        env.put("PATH", pathWithoutPgDump().toString());
        Run r = run(env, SCRIPTS.resolve("backup_db.sh").toString());
        assertEquals(3, r.code(), r.output());
        assertTrue(r.output().contains("pg_dump is not installed"), r.output());
    }

    @Test
    void migrateWrapperBacksUpShowsAndUpgrades() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            Scripts s = new Scripts(dir);
            s.add("a1", "", "CREATE TABLE t1 (id integer);", "DROP TABLE t1;");
            s.add("b2", "a1", "CREATE TABLE t2 (id integer);", "DROP TABLE t2;");
            Map<String, String> env = new HashMap<>();
            env.put("DATABASE_URL", withPassword(db.url()));
            env.put("MIGRATE", Processes.LAUNCHER.toString());
            Run r = run(env, SCRIPTS.resolve("migrate.sh").toString());
            assertEquals(0, r.code(), r.output());
            assertTrue(r.output().contains("Backup written to backups/"), r.output());
            assertTrue(r.output().contains("2 pending revisions"), r.output());
            assertTrue(r.output().contains("Running upgrade a1 -> b2"), r.output());
            assertEquals(List.of("b2"), db.versions());
            assertEquals(1, backups().size());

            // A failing revision: migrate.sh exits with migrate's own code.
            s.add("c3", "b2", "INSERT INTO nowhere VALUES (1);", null);
            Run failed = run(env, SCRIPTS.resolve("migrate.sh").toString());
            assertEquals(8, failed.code(), failed.output());

            // No pg_dump: stops before migrating, unless told to skip the backup.
            s.add("c3", "b2", "CREATE TABLE t3 (id integer);", "DROP TABLE t3;");
            env.put("PATH", pathWithoutPgDump().toString());
            Run noDump = run(env, SCRIPTS.resolve("migrate.sh").toString());
            assertEquals(3, noDump.code(), noDump.output());
            assertTrue(noDump.output().contains("pg_dump is not installed") && noDump.output().contains("--skip-backup"), noDump.output());
            assertEquals(List.of("b2"), db.versions(), "nothing migrated without a backup");
            Run skipped = run(env, SCRIPTS.resolve("migrate.sh").toString(), "--skip-backup");
            assertEquals(0, skipped.code(), skipped.output());
            assertEquals(List.of("c3"), db.versions());
        }
    }
}
