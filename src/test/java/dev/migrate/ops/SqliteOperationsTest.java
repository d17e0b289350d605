package dev.migrate.ops;

import dev.migrate.support.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The operations on SQLite: a new database file for each test. */
class SqliteOperationsTest extends OperationsContract {

    @TempDir
    Path dir;

    @BeforeEach
    void newDatabase() {
        db = TestDatabase.sqlite(dir);
        probe = Probe.of(db);
    }

    @Override
    SqlRenderer renderer() {
        return new SqliteRenderer();
    }
}
