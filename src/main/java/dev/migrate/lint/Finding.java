package dev.migrate.lint;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One thing lint found in a revision.
 *
 * @param rule      the rule's id, e.g. {@code table-rewrite}; what {@code -- migrate:lint-ignore} names
 * @param severity  how much it matters (after weighing by the table's size, when known)
 * @param revision  the revision's id
 * @param file      the revision's script
 * @param line      the line of the statement in the script (0 when not known, e.g. a Java revision's)
 * @param statement the statement, as written
 * @param table     the table concerned, schema-qualified where known; null when none
 * @param message   what happens, in one sentence: "ACCESS EXCLUSIVE on public.users: blocks reads and writes until
 *                  the transaction commits"
 * @param fix       the safe way to do it; null when there is none to suggest
 * @param ignored   the reason given with {@code -- migrate:lint-ignore}; null when the finding stands
 */
public record Finding(String rule, Severity severity, String revision, Path file, int line, String statement,
                      String table, String message, String fix, String ignored) {

    public Finding {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    /** The same finding with another severity (weighed by the table's size). */
    public Finding withSeverity(Severity s) {
        return new Finding(rule, s, revision, file, line, statement, table, message, fix, ignored);
    }

    /** The same finding, ignored for {@code reason}. */
    public Finding ignoredFor(String reason) {
        return new Finding(rule, severity, revision, file, line, statement, table, message, fix, reason);
    }

    /** The same finding with more said about it (the table's size). */
    public Finding withMessage(String m) {
        return new Finding(rule, severity, revision, file, line, statement, table, m, fix, ignored);
    }

    public boolean isIgnored() {
        return ignored != null;
    }
}
