package dev.migrate.core;

import dev.migrate.config.Config;

import java.time.Duration;

/**
 * How a run behaves: the wait for the migration lock, PostgreSQL's {@code lock_timeout} and
 * {@code statement_timeout} for each revision, how often a revision that hit the lock timeout is retried, and the
 * {@code lock_timeout} of statements that build or drop an index concurrently (zero: none).
 */
public record Settings(Duration lockWait, Duration lockTimeout, Duration statementTimeout, int lockRetries,
                       Duration concurrentLockTimeout) {

    public Settings(Duration lockWait, Duration lockTimeout, Duration statementTimeout, int lockRetries) {
        this(lockWait, lockTimeout, statementTimeout, lockRetries, Duration.ZERO);
    }

    /** The defaults of an empty migrate.yaml. */
    public static Settings defaults() {
        return new Settings(Config.DEFAULT_LOCK_WAIT, Config.DEFAULT_LOCK_TIMEOUT, Duration.ZERO, Config.DEFAULT_LOCK_RETRIES);
    }

    public static Settings of(Config c) {
        return new Settings(c.lockWait(), c.lockTimeout(), c.statementTimeout(), c.lockRetries(), c.concurrentLockTimeout());
    }
}
