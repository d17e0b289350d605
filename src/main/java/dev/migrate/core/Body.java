package dev.migrate.core;

import dev.migrate.db.Executor;
import dev.migrate.db.StatementFailedException;
import dev.migrate.script.RevisionScript;
import dev.migrate.script.SqlScript;
import dev.migrate.script.SqlSplitter;

import java.sql.Connection;
import java.util.List;

/**
 * What one step runs against the database: the statements of an SQL section, or a Java revision's method.
 * Bodies are made before the first step runs, so that a script that cannot run fails with nothing changed.
 */
interface Body {

    /** Runs on the step's connection, inside its transaction. */
    void run(Connection connection) throws StatementFailedException;

    /** The statements it would run, for an offline script. */
    List<String> offlineSql();

    /** The statements when they can be known without running anything; empty otherwise. */
    default List<String> knownStatements() {
        try {
            return offlineSql();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** A stamp runs nothing. */
    Body NONE = new Body() {
        @Override public void run(Connection connection) { }
        @Override public List<String> offlineSql() { return List.of(); }
    };

    /** The body of a script in one direction; the one place that knows the kinds of script. */
    static Body of(RevisionScript script, boolean upgrade, Database database) {
        if (script instanceof SqlScript sql) {
            SqlScript.Section section = upgrade ? sql.upgrade() : sql.downgrade().orElseThrow();
            return new SqlBody(database.executor(), database.executor().split(sql.path(), section));
        }
        throw new IllegalStateException("no body for " + script.getClass().getSimpleName());
    }

    /** An SQL section, split into statements the dialect's way. */
    record SqlBody(Executor executor, List<SqlSplitter.Statement> statements) implements Body {
        @Override
        public void run(Connection connection) throws StatementFailedException {
            executor.run(connection, statements);
        }

        @Override
        public List<String> offlineSql() {
            return statements.stream().map(SqlSplitter.Statement::sql).toList();
        }
    }
}
