package dev.migrate.support;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * For tests of the command line against one real database per test: a project directory, the database
 * ({@code postgresql} or {@code sqlite}, chosen by a parameterised test), its scripts and the CLI pointed at it.
 */
public abstract class CliTestBase {

    @TempDir protected Path dir;
    protected TestDatabase db;
    protected Scripts scripts;
    protected Cli cli;

    /** A fresh database of {@code kind} ({@code postgresql} or {@code sqlite}) and an empty project. */
    protected void setUp(String kind) {
        db = kind.equals("postgresql") ? TestDatabase.postgres() : TestDatabase.sqlite(dir);
        scripts = new Scripts(dir);
        cli = new Cli(dir).env("DATABASE_URL", db.url());
    }

    @AfterEach
    void closeDatabase() {
        if (db != null) db.close();
    }

    /** a1 -> b2 -> (c3 | d4) -> e5 (merge), with a branch label on c3. */
    protected void diamond() {
        scripts.add("a1", "", "CREATE TABLE t_a (id INTEGER PRIMARY KEY);", "DROP TABLE t_a;");
        scripts.add("b2", "a1", "CREATE TABLE t_b (id INTEGER PRIMARY KEY);", "DROP TABLE t_b;");
        scripts.add("c3", "b2", "-- Branch Labels: left", "CREATE TABLE t_c (id INTEGER PRIMARY KEY);", "DROP TABLE t_c;");
        scripts.add("d4", "b2", "CREATE TABLE t_d (id INTEGER PRIMARY KEY);", "DROP TABLE t_d;");
        scripts.add("e5", "c3, d4", "", "");
    }

    /** r1 -> r2 -> ... -> rN, each creating table tN. */
    protected void linear(int n) {
        for (int i = 1; i <= n; i++) {
            scripts.add("r" + i, i == 1 ? "" : "r" + (i - 1), "CREATE TABLE t" + i + " (id INTEGER PRIMARY KEY);", "DROP TABLE t" + i + ";");
        }
    }
}
