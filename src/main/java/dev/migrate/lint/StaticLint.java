package dev.migrate.lint;

import dev.migrate.script.SqlSplitter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The static pass: what a revision's statements say, read without a database. Each statement is matched with its
 * comments and string literals blanked, so that a word in a comment or a value is never taken for SQL.
 */
public final class StaticLint {

    private record Check(String rule, Pattern pattern, String message) {
    }

    private static final String NAME = "(?:\"(?:[^\"]|\"\")+\"|[\\w$]+)(?:\\.(?:\"(?:[^\"]|\"\")+\"|[\\w$]+))?";

    private static final List<Check> CHECKS = List.of(
            new Check("transaction-control", Pattern.compile("(?is)^\\s*(BEGIN|START\\s+TRANSACTION|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE)\\b(?!\\s+ATOMIC)"),
                    "controls the transaction itself"),
            new Check("timeout-override", Pattern.compile("(?is)^\\s*SET\\s+(?:LOCAL\\s+|SESSION\\s+)?(lock_timeout|statement_timeout)\\b"),
                    "sets %s for the rest of the session"),
            new Check("drop-column", Pattern.compile("(?is)^\\s*ALTER\\s+TABLE\\b.*\\bDROP\\s+(?:COLUMN\\s+)?(?!CONSTRAINT\\b|DEFAULT\\b|NOT\\b|EXPRESSION\\b|IDENTITY\\b)(?:IF\\s+EXISTS\\s+)?(" + NAME + ")"),
                    "drops column %s"),
            new Check("drop-table", Pattern.compile("(?is)^\\s*DROP\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(" + NAME + ")"), "drops table %s"),
            new Check("rename-column", Pattern.compile("(?is)^\\s*ALTER\\s+TABLE\\b.*\\bRENAME\\s+(?:COLUMN\\s+)?(?!TO\\b|CONSTRAINT\\b)(" + NAME + ")\\s+TO\\b"),
                    "renames column %s"),
            new Check("rename-table", Pattern.compile("(?is)^\\s*ALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(" + NAME + ")\\s+RENAME\\s+TO\\b"), "renames table %s"),
            new Check("rename-enum-value", Pattern.compile("(?is)^\\s*ALTER\\s+TYPE\\s+(" + NAME + ")\\s+RENAME\\s+VALUE\\b"), "renames a value of %s"),
            new Check("truncate", Pattern.compile("(?is)^\\s*TRUNCATE\\b\\s*(?:TABLE\\s+)?(" + NAME + ")?"), "truncates %s"),
            new Check("vacuum-full", Pattern.compile("(?is)^\\s*VACUUM\\s*(?:\\(\\s*FULL[^)]*\\)|FULL\\b)"), "runs VACUUM FULL"),
            new Check("cluster", Pattern.compile("(?is)^\\s*CLUSTER\\b"), "runs CLUSTER"),
            new Check("lock-table", Pattern.compile("(?is)^\\s*LOCK\\s+(?:TABLE\\s+)?(?:ONLY\\s+)?(" + NAME + ")"), "locks %s explicitly"));

