package dev.migrate.docs;

import dev.migrate.support.JavaClasses;
import dev.migrate.support.PostgresServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The projects the guide's examples run in, by the name a block gives with {@code setup=NAME}. Each is a fresh
 * directory with its own database: the repository's example project (its {@code migrations/} and
 * {@code migrate.yaml}, on an SQLite file {@code app.db}) or one the guide's text describes. Setups whose name ends in
 * {@code -postgres} set {@code DATABASE_URL} to a fresh database on the test PostgreSQL server.
 */
public final class DocProjects {

    /** A directory to run commands in, with the environment they see. */
    public record Project(Path dir, Map<String, String> env) { }

    /** Creates a project in {@code dir}; may run migrate commands through {@code migrate}. */
    interface Setup {
        void create(Path dir, Map<String, String> env, Guide guide, Migrate migrate) throws Exception;
    }

    /** Runs {@code migrate ARGS} in a project during a setup; the command must succeed. */
    @FunctionalInterface
    public interface Migrate {
        void run(Project project, String args);
    }

    public static final String DEFAULT = "example";

    private static final Map<String, Setup> SETUPS = new LinkedHashMap<>();

    static {
        // The repository's example project (README, MIGRATIONS.md "Commands").
        SETUPS.put("example", (dir, env, guide, migrate) -> copyExample(dir));
        SETUPS.put("example-postgres", (dir, env, guide, migrate) -> copyExample(dir));
        // The example project and the repository's operational scripts (scripts/migrate.sh).
        SETUPS.put("scripts-postgres", (dir, env, guide, migrate) -> {
            copyExample(dir);
            copyTree(Path.of("scripts"), dir.resolve("scripts"));
        });
        // Nothing at all: `migrate init` starts here.
        SETUPS.put("empty", (dir, env, guide, migrate) -> { });
        // The example project with the guide's desired schema (the sql block whose first line is "-- db/schema.sql").
        SETUPS.put("autogenerate", (dir, env, guide, migrate) -> {
            copyExample(dir);
            Guide.Block schema = guide.blocks().stream().filter(b -> b.lang().equals("sql") && !b.lines().isEmpty()
                    && b.lines().get(0).equals("-- db/schema.sql")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the guide has no sql block starting with -- db/schema.sql"));
            Files.createDirectories(dir.resolve("db"));
            Files.writeString(dir.resolve("db/schema.sql"), schema.text());
            Files.writeString(dir.resolve("migrate.yaml"), Files.readString(dir.resolve("migrate.yaml")) + "shadow_cache: false\n");
        });
        // What `migrate init` writes: an empty versions directory and a migrate.yaml with an SQLite URL.
        SETUPS.put("new-project", (dir, env, guide, migrate) -> migrate.run(new Project(dir, env), "init"));
        // Two branches each added a revision on top of the example's head (Alice's and Bob's pull requests).
        SETUPS.put("two-heads", (dir, env, guide, migrate) -> {
            copyExample(dir);
            write(dir, "c735f46959b6_add_user_locale.sql", script("Add user locale", "c735f46959b6", "6f7a5b8c9d0e",
                    "ALTER TABLE users ADD COLUMN locale VARCHAR(10);", "ALTER TABLE users DROP COLUMN locale;"));
            write(dir, "e0772174c277_add_order_status.sql", script("Add order status", "e0772174c277", "6f7a5b8c9d0e",
                    "ALTER TABLE orders ADD COLUMN status VARCHAR(20);", "ALTER TABLE orders DROP COLUMN status;"));
        });
        // The example at its head, then an applied script edited (a comment added).
        SETUPS.put("changed-script", (dir, env, guide, migrate) -> {
            copyExample(dir);
            migrate.run(new Project(dir, env), "upgrade head");
            Path f = versions(dir).resolve("3c4d2e5f6a7b_index_users_created_at.sql");
            Files.writeString(f, Files.readString(f).replace("-- migrate:upgrade\n",
                    "-- migrate:upgrade\n-- Sign-up reports sort by this column.\n"));
        });
        // check --format json with every category at once (MIGRATIONS.md, "Examples"): the database is at 4d5e and
        // at 7a8b, a revision from a branch not merged here; 2b3e was edited after it was applied; a process died in
        // the non-transactional 9c0d, which is also pending with the merge revision.
        SETUPS.put("check-everything", (dir, env, guide, migrate) -> {
            copyExample(dir);
            Project p = new Project(dir, env);
            migrate.run(p, "upgrade 4d5e");
            Path unknown = write(dir, "7a8b9c0d1e2f_add_user_nickname.sql", script("Add user nickname", "7a8b9c0d1e2f",
                    "5e6f4a7b8c9d", "ALTER TABLE users ADD COLUMN nickname VARCHAR(50);", "ALTER TABLE users DROP COLUMN nickname;"));
            migrate.run(p, "upgrade 7a8b");
            Files.delete(unknown);
            Path avatar = versions(dir).resolve("2b3e1d4c5f6a_add_user_avatar.sql");
            Files.writeString(avatar, Files.readString(avatar).replace("VARCHAR(500);", "VARCHAR(1000);"));
            write(dir, "9c0d1e2f3a4b_add_locale.sql", script("Add a locale", "9c0d1e2f3a4b", "3c4d2e5f6a7b",
                    "-- migrate:no-transaction\nALTER TABLE users ADD COLUMN locale VARCHAR(10);\n"
                            + "CREATE INDEX ix_users_locale ON users (locale);",
                    "-- migrate:no-transaction\nDROP INDEX ix_users_locale;\nALTER TABLE users DROP COLUMN locale;"));
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("app.db"));
                 Statement st = c.createStatement()) {
                // What a process killed in 9c0d's second statement leaves behind: its `running` row.
                st.executeUpdate("INSERT INTO migrate_version_audit (revision, kind, heads_before, heads_after, checksum, "
                        + "db_user, os_user, host, tool_version, started_at, duration_ms, status, error, statement) "
                        + "SELECT '9c0d1e2f3a4b', 'upgrade', heads_after, heads_after, NULL, db_user, os_user, host, "
                        + "tool_version, started_at, 0, 'running', NULL, 'CREATE INDEX ix_users_locale ON users (locale)' "
                        + "FROM migrate_version_audit WHERE revision = '7a8b9c0d1e2f'");
            }
        });
        // The example on PostgreSQL, 2b3e calling a function the database lacks on its line 9.
        SETUPS.put("gravatar-postgres", (dir, env, guide, migrate) -> {
            copyExample(dir);
            Path avatar = versions(dir).resolve("2b3e1d4c5f6a_add_user_avatar.sql");
            Files.writeString(avatar, Files.readString(avatar).replace("VARCHAR(500);\n",
                    "VARCHAR(500);\nUPDATE users SET avatar_url = gravatar(email);\n"));
        });
        // r1, r2 on PostgreSQL, and r3 as the guide shows it in "Transactions and failures": the statement that
        // begins on its line 10 misspells a column on line 13.
        SETUPS.put("failing-r3-postgres", (dir, env, guide, migrate) -> {
            copyExample(dir);
            clear(versions(dir));
            write(dir, "r1.sql", script("Create accounts", "r1", "", "CREATE TABLE accounts (id integer, email text);",
                    "DROP TABLE accounts;"));
            write(dir, "r2.sql", script("Create audit", "r2", "r1", "CREATE TABLE audit (id integer);", "DROP TABLE audit;"));
            List<Guide.Block> r3 = guide.section("Transactions and failures").stream().filter(b -> b.lang().equals("sql")).toList();
            if (r3.size() != 1) throw new IllegalStateException("expected one script in \"Transactions and failures\", found " + r3);
            write(dir, "r3.sql", r3.get(0).text());
        });
        // The guide's Java revision script in a project of its own, with the two revisions it names: 1a2b3c4d5e6f,
        // then 9e8d7c6b5a40 (which creates no users table: the script's first statement fails).
        SETUPS.put("java-avatar-postgres", (dir, env, guide, migrate) -> javaAvatar(dir, guide, Map.of()));
        // The same script with two mistakes: a misspelt method on line 14, an int for a type on line 15.
        SETUPS.put("java-typos", (dir, env, guide, migrate) -> javaAvatar(dir, guide, Map.of(
                "op.addColumn(\"users\", Column.of(\"avatar_url\"", "op.addColum(\"users\", Column.of(\"avatar_url\"",
                "Column.of(\"avatar_kind\", \"varchar(20)\")", "Column.of(\"avatar_kind\", 20)")));
        // The guide's Java script, never compiled, on a Java runtime without the compiler module (as a JRE).
        SETUPS.put("java-jre", (dir, env, guide, migrate) -> {
            javaAvatar(dir, guide, Map.of());
            env.put("MIGRATE_JAVA_OPTS", "--limit-modules java.se");
        });
        // A project whose revisions are compiled into the application's jar, build/libs/app.jar.
        SETUPS.put("app-jar", (dir, env, guide, migrate) -> {
            migrate.run(new Project(dir, env), "init");
            Path classes = dir.resolve("build/classes");
            JavaClasses.compile(classes, Map.of("com/example/db/CreateUsers.java", """
                    package com.example.db;

                    import dev.migrate.api.*;

                    @Revision(id = "1a2b3c4d5e6f", message = "Create users table")
                    public class CreateUsers implements ReversibleMigration {
                        public void upgrade(Operations op) {
                            op.createTable("users", Column.of("id", "bigint").primaryKey(), Column.of("email", "text").notNull());
                        }

                        public void downgrade(Operations op) {
                            op.dropTable("users");
                        }
                    }
                    """));
            Files.createDirectories(dir.resolve("build/libs"));
            JavaClasses.jar(classes, dir.resolve("build/libs/app.jar"));
        });
    }

    private DocProjects() { }

    public static boolean exists(String name) {
        return SETUPS.containsKey(name);
    }

    /**
     * Creates the named project in a new directory under {@code parent}.
     *
     * @param migrate runs migrate commands the setup needs (in-process or the packaged tool)
     */
    public static Project create(String name, Path parent, Guide guide, Migrate migrate) {
        Setup setup = SETUPS.get(name);
        if (setup == null) throw new IllegalArgumentException("no setup named " + name + "; known: " + SETUPS.keySet());
        try {
            Path dir = Files.createTempDirectory(parent, name + "-");
            Map<String, String> env = new LinkedHashMap<>();
            if (name.endsWith("-postgres")) env.put("DATABASE_URL", PostgresServer.createDatabase());
            setup.create(dir, env, guide, migrate);
            return new Project(dir, env);
        } catch (Exception e) {
            throw new IllegalStateException("setup " + name + " failed: " + e, e);
        }
    }

    /** The ids of the revision scripts in the project, for telling documented ids from random ones. */
    public static List<String> scriptIds(Path dir) {
        Path versions = versions(dir);
        if (!Files.isDirectory(versions)) return List.of();
        try (Stream<Path> s = Files.list(versions)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9a-f]{12}_.*"))
                    .map(n -> n.substring(0, 12)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path versions(Path dir) {
        return dir.resolve("migrations").resolve("versions");
    }

    static void copyExample(Path dir) throws IOException {
        copyTree(Path.of("migrations"), dir.resolve("migrations"));
        Files.copy(Path.of("migrate.yaml"), dir.resolve("migrate.yaml"));
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.sorted().toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void clear(Path versions) throws IOException {
        try (Stream<Path> s = Files.list(versions)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    static Path write(Path dir, String name, String content) throws IOException {
        Files.createDirectories(versions(dir));
        return Files.writeString(versions(dir).resolve(name), content);
    }

    /** An SQL revision script in the guide's format. */
    static String script(String message, String id, String revises, String upgrade, String downgrade) {
        return "-- " + message + "\n--\n-- Revision ID: " + id + "\n-- Revises: " + revises
                + "\n-- Create Date: 2026-11-21 10:30:00.000000\n\n-- migrate:upgrade\n" + upgrade
                + "\n\n-- migrate:downgrade\n" + downgrade + "\n";
    }

    /**
     * The guide's Java revision script at the path its first line names, edited by {@code replacements}, with
     * 1a2b3c4d5e6f and 9e8d7c6b5a40 below it.
     */
    private static void javaAvatar(Path dir, Guide guide, Map<String, String> replacements) throws IOException {
        copyExample(dir);
        clear(versions(dir));
        write(dir, "1a2b3c4d5e6f_create_accounts.sql", script("Create accounts", "1a2b3c4d5e6f", "",
                "CREATE TABLE accounts (id integer);", "DROP TABLE accounts;"));
        write(dir, "9e8d7c6b5a40_create_teams.sql", script("Create teams", "9e8d7c6b5a40", "1a2b3c4d5e6f",
                "CREATE TABLE teams (id integer);", "DROP TABLE teams;"));
        Guide.Block java = javaRevisionBlock(guide);
        String path = java.lines().get(0).substring(3).strip();
        String text = java.text();
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            if (!text.contains(r.getKey())) throw new IllegalStateException(java + " no longer contains " + r.getKey());
            text = text.replace(r.getKey(), r.getValue());
        }
        Files.writeString(dir.resolve(path), text);
    }

    /** The guide's Java revision script: the java block whose first line is a comment naming its file. */
    static Guide.Block javaRevisionBlock(Guide guide) {
        List<Guide.Block> found = new ArrayList<>();
        for (Guide.Block b : guide.blocks()) {
            if (b.lang().equals("java") && !b.lines().isEmpty() && b.lines().get(0).matches("// migrations/versions/\\S+\\.java")) {
                found.add(b);
            }
        }
        if (found.size() != 1) throw new IllegalStateException("expected one Java revision script in the guide, found " + found);
        return found.get(0);
    }
}
