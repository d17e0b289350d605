package dev.migrate.api;

import java.util.Objects;

/** A column's default: a Java value rendered as a literal of the database, or an SQL expression as written. */
public sealed interface ColumnDefault {

    /**
     * A value: a string, number, boolean, {@code java.time} date or time, UUID or byte array, rendered as a literal
     * the way {@link Operations#bulkInsert} renders it offline ({@code 'it''s'}, {@code 42}, {@code TRUE} on
     * PostgreSQL and {@code 1} on SQLite, ...).
     */
    record Literal(Object value) implements ColumnDefault {
        public Literal {
            if (value == null) {
                throw new IllegalArgumentException("a default value must not be null: leave the default out, "
                        + "or write defaultSql(\"NULL\")");
            }
        }
    }

    /**
     * An SQL expression placed as written: {@code now()}, {@code CURRENT_TIMESTAMP}. SQLite needs any expression
     * but a literal in parentheses, so it is rendered as {@code DEFAULT (expression)} there.
     */
    record Expression(String sql) implements ColumnDefault {
        public Expression {
            Objects.requireNonNull(sql, "sql");
        }
    }
}
