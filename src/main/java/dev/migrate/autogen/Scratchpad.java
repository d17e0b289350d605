package dev.migrate.autogen;

import dev.migrate.config.DatabaseUrl;

import java.util.List;

/**
 * The scratch databases of one autogenerate (or lint) run: created on demand on the shadow server, every one of
 * them dropped by {@link #close()}, whatever happened.
 */
public interface Scratchpad extends AutoCloseable {

    /** A scratch database: its URL, for a {@code Database} or a plain connection. */
    interface Scratch {
        DatabaseUrl url();
    }

    /** A new, empty scratch database. */
    Scratch empty();

    /** A new scratch database at the project's revisions replayed to {@code targets} (from the cache when it can). */
    Scratch atRevisions(List<String> targets);

    /** A new scratch database with the content of another. */
    Scratch copy(Scratch of);

    @Override
    void close();
}
