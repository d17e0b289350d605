package dev.migrate.script;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Splits the SQL of a script section into statements, each with the file line it starts on, so
 * that a failing statement can be reported as {@code file:line}.
 *
 * <p>A {@code ;} ends a statement unless it is inside:
 * <ul>
 * <li>a string: {@code '...'} with {@code ''} for a quote; in PostgreSQL also {@code E'...'}, where
 * a backslash escapes the next character ({@code standard_conforming_strings} is assumed on, so in
 * a plain string a backslash is an ordinary character);</li>
 * <li>a quoted identifier: {@code "..."}; in SQLite also {@code `...`} and {@code [...]};</li>
 * <li>a comment: {@code --} to the end of the line, or {@code /* ... *}{@code /}, which nests in
 * PostgreSQL but not in SQLite;</li>
 * <li>a PostgreSQL dollar-quoted body {@code $$...$$} or {@code $tag$...$tag$} (a {@code $1}
 * parameter is not a dollar quote);</li>
 * <li>parentheses (as psql does, for {@code CREATE RULE ... DO (a; b)});</li>
 * <li>a {@code BEGIN ... END} body: SQLite's {@code CREATE [TEMP] TRIGGER ... BEGIN ...; END} and
 * PostgreSQL's {@code CREATE [OR REPLACE] FUNCTION|PROCEDURE ... BEGIN ATOMIC ...; END}, with
 * {@code CASE ... END} inside counted (the heuristic psql uses).</li>
 * </ul>
 * A statement may omit the final {@code ;} at the end of the text.
 *
 * <p>Each {@link Statement} is the text from its first token to just before its {@code ;},
 * trimmed: comments and blank lines <em>before</em> a statement are dropped (so its line is that
 * of its first real token), comments inside it are kept as written. Chunks that hold only
 * comments or whitespace produce no statement. psql meta-commands ({@code \set}) and
 * {@code COPY ... FROM STDIN} data are not supported.
 */
public final class SqlSplitter {

    /** The SQL dialect whose lexical rules apply. */
    public enum Flavor { POSTGRESQL, SQLITE }

    /**
     * One statement.
     *
     * @param sql  the statement as written, trimmed, without the trailing {@code ;}, without
     *             leading comments
     * @param line the 1-based line in the file on which it starts
     */
    public record Statement(String sql, int line) {

        public Statement {
            Objects.requireNonNull(sql, "sql");
        }

        /**
         * The statement on one line for messages: whitespace runs collapsed to one space, cut to
         * at most {@code maxChars} characters with {@code …} when longer.
         */
        public String abbreviated(int maxChars) {
            String oneLine = sql.replaceAll("\\s+", " ");
            if (oneLine.length() <= maxChars) {
                return oneLine;
            }
            return oneLine.substring(0, Math.max(0, maxChars - 1)) + "…";
        }
    }

    private SqlSplitter() {
    }

    /**
     * Splits {@code sql}, whose first line is line {@code firstLine} of its file.
     *
     * @throws ScriptException naming the line where an unterminated string, quoted identifier,
     *                         dollar quote, block comment or {@code BEGIN ... END} body began;
     *                         the exception has no file (see {@link #split(Path, SqlScript.Section, Flavor)})
     */
    public static List<Statement> split(String sql, int firstLine, Flavor flavor) {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(flavor, "flavor");
        return new Lexer(sql, firstLine, flavor).run();
    }

    /**
     * Splits a section of the script in {@code file}; errors name the file.
     *
     * @throws ScriptException as {@link #split(String, int, Flavor)}, located in {@code file}
     */
    public static List<Statement> split(Path file, SqlScript.Section section, Flavor flavor) {
        try {
            return split(section.sql(), section.firstLine(), flavor);
        } catch (ScriptException e) {
            throw e.withFile(file);
        }
    }

    private static final class Lexer {
        private final String s;
        private final Flavor flavor;
        private final List<Statement> out = new ArrayList<>();
        private int pos;
        private int line;

        // The statement being read: where it starts, and what the BEGIN ... END heuristic needs.
        private int start = -1;
        private int startLine;
        private int parenDepth;
        private int beginDepth;
        private int beginLine;
        private final String[] firstWords = new String[4];
        private int wordCount;

        Lexer(String s, int firstLine, Flavor flavor) {
            this.s = s;
            this.flavor = flavor;
            this.line = firstLine;
        }

        List<Statement> run() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                char next = pos + 1 < s.length() ? s.charAt(pos + 1) : '\0';
                if (c == '\n' || c == '\r' || Character.isWhitespace(c) || c == '\uFEFF') {
                    advanceTo(pos + 1);
                    continue;
                }
                if (c == '-' && next == '-') {
                    int end = pos;
                    while (end < s.length() && s.charAt(end) != '\n' && s.charAt(end) != '\r') {
                        end++;
                    }
                    pos = end; // the line break itself is counted by the loop
                    continue;
                }
                if (c == '/' && next == '*') {
                    skipBlockComment();
                    continue;
                }
                if (c == '\\' && atLineStart(pos)) {
                    int end = pos;
                    while (end < s.length() && !Character.isWhitespace(s.charAt(end))) end++;
                    String command = s.substring(pos, end);
                    throw new ScriptException(null, line, "psql meta-command `" + command + "`: migrate runs a script's SQL itself, "
                            + "without psql, and does not know psql's commands",
                            "Remove the line: write the statements an \\i would include into the revision, and the values a "
                                    + "\\set would give where they are used");
                }
                if (start < 0) {
                    beginStatement();
                }
                if (c == ';') {
                    if (parenDepth == 0 && beginDepth == 0) {
                        emit(pos);
                    }
                    pos++;
                } else if (c == '\'') {
                    skipString(false);
                } else if (c == '"') {
                    skipQuoted('"', '"', "quoted identifier", "Close it with \"; inside it write \"\" for a double quote");
                } else if (flavor == Flavor.SQLITE && c == '`') {
                    skipQuoted('`', '`', "quoted identifier", "Close it with `");
                } else if (flavor == Flavor.SQLITE && c == '[') {
                    skipQuoted('[', ']', "bracketed identifier", "Close it with ]");
                } else if (flavor == Flavor.POSTGRESQL && c == '$') {
                    // Never after an identifier: words are consumed whole, including their '$'.
                    String delimiter = dollarDelimiterAt(pos);
                    if (delimiter != null) {
                        skipDollarQuoted(delimiter);
                    } else {
                        pos++;
                    }
                } else if (c == '(') {
                    parenDepth++;
                    pos++;
                } else if (c == ')') {
                    parenDepth = Math.max(0, parenDepth - 1);
                    pos++;
                } else if (isIdentifierStart(c)) {
                    int wordStart = pos;
                    while (pos < s.length() && isIdentifierPart(s.charAt(pos))) {
                        pos++;
                    }
                    String word = s.substring(wordStart, pos);
                    if (flavor == Flavor.POSTGRESQL && word.equalsIgnoreCase("e") && pos < s.length() && s.charAt(pos) == '\'') {
                        skipString(true);
                    } else {
                        word(word);
                    }
                } else if (Character.isDigit(c)) {
                    // Numbers such as 1e5 are not words; keep them out of the keyword tracking.
                    while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_' || s.charAt(pos) == '.')) {
                        pos++;
                    }
                } else {
                    pos++;
                }
            }
            if (start >= 0) {
                if (beginDepth > 0) {
                    String what = flavor == Flavor.SQLITE ? "the trigger body" : "the BEGIN ATOMIC body";
                    throw new ScriptException(null, beginLine, what + " starting with BEGIN on line " + beginLine + " is not closed with END",
                            "Add END; after its last statement");
                }
                emit(s.length());
            }
            return List.copyOf(out);
        }

        /** Whether only spaces and tabs stand between the previous line break (or the start) and {@code at}. */
        private boolean atLineStart(int at) {
            for (int i = at - 1; i >= 0; i--) {
                char c = s.charAt(i);
                if (c == '\n' || c == '\r') return true;
                if (c != ' ' && c != '\t') return false;
            }
            return true;
        }

        private void beginStatement() {
            start = pos;
            startLine = line;
            parenDepth = 0;
            beginDepth = 0;
            wordCount = 0;
            Arrays.fill(firstWords, null);
        }

        private void emit(int end) {
            String sql = s.substring(start, end).strip();
            if (!sql.isEmpty()) {
                out.add(new Statement(sql, startLine));
            }
            start = -1;
        }

        /** Tracks BEGIN / CASE / END the way psql does, in the statements that can have bodies. */
        private void word(String word) {
            String w = word.toLowerCase(Locale.ROOT);
            if (wordCount < firstWords.length) {
                firstWords[wordCount] = w;
            }
            wordCount++;
            if (parenDepth != 0 || !hasBody()) {
                return;
            }
            switch (w) {
                case "begin" -> {
                    if (beginDepth == 0) {
                        beginLine = line;
                    }
                    beginDepth++;
                }
                case "case" -> {
                    if (beginDepth > 0) {
                        beginDepth++;
                    }
                }
                case "end" -> {
                    if (beginDepth > 0) {
                        beginDepth--;
                    }
                }
                default -> {
                }
            }
        }

        private boolean hasBody() {
            if (!"create".equals(firstWords[0])) {
                return false;
            }
            if (flavor == Flavor.SQLITE) {
                return "trigger".equals(firstWords[1])
                        || (("temp".equals(firstWords[1]) || "temporary".equals(firstWords[1])) && "trigger".equals(firstWords[2]));
            }
            return isRoutine(firstWords[1])
                    || ("or".equals(firstWords[1]) && "replace".equals(firstWords[2]) && isRoutine(firstWords[3]));
        }

        private static boolean isRoutine(String w) {
            return "function".equals(w) || "procedure".equals(w);
        }

        /** At a quote: skips the string literal; {@code backslashes} for E'...' strings. */
        private void skipString(boolean backslashes) {
            int beganAt = line;
            int j = pos + 1;
            while (true) {
                if (j >= s.length()) {
                    String hint = backslashes
                            ? "Close it with '; in an E'...' string, \\' does not end the string"
                            : flavor == Flavor.POSTGRESQL
                                    ? "Close it with '; inside a string write '' for a quote (a backslash does not escape a quote unless the string is written E'...')"
                                    : "Close it with '; inside a string write '' for a quote";
                    throw new ScriptException(null, beganAt, "unterminated string literal starting on line " + beganAt, hint);
                }
                char c = s.charAt(j);
                if (backslashes && c == '\\') {
                    j += 2;
                } else if (c == '\'') {
                    if (j + 1 < s.length() && s.charAt(j + 1) == '\'') {
                        j += 2;
                    } else {
                        advanceTo(j + 1);
                        return;
                    }
                } else {
                    j++;
                }
            }
        }

        /** At {@code open}: skips to the matching {@code close}; a doubled close is an escape. */
        private void skipQuoted(char open, char close, String what, String hint) {
            int beganAt = line;
            int j = pos + 1;
            while (true) {
                if (j >= s.length()) {
                    throw new ScriptException(null, beganAt, "unterminated " + what + " starting on line " + beganAt, hint);
                }
                if (s.charAt(j) == close) {
                    if (open == close && j + 1 < s.length() && s.charAt(j + 1) == close) {
                        j += 2;
                        continue;
                    }
                    advanceTo(j + 1);
                    return;
                }
                j++;
            }
        }

        private void skipBlockComment() {
            int beganAt = line;
            int depth = 0;
            int j = pos;
            while (j < s.length()) {
                if (s.startsWith("/*", j)) {
                    // SQLite does not nest: an inner /* is just text.
                    depth = flavor == Flavor.POSTGRESQL || depth == 0 ? depth + 1 : depth;
                    j += 2;
                } else if (s.startsWith("*/", j)) {
                    depth--;
                    j += 2;
                    if (depth == 0) {
                        advanceTo(j);
                        return;
                    }
                } else {
                    j++;
                }
            }
            throw new ScriptException(null, beganAt, "unterminated block comment starting on line " + beganAt,
                    flavor == Flavor.POSTGRESQL
                            ? "Close it with */ (PostgreSQL block comments nest, so each /* inside needs its own */)"
                            : "Close it with */");
        }

        /** {@code $tag$} or {@code $$} at {@code at}, or null if the {@code $} starts no dollar quote. */
        private String dollarDelimiterAt(int at) {
            int j = at + 1;
            if (j < s.length() && s.charAt(j) == '$') {
                return "$$";
            }
            if (j >= s.length() || !isTagStart(s.charAt(j))) {
                return null;
            }
            while (j < s.length() && isTagPart(s.charAt(j))) {
                j++;
            }
            return j < s.length() && s.charAt(j) == '$' ? s.substring(at, j + 1) : null;
        }

        private void skipDollarQuoted(String delimiter) {
            int beganAt = line;
            int end = s.indexOf(delimiter, pos + delimiter.length());
            if (end < 0) {
                throw new ScriptException(null, beganAt, "unterminated dollar-quoted string " + delimiter + " starting on line " + beganAt,
                        "Close it with " + delimiter + " (the closing tag must match exactly, including case)");
            }
            advanceTo(end + delimiter.length());
        }

        /** Moves to {@code newPos}, counting line breaks (LF, CRLF, or a lone CR). */
        private void advanceTo(int newPos) {
            for (int i = pos; i < newPos; i++) {
                char c = s.charAt(i);
                if (c == '\n' || (c == '\r' && (i + 1 >= s.length() || s.charAt(i + 1) != '\n'))) {
                    line++;
                }
            }
            pos = newPos;
        }

        private static boolean isIdentifierStart(char c) {
            return Character.isLetter(c) || c == '_' || c >= 0x80 && c != '\uFEFF';
        }

        private static boolean isIdentifierPart(char c) {
            return isIdentifierStart(c) || Character.isDigit(c) || c == '$';
        }

        private static boolean isTagStart(char c) {
            return Character.isLetter(c) || c == '_' || c >= 0x80;
        }

        private static boolean isTagPart(char c) {
            return isTagStart(c) || Character.isDigit(c);
        }
    }
}
