package dev.migrate.db;

/** A held migration lock. Closing it releases the lock; it never throws. */
public interface MigrationLock extends AutoCloseable {

    /**
     * What fails with SQLSTATE {@link SessionGuard#LOCK_LOST_STATE} unless the session that runs it holds this lock, in
     * the dialect's own terms (PL/pgSQL for PostgreSQL); empty where the lock cannot be lost while the process lives.
     */
    default String checkSql() {
        return "";
    }

    @Override
    void close();
}