    private static final Pattern ADD_NOT_NULL = Pattern.compile(
            "(?is)^\\s*ALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(?:ONLY\\s+)?(" + NAME + ")\\s+ADD\\s+(?:COLUMN\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?(" + NAME + ")\\b([^,]*)");
    private static final Pattern CREATE_TABLE = Pattern.compile("(?is)^\\s*CREATE\\s+(?:UNLOGGED\\s+|TEMP(?:ORARY)?\\s+)?TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(" + NAME + ")");
    private static final Pattern CONCURRENTLY = Pattern.compile("(?is)\\bCONCURRENTLY\\b");
    private static final List<Pattern> NOT_IDEMPOTENT = List.of(
            Pattern.compile("(?is)^\\s*CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+(?!.*\\bIF\\s+NOT\\s+EXISTS\\b)"),
            Pattern.compile("(?is)^\\s*DROP\\s+(?:INDEX|TABLE|VIEW|TYPE|SEQUENCE)\\s+(?:CONCURRENTLY\\s+)?(?!IF\\s+EXISTS\\b)"),
            Pattern.compile("(?is)^\\s*CREATE\\s+(?:TABLE|SEQUENCE|SCHEMA)\\s+(?!IF\\s+NOT\\s+EXISTS\\b)"),
            Pattern.compile("(?is)^\\s*ALTER\\s+TABLE\\b.*\\bADD\\s+COLUMN\\s+(?!IF\\s+NOT\\s+EXISTS\\b)"),
            Pattern.compile("(?is)^\\s*ALTER\\s+TABLE\\b.*\\bDROP\\s+COLUMN\\s+(?!IF\\s+EXISTS\\b)"));
    private static final Pattern TIMESTAMP = Pattern.compile("(?is)\\btimestamp(?:\\s*\\(\\d+\\))?(?!\\s*(?:\\(\\d+\\)\\s*)?with\\s+time\\s+zone)(?!tz)\\b(?!\\s*\\()");
    private static final Pattern WITHOUT_TZ = Pattern.compile("(?is)\\btimestamp(?:\\s*\\(\\d+\\))?\\s+without\\s+time\\s+zone\\b");
    private static final Pattern INT_KEY = Pattern.compile("(?is)\\b(?:int|integer|int4|serial|serial4)\\s+(?:NOT\\s+NULL\\s+)?PRIMARY\\s+KEY\\b");
    private static final Pattern JSON = Pattern.compile("(?is)\\bjson\\b(?!b)");
    private static final Pattern OID = Pattern.compile("(?is)[\\w\"]+\\s+oid\\b");
    private static final Pattern DDL_TYPES = Pattern.compile("(?is)^\\s*(CREATE\\s+TABLE|ALTER\\s+TABLE)\\b");

    private StaticLint() {
    }

    /**
     * The findings of one section.
     *
     * @param noTransaction whether the section runs outside a transaction
     * @param style         whether the style rules run
     */
    public static List<Finding> check(String revision, Path file, List<SqlSplitter.Statement> statements, boolean noTransaction,
                                      boolean style) {
        List<Finding> out = new ArrayList<>();
        Set<String> created = new HashSet<>();
        boolean concurrent = statements.stream().anyMatch(s -> CONCURRENTLY.matcher(code(s.sql())).find());
        for (SqlSplitter.Statement st : statements) {
            String code = code(st.sql());
            Matcher create = CREATE_TABLE.matcher(code);
            if (create.find()) created.add(bare(create.group(1)));
            for (Check c : CHECKS) {
                Matcher m = c.pattern().matcher(code);
                if (!m.find()) continue;
                String subject = m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : "the table";
                if ((c.rule().equals("drop-table") || c.rule().equals("drop-column") || c.rule().equals("rename-column"))
                        && createdHere(code, created)) continue;
                add(out, c.rule(), revision, file, st, c.message().contains("%s") ? String.format(c.message(), subject) : c.message(),
                        table(code));
            }
            Matcher nn = ADD_NOT_NULL.matcher(code);
            if (nn.find()) {
                String definition = nn.group(3);
                if (Pattern.compile("(?is)\\bNOT\\s+NULL\\b").matcher(definition).find()
                        && !Pattern.compile("(?is)\\bDEFAULT\\b|\\bGENERATED\\b").matcher(definition).find()
                        && !created.contains(bare(nn.group(1)))) {
                    add(out, "not-null-without-default", revision, file, st, "adds NOT NULL column " + nn.group(2) + " to "
                            + nn.group(1) + " without a default: it fails on a table that has rows", nn.group(1));
                }
            }
            if (concurrent && statements.size() > 1 && CONCURRENTLY.matcher(code).find()) {
                add(out, "concurrently-with-others", revision, file, st, "builds concurrently in a revision that has "
                        + (statements.size() - 1) + " other statement(s)", table(code));
            }
            if (noTransaction) {
                for (Pattern p : NOT_IDEMPOTENT) {
                    if (p.matcher(code).find()) {
                        add(out, "not-idempotent", revision, file, st, "cannot run twice: a retry of this no-transaction revision "
                                + "after a failure further on fails here", table(code));
                        break;
                    }
                }
            }
            if (style && DDL_TYPES.matcher(code).find()) {
                if (TIMESTAMP.matcher(code).find() || WITHOUT_TZ.matcher(code).find()) {
                    add(out, "timestamp-without-time-zone", revision, file, st, "a timestamp without time zone", table(code));
                }
                if (INT_KEY.matcher(code).find()) add(out, "int-primary-key", revision, file, st, "an int primary key", table(code));
                if (JSON.matcher(code).find()) add(out, "json-not-jsonb", revision, file, st, "a json column", table(code));
                if (OID.matcher(code).find()) add(out, "oid-column", revision, file, st, "an oid column", table(code));
            }
        }
        return out;
    }

