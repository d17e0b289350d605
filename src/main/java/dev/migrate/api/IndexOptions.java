package dev.migrate.api;

import java.util.Objects;
import java.util.Optional;

/**
 * Options of {@link Operations#createIndex}. Immutable; start from {@link #defaults()}:
 * {@code IndexOptions.defaults().unique().where("deleted_at IS NULL")}.
 */
public final class IndexOptions {

    private static final IndexOptions DEFAULTS = new IndexOptions(false, null, false);

    private final boolean unique;
    private final String condition;
    private final boolean concurrently;

    private IndexOptions(boolean unique, String condition, boolean concurrently) {
        this.unique = unique;
        this.condition = condition;
        this.concurrently = concurrently;
    }

    /** A plain index over the whole table. */
    public static IndexOptions defaults() {
        return DEFAULTS;
    }

    /** A unique index. */
    public IndexOptions unique() {
        return new IndexOptions(true, condition, concurrently);
    }

    /** A partial index: only rows for which the SQL condition holds (both databases support it). */
    public IndexOptions where(String sqlCondition) {
        return new IndexOptions(unique, Objects.requireNonNull(sqlCondition, "sqlCondition"), concurrently);
    }

    /**
     * Builds the index without blocking writes: PostgreSQL's {@code CREATE INDEX CONCURRENTLY}, which cannot run in
     * a transaction, so the revision must say {@code @Revision(transactional = false)}. SQLite has no such thing and
     * renders a plain {@code CREATE INDEX}.
     */
    public IndexOptions concurrently() {
        return new IndexOptions(unique, condition, true);
    }

    public boolean isUnique() { return unique; }

    /** The condition of a partial index. */
    public Optional<String> condition() { return Optional.ofNullable(condition); }

    public boolean isConcurrently() { return concurrently; }

    @Override
    public boolean equals(Object o) {
        return o instanceof IndexOptions i && unique == i.unique && Objects.equals(condition, i.condition)
                && concurrently == i.concurrently;
    }

    @Override
    public int hashCode() {
        return Objects.hash(unique, condition, concurrently);
    }

    @Override
    public String toString() {
        return "IndexOptions[" + (unique ? "unique " : "") + (condition == null ? "" : "where " + condition + " ")
                + (concurrently ? "concurrently" : "") + "]";
    }
}
