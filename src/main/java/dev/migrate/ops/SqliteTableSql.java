package dev.migrate.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code CREATE TABLE} statement of a SQLite table as {@code sqlite_master} keeps it, split into column
 * definitions and table constraints, each kept as written: a table copy changes only the element it must, so that
 * everything else (collations, checks, generated columns, constraint names, {@code WITHOUT ROWID}) survives.
 * SQLite keeps constraint names and check constraints nowhere else.
 */
final class SqliteTableSql {

    enum Kind { WORD, QUOTED, STRING, NUMBER, OPEN, CLOSE, COMMA, OTHER, END }

    record Token(Kind kind, String text, int start, int end) {
        boolean is(String keyword) {
            return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
        }

        /** The name the token stands for: quotes removed. */
        String identifier() {
            if (kind != Kind.QUOTED && kind != Kind.STRING) return text;
            char q = text.charAt(0);
            String inner = text.substring(1, text.length() - 1);
            return q == '[' ? inner : inner.replace("" + q + q, "" + q);
        }
    }

    /** A column definition or a table constraint. */
    sealed interface Element permits ColumnDef, TableConstraint {
        String sql();
    }

    /**
     * A column: its name as written and unquoted, its type as written (maybe empty), and its column constraints.
     */
    record ColumnDef(String nameSql, String name, String typeSql, List<Clause> clauses) implements Element {
        ColumnDef {
            clauses = List.copyOf(clauses);
        }

        @Override
        public String sql() {
            StringBuilder s = new StringBuilder(nameSql);
            if (!typeSql.isEmpty()) s.append(' ').append(typeSql);
            for (Clause c : clauses) s.append(' ').append(c.sql());
            return s.toString();
        }

        /** A generated column, which a copy must not insert into. */
        boolean generated() {
            return clauses.stream().anyMatch(c -> c.kind() == ClauseKind.GENERATED);
        }
    }

    enum ClauseKind { PRIMARY_KEY, NOT_NULL, NULL, UNIQUE, CHECK, DEFAULT, COLLATE, REFERENCES, GENERATED }

    /** A column constraint, with its {@code CONSTRAINT name} prefix if it has one (name null otherwise). */
    record Clause(ClauseKind kind, String name, String sql) {
    }

    /**
     * A table constraint; name null when it has no {@code CONSTRAINT name}. {@code columns} are the columns of a
     * primary key, unique or foreign key constraint (unquoted, as written), empty for a check.
     */
    record TableConstraint(String name, String sql, List<String> columns) implements Element {
        TableConstraint {
            columns = List.copyOf(columns);
        }

        boolean covers(String column) {
            return columns.stream().anyMatch(column::equalsIgnoreCase);
        }
    }

    private static final Set<String> CLAUSE_STARTS = Set.of("CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK",
            "DEFAULT", "COLLATE", "REFERENCES", "GENERATED", "AS");
    private static final Set<String> TABLE_CONSTRAINT_STARTS = Set.of("CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN");

    private final String table;
    private final List<Element> elements;
    private final String tail;

    private SqliteTableSql(String table, List<Element> elements, String tail) {
        this.table = table;
        this.elements = List.copyOf(elements);
        this.tail = tail;
    }

    List<Element> elements() {
        return elements;
    }

    /** The same table with other elements. */
    SqliteTableSql with(List<Element> newElements) {
        return new SqliteTableSql(table, newElements, tail);
    }

    /** The statement that creates this definition under {@code quotedName}. */
    String createStatement(String quotedName) {
        List<String> parts = new ArrayList<>();
        for (Element e : elements) parts.add(e.sql());
        return "CREATE TABLE " + quotedName + " (" + String.join(", ", parts) + ")" + tail;
    }

    List<ColumnDef> columns() {
        List<ColumnDef> out = new ArrayList<>();
        for (Element e : elements) if (e instanceof ColumnDef c) out.add(c);
        return out;
    }

