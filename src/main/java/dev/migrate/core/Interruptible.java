package dev.migrate.core;

/** Work a signal can stop: a single run ({@link Migrator}), or a fleet of them. */
public interface Interruptible {

    /** Asks the running statement(s) to stop; the work rolls back, records the interruption and releases its locks. */
    void cancel();

    /** The work did not end after {@link #cancel()}: close its connections, so that it fails at once. */
    void abort();
}
