package dev.migrate.ops;

import dev.migrate.api.Column;
import dev.migrate.api.ColumnChange;
import dev.migrate.api.Constraint;
import dev.migrate.api.IndexOptions;
import dev.migrate.api.Operations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** User mistakes: one-line IllegalArgumentExceptions that name the operation, before any SQL is rendered. */
class ValidationTest {

    private static final String LONG = "a".repeat(64);

    static Stream<Arguments> mistakes() {
        return Stream.of(
                arguments("createTable users: a table needs at least one column",
                        op(o -> o.createTable("users"))),
                arguments("createTable users: a table needs at least one column",
                        op(o -> o.createTable("users", Constraint.check("ck", "1 = 1")))),
                arguments("createTable  users: table name ' users' has leading or trailing spaces",
                        op(o -> o.createTable(" users", Column.of("id", "integer")))),
                arguments("createTable public.users: table name 'public.users' contains a dot: schema-qualified names are "
                                + "not supported, tables are found in the connection's current schema",
                        op(o -> o.createTable("public.users", Column.of("id", "integer")))),
                arguments("createTable " + LONG + ": table name '" + LONG + "' is 64 bytes long; names may have at most 63",
                        op(o -> o.createTable(LONG, Column.of("id", "integer")))),
                arguments("createTable t: column name 'ä" + "a".repeat(62) + "' is 64 bytes long; names may have at most 63",
                        op(o -> o.createTable("t", Column.of("ä" + "a".repeat(62), "integer")))),
                arguments("createTable null: table name must not be blank",
                        op(o -> o.createTable(null, Column.of("id", "integer")))),
                arguments("createTable t: column name 'a?b' contains a control character",
                        op(o -> o.createTable("t", Column.of("a\nb", "integer")))),
                arguments("createTable t: column name must not be blank",
                        op(o -> o.createTable("t", Column.of("", "integer")))),
                arguments("createTable t: type of column id must not be blank",
                        op(o -> o.createTable("t", Column.of("id", " ")))),
                arguments("createTable t: an element is null",
                        op(o -> o.createTable("t", Column.of("id", "integer"), null))),
                arguments("createTable t: column id is given twice",
                        op(o -> o.createTable("t", Column.of("id", "integer"), Column.of("id", "text")))),
                arguments("createTable t: 2 columns are primaryKey(); a key of several columns is Constraint.primaryKey(...)",
                        op(o -> o.createTable("t", Column.of("a", "integer").primaryKey(), Column.of("b", "integer").primaryKey()))),
                arguments("createTable t: the primary key is given twice",
                        op(o -> o.createTable("t", Column.of("a", "integer").primaryKey(), Constraint.primaryKey("a")))),
                arguments("createTable t: constraint column b is not a column of the table",
                        op(o -> o.createTable("t", Column.of("a", "integer"), Constraint.unique("uq", "a", "b")))),
                arguments("createTable t: constraint name must not be blank",
                        op(o -> o.createTable("t", Column.of("a", "integer"), Constraint.unique(null, "a")))),
                arguments("createTable t: the constraint column list is empty",
                        op(o -> o.createTable("t", Column.of("a", "integer"), Constraint.primaryKey()))),
                arguments("createTable t: check condition must not be blank",
                        op(o -> o.createTable("t", Column.of("a", "integer"), Constraint.check("ck", "")))),
                arguments("createTable t: the foreign key has 1 columns but refers to 2",
                        op(o -> o.createTable("t", Column.of("a", "integer"),
                                Constraint.foreignKey("fk", List.of("a"), "u", List.of("x", "y"))))),
                arguments("createTable t: identity column id cannot also have a default",
                        op(o -> o.createTable("t", Column.of("id", "integer").primaryKey().identity().defaultValue(1)))),
                arguments("addColumn t.null: column must not be null",
                        op(o -> o.addColumn("t", null))),
                arguments("dropColumn t.: column name must not be blank",
                        op(o -> o.dropColumn("t", ""))),
                arguments("alterColumn t.a: the change is empty: say what changes, e.g. ColumnChange.to().notNull()",
                        op(o -> o.alterColumn("t", "a", ColumnChange.to()))),
                arguments("alterColumn t.a: new column name must not be blank",
                        op(o -> o.alterColumn("t", "a", ColumnChange.to().name(" ")))),
                arguments("alterColumn t.a: type must not be blank",
                        op(o -> o.alterColumn("t", "a", ColumnChange.to().type("")))),
                arguments("createIndex ix: the index column list is empty",
                        op(o -> o.createIndex("ix", "t", List.of()))),
                arguments("createIndex ix: index column a is given twice",
                        op(o -> o.createIndex("ix", "t", List.of("a", "a")))),
                arguments("createIndex ix: where condition must not be blank",
                        op(o -> o.createIndex("ix", "t", List.of("a"), IndexOptions.defaults().where(" ")))),
                arguments("createIndex ix: options must not be null: use IndexOptions.defaults()",
                        op(o -> o.createIndex("ix", "t", List.of("a"), null))),
                arguments("dropIndex null: index name must not be blank",
                        op(o -> o.dropIndex(null))),
                arguments("createForeignKey fk: the constraint column list is empty",
                        op(o -> o.createForeignKey("fk", "t", List.of(), "u", List.of()))),
                arguments("createForeignKey fk: the foreign key has 2 columns but refers to 1",
                        op(o -> o.createForeignKey("fk", "t", List.of("a", "b"), "u", List.of("id")))),
                arguments("createForeignKey fk: the actions must not be null: use ReferentialAction.NO_ACTION",
                        op(o -> o.createForeignKey("fk", "t", List.of("a"), "u", List.of("id"), null, null))),
                arguments("createUniqueConstraint null: constraint name must not be blank",
                        op(o -> o.createUniqueConstraint(null, "t", List.of("a")))),
                arguments("createUniqueConstraint uq: the constraint column list is empty",
                        op(o -> o.createUniqueConstraint("uq", "t", List.of()))),
                arguments("createCheckConstraint ck: condition must not be blank",
                        op(o -> o.createCheckConstraint("ck", "t", null))),
                arguments("dropConstraint ck: table name must not be blank",
                        op(o -> o.dropConstraint("ck", ""))),
                arguments("execute: SQL must not be blank",
                        op(o -> o.execute("  "))),
                arguments("execute: the SQL holds only comments",
                        op(o -> o.execute("-- nothing\n/* at all */"))),
                arguments("bulkInsert t: a row is null",
                        op(o -> o.bulkInsert("t", Arrays.asList(Map.of("a", 1), null)))),
                arguments("bulkInsert t: column name 'a.b' contains a dot: schema-qualified names are not supported, "
                                + "tables are found in the connection's current schema",
                        op(o -> o.bulkInsert("t", List.of(Map.of("a.b", 1))))));
    }

