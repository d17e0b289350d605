package dev.migrate.autogen;

import dev.migrate.catalog.Catalog;
import dev.migrate.diff.Change;
import dev.migrate.diff.PostgresChangeSql;

import java.util.List;

/** The dialect seam of autogenerate: changes as SQL statements, in the dialect of the database they were read from. */
public interface ChangeSql {

    /**
     * @param safe write online-safe forms for existing tables (PostgreSQL); statements marked online belong to a
     *             second, non-transactional revision
     */
    List<PostgresChangeSql.Statement> render(List<Change> changes, Catalog from, Catalog to, boolean safe);

    static ChangeSql of(String dialect) {
        if (dialect.equals("postgresql")) {
            return (changes, from, to, safe) -> new PostgresChangeSql(to.defaultSchema(), safe).render(changes);
        }
        if (dialect.equals("sqlite")) {
            return (changes, from, to, safe) -> new dev.migrate.diff.SqliteChangeSql(from, to).render(changes);
        }
        throw new IllegalArgumentException("no SQL renderer for " + dialect);
    }
}
