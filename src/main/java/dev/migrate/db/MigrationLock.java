package dev.migrate.db;

/** A held migration lock. Closing it releases the lock; it never throws. */
public interface MigrationLock extends AutoCloseable {

    /**
     * A statement that fails with SQLSTATE {@link SessionGuard#LOCK_LOST_STATE} unless the
     * session that runs it holds this lock; empty where the lock cannot be lost while the process lives.
     */
    default String checkSql() {
        return "";
    }

    @Override
    void close();
}