    private static Consumer<Operations> op(Consumer<Operations> body) {
        return body;
    }

    @ParameterizedTest
    @MethodSource("mistakes")
    void mistakesAreOneLineMessages(String message, Consumer<Operations> body) {
        for (SqlRenderer renderer : List.of(new PostgresRenderer(), new SqliteRenderer())) {
            SqlOperations op = SqlOperations.offline(renderer, "r1");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> body.accept(op));
            assertEquals(message, e.getMessage(), renderer.dialect());
            assertEquals(List.of(), op.statements());
        }
    }

    @Test
    void unterminatedSqlIsAMistakeToo() {
        SqlOperations op = SqlOperations.offline(new PostgresRenderer(), "r1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> op.execute("SELECT 'open"));
        assertEquals("execute: line 1: unterminated string literal starting on line 1. Close it with '; inside a string "
                + "write '' for a quote (a backslash does not escape a quote unless the string is written E'...')", e.getMessage());
    }

    @Test
    void aNullDefaultValueIsAMistake() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Column.of("a", "text").defaultValue(null));
        assertEquals("a default value must not be null: leave the default out, or write defaultSql(\"NULL\")", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ColumnChange.to().defaultValue(null));
        assertEquals("a default value must not be null: leave the default out, or write defaultSql(\"NULL\")", e.getMessage());
    }
}
