package dev.migrate.cli;

import dev.migrate.db.PostgresDialect;
import dev.migrate.support.Cli;
import dev.migrate.support.PostgresServer;
import dev.migrate.support.Scripts;
import dev.migrate.support.Snapshot;
import dev.migrate.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A catalogue of bad input, table-driven. Each case sets up a project and a database (usually at r2: the tables
 * t1 and t2 and their version and audit rows), takes a snapshot, runs one command and checks: its documented exit
 * code; one {@code FAILED:} line that names the cause (file, line, key where relevant); no stack trace; and the
 * snapshot unchanged. A failing statement of a revision is the one exception, decided here: it adds exactly one
 * audit row, {@code failed}, for that revision, and nothing else.
 */
class ErrorsTest {

    private static TestDatabase postgres;

    @TempDir Path dir;

    @BeforeAll
    static void createDatabase() {
        postgres = TestDatabase.postgres();
    }

    @AfterAll
    static void dropDatabase() {
        postgres.close();
    }

    // ----- the catalogue -----

    /** What a case expects the database to look like afterwards. */
    enum Effect { NOTHING, ONE_FAILED_AUDIT_ROW }

    /** The project and database a case works in. */
    static final class Fixture {
        final Path dir;
        final Scripts scripts;
        final TestDatabase db;
        final Map<String, String> env = new HashMap<>();
        final List<AutoCloseable> cleanup = new ArrayList<>();

        Fixture(Path dir, TestDatabase db) {
            this.dir = dir;
            this.scripts = new Scripts(dir);
            this.db = db;
            env.put("DATABASE_URL", db.url());
        }

        Cli cli() {
            Cli cli = new Cli(dir);
            env.forEach(cli::env);
            return cli;
        }

        /** Runs a command of the setup, which must succeed. */
        void ok(String... args) {
            Cli.Result r = cli().run(args);
            assertEquals(0, r.code(), () -> "setup: migrate " + String.join(" ", args) + "\n" + r);
        }

        /** Runs a command of the setup that must fail with {@code code}. */
        void fails(int code, String... args) {
            Cli.Result r = cli().run(args);
            assertEquals(code, r.code(), () -> "setup: migrate " + String.join(" ", args) + "\n" + r);
        }

        void yaml(String content) {
            write(dir.resolve("migrate.yaml"), content);
        }