    /** Whether a column is declared {@code AUTOINCREMENT}, so that the table has a row in {@code sqlite_sequence}. */
    boolean autoincrement() {
        for (ColumnDef c : columns()) {
            for (Clause k : c.clauses()) {
                if (k.kind() == ClauseKind.PRIMARY_KEY && k.sql().toUpperCase(Locale.ROOT).contains("AUTOINCREMENT")) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---- parsing

    /**
     * Parses the statement of {@code table}.
     *
     * @throws IllegalStateException if the statement is not one this parser understands
     */
    static SqliteTableSql parse(String table, String sql) {
        return new Parser(table, sql).parse();
    }

    private static final class Parser {
        private final String table;
        private final String sql;
        private final List<Token> tokens;
        private int end; // exclusive bound of the element being read
        private int i;

        Parser(String table, String sql) {
            this.table = table;
            this.sql = sql;
            this.tokens = lex(sql);
        }

        SqliteTableSql parse() {
            int open = -1;
            for (int k = 0; k < tokens.size(); k++) {
                if (tokens.get(k).kind() == Kind.OPEN) {
                    open = k;
                    break;
                }
            }
            if (open < 0) throw unreadable(tokens.isEmpty() ? null : tokens.get(0), "no column list");
            int close = matching(open, tokens.size());
            List<Element> elements = new ArrayList<>();
            int start = open + 1;
            int depth = 0;
            for (int k = open + 1; k <= close; k++) {
                Kind kind = tokens.get(k).kind();
                if (kind == Kind.OPEN) depth++;
                else if (kind == Kind.CLOSE && k < close) depth--;
                if (k == close || (kind == Kind.COMMA && depth == 0)) {
                    if (k == start) throw unreadable(tokens.get(k), "empty element");
                    elements.add(element(start, k));
                    start = k + 1;
                }
            }
            return new SqliteTableSql(table, elements, sql.substring(tokens.get(close).end()));
        }

        private Element element(int from, int to) {
            Token first = tokens.get(from);
            if (first.kind() == Kind.WORD && TABLE_CONSTRAINT_STARTS.contains(first.text().toUpperCase(Locale.ROOT))) {
                String name = first.is("CONSTRAINT") && from + 1 < to ? tokens.get(from + 1).identifier() : null;
                int k = name == null ? from : from + 2;
                List<String> columns = new ArrayList<>();
                if (k < to && !tokens.get(k).is("CHECK")) {
                    while (k < to && tokens.get(k).kind() != Kind.OPEN) k++;
                    boolean itemStart = true;
                    int depth = 0;
                    for (; k < to; k++) {
                        Token t = tokens.get(k);
                        if (t.kind() == Kind.OPEN) depth++;
                        else if (t.kind() == Kind.CLOSE && --depth == 0) break;
                        else if (depth == 1 && t.kind() == Kind.COMMA) itemStart = true;
                        else if (depth == 1 && itemStart) {
                            columns.add(t.identifier());
                            itemStart = false;
                        }
                    }
                }
                return new TableConstraint(name, raw(from, to), columns);
            }
            end = to;
            i = from + 1;
            int typeStart = i;
            while (i < end && (at(i).kind() == Kind.WORD || at(i).kind() == Kind.QUOTED) && !startsClause(at(i))) i++;
            if (i > typeStart && at(i).kind() == Kind.OPEN) i = matching(i, end) + 1;
            String type = i > typeStart ? raw(typeStart, i) : "";
            List<Clause> clauses = new ArrayList<>();
            while (i < end) clauses.add(clause());
            return new ColumnDef(first.text(), first.identifier(), type, clauses);
        }

        private Clause clause() {
            int start = i;
            String name = null;
            if (at(i).is("CONSTRAINT")) {
                name = at(i + 1).identifier();
                i += 2;
            }
            Token t = at(i);
            ClauseKind kind;
            if (t.is("PRIMARY")) {
                expect(i + 1, "KEY");
                i += 2;
                if (at(i).is("ASC") || at(i).is("DESC")) i++;
                conflictClause();
                if (at(i).is("AUTOINCREMENT")) i++;
                kind = ClauseKind.PRIMARY_KEY;
            } else if (t.is("NOT")) {
                expect(i + 1, "NULL");
                i += 2;
                conflictClause();
                kind = ClauseKind.NOT_NULL;
            } else if (t.is("NULL")) {
                i++;
                conflictClause();
                kind = ClauseKind.NULL;
            } else if (t.is("UNIQUE")) {
                i++;
                conflictClause();
                kind = ClauseKind.UNIQUE;
            } else if (t.is("CHECK")) {
                i++;
                group();
                kind = ClauseKind.CHECK;
            } else if (t.is("DEFAULT")) {
                i++;
                Token v = at(i);
                if (v.kind() == Kind.OPEN) {
                    group();
                } else if (v.kind() == Kind.OTHER && (v.text().equals("-") || v.text().equals("+"))) {
                    i += 2;
                } else if (v.kind() == Kind.WORD && v.text().equalsIgnoreCase("x") && at(i + 1).kind() == Kind.STRING
                        && at(i + 1).start() == v.end()) {
                    i += 2; // a blob, X'00ff'
                } else if (v.kind() == Kind.WORD || v.kind() == Kind.STRING || v.kind() == Kind.NUMBER
                        || v.kind() == Kind.QUOTED) {
                    i++;
                } else {
                    throw unreadable(v, "a default value");
                }
                kind = ClauseKind.DEFAULT;
            } else if (t.is("COLLATE")) {
                i += 2;
                kind = ClauseKind.COLLATE;
            } else if (t.is("REFERENCES")) {
                i += 2;
                if (at(i).kind() == Kind.OPEN) group();
                foreignKeyOptions();
                kind = ClauseKind.REFERENCES;
            } else if (t.is("GENERATED") || t.is("AS")) {
                if (t.is("GENERATED")) {
                    expect(i + 1, "ALWAYS");
                    expect(i + 2, "AS");
                    i += 2;
                }
                i++;
                group();
                if (at(i).is("STORED") || at(i).is("VIRTUAL")) i++;
                kind = ClauseKind.GENERATED;
            } else {
                throw unreadable(t, "a column constraint");
            }
            if (i > end) throw unreadable(at(end - 1), "the end of a column constraint");
            return new Clause(kind, name, raw(start, i));
        }

        private void conflictClause() {
            if (at(i).is("ON") && at(i + 1).is("CONFLICT")) i += 3;
        }

        private void foreignKeyOptions() {
            while (true) {
                if (at(i).is("ON") && (at(i + 1).is("DELETE") || at(i + 1).is("UPDATE"))) {
                    i += 2;
                    if (at(i).is("SET") || at(i).is("NO")) i += 2;
                    else if (at(i).is("CASCADE") || at(i).is("RESTRICT")) i++;
                    else throw unreadable(at(i), "a foreign key action");
                } else if (at(i).is("MATCH")) {
                    i += 2;
                } else if (at(i).is("NOT") && at(i + 1).is("DEFERRABLE")) {
                    i += 2;
                    initially();
                } else if (at(i).is("DEFERRABLE")) {
                    i++;
                    initially();
                } else {
                    return;
                }
            }
        }

        private void initially() {
            if (at(i).is("INITIALLY")) i += 2;
        }

        private void group() {
            if (at(i).kind() != Kind.OPEN) throw unreadable(at(i), "(");
            i = matching(i, end) + 1;
        }

        private void expect(int k, String keyword) {
            if (!at(k).is(keyword)) throw unreadable(at(k), keyword);
        }

        private Token at(int k) {
            return k < end ? tokens.get(k) : new Token(Kind.END, "", sql.length(), sql.length());
        }

        private int matching(int open, int limit) {
            int depth = 0;
            for (int k = open; k < limit; k++) {
                Kind kind = tokens.get(k).kind();
                if (kind == Kind.OPEN) depth++;
                else if (kind == Kind.CLOSE && --depth == 0) return k;
            }
            throw unreadable(tokens.get(open), "a closing parenthesis");
        }

        private String raw(int from, int to) {
            return sql.substring(tokens.get(from).start(), tokens.get(to - 1).end());
        }

        private static boolean startsClause(Token t) {
            return t.kind() == Kind.WORD && CLAUSE_STARTS.contains(t.text().toUpperCase(Locale.ROOT));
        }

        private IllegalStateException unreadable(Token near, String expected) {
            String where = near == null || near.kind() == Kind.END ? "at the end"
                    : "near \"" + sql.substring(near.start(), Math.min(sql.length(), near.start() + 30)) + "\"";
            return new IllegalStateException("cannot read the definition of SQLite table " + table + " " + where
                    + " (expected " + expected + "); change this table with execute()");
        }
    }

    /** Splits SQLite SQL into tokens, dropping whitespace and comments. */
    static List<Token> lex(String s) {
        List<Token> out = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
                int nl = s.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
                continue;
            }
            if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int close = s.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
                continue;
            }
            int start = i;
            Kind kind;
            if (c == '\'' || c == '"' || c == '`') {
                i = closeQuote(s, i, c);
                kind = c == '\'' ? Kind.STRING : Kind.QUOTED;
            } else if (c == '[') {
                int close = s.indexOf(']', i + 1);
                if (close < 0) throw new IllegalStateException("unterminated [identifier] in: " + s);
                i = close + 1;
                kind = Kind.QUOTED;
            } else if (c == '(') {
                i++;
                kind = Kind.OPEN;
            } else if (c == ')') {
                i++;
                kind = Kind.CLOSE;
            } else if (c == ',') {
                i++;
                kind = Kind.COMMA;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1)))) {
                i++;
                while (i < n) {
                    char d = s.charAt(i);
                    boolean exponentSign = (d == '+' || d == '-') && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E');
                    if (!(Character.isLetterOrDigit(d) || d == '.' || d == '_' || exponentSign)) break;
                    i++;
                }
                kind = Kind.NUMBER;
            } else if (Character.isLetter(c) || c == '_' || c > 127) {
                i++;
                while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '$'
                        || s.charAt(i) > 127)) {
                    i++;
                }
                kind = Kind.WORD;
            } else {
                i++;
                kind = Kind.OTHER;
            }
            out.add(new Token(kind, s.substring(start, i), start, i));
        }
        return out;
    }

    private static int closeQuote(String s, int open, char q) {
        int j = open + 1;
        while (true) {
            int k = s.indexOf(q, j);
            if (k < 0) throw new IllegalStateException("unterminated " + q + " in: " + s);
            if (k + 1 < s.length() && s.charAt(k + 1) == q) {
                j = k + 2;
            } else {
                return k + 1;
            }
        }
    }
}
