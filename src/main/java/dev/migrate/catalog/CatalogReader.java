package dev.migrate.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Reads a {@link Catalog} out of a live database: one implementation per dialect. It reads the given schemas only,
 * leaves out objects that belong to an extension and the tables named in {@code exclude} (migrate's own version
 * and audit tables), and changes nothing in the database.
 */
public interface CatalogReader {

    /**
     * @param schemas the schemas to read (PostgreSQL; the first is the default schema); ignored by SQLite
     * @param exclude table names (unqualified) that are never part of the schema: the version and audit tables
     */
    Catalog read(Connection connection, List<String> schemas, List<String> exclude) throws SQLException;

    /** The reader of a dialect: {@code postgresql} or {@code sqlite}. */
    static CatalogReader of(String dialect) {
        if (dialect.equals("postgresql")) return new PostgresCatalogReader();
        if (dialect.equals("sqlite")) return new SqliteCatalogReader();
        throw new IllegalArgumentException("no catalog reader for " + dialect);
    }
}
