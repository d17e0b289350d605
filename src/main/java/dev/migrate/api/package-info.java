/**
 * The API that Java revision scripts are written against: Alembic's {@code op.*} for Java.
 *
 * <p>A revision is a class annotated with {@link dev.migrate.api.Revision} that implements {@link
 * dev.migrate.api.Migration} (upgrade only) or {@link dev.migrate.api.ReversibleMigration} (upgrade and downgrade).
 * Its methods receive an {@link dev.migrate.api.Operations}, which renders each call as SQL for the database at
 * hand and either runs it in the revision's transaction (online) or adds it to a printed script (offline):
 *
 * <pre>{@code
 * @Revision(id = "ae1027a6acf", revises = "1975ea83b712", message = "add accounts")
 * public class AddAccounts implements ReversibleMigration {
 *     public void upgrade(Operations op) {
 *         op.createTable("accounts",
 *                 Column.of("id", "bigint").primaryKey().identity(),
 *                 Column.of("email", "varchar(255)").notNull(),
 *                 Column.of("active", "boolean").notNull().defaultValue(true),
 *                 Constraint.unique("uq_accounts_email", "email"));
 *         op.createIndex("ix_accounts_active", "accounts", List.of("active"));
 *     }
 *
 *     public void downgrade(Operations op) {
 *         op.dropIndex("ix_accounts_active");
 *         op.dropTable("accounts");
 *     }
 * }
 * }</pre>
 *
 * <p>This package depends on nothing else in migrate; the implementation lives in {@code dev.migrate.ops}.
 */
package dev.migrate.api;