        void delete(String script) {
            try {
                Files.delete(scripts.versions().resolve(script));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void append(String script, String text) {
            Path p = scripts.versions().resolve(script);
            try {
                Files.writeString(p, Files.readString(p) + text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static void write(Path p, String content) {
            try {
                Files.writeString(p, content);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String script(String id, String revises, String headers, String body) {
            StringBuilder s = new StringBuilder("-- revision " + id + "\n--\n-- Revision ID: " + id + "\n-- Revises: " + revises + "\n");
            if (!headers.isEmpty()) s.append(headers).append('\n');
            s.append("\n-- migrate:upgrade\n").append(body).append('\n');
            return s.toString();
        }
    }

    @FunctionalInterface
    interface Setup {
        void prepare(Fixture f) throws Exception;
    }

    /**
     * One bad input.
     *
     * @param fresh    the database is empty (no revision applied, no table), instead of at r2
     * @param both     also on SQLite (the case does not depend on PostgreSQL)
     * @param mentions texts the message must contain (file, line, key, revision, ...)
     * @param absent   texts that must appear nowhere in the output (passwords)
     */
    record Case(String name, int code, Setup setup, List<String> args, List<String> mentions, List<String> absent,
                boolean fresh, boolean both, Effect effect) {

        Case setup(Setup s) { return new Case(name, code, s, args, mentions, absent, fresh, both, effect); }
        Case args(String... a) { return new Case(name, code, setup, List.of(a), mentions, absent, fresh, both, effect); }
        Case mentions(String... m) { return new Case(name, code, setup, args, List.of(m), absent, fresh, both, effect); }
        Case absent(String... a) { return new Case(name, code, setup, args, mentions, List.of(a), fresh, both, effect); }
        Case onEmptyDatabase() { return new Case(name, code, setup, args, mentions, absent, true, both, effect); }
        Case alsoOnSqlite() { return new Case(name, code, setup, args, mentions, absent, fresh, true, effect); }
        Case addsFailedAuditRow() { return new Case(name, code, setup, args, mentions, absent, fresh, both, Effect.ONE_FAILED_AUDIT_ROW); }

        @Override
        public String toString() { return name; }
    }

    static Case bad(String name, int code) {
        return new Case(name, code, f -> { }, List.of("upgrade", "head"), List.of(), List.of(), false, false, Effect.NOTHING);
    }

    static final String WRONG_PASSWORD = "Wrong-pw-9d2b";
    /** A password in a mistyped URL: never shown. */
    static final String SECRET = "S3cretPw-4c1e";

    static List<Case> catalogue() {
        return List.of(
                // configuration: exit 3
                bad("unknown config key", ExitCode.CONFIG).setup(f -> f.yaml("script_location: migrations\nlock_wiat: 10s\n"))
                        .mentions("migrate.yaml:2", "lock_wiat", "lock_wait"),
                bad("invalid YAML", ExitCode.CONFIG).setup(f -> f.yaml("script_location: [migrations\nlock_wait: 10s\n"))
                        .mentions("migrate.yaml", "invalid YAML"),
                bad("unset environment variable", ExitCode.CONFIG).setup(f -> f.yaml("version_table: ${NO_SUCH_VARIABLE_HERE}\n"))
                        .mentions("migrate.yaml:1", "version_table", "NO_SUCH_VARIABLE_HERE"),
                bad("lock_wait is not a duration", ExitCode.CONFIG).setup(f -> f.yaml("lock_wait: soon\n"))
                        .mentions("migrate.yaml:1", "lock_wait", "soon"),
                bad("lock_timeout is not a duration", ExitCode.CONFIG).setup(f -> f.yaml("\nlock_timeout: 5 seconds\n"))
                        .mentions("migrate.yaml:2", "lock_timeout"),
                bad("statement_timeout is negative", ExitCode.CONFIG).setup(f -> f.yaml("statement_timeout: -1s\n"))
                        .mentions("migrate.yaml:1", "statement_timeout"),
                bad("lock_retries is not a number", ExitCode.CONFIG).setup(f -> f.yaml("lock_retries: many\n"))
                        .mentions("migrate.yaml:1", "lock_retries"),
                bad("connect_wait is not a duration", ExitCode.CONFIG).setup(f -> f.yaml("connect_wait: a while\n"))
                        .mentions("migrate.yaml:1", "connect_wait"),
                bad("version_table is not an identifier", ExitCode.CONFIG).setup(f -> f.yaml("version_table: 1-version\n"))
                        .mentions("migrate.yaml:1", "version_table", "1-version"),
                bad("config file given with -c does not exist", ExitCode.CONFIG).args("-c", "nope.yaml", "upgrade", "head")
                        .mentions("nope.yaml", "does not exist"),
                bad("no database URL anywhere", ExitCode.CONFIG).setup(f -> f.env.remove("DATABASE_URL"))
                        .mentions("no database URL", "DATABASE_URL"),
                bad("unsupported URL scheme", ExitCode.CONFIG).setup(f -> f.env.put("DATABASE_URL", "mysql://app:hunter2secret@db/app"))
                        .mentions("mysql").absent("hunter2secret"),
                bad("URL with a port that is not a number", ExitCode.CONFIG)
                        .setup(f -> f.env.put("DATABASE_URL", "postgres://app:hunter2secret@db:notaport/x"))
                        .mentions("notaport").absent("hunter2secret"),
                bad("URL whose user:password lost its @", ExitCode.CONFIG)
                        .setup(f -> f.env.put("DATABASE_URL", "postgres://u_pw:" + SECRET + "!127.0.0.1:5432/db"))
                        .mentions("postgres://u_pw:***/db", "user:password@host").absent(SECRET),
                bad("mistyped URL in a database-mode tenants file", ExitCode.CONFIG)
                        .setup(f -> Fixture.write(f.dir.resolve("tenants.txt"),
                                "# the databases\nmigrate_no_such_db\npostgres:/u_pw:" + SECRET + "@127.0.0.1:5432/u_db2\n"))
                        .args("upgrade", "head", "--tenants-mode", "database", "--tenants-file", "tenants.txt", "--report", "r.json")
                        .mentions("tenants.txt:3", "postgres:***@127.0.0.1:5432/u_db2", "needs //").absent(SECRET),

                // scripts: exit 4
                bad("misspelt header key", ExitCode.SCRIPT)
                        .setup(f -> f.scripts.write("r3.sql", f.script("r3", "r2", "-- Branch Lables: x", "SELECT 1;")))
                        .mentions("r3.sql:5", "Branch Lables", "Branch Labels"),
                bad("Revision ID missing", ExitCode.SCRIPT)
                        .setup(f -> f.scripts.write("r3.sql", "-- r3\n--\n-- Revises: r2\n\n-- migrate:upgrade\nSELECT 1;\n"))
                        .mentions("r3.sql", "Revision ID"),
                bad("upgrade marker missing", ExitCode.SCRIPT)
                        .setup(f -> f.scripts.write("r3.sql", "-- r3\n--\n-- Revision ID: r3\n-- Revises: r2\n\nSELECT 1;\n"))
                        .mentions("r3.sql:6", "-- migrate:upgrade"),
                bad("unknown marker", ExitCode.SCRIPT)
                        .setup(f -> f.scripts.write("r3.sql", f.script("r3", "r2", "", "-- migrate:no-transactions\nSELECT 1;")))
                        .mentions("r3.sql:7", "no-transactions", "-- migrate:no-transaction`"),
                bad("unterminated string literal", ExitCode.SCRIPT).alsoOnSqlite()
                        .setup(f -> f.scripts.write("r3.sql", f.script("r3", "r2", "", "CREATE TABLE t3 (id INTEGER);\nINSERT INTO t3 VALUES ('x);")))
                        .mentions("r3.sql:8", "unterminated string"),
                bad("unterminated block comment on an empty database", ExitCode.SCRIPT).onEmptyDatabase().alsoOnSqlite()
                        .setup(f -> f.scripts.write("r3.sql", f.script("r3", "r2", "", "SELECT 1;\n/* never closed\nSELECT 2;")))
                        .mentions("r3.sql:8", "unterminated block comment"),
                bad("unterminated dollar quote on an empty database", ExitCode.SCRIPT).onEmptyDatabase()
                        .setup(f -> f.scripts.write("r3.sql", f.script("r3", "r2", "", "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1;")))
                        .mentions("r3.sql:7", "dollar-quoted"),
                bad("cycle", ExitCode.SCRIPT)
                        .setup(f -> {
                            f.scripts.add("c1", "r2, c3", "SELECT 1;", null);
                            f.scripts.add("c2", "c1", "SELECT 1;", null);
                            f.scripts.add("c3", "c2", "SELECT 1;", null);
                        })
                        .mentions("Cycle", "c1.sql", "c2.sql", "c3.sql"),
                bad("duplicate revision id", ExitCode.SCRIPT)
                        .setup(f -> f.scripts.write("r2_copy.sql", f.script("r2", "r1", "", "SELECT 1;")))
                        .mentions("r2.sql", "r2_copy.sql", "r2"),
                bad("unknown parent", ExitCode.SCRIPT).setup(f -> f.scripts.add("r3", "zz9", "SELECT 1;", null))
                        .mentions("zz9", "r3.sql"),
                bad("Lock Timeout header is not a duration", ExitCode.SCRIPT)
                        .setup(f -> f.scripts.write("r3.sql", f.script("r3", "r2", "-- Lock Timeout: soon", "SELECT 1;")))
                        .mentions("r3.sql:5", "Lock Timeout", "soon"),
                bad("Statement Timeout header is not a duration", ExitCode.SCRIPT)
                        .setup(f -> f.scripts.write("r3.sql", f.script("r3", "r2", "-- Create Date: x\n-- Statement Timeout: 1 minute", "SELECT 1;")))
                        .mentions("r3.sql:6", "Statement Timeout"),
                bad("CREATE INDEX CONCURRENTLY in a transaction", ExitCode.SCRIPT).alsoOnSqlite()
                        .setup(f -> f.scripts.write("r3.sql", f.script("r3", "r2", "",
                                "CREATE TABLE t3 (id INTEGER);\n\ncreate index\n  concurrently t3_id ON t3 (id);")))
                        .mentions("r3.sql:9", "CREATE INDEX CONCURRENTLY", "cannot run inside a transaction", "-- migrate:no-transaction"),
                bad("VACUUM in a transactional downgrade section", ExitCode.SCRIPT)
                        .setup(f -> f.scripts.write("r3.sql", f.script("r3", "r2", "", "SELECT 1;\n-- migrate:downgrade\nVACUUM t1;")))
                        .mentions("r3.sql:9", "VACUUM", "downgrade"),
                bad("script that is not UTF-8", ExitCode.SCRIPT)
                        .setup(f -> Files.write(f.scripts.versions().resolve("r3.sql"),
                                (f.script("r3", "r2", "", "SELECT 'caf\u00e9';")).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)))
                        .mentions("r3.sql:7", "UTF-8"),
                bad("versions directory missing", ExitCode.SCRIPT).setup(f -> f.yaml("script_location: nowhere\n"))
                        .mentions("nowhere", "does not exist"),

                // revisions and targets: exit 5
                bad("unknown target", ExitCode.REVISION).args("upgrade", "nosuch").mentions("nosuch"),
                bad("unknown target on an empty database", ExitCode.REVISION).onEmptyDatabase().alsoOnSqlite().args("upgrade", "nosuch").mentions("nosuch"),
                bad("ambiguous prefix", ExitCode.REVISION)
                        .setup(f -> {
                            f.scripts.add("abcd1", "r2", "SELECT 1;", null);
                            f.scripts.add("abcd2", "abcd1", "SELECT 1;", null);
                        })
                        .args("upgrade", "abcd").mentions("abcd", "abcd1", "abcd2"),
                bad("several heads for upgrade head", ExitCode.REVISION)
                        .setup(f -> {
                            f.scripts.add("h1", "r2", "SELECT 1;", null);
                            f.scripts.add("h2", "r2", "SELECT 1;", null);
                        })
                        .mentions("h1", "h2"),
                bad("downgrade through a revision without a downgrade section", ExitCode.REVISION)
                        .setup(f -> {
                            f.scripts.add("r3", "r2", "CREATE TABLE t3 (id INTEGER);", null);
                            f.ok("upgrade", "head");
                        })
                        .args("downgrade", "r1").mentions("r3", "r3.sql", "downgrade"),
                bad("relative downgrade below base", ExitCode.REVISION).args("downgrade", "-5").mentions("-5"),
                bad("relative upgrade beyond the head", ExitCode.REVISION).args("upgrade", "+3").mentions("+3"),

                // the database: exit 6
                bad("wrong password", ExitCode.DATABASE)
                        .setup(f -> f.env.put("DATABASE_URL", PostgresServer.passwordUrl(f.db.url(), WRONG_PASSWORD)))
                        .mentions("password authentication failed", PostgresServer.PASSWORD_ROLE, ":***@")
                        .absent(WRONG_PASSWORD, PostgresServer.PASSWORD_ROLE_PASSWORD),
                bad("unknown database", ExitCode.DATABASE)
                        .setup(f -> f.env.put("DATABASE_URL", "postgres://postgres:pw-never-shown@" + PostgresServer.hostPort() + "/no_such_database_here"))
                        .mentions("no_such_database_here", "does not exist", ":***@").absent("pw-never-shown"),
                bad("unreachable server", ExitCode.DATABASE)
                        .setup(f -> f.env.put("DATABASE_URL", "postgres://u:topsecret@127.0.0.1:1/x?connectTimeout=2"))
                        .mentions("127.0.0.1:1", "refused").absent("topsecret"),

                // the migration lock: exit 7
                bad("migration lock held elsewhere", ExitCode.LOCK_TIMEOUT)
                        .setup(f -> {
                            f.yaml("lock_wait: 1s\n");
                            Connection holder = f.db.connect();
                            f.cleanup.add(holder);
                            try (PreparedStatement ps = holder.prepareStatement("SELECT pg_advisory_lock(?)")) {
                                ps.setLong(1, PostgresDialect.lockKey("public.migrate_version"));
                                ps.execute();
                            }
                            f.cleanup.add(0, () -> holder.createStatement().execute("SELECT pg_advisory_unlock_all()"));
                            f.scripts.add("r3", "r2", "CREATE TABLE t3 (id INTEGER);", null);
                        })
                        .mentions("Timed out", "held by pid", "lock_wait"),

                // a statement of a revision: exit 8, and its failure in the audit log
                bad("SQL error", ExitCode.MIGRATION_FAILED).alsoOnSqlite().addsFailedAuditRow()
                        .setup(f -> f.scripts.write("r3.sql", f.script("r3", "r2", "", "\nINSERT INTO no_such_table VALUES (1);")))
                        .mentions("upgrade r3 failed at", "r3.sql:8", "no_such_table", "statement: INSERT INTO no_such_table VALUES (1)",
                                "rolled back", "the database stays at r2"),
                bad("SQL error after a statement that worked", ExitCode.MIGRATION_FAILED).alsoOnSqlite().addsFailedAuditRow()
                        .setup(f -> f.scripts.write("r3.sql", f.script("r3", "r2", "",
                                "CREATE TABLE t3 (id INTEGER);\nINSERT INTO t1 VALUES (1);\nINSERT INTO t3 SELECT * FROM nope;")))
                        .mentions("r3.sql:9", "statement: INSERT INTO t3 SELECT * FROM nope"),
                bad("statement timeout", ExitCode.MIGRATION_FAILED).addsFailedAuditRow()
                        .setup(f -> f.scripts.write("r3.sql", f.script("r3", "r2", "-- Statement Timeout: 200ms",
                                "CREATE TABLE t3 (id INTEGER);\nSELECT pg_sleep(5);")))
                        .mentions("r3.sql:9", "statement timeout", "pg_sleep(5)"),

                // the database and the scripts disagree: exits 11, 12, 13
                bad("database ahead of the code", ExitCode.UNKNOWN_REVISION).alsoOnSqlite()
                        .setup(f -> {
                            f.scripts.add("r3", "r2", "CREATE TABLE t3 (id INTEGER);", "DROP TABLE t3;");
                            f.ok("upgrade", "head");
                            f.delete("r3.sql");
                        })
                        .mentions("r3", "no script here defines", "applied", " by ", "--ignore-unknown"),
                bad("database ahead of the code, downgrade", ExitCode.UNKNOWN_REVISION).alsoOnSqlite()
                        .setup(f -> {
                            f.scripts.add("r3", "r2", "CREATE TABLE t3 (id INTEGER);", "DROP TABLE t3;");
                            f.ok("upgrade", "head");
                            f.delete("r3.sql");
                        })
                        .args("downgrade", "-1").mentions("r3", "no script here defines"),
                bad("applied script changed", ExitCode.CHANGED_SCRIPT).alsoOnSqlite()
                        .setup(f -> {
                            f.scripts.add("r3", "r2", "CREATE TABLE t3 (id INTEGER);", null);
                            f.append("r2.sql", "CREATE INDEX t2_id ON t2 (id);\n");
                        })
                        .mentions("r2", "r2.sql", "changed", "migrate accept r2"),
                bad("non-transactional revision stopped part-way", ExitCode.PARTIAL_REVISION).alsoOnSqlite()
                        .setup(f -> {
                            f.scripts.write("r3.sql", f.script("r3", "r2", "",
                                    "-- migrate:no-transaction\nCREATE TABLE t3 (id INTEGER);\nINSERT INTO nope VALUES (1);"));
                            f.fails(ExitCode.MIGRATION_FAILED, "upgrade", "head");
                        })
                        .mentions("r3", "r3.sql", "INSERT INTO nope VALUES (1)", "--retry-partial", "migrate stamp r3"));
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Case c : catalogue()) {
            out.add(Arguments.of(c.name() + " (postgresql)", c, "postgresql"));
            if (c.both()) out.add(Arguments.of(c.name() + " (sqlite)", c, "sqlite"));
        }
        return out.stream();
    }

    @Test
    void theCatalogueIsLargeAndCoversEveryUserExitCode() {
        List<Case> all = catalogue();
        assertTrue(all.size() >= 30, "at least 30 bad inputs, got " + all.size());
        for (int code : List.of(ExitCode.CONFIG, ExitCode.SCRIPT, ExitCode.REVISION, ExitCode.DATABASE, ExitCode.LOCK_TIMEOUT,
                ExitCode.MIGRATION_FAILED, ExitCode.UNKNOWN_REVISION, ExitCode.CHANGED_SCRIPT, ExitCode.PARTIAL_REVISION)) {
            assertTrue(all.stream().anyMatch(c -> c.code() == code), "a case for exit code " + code);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInput(String title, Case c, String kind) throws Exception {
        TestDatabase db = kind.equals("postgresql") ? postgres : TestDatabase.sqlite(dir);
        if (db == postgres) reset(postgres);
        Fixture f = new Fixture(dir, db);
        try {
            f.scripts.add("r1", "", "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;");
            f.scripts.add("r2", "r1", "CREATE TABLE t2 (id INTEGER);", "DROP TABLE t2;");
            if (!c.fresh()) f.ok("upgrade", "head");
            c.setup().prepare(f);
            Snapshot before = Snapshot.of(db);

            Cli.Result r = f.cli().run(c.args().toArray(String[]::new));

            assertEquals(c.code(), r.code(), r::toString);
            List<String> failed = r.err().lines().filter(l -> l.startsWith("FAILED: ")).toList();
            assertEquals(1, failed.size(), () -> "one FAILED line: " + r);
            assertFalse(r.all().contains("\tat "), () -> "no stack trace: " + r);
            assertFalse(r.all().contains("Exception"), () -> "no exception class names: " + r);
            String message = r.err().substring(r.err().indexOf("FAILED: "));
            for (String m : c.mentions()) assertTrue(message.contains(m), () -> "the message names '" + m + "': " + r);
            for (String a : c.absent()) assertFalse(r.all().contains(a), () -> "'" + a + "' never shown: " + r);

            Snapshot after = Snapshot.of(db);
            if (c.effect() == Effect.NOTHING) {
                assertEquals(before, after, "nothing changed in the database");
            } else {
                String revision = c.args().get(0).equals("upgrade") ? "r3" : null;
                assertEquals(before.plusAudit(revision + "|upgrade|failed"), after,
                        "only the failure's audit row was added");
            }
        } finally {
            for (AutoCloseable a : f.cleanup) a.close();
        }
    }

    /** Drops every table of the class's PostgreSQL database. */
    private static void reset(TestDatabase db) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("DO $$ DECLARE r record; BEGIN FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                    + "LOOP EXECUTE 'DROP TABLE ' || quote_ident(r.tablename) || ' CASCADE'; END LOOP; END $$");
        }
    }

    // ----- not bad input, but the error handling around it -----

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
    void lockWaitSaysWhoHoldsTheLockWhileWaiting() throws Exception {
        try (TestDatabase db = TestDatabase.postgres(); Connection holder = db.connect()) {
            new Scripts(dir).add("a1", "", "CREATE TABLE t (id INTEGER);", "DROP TABLE t;");
            Files.writeString(dir.resolve("migrate.yaml"), "lock_wait: 1s\n");
            try (PreparedStatement ps = holder.prepareStatement("SELECT pg_advisory_lock(?)")) {
                ps.setLong(1, PostgresDialect.lockKey("public.migrate_version"));
                ps.execute();
            }
            int pid = holder.unwrap(org.postgresql.PGConnection.class).getBackendPID();
            Cli.Result r = new Cli(dir).env("DATABASE_URL", db.url()).run("upgrade", "head");
            assertEquals(ExitCode.LOCK_TIMEOUT, r.code(), r::toString);
            assertTrue(r.err().contains("pid " + pid), r::toString);
            assertTrue(r.err().contains("Waiting for the migration lock"), "reports while waiting: " + r);
            assertEquals(List.of(), db.tables(), "nothing created while the lock was not held");
            holder.createStatement().execute("SELECT pg_advisory_unlock_all()");
        }
    }

    @Test
    void aWaitThatIsNotADurationIsAUsageError() {
        new Scripts(dir).add("a1", "", "CREATE TABLE t (id INTEGER);", "DROP TABLE t;");
        Cli.Result r = new Cli(dir).env("DATABASE_URL", "sqlite:" + dir.resolve("x.db")).run("--wait", "forever", "upgrade", "head");
        assertEquals(ExitCode.USAGE, r.code(), r::toString);
        assertTrue(r.err().startsWith("Invalid value for option '--wait': `forever` is not a duration. Write e.g. 30s"), r::toString);
        assertFalse(r.all().contains("\tat "), r::toString);
        assertFalse(Files.exists(dir.resolve("x.db")), "nothing was opened");
    }

    /**
     * Usage errors that quote what they could not use (picocli's echo of an argument, an option's value, the database's
     * error on a --tenants-query row): the password in it is masked, on standard error and in the JSON document.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("usageErrorsQuotingAUrl")
    void usageErrorsNeverShowAPassword(String title, List<String> args, String mentions) {
        new Scripts(dir).add("a1", "", "CREATE TABLE t (id INTEGER);", "DROP TABLE t;");
        for (boolean json : List.of(false, true)) {
            List<String> all = new ArrayList<>(args);
            if (json) all.addAll(0, List.of("--format", "json"));
            Cli.Result r = new Cli(dir).env("DATABASE_URL", postgres.url()).run(all.toArray(String[]::new));
            assertEquals(ExitCode.USAGE, r.code(), r::toString);
            assertTrue(r.err().contains(mentions), () -> "the error names '" + mentions + "': " + r);
            assertFalse(r.all().contains(SECRET), () -> "'" + SECRET + "' never shown: " + r);
            assertFalse(r.all().contains("K3y-pass"), () -> "the sslpassword never shown: " + r);
            assertFalse(r.all().contains("\tat "), r::toString);
            assertTrue(r.err().contains("postgres://u_pw:***@127.0.0.1:5432/db"), () -> "shown masked: " + r);
            if (json) assertTrue(r.out().contains("\"kind\": \"usage\"") && r.out().contains("postgres://u_pw:***@"), r::toString);
        }
    }

    static Stream<Arguments> usageErrorsQuotingAUrl() {
        String url = "postgres://u_pw:" + SECRET + "!@127.0.0.1:5432/db";
        return Stream.of(
                Arguments.of("a URL as a stray argument", List.of("upgrade", "head", url), "Unmatched argument at index "),
                Arguments.of("a URL as an option's value", List.of("upgrade", "head", "--tenants-pattern", "t_*", "--parallel", url),
                        "'postgres://u_pw:***@127.0.0.1:5432/db' is not an int"),
                Arguments.of("a tenants query whose error quotes a row",
                        List.of("upgrade", "head", "--tenants-query", "SELECT '" + url + "?sslpassword=K3y-pass'::int"),
                        "--tenants-query failed: invalid input syntax for type integer: \"postgres://u_pw:***@127.0.0.1:5432/db?sslpassword=***\""));
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
        for (String c : List.of("init", "upgrade", "downgrade", "stamp", "current", "history", "heads", "branches", "show",
                "check", "accept", "revision", "merge")) {
            Cli.Result r = new Cli(dir).run(c, "--help");
            assertEquals(0, r.code(), r::toString);
            assertTrue(r.out().startsWith("Usage: migrate " + c), r::toString);
        }
    }
}
