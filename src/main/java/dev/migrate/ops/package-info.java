/**
 * The implementation of {@link dev.migrate.api.Operations}: {@link dev.migrate.ops.SqlOperations} validates each
 * call and hands it to the {@link dev.migrate.ops.SqlRenderer} of the database ({@code Dialect.renderer()}), whose
 * statements it then runs on the revision's connection (online) or collects for a printed script (offline).
 *
 * <h2>What each operation does on each database</h2>
 *
 * <p>PostgreSQL does every operation in place. SQLite's {@code ALTER TABLE} can only rename a table, add, rename
 * and drop a column; for the rest migrate copies the table, as Alembic's batch mode does ("move and copy"). A copy
 * needs the table's current definition, which only the live database has, so offline SQL cannot include it.
 *
 * <pre>
 * | Operation                                  | PostgreSQL                     | SQLite                                                                      | SQLite, offline SQL                          |
 * |--------------------------------------------|--------------------------------|-----------------------------------------------------------------------------|----------------------------------------------|
 * | createTable                                | CREATE TABLE                   | in place: CREATE TABLE                                                      | yes                                          |
 * | dropTable                                  | DROP TABLE                     | in place: DROP TABLE                                                        | yes                                          |
 * | renameTable                                | ALTER TABLE ... RENAME TO      | in place: ALTER TABLE ... RENAME TO                                         | yes                                          |
 * | addColumn: nullable, or a literal default  | ADD COLUMN                     | in place: ADD COLUMN                                                        | yes                                          |
 * | addColumn: primaryKey, unique, NOT NULL    | ADD COLUMN                     | table copy                                                                  | refused                                      |
 * |   without default, or a defaultSql default |                                |                                                                             |                                              |
 * | addColumn: identity                        | ADD COLUMN                     | refused (IllegalArgumentException)                                          | refused                                      |
 * | dropColumn                                 | DROP COLUMN (drops its indexes | in place: DROP INDEX for each index on the column, then DROP COLUMN         | DROP COLUMN only, which SQLite refuses for   |
 * |                                            | and constraints with it)       |                                                                             | an indexed or constrained column             |
 * | dropColumn: in a primary key, unique or    | DROP COLUMN                    | table copy without the column, its indexes and those constraints            | as above                                     |
 * |   foreign key constraint                   |                                |                                                                             |                                              |
 * | alterColumn: name only                     | RENAME COLUMN                  | in place: RENAME COLUMN                                                     | yes                                          |
 * | alterColumn: type, nullability, default    | ALTER COLUMN ... (one ALTER    | table copy (then RENAME COLUMN if the name changes too)                     | refused                                      |
 * |                                            | TABLE), then RENAME COLUMN     |                                                                             |                                              |
 * | createIndex: unique, where                 | CREATE [UNIQUE] INDEX ... WHERE| in place: CREATE [UNIQUE] INDEX ... WHERE                                   | yes                                          |
 * | createIndex / dropIndex: concurrently      | ... CONCURRENTLY (needs        | the plain CREATE INDEX / DROP INDEX: SQLite has no concurrent build         | yes                                          |
 * |                                            | transactional = false)         |                                                                             |                                              |
 * | dropIndex                                  | DROP INDEX                     | in place: DROP INDEX                                                        | yes                                          |
 * | createForeignKey                           | ADD CONSTRAINT ... FOREIGN KEY | table copy                                                                  | refused                                      |
 * | createUniqueConstraint                     | ADD CONSTRAINT ... UNIQUE      | table copy                                                                  | refused                                      |
 * | createCheckConstraint                      | ADD CONSTRAINT ... CHECK       | table copy                                                                  | refused                                      |
 * | dropConstraint                             | DROP CONSTRAINT                | table copy; the name must appear as CONSTRAINT name in the CREATE TABLE     | refused                                      |
 * | execute                                    | the statement as written       | the statement as written                                                    | yes                                          |
 * | bulkInsert                                 | bound parameters               | bound parameters                                                            | yes: one INSERT with literals per row        |
 * | connection()                               | the revision's connection      | the revision's connection                                                   | refused (on PostgreSQL too)                  |
 * </pre>
 *
 * <p>"Refused" offline is an {@link dev.migrate.api.OfflineModeException} naming the revision and the operation.
 *
 * <h2>The SQLite table copy</h2>
 *
 * <p>The copy follows SQLite's own recipe (sqlite.org/lang_altertable.html, "Making Other Kinds Of Table Schema
 * Changes"), inside the revision's transaction:
 * <ol>
 * <li>read the table's {@code CREATE TABLE} statement from {@code sqlite_master}, and change only the element the
 * operation concerns: every other column definition and constraint is kept as written (types, collations, checks,
 * {@code REFERENCES}, generated columns, constraint names, {@code WITHOUT ROWID}, {@code STRICT});</li>
 * <li>{@code CREATE TABLE _migrate_tmp_<table>} with the new definition;</li>
 * <li>{@code INSERT INTO _migrate_tmp_<table> (...) SELECT ... FROM <table>}, for the columns both definitions
 * have (not generated ones); a type change with {@code using} selects that expression instead of the column;</li>
 * <li>{@code DROP TABLE <table>}, then {@code ALTER TABLE _migrate_tmp_<table> RENAME TO <table>} with
 * {@code PRAGMA legacy_alter_table} on for the rename, so that views naming the table neither fail the rename nor
 * change;</li>
 * <li>for an {@code AUTOINCREMENT} table, carry the old {@code sqlite_sequence} value over, so that numbers of
 * deleted rows are not reused;</li>
 * <li>recreate the table's indexes and triggers from their SQL in {@code sqlite_master}.</li>
 * </ol>
 * Views keep working, and tables whose foreign keys refer to the table keep referring to it. What the copy does not
 * keep: the rowids of a table without an {@code INTEGER PRIMARY KEY} (rows are renumbered, as {@code VACUUM} may do).
 * The copy is atomic only inside the revision's transaction, which is the default.
 *
 * <p>With {@code PRAGMA foreign_keys} on, dropping the old table would first delete its rows, firing the
 * {@code ON DELETE} actions of the tables that refer to it, and the pragma cannot be turned off inside a
 * transaction. So a copy of a table that other tables (or itself) refer to is refused while foreign keys are
 * enforced ({@code IllegalStateException}); migrate's own connections leave them off, SQLite's default.
 *
 * <h2>Other differences</h2>
 * <ul>
 * <li>An {@code identity()} column is {@code GENERATED BY DEFAULT AS IDENTITY} on PostgreSQL, and
 * {@code INTEGER PRIMARY KEY AUTOINCREMENT} on SQLite, which allows it only on a single-column primary key.</li>
 * <li>SQLite does not make primary key columns NOT NULL by itself; migrate declares them NOT NULL.</li>
 * <li>A {@code defaultSql} expression is placed as written on PostgreSQL, in parentheses on SQLite.</li>
 * <li>Literals (defaults, offline {@code bulkInsert}): PostgreSQL gets {@code TRUE}, typed date and time literals
 * ({@code DATE '2026-11-21'}, {@code TIMESTAMP WITH TIME ZONE '...+02:00'}), {@code decode('00ff', 'hex')} and
 * {@code E'...'} for a string with a backslash; SQLite gets {@code 1}/{@code 0}, ISO-8601 text
 * ({@code '2026-11-21 10:30:00'}; an {@code Instant} in UTC without offset) and {@code X'00ff'}. Online binding
 * stores the same values.</li>
 * <li>Names are quoted only where needed: not lower-case letters, digits and underscores, or a key word of the
 * database (SQLite has more: {@code key}, {@code action}, {@code groups} are quoted there).</li>
 * </ul>
 */
package dev.migrate.ops;
