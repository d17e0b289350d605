package dev.migrate.db;

import dev.migrate.script.SqlScript;
import dev.migrate.script.SqlSplitter;

import java.nio.file.Path;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Runs the statements of a revision body on a connection, in the caller's transaction. */
public final class Executor {

    private final Dialect dialect;

    public Executor(Dialect dialect) {
        this.dialect = dialect;
    }

    /** Splits a section of a script the dialect's way; a quote or comment left open is a {@code ScriptException}. */
    public List<SqlSplitter.Statement> split(Path file, SqlScript.Section section) {
        return SqlSplitter.split(file, section, dialect.flavor());
    }

    /**
     * Runs each statement in order.
     *
     * @throws StatementFailedException naming the first statement that failed, what the database said, and the line
     *                                  of the script the error is on
     */
    public void run(Connection c, List<SqlSplitter.Statement> statements) throws StatementFailedException {
        int firstLine = statements.isEmpty() ? 0 : statements.get(0).line();
        try (Statement st = c.createStatement()) {
            for (SqlSplitter.Statement s : statements) {
                try {
                    st.execute(s.sql());
                } catch (SQLException e) {
                    throw StatementFailedException.inScript(s.line(), s.sql(), dialect.error(e), e);
                }
            }
        } catch (SQLException e) {
            throw new StatementFailedException(firstLine, "", dialect.error(e), e);
        }
    }
}
