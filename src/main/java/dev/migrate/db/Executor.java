package dev.migrate.db;

import dev.migrate.script.SqlSplitter;

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

    /**
     * Splits {@code sql} (which starts at {@code firstLine} of its file) the dialect's way and runs each statement.
     *
     * @throws StatementFailedException naming the first statement that failed, with its line
     */
    public int run(Connection c, String sql, int firstLine) throws StatementFailedException {
        List<SqlSplitter.Statement> statements = SqlSplitter.split(sql, firstLine, dialect.flavor());
        try (Statement st = c.createStatement()) {
            for (SqlSplitter.Statement s : statements) {
                try {
                    st.execute(s.sql());
                } catch (SQLException e) {
                    throw new StatementFailedException(s.line(), s.sql(), e.getSQLState(), dialect.describe(e), e);
                }
            }
        } catch (SQLException e) {
            throw new StatementFailedException(firstLine, "", e.getSQLState(), dialect.describe(e), e);
        }
        return statements.size();
    }
}
