package dev.migrate.api;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Operations#alterColumn} changes: any of type, nullability, default and name. Immutable; start from
 * {@link #to()} and name only what changes:
 *
 * <pre>{@code
 * op.alterColumn("accounts", "email", ColumnChange.to().type("text").notNull());
 * op.alterColumn("accounts", "status", ColumnChange.to().defaultValue("active"));
 * op.alterColumn("accounts", "legacy_id", ColumnChange.to().noDefault().nullable().name("old_id"));
 * op.alterColumn("accounts", "score", ColumnChange.to().type("integer", "trim(score)::integer"));
 * }</pre>
 */
public final class ColumnChange {

    private static final ColumnChange NONE = new ColumnChange(null, null, null, false, null, null);

    private final String type;
    private final String using;
    private final Boolean nullable;
    private final boolean changesDefault;
    private final ColumnDefault newDefault;
    private final String name;

    private ColumnChange(String type, String using, Boolean nullable, boolean changesDefault, ColumnDefault newDefault,
                         String name) {
        this.type = type;
        this.using = using;
        this.nullable = nullable;
        this.changesDefault = changesDefault;
        this.newDefault = newDefault;
        this.name = name;
    }

    /** A change that changes nothing yet. */
    public static ColumnChange to() {
        return NONE;
    }

    /** A new SQL type; existing values are converted by the database's assignment rules. */
    public ColumnChange type(String sqlType) {
        return new ColumnChange(sqlType, null, nullable, changesDefault, newDefault, name);
    }

    /**
     * A new SQL type, with the expression that computes each new value from the row (PostgreSQL's
     * {@code USING}; on SQLite it is the expression the table copy selects).
     */
    public ColumnChange type(String sqlType, String using) {
        return new ColumnChange(sqlType, Objects.requireNonNull(using, "using"), nullable, changesDefault, newDefault, name);
    }

    /** The column may no longer hold NULL (fails if it does). */
    public ColumnChange notNull() {
        return new ColumnChange(type, using, false, changesDefault, newDefault, name);
    }

    /** The column may hold NULL. */
    public ColumnChange nullable() {
        return new ColumnChange(type, using, true, changesDefault, newDefault, name);
    }

    /** A new default given as a Java value (see {@link ColumnDefault.Literal}). */
    public ColumnChange defaultValue(Object value) {
        return new ColumnChange(type, using, nullable, true, new ColumnDefault.Literal(value), name);
    }

    /** A new default given as an SQL expression (see {@link ColumnDefault.Expression}). */
    public ColumnChange defaultSql(String expression) {
        return new ColumnChange(type, using, nullable, true, new ColumnDefault.Expression(expression), name);
    }

    /** Drops the default. */
    public ColumnChange noDefault() {
        return new ColumnChange(type, using, nullable, true, null, name);
    }

    /** A new name; the other changes apply too, and indexes and constraints follow the column. */
    public ColumnChange name(String newName) {
        return new ColumnChange(type, using, nullable, changesDefault, newDefault, newName);
    }

    public Optional<String> newType() { return Optional.ofNullable(type); }

    /** The {@code USING} expression of a type change. */
    public Optional<String> using() { return Optional.ofNullable(using); }

    public Optional<Boolean> newNullable() { return Optional.ofNullable(nullable); }

    /** Whether the default changes; {@link #newDefault()} is then the new one, or empty to drop it. */
    public boolean changesDefault() { return changesDefault; }

    public Optional<ColumnDefault> newDefault() { return Optional.ofNullable(newDefault); }

    public Optional<String> newName() { return Optional.ofNullable(name); }

    /** Whether anything but the name changes. */
    public boolean changesDefinition() {
        return type != null || nullable != null || changesDefault;
    }

    public boolean isEmpty() {
        return !changesDefinition() && name == null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ColumnChange c && Objects.equals(type, c.type) && Objects.equals(using, c.using)
                && Objects.equals(nullable, c.nullable) && changesDefault == c.changesDefault
                && Objects.equals(newDefault, c.newDefault) && Objects.equals(name, c.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, using, nullable, changesDefault, newDefault, name);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("ColumnChange[");
        if (type != null) s.append(" type ").append(type).append(using == null ? "" : " using " + using);
        if (nullable != null) s.append(nullable ? " nullable" : " not null");
        if (changesDefault) s.append(newDefault == null ? " no default" : " default " + newDefault);
        if (name != null) s.append(" name ").append(name);
        return s.append(" ]").toString();
    }
}
