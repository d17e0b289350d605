package dev.migrate.script;

import static dev.migrate.script.SqlSplitter.Flavor.POSTGRESQL;
import static dev.migrate.script.SqlSplitter.Flavor.SQLITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.migrate.script.SqlSplitter.Flavor;
import dev.migrate.script.SqlSplitter.Statement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SqlSplitterTest {

    private static final Set<Flavor> BOTH = EnumSet.allOf(Flavor.class);
    private static final Set<Flavor> PG = EnumSet.of(POSTGRESQL);
    private static final Set<Flavor> LITE = EnumSet.of(SQLITE);

    private static Statement st(int line, String sql) {
        return new Statement(sql, line);
    }

    private static Arguments ok(String name, Set<Flavor> flavors, String sql, Statement... expected) {
        return Arguments.of(name, flavors, sql, List.of(expected));
    }

    static Stream<Arguments> splits() {
        return Stream.of(
                ok("two statements", BOTH, "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n",
                        st(1, "CREATE TABLE a (id int)"), st(2, "CREATE TABLE b (id int)")),
                ok("no trailing semicolon", BOTH, "SELECT 1;\nSELECT 2",
                        st(1, "SELECT 1"), st(2, "SELECT 2")),
                ok("two on one line", BOTH, "SELECT 1; SELECT 2;",
                        st(1, "SELECT 1"), st(1, "SELECT 2")),
                ok("empty input", BOTH, ""),
                ok("only whitespace and comments", BOTH, "\n  -- nothing\n/* here */\n;;\n  ;\n"),
                ok("leading comments are dropped, line is the first token's", BOTH,
                        "-- create the table\n\n/* really */ CREATE TABLE t (a int);",
                        st(3, "CREATE TABLE t (a int)")),
                ok("comments inside are kept", BOTH, "SELECT 1 -- one\n     , 2 /* two */;",
                        st(1, "SELECT 1 -- one\n     , 2 /* two */")),
                ok("trailing comment after ; belongs to nobody", BOTH, "SELECT 1; -- done\nSELECT 2; /* end */",
                        st(1, "SELECT 1"), st(2, "SELECT 2")),
                ok("multi-line statements keep their start line", BOTH,
                        "CREATE TABLE t (\n  a int,\n  b int\n);\n\nINSERT INTO t\nVALUES (1, 2);\n",
                        st(1, "CREATE TABLE t (\n  a int,\n  b int\n)"), st(6, "INSERT INTO t\nVALUES (1, 2)")),
                ok("; and -- inside a string", BOTH, "INSERT INTO t VALUES ('a;b -- c', 'it''s; ok');\nSELECT 2;",
                        st(1, "INSERT INTO t VALUES ('a;b -- c', 'it''s; ok')"), st(2, "SELECT 2")),
                ok("/* inside a string", BOTH, "SELECT '/*';\nSELECT '*/';",
                        st(1, "SELECT '/*'"), st(2, "SELECT '*/'")),
                ok("quote inside a comment", BOTH, "-- don't\nSELECT 1; /* it's */ SELECT 2;",
                        st(2, "SELECT 1"), st(2, "SELECT 2")),
                ok("multi-line string moves the line count", BOTH, "SELECT 'a\nb\nc';\nSELECT 2;",
                        st(1, "SELECT 'a\nb\nc'"), st(4, "SELECT 2")),
                ok("double-quoted identifier with ; and \"\"", BOTH, "CREATE TABLE \"we;ird\" (\"a\"\"b;\" int);\nSELECT 1;",
                        st(1, "CREATE TABLE \"we;ird\" (\"a\"\"b;\" int)"), st(2, "SELECT 1")),
                ok("E-string with \\' (PostgreSQL)", PG, "SELECT E'it\\'s; fine';\nSELECT 2;",
                        st(1, "SELECT E'it\\'s; fine'"), st(2, "SELECT 2")),
                ok("lower-case e-string ending in \\\\", PG, "SELECT e'back\\\\';SELECT 2;",
                        st(1, "SELECT e'back\\\\'"), st(1, "SELECT 2")),
                ok("backslash is ordinary in a standard string (PostgreSQL)", PG, "SELECT 'C:\\';\nSELECT 2;",
                        st(1, "SELECT 'C:\\'"), st(2, "SELECT 2")),
                ok("a word ending in e is not an E-string", PG, "SELECT type'\\';\nSELECT 2;",
                        st(1, "SELECT type'\\'"), st(2, "SELECT 2")),
                ok("E then space is not an E-string", PG, "SELECT 1 AS e, '\\';\nSELECT 2;",
                        st(1, "SELECT 1 AS e, '\\'"), st(2, "SELECT 2")),
                ok("no E-strings in SQLite", LITE, "SELECT E'a\\';\nSELECT 2;",
                        st(1, "SELECT E'a\\'"), st(2, "SELECT 2")),
                ok("U& string", PG, "SELECT U&'d\\0061t\\+000061;';\nSELECT 2;",
                        st(1, "SELECT U&'d\\0061t\\+000061;'"), st(2, "SELECT 2")),
                ok("nested block comments (PostgreSQL)", PG, "/* outer /* inner; */ still; */ SELECT 1;\nSELECT 2;",
                        st(1, "SELECT 1"), st(2, "SELECT 2")),
                ok("block comments do not nest (SQLite)", LITE, "/* a /* b; */ SELECT 1;\nSELECT 2;",
                        st(1, "SELECT 1"), st(2, "SELECT 2")),
                ok("multi-line block comment moves the line count", BOTH, "/*\n\n\n*/\nSELECT 1;",
                        st(5, "SELECT 1")),
                ok("function body in $$", PG, """
                        CREATE FUNCTION touch() RETURNS trigger AS $$
                        BEGIN
                          NEW.updated_at := now();
                          RETURN NEW;
                        END;
                        $$ LANGUAGE plpgsql;
                        CREATE TRIGGER t BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
                        """,
                        st(1, "CREATE FUNCTION touch() RETURNS trigger AS $$\nBEGIN\n  NEW.updated_at := now();\n  RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql"),
                        st(7, "CREATE TRIGGER t BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch()")),
                ok("tagged dollar quote containing $$ and ;", PG, "DO $body$ BEGIN PERFORM 'x$$y'; RAISE NOTICE '$$;'; END $body$;\nSELECT 1;",
                        st(1, "DO $body$ BEGIN PERFORM 'x$$y'; RAISE NOTICE '$$;'; END $body$"), st(2, "SELECT 1")),
                ok("dollar tags are case-sensitive", PG, "SELECT $A$ $a$; $A$;\nSELECT 2;",
                        st(1, "SELECT $A$ $a$; $A$"), st(2, "SELECT 2")),
                ok("unbalanced quote inside a dollar quote", PG, "SELECT $q$it's; \"odd$q$;\nSELECT 2;",
                        st(1, "SELECT $q$it's; \"odd$q$"), st(2, "SELECT 2")),
                ok("dollar quote inside a line comment", PG, "-- costs $$ \nSELECT 1;",
                        st(2, "SELECT 1")),
                ok("$1 parameters are not dollar quotes", PG, "PREPARE p (int, int) AS SELECT $1 + $2;\nEXECUTE p(1, 2);",
                        st(1, "PREPARE p (int, int) AS SELECT $1 + $2"), st(2, "EXECUTE p(1, 2)")),
                ok("$ inside an identifier is not a dollar quote", PG, "SELECT a$b$c FROM t;\nSELECT 2;",
                        st(1, "SELECT a$b$c FROM t"), st(2, "SELECT 2")),
                ok("multi-line dollar body moves the line count", PG, "DO $$\nBEGIN\nEND\n$$;\nSELECT 1;",
                        st(1, "DO $$\nBEGIN\nEND\n$$"), st(5, "SELECT 1")),
                ok("$$ is not special in SQLite", LITE, "SELECT $$;\nSELECT 2;",
                        st(1, "SELECT $$"), st(2, "SELECT 2")),
                ok("SQLite trigger body", LITE, """
                        CREATE TRIGGER bump AFTER INSERT ON t
                        BEGIN
                          UPDATE counter SET n = n + 1;
                          INSERT INTO log VALUES (CASE WHEN NEW.a > 0 THEN 'pos' ELSE 'neg' END);
                        END;
                        SELECT 1;
                        """,
                        st(1, "CREATE TRIGGER bump AFTER INSERT ON t\nBEGIN\n  UPDATE counter SET n = n + 1;\n"
                                + "  INSERT INTO log VALUES (CASE WHEN NEW.a > 0 THEN 'pos' ELSE 'neg' END);\nEND"),
                        st(6, "SELECT 1")),
                ok("SQLite trigger: lower case, TEMP, CASE ... END at top level", LITE,
                        "create temp trigger if not exists no_del before delete on t when old.locked begin\n"
                                + "  select case when old.id = 1 then raise(abort, 'locked; sorry') end;\n  delete from x;\nend;\nselect 2",
                        st(1, "create temp trigger if not exists no_del before delete on t when old.locked begin\n"
                                + "  select case when old.id = 1 then raise(abort, 'locked; sorry') end;\n  delete from x;\nend"),
                        st(5, "select 2")),
                ok("SQLite trigger: CASE in the WHEN clause before BEGIN", LITE,
                        "CREATE TRIGGER t1 AFTER UPDATE ON t WHEN CASE WHEN NEW.a THEN 1 END BEGIN SELECT 1; END;\nSELECT 2;",
                        st(1, "CREATE TRIGGER t1 AFTER UPDATE ON t WHEN CASE WHEN NEW.a THEN 1 END BEGIN SELECT 1; END"),
                        st(2, "SELECT 2")),
                ok("BEGIN TRANSACTION is a statement of its own", BOTH, "BEGIN;\nSELECT 1;\nEND;\nBEGIN TRANSACTION;\nCOMMIT;",
                        st(1, "BEGIN"), st(2, "SELECT 1"), st(3, "END"), st(4, "BEGIN TRANSACTION"), st(5, "COMMIT")),
                ok("a PostgreSQL trigger has no BEGIN body", PG,
                        "CREATE TRIGGER t AFTER INSERT ON x FOR EACH ROW EXECUTE FUNCTION f();\nBEGIN;\nSELECT 1;\nCOMMIT;",
                        st(1, "CREATE TRIGGER t AFTER INSERT ON x FOR EACH ROW EXECUTE FUNCTION f()"), st(2, "BEGIN"),
                        st(3, "SELECT 1"), st(4, "COMMIT")),
                ok("BEGIN ATOMIC function body", PG, """
                        CREATE OR REPLACE FUNCTION pick(a int, b int) RETURNS int LANGUAGE sql
                        BEGIN ATOMIC
                          SELECT CASE WHEN a > b THEN a ELSE b END;
                        END;
                        CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); INSERT INTO t VALUES (2); END;
                        SELECT 1;
                        """,
                        st(1, "CREATE OR REPLACE FUNCTION pick(a int, b int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n"
                                + "  SELECT CASE WHEN a > b THEN a ELSE b END;\nEND"),
                        st(5, "CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); INSERT INTO t VALUES (2); END"),
                        st(6, "SELECT 1")),
                ok("; inside parentheses (CREATE RULE)", PG,
                        "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2));\nSELECT 1;",
                        st(1, "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2))"),
                        st(2, "SELECT 1")),
                ok("square brackets are subscripts in PostgreSQL", PG, "SELECT arr[1] FROM t;\nSELECT '[';",
                        st(1, "SELECT arr[1] FROM t"), st(2, "SELECT '['")),
                ok("SQLite bracket and backtick identifiers", LITE, "CREATE TABLE [a;b] (`c;d` int, \"e;f\" int);\nSELECT 1;",
                        st(1, "CREATE TABLE [a;b] (`c;d` int, \"e;f\" int)"), st(2, "SELECT 1")),
                ok("doubled backtick in SQLite", LITE, "SELECT `a``;b`;\nSELECT 2;",
                        st(1, "SELECT `a``;b`"), st(2, "SELECT 2")),
                ok("CRLF line endings", BOTH, "SELECT 1;\r\n\r\nSELECT\r\n  2;\r\n-- c\r\nSELECT 3",
                        st(1, "SELECT 1"), st(3, "SELECT\r\n  2"), st(6, "SELECT 3")),
                ok("CR line endings", BOTH, "SELECT 1;\r\rSELECT 2;\r",
                        st(1, "SELECT 1"), st(3, "SELECT 2")),
                ok("flag line is a comment", BOTH, "-- migrate:no-transaction\nCREATE INDEX i ON t (c);",
                        st(2, "CREATE INDEX i ON t (c)")),
                ok("numbers are not words", BOTH, "SELECT 1e5, 2.5, 0x1F;\nSELECT 2;",
                        st(1, "SELECT 1e5, 2.5, 0x1F"), st(2, "SELECT 2")),
                ok("byte-order mark is whitespace", BOTH, "\uFEFFSELECT 1;",
                        st(1, "SELECT 1")),
                ok("non-ASCII identifiers and strings", BOTH, "INSERT INTO café VALUES ('naïve; ☕');\nSELECT 2;",
                        st(1, "INSERT INTO café VALUES ('naïve; ☕')"), st(2, "SELECT 2")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("splits")
    void splits(String name, Set<Flavor> flavors, String sql, List<Statement> expected) {
        for (Flavor flavor : flavors) {
            List<Statement> actual = SqlSplitter.split(sql, 1, flavor);
            assertEquals(expected, actual, flavor.toString());
            // The line must point at where the statement text really begins.
            String[] lines = sql.split("\r\n|\r|\n", -1);
            for (Statement s : actual) {
                String firstLineOfStatement = s.sql().split("\r\n|\r|\n", -1)[0];
                assertTrue(lines[s.line() - 1].contains(firstLineOfStatement), () -> flavor + ": line " + s.line() + " of " + s);
            }
        }
    }

    @Test
    void linesAreFileLinesFromFirstLine() {
        assertEquals(List.of(st(11, "SELECT 1"), st(13, "SELECT 2")), SqlSplitter.split("\nSELECT 1;\n\nSELECT 2;", 10, POSTGRESQL));
    }

    @Test
    void resultIsImmutable() {
        List<Statement> result = SqlSplitter.split("SELECT 1;", 1, SQLITE);
        assertThrows(UnsupportedOperationException.class, () -> result.add(st(1, "x")));
    }

    /** flavors, sql, the line where the unterminated thing began, fragments of problem and hint. */
    static Stream<Arguments> unterminated() {
        return Stream.of(
                Arguments.of(BOTH, "SELECT 1;\nSELECT 'abc;\nSELECT 3;", 2, "unterminated string literal starting on line 2", "''"),
                Arguments.of(PG, "SELECT 1;\n\nSELECT 'it\\'s';\nSELECT 4;", 3, "unterminated string literal", "E'...'"),
                Arguments.of(PG, "SELECT E'abc\\';\nSELECT 2;", 1, "unterminated string literal", "\\' does not end the string"),
                Arguments.of(BOTH, "SELECT \"abc;\nSELECT 2;", 1, "unterminated quoted identifier", "\"\""),
                Arguments.of(LITE, "SELECT `abc;", 1, "unterminated quoted identifier", "`"),
                Arguments.of(LITE, "SELECT [abc;", 1, "unterminated bracketed identifier", "]"),
                Arguments.of(PG, "SELECT 1;\nDO $body$\nBEGIN\nEND $Body$;", 2, "unterminated dollar-quoted string $body$ starting on line 2", "$body$"),
                Arguments.of(PG, "CREATE FUNCTION f() RETURNS int AS $$\nSELECT 1;\n", 1, "unterminated dollar-quoted string $$", "$$"),
                Arguments.of(PG, "SELECT 1;\n/* a /* b */\nSELECT 2;", 2, "unterminated block comment starting on line 2", "nest"),
                Arguments.of(LITE, "SELECT 1;\n/* a\nSELECT 2;", 2, "unterminated block comment", "*/"),
                Arguments.of(LITE, "SELECT 1;\nCREATE TRIGGER t AFTER INSERT ON x\nBEGIN\n  SELECT 1;\n", 3,
                        "the trigger body starting with BEGIN on line 3 is not closed with END", "END;"),
                Arguments.of(LITE, "CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT CASE WHEN 1 THEN 2 END; ", 1,
                        "not closed with END", "END;"),
                Arguments.of(PG, "CREATE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\nSELECT 1;", 2,
                        "the BEGIN ATOMIC body starting with BEGIN on line 2 is not closed with END", "END;"));
    }

    @ParameterizedTest(name = "[{index}] {3}")
    @MethodSource("unterminated")
    void reportsWhereAnUnterminatedConstructBegan(Set<Flavor> flavors, String sql, int line, String problem, String hint) {
        for (Flavor flavor : flavors) {
            ScriptException e = assertThrows(ScriptException.class, () -> SqlSplitter.split(sql, 1, flavor), flavor.toString());
            assertEquals(line, e.line(), flavor + ": " + e.getMessage());
            assertTrue(e.problem().contains(problem), () -> flavor + ": " + e.getMessage());
            assertTrue(e.hint().contains(hint), () -> flavor + ": " + e.getMessage());
            assertNull(e.file(), "the splitter does not know the file");
            assertTrue(e.getMessage().startsWith("line " + line + ": "), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
    }

    @Test
    void unterminatedLinesAreFileLines() {
        ScriptException e = assertThrows(ScriptException.class, () -> SqlSplitter.split("SELECT 1;\n'", 40, SQLITE));
        assertEquals(41, e.line());
    }

    @Test
    void withFileLocatesTheError() {
        ScriptException e = assertThrows(ScriptException.class, () -> SqlSplitter.split("'", 7, SQLITE));
        ScriptException located = e.withFile(Path.of("v/x.sql"));
        assertEquals(7, located.line());
        assertEquals(e.problem(), located.problem());
        assertEquals(e.hint(), located.hint());
        assertTrue(located.getMessage().startsWith("v/x.sql:7: unterminated string literal"), located.getMessage());
    }

    @Test
    void nestedCommentThatSqliteWouldEndEarlyIsAnErrorOnlyInPostgres() {
        String sql = "/* a /* b */ SELECT 1;";
        assertEquals(List.of(st(1, "SELECT 1")), SqlSplitter.split(sql, 1, SQLITE));
        assertThrows(ScriptException.class, () -> SqlSplitter.split(sql, 1, POSTGRESQL));
    }

    @Test
    void abbreviatedCollapsesWhitespaceAndCuts() {
        Statement s = st(1, "INSERT INTO t\n   VALUES (1,\t2)");
        assertEquals("INSERT INTO t VALUES (1, 2)", s.abbreviated(80));
        assertEquals("INSERT IN…", s.abbreviated(10));
        assertEquals(10, s.abbreviated(10).length());
    }

    @Test
    void manyStatementsKeepTheirOrderAndLines() {
        StringBuilder sql = new StringBuilder();
        List<Statement> expected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            sql.append("-- statement ").append(i).append('\n');
            sql.append("INSERT INTO t VALUES (").append(i).append(", 'a;b');\n");
            expected.add(st(2 * i + 2, "INSERT INTO t VALUES (" + i + ", 'a;b')"));
        }
        assertEquals(expected, SqlSplitter.split(sql.toString(), 1, POSTGRESQL));
    }
}
