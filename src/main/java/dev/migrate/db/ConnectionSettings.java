package dev.migrate.db;

import java.time.Duration;

/**
 * What a dialect needs to know when it opens connections: the name lock waiters see, how long a silent network may
 * hold up a run, and how long to wait for a database that another connection holds busy (SQLite).
 */
public record ConnectionSettings(String applicationName, Duration networkTimeout, Duration busyWait) {

    /** Defaults: a 30 s network timeout, a 60 s busy wait (the lock wait's default). */
    public static ConnectionSettings of(String applicationName) {
        return new ConnectionSettings(applicationName, Duration.ofSeconds(30), Duration.ofSeconds(60));
    }
}