    private static void add(List<Finding> out, String rule, String revision, Path file, SqlSplitter.Statement st, String message,
                            String table) {
        Rule r = Rule.find(rule).orElseThrow();
        out.add(new Finding(rule, r.severity(), revision, file, st.line(), st.sql(), table, message, r.fix(), null));
    }

    private static final Pattern TABLE = Pattern.compile("(?is)^\\s*(?:ALTER|DROP|TRUNCATE|LOCK|CLUSTER)\\s+(?:TABLE\\s+)?(?:IF\\s+EXISTS\\s+)?(?:ONLY\\s+)?(" + NAME + ")");
    private static final Pattern INDEX_ON = Pattern.compile("(?is)\\bON\\s+(?:ONLY\\s+)?(" + NAME + ")");

    /** The table a statement is about, where its text says so; null otherwise. */
    static String table(String code) {
        Matcher m = TABLE.matcher(code);
        if (m.find() && !m.group(1).equalsIgnoreCase("table")) return m.group(1);
        Matcher on = INDEX_ON.matcher(code);
        return on.find() ? on.group(1) : null;
    }

    private static boolean createdHere(String code, Set<String> created) {
        String t = table(code);
        return t != null && created.contains(bare(t));
    }

    private static String bare(String name) {
        String n = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : name;
        return n.startsWith("\"") ? n.substring(1, n.length() - 1) : n.toLowerCase(Locale.ROOT);
    }

    private static final Pattern DOLLAR_TAG = Pattern.compile("\\$[A-Za-z_]*\\$");

    /** The statement with its comments removed and its string literals and dollar-quoted bodies blanked. */
    static String code(String sql) {
        StringBuilder b = new StringBuilder(sql.length());
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            char next = i + 1 < sql.length() ? sql.charAt(i + 1) : '\0';
            if (c == '-' && next == '-') {
                while (i < sql.length() && sql.charAt(i) != '\n') i++;
                b.append(' ');
            } else if (c == '/' && next == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? sql.length() : end + 2;
                b.append(' ');
            } else if (c == '\'') {
                int j = i + 1;
                while (j < sql.length()) {
                    if (sql.charAt(j) == '\'' && j + 1 < sql.length() && sql.charAt(j + 1) == '\'') j += 2;
                    else if (sql.charAt(j) == '\'') break;
                    else j++;
                }
                b.append("''");
                i = j + 1;
            } else if (c == '$') {
                Matcher tag = DOLLAR_TAG.matcher(sql).region(i, sql.length());
                if (tag.lookingAt()) {
                    int end = sql.indexOf(tag.group(), tag.end());
                    b.append("$$$$");
                    i = end < 0 ? sql.length() : end + tag.group().length();
                } else {
                    b.append(c);
                    i++;
                }
            } else {
                b.append(c);
                i++;
            }
        }
        return b.toString();
    }
}
