package dev.migrate.core;

import dev.migrate.db.Dialect;
import dev.migrate.db.TableName;
import dev.migrate.script.RevisionScript;
import dev.migrate.script.SqlSplitter;

import java.util.List;

/**
 * The statements a revision runs, without a database: an SQL section split the dialect's way, with the lines of its
 * file; a Java revision's operations rendered as the offline script renders them (line 0: they are not text of a
 * file). For lint, which reads and traces them.
 */
public final class RevisionStatements {
    private RevisionStatements() { }

    /**
     * @throws dev.migrate.api.OfflineModeException when a Java revision needs a live database (raw connection)
     */
    public static List<SqlSplitter.Statement> of(RevisionScript script, boolean upgrade, Dialect dialect) {
        Body body = Body.of(script, upgrade, Database.offline(dialect, TableName.parse("migrate_version"),
                TableName.parse("migrate_version_audit")));
        if (body instanceof Body.SqlBody sql) return sql.statements();
        return body.offlineSql().stream().map(s -> new SqlSplitter.Statement(s, 0)).toList();
    }
}
