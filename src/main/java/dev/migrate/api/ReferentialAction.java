package dev.migrate.api;

/** What a foreign key does when the referenced row is deleted or its key updated. */
public enum ReferentialAction {
    /** The default: the change fails if rows still refer to the row (checked at the end of the statement). */
    NO_ACTION("NO ACTION"),
    /** The change fails at once if rows still refer to the row. */
    RESTRICT("RESTRICT"),
    /** Referring rows are deleted, or their key columns updated, too. */
    CASCADE("CASCADE"),
    /** The referring columns are set to NULL. */
    SET_NULL("SET NULL"),
    /** The referring columns are set to their defaults. */
    SET_DEFAULT("SET DEFAULT");

    private final String sql;

    ReferentialAction(String sql) {
        this.sql = sql;
    }

    /** The action as SQL: {@code SET NULL}. */
    public String sql() {
        return sql;
    }
}
