package dev.migrate.db;

/** A held migration lock. Closing it releases the lock; it never throws. */
public interface MigrationLock extends AutoCloseable {
    @Override
    void close();
}
