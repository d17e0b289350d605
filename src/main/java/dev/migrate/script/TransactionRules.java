package dev.migrate.script;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Statements that PostgreSQL refuses inside a transaction block. A section that holds one must say
 * {@code -- migrate:no-transaction}; otherwise loading fails, naming the file, the line and the fix, before
 * anything runs.
 */
public final class TransactionRules {

    /** A cheap first look, so that ordinary scripts are not split at load time. */
    private static final Pattern CANDIDATE = Pattern.compile(
            "(?i)\\b(CONCURRENTLY|VACUUM|SYSTEM|DATABASE|TABLESPACE|SUBSCRIPTION|CLUSTER|DISCARD|PREPARED)\\b");

    private record Rule(Pattern pattern, String what) { }

    private static final List<Rule> RULES = List.of(
            new Rule(Pattern.compile("^CREATE\\s+(UNIQUE\\s+)?INDEX\\s+CONCURRENTLY\\b"), "CREATE INDEX CONCURRENTLY"),
            new Rule(Pattern.compile("^DROP\\s+INDEX\\s+CONCURRENTLY\\b"), "DROP INDEX CONCURRENTLY"),
            new Rule(Pattern.compile("^REINDEX\\b.*\\bCONCURRENTLY\\b", Pattern.DOTALL), "REINDEX ... CONCURRENTLY"),
            new Rule(Pattern.compile("^REINDEX\\s*(\\([^)]*\\)\\s*)?(DATABASE|SYSTEM)\\b"), "REINDEX DATABASE/SYSTEM"),
            new Rule(Pattern.compile("^ALTER\\s+DATABASE\\b.*\\bSET\\s+TABLESPACE\\b", Pattern.DOTALL), "ALTER DATABASE ... SET TABLESPACE"),
            new Rule(Pattern.compile("^DISCARD\\s+ALL\\b"), "DISCARD ALL"),
            new Rule(Pattern.compile("^(COMMIT|ROLLBACK)\\s+PREPARED\\b"), "COMMIT/ROLLBACK PREPARED"),
            new Rule(Pattern.compile("^VACUUM\\b"), "VACUUM"),
            new Rule(Pattern.compile("^ALTER\\s+SYSTEM\\b"), "ALTER SYSTEM"),
            new Rule(Pattern.compile("^(CREATE|DROP)\\s+DATABASE\\b"), "CREATE/DROP DATABASE"),
            new Rule(Pattern.compile("^(CREATE|DROP)\\s+TABLESPACE\\b"), "CREATE/DROP TABLESPACE"),
            new Rule(Pattern.compile("^(CREATE|DROP)\\s+SUBSCRIPTION\\b"), "CREATE/DROP SUBSCRIPTION"),
            new Rule(Pattern.compile("^CLUSTER\\s*$"), "CLUSTER without a table"));

    /** The words of {@link #CANDIDATE}: a case-insensitive search for them is cheaper than the expression. */
    private static final List<String> CANDIDATE_WORDS = List.of("CONCURRENTLY", "VACUUM", "SYSTEM", "DATABASE",
            "TABLESPACE", "SUBSCRIPTION", "CLUSTER", "DISCARD", "PREPARED");

    private TransactionRules() { }

    /** False when no word of {@link #CANDIDATE} occurs at all, as in most scripts; the expression decides otherwise. */
    private static boolean mayBeCandidate(String sql) {
        String upper = sql.toUpperCase(Locale.ROOT);
        for (String word : CANDIDATE_WORDS) {
            if (upper.contains(word)) return true;
        }
        return false;
    }

    /** The statement kind that cannot run in a transaction, or null. */
    public static String forbiddenInTransaction(String statement) {
        String s = stripLeadingComments(statement).strip().toUpperCase(Locale.ROOT);
        for (Rule r : RULES) {
            if (r.pattern().matcher(s).find()) return r.what();
        }
        return null;
    }

    /** Fails when a transactional section of the script holds a statement that cannot run in a transaction. */
    static void check(SqlScript script) {
        check(script.path(), script.upgrade(), ScriptLoader.UPGRADE);
        script.downgrade().ifPresent(d -> check(script.path(), d, ScriptLoader.DOWNGRADE));
    }

    private static void check(Path file, SqlScript.Section section, String name) {
        if (section.hasFlag(ScriptLoader.NO_TRANSACTION) || !mayBeCandidate(section.sql())
                || !CANDIDATE.matcher(section.sql()).find()) return;
        for (SqlSplitter.Statement st : SqlSplitter.split(file, section, SqlSplitter.Flavor.POSTGRESQL)) {
            String what = forbiddenInTransaction(st.sql());
            if (what != null) {
                throw new ScriptException(file, st.line(), what + " cannot run inside a transaction",
                        "Add a line `-- migrate:no-transaction` to the " + name + " section (best in a revision of its own: "
                                + "statements outside a transaction cannot be rolled back together)");
            }
        }
    }

    private static String stripLeadingComments(String sql) {
        String s = sql.strip();
        while (true) {
            if (s.startsWith("--")) {
                int nl = s.indexOf('\n');
                s = nl < 0 ? "" : s.substring(nl + 1).strip();
            } else if (s.startsWith("/*")) {
                int end = s.indexOf("*/");
                s = end < 0 ? "" : s.substring(end + 2).strip();
            } else {
                return s;
            }
        }
    }
}
