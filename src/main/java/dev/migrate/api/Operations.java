package dev.migrate.api;

import java.sql.Connection;
import java.util.List;
import java.util.Map;

/**
 * The schema operations of a revision, Alembic's {@code op.*}. Each call renders SQL for the database at hand and,
 * online, runs it at once in the revision's transaction, or, offline, adds it to the printed script.
 *
 * <p><b>Names</b> (tables, columns, indexes, constraints) are plain names, quoted in the SQL only where the
 * database needs it: a name that is not lower case letters, digits and underscores, or that is a reserved word
 * ({@code "order"}, {@code "Account"}). A name must not be blank, contain control characters or be longer than 63
 * bytes (PostgreSQL's limit, applied on both databases), and may not be schema-qualified: the table is looked up
 * in the connection's current schema. <b>Conditions, defaults and types</b> are SQL text, placed as written.
 *
 * <p><b>Errors</b>: a mistake in the arguments is an {@link IllegalArgumentException} with a one-line message,
 * thrown before anything runs; a statement the database rejects is an {@link OperationFailedException}; an
 * operation that needs a live database while offline is an {@link OfflineModeException}.
 *
 * <p><b>SQLite</b> cannot alter columns or constraints in place. Those operations copy the table (Alembic's batch
 * mode): {@code dev.migrate.ops} documents which operation runs in place, which copies and which is refused.
 */
public interface Operations {

    /** The database the SQL is rendered for: {@code postgresql} or {@code sqlite}. */
    String dialect();

    /** Whether SQL is being printed rather than run ({@link #connection()} is then unavailable). */
    boolean offline();

    /**
     * Creates a table from columns and table-level constraints, in the order given.
     *
     * <pre>{@code
     * op.createTable("memberships",
     *         Column.of("account_id", "bigint").notNull(),
     *         Column.of("group_id", "bigint").notNull(),
     *         Constraint.primaryKey("account_id", "group_id"),
     *         Constraint.foreignKey("fk_memberships_account", List.of("account_id"), "accounts", List.of("id"))
     *                 .onDelete(ReferentialAction.CASCADE));
     * }</pre>
     *
     * @throws IllegalArgumentException if there is no column, a name is invalid or repeated, or the primary key is
     *                                  given twice
     */
    void createTable(String table, TableElement... elements);

    /** Drops a table with its indexes and constraints ({@code DROP TABLE}, without {@code CASCADE}). */
    void dropTable(String table);

    /** Renames a table; indexes and constraints follow it, and keep their names. */
    void renameTable(String from, String to);

    /**
     * Adds a column. PostgreSQL fills existing rows with the default (or NULL, which a NOT NULL column without a
     * default refuses if the table has rows).
     */
    void addColumn(String table, Column column);

    /**
     * Drops a column, and the indexes and constraints that include it (on SQLite, online; offline SQLite refuses to
     * drop an indexed or constrained column).
     */
    void dropColumn(String table, String column);

    /**
     * Changes a column's type, nullability, default and/or name.
     *
     * @throws IllegalArgumentException if the change is empty
     */
    void alterColumn(String table, String column, ColumnChange change);

    /** Creates a plain index over {@code columns}, in order. */
    void createIndex(String name, String table, List<String> columns);

    /**
     * Creates an index over {@code columns} (column names, in order) with options: unique, partial, concurrently.
     *
     * @throws IllegalArgumentException if {@code columns} is empty or holds an invalid name
     */
    void createIndex(String name, String table, List<String> columns, IndexOptions options);

    /** Drops an index. */
    void dropIndex(String name);

    /**
     * Drops an index; {@code concurrently} renders PostgreSQL's {@code DROP INDEX CONCURRENTLY}, which cannot run in
     * a transaction. SQLite ignores it.
     */
    void dropIndex(String name, boolean concurrently);

    /**
     * Adds a foreign key from {@code localColumns} of {@code sourceTable} to {@code remoteColumns} of
     * {@code referentTable}, which must be its primary key or have a unique constraint.
     */
    void createForeignKey(String name, String sourceTable, List<String> localColumns, String referentTable,
                          List<String> remoteColumns);

    /** As {@link #createForeignKey(String, String, List, String, List)}, with the actions on delete and update. */
    void createForeignKey(String name, String sourceTable, List<String> localColumns, String referentTable,
                          List<String> remoteColumns, ReferentialAction onDelete, ReferentialAction onUpdate);

    /** Adds a unique constraint over {@code columns}. */
    void createUniqueConstraint(String name, String table, List<String> columns);

    /** Adds a check constraint; {@code condition} is an SQL boolean expression, without the parentheses. */
    void createCheckConstraint(String name, String table, String condition);

    /** Drops a named constraint of any kind (primary key, unique, check, foreign key). */
    void dropConstraint(String name, String table);

    /**
     * Runs one SQL statement as written; a trailing {@code ;} is allowed. Offline, it is printed as written.
     *
     * @throws IllegalArgumentException if the text holds no statement or more than one: call {@code execute} once
     *                                  per statement, so that each failure names its own statement
     */
    void execute(String sql);

    /**
     * Inserts rows, each a map from column name to value ({@code null}, strings, numbers, booleans, {@code java.time}
     * dates and times, {@link java.util.UUID}, {@code byte[]}). A column missing from a row is left to its default.
     *
     * <p>Online, the values are bound as parameters, in batches. Offline, every row becomes its own
     * {@code INSERT ... VALUES} with the values as literals. Columns appear in the order of their names, so that the
     * printed script does not depend on the maps' iteration order. SQLite stores dates and times as ISO-8601 text
     * ({@code 2026-11-21}, {@code 2026-11-21 10:30:00}; an {@link java.time.Instant} in UTC) and booleans as 1 and 0.
     */
    void bulkInsert(String table, List<Map<String, Object>> rows);

    /**
     * The revision's own JDBC connection, for data migrations: statements run in the revision's transaction. Do not
     * commit, roll back or close it.
     *
     * @throws OfflineModeException offline, where there is no database
     */
    Connection connection();
}
