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

    /** A line that starts with a backslash: a psql meta-command, unless it is inside a string or a comment. */
    private static final Pattern META_COMMAND = Pattern.compile("(?m)^[ \\t]*\\\\");

    private static void check(Path file, SqlScript.Section section, String name) {
        // psql's meta-commands are refused when the scripts load, with the file and line; the splitter knows strings
        // and comments, and is asked only when such a line exists at all.
        if (META_COMMAND.matcher(section.sql()).find()) SqlSplitter.split(file, section, SqlSplitter.Flavor.POSTGRESQL);
        if (section.hasFlag(ScriptLoader.NO_TRANSACTION)) return;
        checkTransactionControl(file, section, name);
        if (!mayBeCandidate(section.sql()) || !CANDIDATE.matcher(section.sql()).find()) return;
        for (SqlSplitter.Statement st : SqlSplitter.split(file, section, SqlSplitter.Flavor.POSTGRESQL)) {
            String what = forbiddenInTransaction(st.sql());
            if (what != null) {
                throw new ScriptException(file, st.line(), what + " cannot run inside a transaction",
                        "Add a line `-- migrate:no-transaction` to the " + name + " section (best in a revision of its own: "
                                + "statements outside a transaction cannot be rolled back together)");
            }
        }
    }

    /** The words a statement that controls the transaction starts with (or, for {@code SET}, holds). */
    private static final List<String> CONTROL_WORDS = List.of("COMMIT", "ROLLBACK", "BEGIN", "START", "END", "ABORT",
            "RELEASE", "SAVEPOINT", "TRANSACTION");

    private static final Pattern SAVEPOINT = Pattern.compile("^SAVEPOINT\\s+(\\S+)\\s*$");
    private static final Pattern ROLLBACK_TO = Pattern.compile(
            "^ROLLBACK(?:\\s+(?:WORK|TRANSACTION))?\\s+TO\\s+(?:SAVEPOINT\\s+)?(\\S+)\\s*$");
    private static final Pattern RELEASE = Pattern.compile("^RELEASE(?:\\s+SAVEPOINT)?\\s+(\\S+)\\s*$");
    private static final Pattern ENDS = Pattern.compile(
            "^(COMMIT|END|ABORT|ROLLBACK)(?:\\s+(?:WORK|TRANSACTION))?(?:\\s+AND\\s+(?:NO\\s+)?CHAIN)?\\s*$");
    private static final Pattern STARTS = Pattern.compile("^(BEGIN|START\\s+TRANSACTION)\\b");
    private static final Pattern READ_ONLY = Pattern.compile(
            "^SET\\s+(?:LOCAL\\s+|SESSION\\s+)?(?:TRANSACTION\\b.*\\bREAD\\s+ONLY\\b|TRANSACTION_READ_ONLY\\s*(?:=|TO)\\s*'?(?:ON|TRUE|1|YES)'?)",
            Pattern.DOTALL);
    private static final Pattern ISOLATION = Pattern.compile("^SET\\s+TRANSACTION\\b.*\\bISOLATION\\b", Pattern.DOTALL);

    /**
     * Statements that end, start or reshape the transaction migrate wraps a revision in: a {@code COMMIT} in the middle
     * would commit half a revision that migrate then reports as rolled back. Refused when the scripts load, with file
     * and line. A statement counts only where the splitters of both databases agree it is one (a {@code BEGIN ... END}
     * inside a function body, a DO block or a SQLite trigger is not).
     */
    private static void checkTransactionControl(Path file, SqlScript.Section section, String name) {
        String upper = section.sql().toUpperCase(Locale.ROOT);
        boolean candidate = false;
        for (String w : CONTROL_WORDS) {
            if (upper.contains(w)) {
                candidate = true;
                break;
            }
        }
        if (!candidate) return;
        SqlSplitter.Statement found = transactionControl(SqlSplitter.split(file, section, SqlSplitter.Flavor.POSTGRESQL));
        if (found == null) return;
        SqlSplitter.Statement other;
        try {
            other = transactionControl(SqlSplitter.split(file, section, SqlSplitter.Flavor.SQLITE));
        } catch (ScriptException e) {
            other = found; // SQLite's splitter cannot read it (a dollar quote): PostgreSQL's reading stands
        }
        if (other == null) return;
        String what = describeControl(normalise(found.sql()));
        throw new ScriptException(file, found.line(), what + " inside a revision that migrate runs in a transaction",
                "migrate wraps each revision in a transaction of its own and commits it together with the version change, "
                        + "so a revision must not end, start or reshape it. Remove the statement; or, if the " + name
                        + " section must control its transactions itself, add a line `-- migrate:no-transaction` to it "
                        + "(its statements then commit one by one and cannot be rolled back together)");
    }

    private static String normalise(String sql) {
        return stripLeadingComments(sql).strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    }

    /** The first statement that controls the transaction, or null; savepoints defined earlier may be used. */
    private static SqlSplitter.Statement transactionControl(List<SqlSplitter.Statement> statements) {
        java.util.Set<String> savepoints = new java.util.HashSet<>();
        boolean first = true;
        for (SqlSplitter.Statement st : statements) {
            String s = normalise(st.sql());
            if (s.isEmpty()) continue;
            java.util.regex.Matcher m;
            if ((m = SAVEPOINT.matcher(s)).matches()) {
                savepoints.add(unquote(m.group(1)));
            } else if ((m = ROLLBACK_TO.matcher(s)).matches() || (m = RELEASE.matcher(s)).matches()) {
                if (!savepoints.contains(unquote(m.group(1)))) return st;
            } else if (ENDS.matcher(s).matches() || STARTS.matcher(s).find() || READ_ONLY.matcher(s).find()
                    || (!first && ISOLATION.matcher(s).find())) {
                return st;
            }
            first = false;
        }
        return null;
    }

    private static String unquote(String name) {
        return name.startsWith("\"") && name.endsWith("\"") && name.length() > 1 ? name.substring(1, name.length() - 1) : name;
    }

    private static String describeControl(String s) {
        if (s.startsWith("ROLLBACK") && s.contains(" TO ")) return "ROLLBACK TO a savepoint not defined earlier in the section";
        if (s.startsWith("RELEASE")) return "RELEASE of a savepoint not defined earlier in the section";
        if (ISOLATION.matcher(s).find() && !READ_ONLY.matcher(s).find()) {
            return "SET TRANSACTION ISOLATION LEVEL after the first statement (PostgreSQL refuses it once the transaction has run a query)";
        }
        if (READ_ONLY.matcher(s).find()) return "making the transaction read-only (migrate's own write of the version change would fail)";
        int space = s.indexOf(' ');
        String word = space < 0 ? s : s.startsWith("START TRANSACTION") ? "START TRANSACTION" : s.substring(0, space);
        return word;
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
