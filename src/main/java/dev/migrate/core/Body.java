package dev.migrate.core;

import dev.migrate.api.Migration;
import dev.migrate.api.OfflineModeException;
import dev.migrate.api.OperationFailedException;
import dev.migrate.api.ReversibleMigration;
import dev.migrate.db.DatabaseError;
import dev.migrate.db.Dialect;
import dev.migrate.db.Executor;
import dev.migrate.db.StatementFailedException;
import dev.migrate.ops.SqlOperations;
import dev.migrate.script.JavaRevisionScript;
import dev.migrate.script.RevisionScript;
import dev.migrate.script.SqlScript;
import dev.migrate.script.SqlSplitter;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What one step runs against the database: the statements of an SQL section, or a Java revision's method.
 * Bodies are made before the first step runs, so that a script that cannot run fails with nothing changed.
 */
interface Body {

    /** Runs on the step's connection, inside its transaction. */
    void run(Connection connection) throws StatementFailedException;

    /**
     * The statements it would run, for an offline script.
     *
     * @throws OfflineModeException when a Java revision needs a live database
     */
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

    /**
     * The body of a script in one direction; the one place that knows the kinds of script.
     *
     * @throws RevisionException for a downgrade of a script that has none
     */
    static Body of(RevisionScript script, boolean upgrade, Database database) {
        if (!upgrade && !script.hasDowngrade()) {
            boolean isJava = script instanceof JavaRevisionScript;
            throw new RevisionException(script.id(), script.path(), "Revision " + script.id() + " (" + script.path() + ") "
                    + (isJava ? "does not implement ReversibleMigration" : "has no '-- migrate:downgrade' section")
                    + ", so it cannot be downgraded. Nothing was changed. "
                    + (isJava ? "Implement ReversibleMigration and its downgrade method" : "Add a downgrade section to the script")
                    + ", or choose a downgrade target above it.");
        }
        if (script instanceof SqlScript sql) {
            SqlScript.Section section = upgrade ? sql.upgrade() : sql.downgrade().orElseThrow();
            return new SqlBody(database.executor(), database.executor().split(sql.path(), section));
        }
        if (script instanceof JavaRevisionScript java) {
            return new JavaBody(java, upgrade, database.dialect());
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

    /**
     * A Java revision's {@code upgrade} or {@code downgrade}, on a new instance of its class, with operations that run
     * on the step's connection (online) or only collect statements (offline).
     */
    record JavaBody(JavaRevisionScript script, boolean upgrade, Dialect dialect) implements Body {
        /** Never: that would run the revision's code twice (offline, then for real). */
        @Override
        public List<String> knownStatements() {
            return List.of();
        }


        @Override
        public void run(Connection connection) throws StatementFailedException {
            SqlOperations op = SqlOperations.online(dialect.renderer(), connection);
            try {
                invoke(op);
            } catch (Exception | LinkageError | AssertionError e) {
                throw failure(e);
            }
        }

        /** Offline SQL; an {@link OfflineModeException} (the revision needs a live database) is thrown as it is. */
        @Override
        public List<String> offlineSql() {
            SqlOperations op = SqlOperations.offline(dialect.renderer(), script.id());
            try {
                invoke(op);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("revision " + script.id() + " failed while rendering offline SQL: " + e, e);
            }
            return op.statements();
        }

        private void invoke(SqlOperations op) throws Exception {
            Migration migration = script.newInstance();
            if (upgrade) {
                migration.upgrade(op);
            } else {
                ((ReversibleMigration) migration).downgrade(op);
            }
        }

        /**
         * The error of the revision's code as a failed statement: at the script's line from the stack trace, with the
         * statement and what the database said (its DETAIL and HINT too) when an operation (or the revision's own JDBC)
         * failed.
         */
        private StatementFailedException failure(Throwable e) {
            int line = script.lineOf(e).orElse(0);
            OperationFailedException operation = find(e, OperationFailedException.class);
            SQLException sql = operation != null ? operation.getCause() : find(e, SQLException.class);
            String statement = operation != null ? operation.statement() : "";
            if (sql != null) {
                DatabaseError error = dialect.error(sql);
                return new StatementFailedException(line, statement,
                        operation != null ? error.withMessage(operation.operation() + ": " + error.message()) : error, e);
            }
            return new StatementFailedException(line, statement, DatabaseError.of(null, e.toString()), e);
        }

        private static <T extends Throwable> T find(Throwable e, Class<T> type) {
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (type.isInstance(t)) return type.cast(t);
            }
            return null;
        }
    }
}
