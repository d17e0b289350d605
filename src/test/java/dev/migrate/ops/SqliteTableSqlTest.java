package dev.migrate.ops;

import dev.migrate.ops.SqliteTableSql.ClauseKind;
import dev.migrate.ops.SqliteTableSql.ColumnDef;
import dev.migrate.ops.SqliteTableSql.TableConstraint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The reading of SQLite CREATE TABLE statements: table-driven, without a database. */
class SqliteTableSqlTest {

    /** A column definition, and what it must be read as: name | type | clause kinds with their text. */
    static Stream<Arguments> columns() {
        return Stream.of(
                arguments("a", "a||"),
                arguments("a integer", "a|integer|"),
                arguments("\"my col\" varchar (10, 2) NOT NULL", "my col|varchar (10, 2)|NOT_NULL=NOT NULL"),
                arguments("[x] unsigned big int DEFAULT -1", "x|unsigned big int|DEFAULT=DEFAULT -1"),
                arguments("`x` text DEFAULT 'it''s' COLLATE NOCASE", "x|text|DEFAULT=DEFAULT 'it''s',COLLATE=COLLATE NOCASE"),
                arguments("x blob DEFAULT x'00ff' NULL", "x|blob|DEFAULT=DEFAULT x'00ff',NULL=NULL"),
                arguments("x text DEFAULT NULL NOT NULL ON CONFLICT REPLACE",
                        "x|text|DEFAULT=DEFAULT NULL,NOT_NULL=NOT NULL ON CONFLICT REPLACE"),
                arguments("id INTEGER PRIMARY KEY DESC ON CONFLICT FAIL AUTOINCREMENT",
                        "id|INTEGER|PRIMARY_KEY=PRIMARY KEY DESC ON CONFLICT FAIL AUTOINCREMENT"),
                arguments("t timestamp DEFAULT (datetime('now', 'localtime')) CHECK (t > '2000')",
                        "t|timestamp|DEFAULT=DEFAULT (datetime('now', 'localtime')),CHECK=CHECK (t > '2000')"),
                arguments("p int CONSTRAINT fk_p REFERENCES parents (id) ON DELETE SET NULL ON UPDATE NO ACTION "
                                + "MATCH SIMPLE NOT DEFERRABLE INITIALLY IMMEDIATE UNIQUE",
                        "p|int|REFERENCES=CONSTRAINT fk_p REFERENCES parents (id) ON DELETE SET NULL ON UPDATE NO ACTION "
                                + "MATCH SIMPLE NOT DEFERRABLE INITIALLY IMMEDIATE,UNIQUE=UNIQUE"),
                arguments("q REFERENCES parents DEFERRABLE INITIALLY DEFERRED NOT NULL",
                        "q||REFERENCES=REFERENCES parents DEFERRABLE INITIALLY DEFERRED,NOT_NULL=NOT NULL"),
                arguments("g integer GENERATED ALWAYS AS (a * 2) STORED", "g|integer|GENERATED=GENERATED ALWAYS AS (a * 2) STORED"),
                arguments("g AS (a || 'x')", "g||GENERATED=AS (a || 'x')"),
                arguments("n numeric DEFAULT +1.5e-3 /* c */ -- d\n NOT NULL",
                        "n|numeric|DEFAULT=DEFAULT +1.5e-3,NOT_NULL=NOT NULL"),
                arguments("d DEFAULT CURRENT_TIMESTAMP", "d||DEFAULT=DEFAULT CURRENT_TIMESTAMP"),
                arguments("w int weird words(3)", "w|int weird words(3)|"));
    }

    @ParameterizedTest
    @MethodSource("columns")
    void readsColumnDefinitions(String definition, String expected) {
        SqliteTableSql t = SqliteTableSql.parse("t", "CREATE TABLE t (" + definition + ", CONSTRAINT c CHECK (1))");
        ColumnDef c = t.columns().get(0);
        StringBuilder s = new StringBuilder(c.name()).append('|').append(c.typeSql()).append('|');
        for (int k = 0; k < c.clauses().size(); k++) {
            s.append(k > 0 ? "," : "").append(c.clauses().get(k).kind()).append('=').append(c.clauses().get(k).sql());
        }
        assertEquals(expected, s.toString());
        assertEquals(2, t.elements().size());
    }

    @Test
    void readsTableConstraintsWithTheirNamesAndColumns() {
        SqliteTableSql t = SqliteTableSql.parse("t", "CREATE TABLE IF NOT EXISTS main.\"t\" (\n"
                + "  a int, \"b\" int, c int,\n"
                + "  PRIMARY KEY (a COLLATE NOCASE DESC, \"b\"),\n"
                + "  CONSTRAINT \"uq c\" UNIQUE (c) ON CONFLICT IGNORE,\n"
                + "  constraint ck check (a > 0 and (b < 10)),\n"
                + "  FOREIGN KEY (c, a) REFERENCES u (x, y) ON DELETE CASCADE\n"
                + ") STRICT");
        assertEquals(List.of(
                new TableConstraint(null, "PRIMARY KEY (a COLLATE NOCASE DESC, \"b\")", List.of("a", "b")),
                new TableConstraint("uq c", "CONSTRAINT \"uq c\" UNIQUE (c) ON CONFLICT IGNORE", List.of("c")),
                new TableConstraint("ck", "constraint ck check (a > 0 and (b < 10))", List.of()),
                new TableConstraint(null, "FOREIGN KEY (c, a) REFERENCES u (x, y) ON DELETE CASCADE", List.of("c", "a"))),
                t.elements().subList(3, 7));
        assertEquals("CREATE TABLE x (a int, \"b\" int, c int, PRIMARY KEY (a COLLATE NOCASE DESC, \"b\"), "
                + "CONSTRAINT \"uq c\" UNIQUE (c) ON CONFLICT IGNORE, constraint ck check (a > 0 and (b < 10)), "
                + "FOREIGN KEY (c, a) REFERENCES u (x, y) ON DELETE CASCADE) STRICT", t.createStatement("x"));
        assertFalse(t.autoincrement());
        assertTrue(SqliteTableSql.parse("t", "CREATE TABLE t (id integer primary key autoincrement)").autoincrement());
    }

    @Test
    void generatedColumnsAreKnown() {
        SqliteTableSql t = SqliteTableSql.parse("t", "CREATE TABLE t (a int, b int AS (a + 1))");
        assertFalse(t.columns().get(0).generated());
        assertTrue(t.columns().get(1).generated());
        assertEquals(ClauseKind.GENERATED, t.columns().get(1).clauses().get(0).kind());
    }

    @Test
    void whatItCannotReadItSaysSo() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SqliteTableSql.parse("t", "CREATE TABLE t (a int PRIMARY)"));
        assertEquals("cannot read the definition of SQLite table t at the end (expected KEY); change this table with execute()",
                e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> SqliteTableSql.parse("t", "CREATE TABLE t (a int UNIQUE 5)"));
        assertEquals("cannot read the definition of SQLite table t near \"5)\" (expected a column constraint); "
                + "change this table with execute()", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> SqliteTableSql.parse("t", "CREATE TABLE t (a int CHECK (a > 0)"));
        assertEquals("cannot read the definition of SQLite table t near \"(a int CHECK (a > 0)\" (expected a closing "
                + "parenthesis); change this table with execute()", e.getMessage());
    }
}
