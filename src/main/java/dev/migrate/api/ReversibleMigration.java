package dev.migrate.api;

/** A {@link Migration} that can also be undone. */
public interface ReversibleMigration extends Migration {

    /** Undoes {@link #upgrade}, leaving the schema (and, where it matters, the data) as it was before. */
    void downgrade(Operations op) throws Exception;
}
