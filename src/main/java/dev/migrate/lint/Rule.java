package dev.migrate.lint;

import java.util.List;
import java.util.Optional;

/**
 * A rule of lint: its id (what {@code -- migrate:lint-ignore} names), how much its findings matter before the table's
 * size is known, what it is about, and the safe way. Style rules run only when asked for ({@code --style}).
 */
public record Rule(String id, Severity severity, String summary, String fix, boolean style, boolean traced) {

    /** Every rule, static and traced, in the order the guide lists them. */
    public static final List<Rule> ALL = List.of(
            // measured on a shadow database
            new Rule("strong-lock", Severity.NOTE, "takes a lock that blocks writes (or reads) on an existing table",
                    "Keep the transaction short: nothing slow after the lock (lock_timeout bounds the wait for it).", false, true),
            new Rule("table-rewrite", Severity.WARNING, "rewrites an existing table under ACCESS EXCLUSIVE",
                    "Expand and contract: a new column, a backfill in batches, the switch; or a change PostgreSQL does in place.", false, true),
            new Rule("validation-scan", Severity.WARNING, "scans every row of an existing table under a lock that blocks writes",
                    "Add the constraint NOT VALID, then VALIDATE CONSTRAINT in a later revision.", false, true),
            new Rule("index-blocks-writes", Severity.WARNING, "builds an index on an existing table without CONCURRENTLY",
                    "CREATE INDEX CONCURRENTLY in a revision of its own marked -- migrate:no-transaction.", false, true),
            new Rule("work-under-strong-lock", Severity.WARNING, "reads or writes rows while holding a strong lock (a backfill under DDL)",
                    "Commit the DDL first; backfill in a revision of its own, in batches.", false, true),
            new Rule("foreign-key-locks-referenced", Severity.WARNING, "adding a foreign key locks the referenced table too",
                    "Add it NOT VALID, then VALIDATE CONSTRAINT in a later revision.", false, true),
            new Rule("validate-in-same-transaction", Severity.WARNING, "validates a constraint in the transaction that added it NOT VALID",
                    "Move VALIDATE CONSTRAINT to a later revision.", false, true),
            new Rule("does-not-run", Severity.ERROR, "fails on its parents' schema", "Fix the revision.", false, true),
            new Rule("roundtrip", Severity.ERROR, "the downgrade does not give back the schema the upgrade started from",
                    "Make the downgrade undo exactly what the upgrade does.", false, true),
            // read from the text
            new Rule("transaction-control", Severity.WARNING, "controls the transaction inside a section (BEGIN, COMMIT, SAVEPOINT ...)",
                    "Let migrate run each revision in its transaction; split the revision instead.", false, false),
            new Rule("timeout-override", Severity.WARNING, "sets lock_timeout or statement_timeout in the script",
                    "Use the script's `-- Lock Timeout:` / `-- Statement Timeout:` header: migrate restores them after the revision.", false, false),
            new Rule("concurrently-with-others", Severity.WARNING, "a CONCURRENTLY statement shares its revision with other statements",
                    "Give each concurrent index build a no-transaction revision of its own: a failure in it is then easy to retry.", false, false),
            new Rule("not-idempotent", Severity.WARNING, "a statement of a no-transaction section cannot be run twice",
                    "Write IF NOT EXISTS / IF EXISTS: a no-transaction revision that fails part-way is retried from its first statement.", false, false),
            new Rule("drop-column", Severity.WARNING, "drops a column that running instances of the application may still read",
                    "Stop using the column in a release first; drop it in a later one.", false, false),
            new Rule("drop-table", Severity.WARNING, "drops a table that running instances of the application may still use",
                    "Stop using the table in a release first; drop it in a later one.", false, false),
            new Rule("rename-column", Severity.WARNING, "renames a column that running instances of the application use by its old name",
                    "Add the new column, write both, backfill, switch the readers, then drop the old one.", false, false),
            new Rule("rename-table", Severity.WARNING, "renames a table that running instances of the application use by its old name",
                    "Create the new table (or a view under the old name) and move over in steps.", false, false),
            new Rule("rename-enum-value", Severity.WARNING, "renames an enum value that running instances of the application still write",
                    "Add the new value, move the rows and the code, then stop using the old one.", false, false),
            new Rule("not-null-without-default", Severity.ERROR, "adds a NOT NULL column without a default to an existing table",
                    "Give it a DEFAULT (instant from PostgreSQL 11), or add it nullable, backfill, then SET NOT NULL through a validated check.", false, false),
            new Rule("truncate", Severity.WARNING, "TRUNCATE empties a table under ACCESS EXCLUSIVE", "Delete in batches, or make sure this is meant.", false, false),
            new Rule("vacuum-full", Severity.WARNING, "VACUUM FULL rewrites the table under ACCESS EXCLUSIVE",
                    "Use pg_repack or plain VACUUM.", false, false),
            new Rule("cluster", Severity.WARNING, "CLUSTER rewrites the table under ACCESS EXCLUSIVE", "Use pg_repack.", false, false),
            new Rule("lock-table", Severity.WARNING, "LOCK TABLE holds a lock for the rest of the transaction",
                    "Take no explicit lock in a migration; let each statement take the one it needs.", false, false),
            new Rule("ignore-without-reason", Severity.ERROR, "a lint-ignore directive gives no reason",
                    "Write -- migrate:lint-ignore RULE reason=\"why it is safe here\".", false, false),
            // style, when asked for
            new Rule("timestamp-without-time-zone", Severity.NOTE, "a timestamp column without a time zone",
                    "Use timestamptz: it stores an instant, whatever the session's TimeZone.", true, false),
            new Rule("int-primary-key", Severity.NOTE, "an int or serial primary key (2^31 ids)", "Use bigint (or bigserial, or an identity on bigint).", true, false),
            new Rule("json-not-jsonb", Severity.NOTE, "a json column", "Use jsonb: indexable, compared by value.", true, false),
            new Rule("oid-column", Severity.NOTE, "an oid column", "Store a bigint, or use large objects through their own API.", true, false));

    public static Optional<Rule> find(String id) {
        return ALL.stream().filter(r -> r.id().equals(id)).findFirst();
    }
}
