package example;

import dev.migrate.Migrate;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged application (target/app.jar), started as real processes: four instances at once on a new database
 * each apply nothing twice and none of them sees a half-migrated schema; with {@code migrate.on-startup=check} an
 * instance refuses to start on a database behind the head.
 */
class InstancesIT {

    private static final Path JAR = Path.of("target/app.jar");

    private static Process start(TestDatabase db, Path log, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString(),
                "--spring.datasource.url=" + db.jdbcUrl, "--spring.datasource.username=" + db.user,
                "--spring.datasource.password=" + db.password));
        command.addAll(List.of(extra));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void fourInstancesAtOnceApplyEachRevisionOnceAndStartOnTheWholeSchema() throws Exception {
        assertTrue(Files.exists(JAR), JAR + " is built by `mvn package`");
        try (TestDatabase db = TestDatabase.create()) {
            List<Process> instances = new ArrayList<>();
            List<Path> logs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Path log = Files.createTempFile("instance-" + i + "-", ".log");
                logs.add(log);
                instances.add(start(db, log));
            }
            for (int i = 0; i < 4; i++) {
                assertTrue(instances.get(i).waitFor(180, TimeUnit.SECONDS), "instance " + i + " did not finish");
                String out = Files.readString(logs.get(i));
                assertEquals(0, instances.get(i).exitValue(), "instance " + i + ":\n" + out);
                assertTrue(out.contains("ready: 1000 users, 500 active"), "instance " + i + " read the whole schema through JPA:\n" + out);
                assertFalse(out.contains("Schema-validation"), out);
            }
            try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery(
                    "SELECT revision, count(*) FROM migrate_version_audit WHERE kind = 'upgrade' AND status = 'ok' GROUP BY revision ORDER BY revision")) {
                List<String> rows = new ArrayList<>();
                while (rs.next()) rows.add(rs.getString(1) + "=" + rs.getInt(2));
                assertEquals(List.of("1a2b3c4d5e6f=1", "2b3c4d5e6f7a=1"), rows, "each revision applied once");
            }
        }
    }

    /** MIGRATIONS.md's block marked {@code run-by=InstancesIT}: the message of check mode. */
    private static List<String> guideBlock() throws Exception {
        List<String> guide = Files.readAllLines(Path.of("../../../../MIGRATIONS.md"));
        int marker = guide.indexOf("<!-- doc-test: run-by=InstancesIT -->");
        assertTrue(marker >= 0, "the guide's check-mode block");
        List<String> block = new ArrayList<>();
        for (int i = marker + 2; !guide.get(i).startsWith("```"); i++) block.add(guide.get(i));
        assertFalse(block.isEmpty());
        return block;
    }

    @Test
    void checkModeRefusesToStartOnADatabaseBehindTheHead() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            Migrate.at(db.jdbcUrl + "?user=" + db.user + "&password=" + db.password)
                    .scripts("classpath:db/revisions").upgrade("1a2b3c4d5e6f");
            Path log = Files.createTempFile("check-", ".log");
            Process p = start(db, log, "--migrate.on-startup=check");
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            String out = Files.readString(log);
            assertNotEquals(0, p.exitValue(), out);
            assertTrue(out.contains("migrate.on-startup=check: the database is not ready") && out.contains("1 pending revision")
                    && out.contains("2b3c4d5e6f7a"), out);
            assertFalse(out.contains("ready:"), "the application did not start:\n" + out);
            for (String line : guideBlock()) assertTrue(out.contains(line), "the guide shows the message as it is: " + line + "\n" + out);

            Process upgrade = start(db, Files.createTempFile("upgrade-", ".log"));
            assertTrue(upgrade.waitFor(120, TimeUnit.SECONDS));
            Path again = Files.createTempFile("check-", ".log");
            Process checked = start(db, again, "--migrate.on-startup=check");
            assertTrue(checked.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, checked.exitValue(), Files.readString(again));
            assertTrue(Files.readString(again).contains("ready: 1000 users, 500 active"));
        }
    }
}
