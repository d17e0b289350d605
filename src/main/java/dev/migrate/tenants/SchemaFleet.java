package dev.migrate.tenants;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.migrate.catalog.Identifiers;
import dev.migrate.config.DatabaseUrl;
import dev.migrate.core.Database;
import dev.migrate.db.AuditEntry;
import dev.migrate.db.ConnectionSettings;
import dev.migrate.db.Dialect;
import dev.migrate.db.TableName;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Schema mode: one PostgreSQL database, a schema per tenant. Connections come from one HikariCP pool sized to the
 * workers; a tenant's connection has its schema first on the search path ({@code tenant, public} by default), so
 * that its revisions, its version table and its audit table are its own, and so is its migration lock (keyed by the
 * schema-qualified version table).
 */
public final class SchemaFleet implements TenantDatabases {

    private final HikariDataSource pool;
    private final Dialect dialect;
    private final String versionTable;
    private final String auditTable;
    private final String searchPath;

    /**
     * @param searchPath the search path of a tenant's connections, {@code ${tenant}} standing for its schema; it must
     *                   come first, else a tenant's revisions would create their objects in a schema all tenants share
     */
    public SchemaFleet(DatabaseUrl url, int connections, String versionTable, String auditTable, String searchPath,
                       ConnectionSettings settings) {
        TableName v = TableName.parse(versionTable);
        if (v.schema() != null) {
            throw new IllegalArgumentException("version_table `" + versionTable + "` names a schema: in schema mode each tenant's "
                    + "version table is in its own schema; give the table's name alone");
        }
        if (!searchPath.strip().matches("\\$\\{tenant}\\s*(,.*)?")) {
            throw new IllegalArgumentException("the tenants' search path `" + searchPath + "` must start with ${tenant}, so that "
                    + "each tenant's revisions create their objects in its own schema: e.g. `${tenant}, shared_extensions`");
        }
        this.dialect = Dialect.of(url);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        config.setDataSourceProperties(dialect.connectionProperties(url, settings));
        config.setMaximumPoolSize(Math.max(1, connections));
        config.setMinimumIdle(0);
        config.setPoolName("migrate-tenants");
        config.setConnectionTimeout(Math.max(250, settings.networkTimeout().toMillis()));
        config.setInitializationFailTimeout(-1);
        this.pool = new HikariDataSource(config);
        this.versionTable = versionTable;
        this.auditTable = auditTable;
        this.searchPath = searchPath;
    }

    /** A connection of the pool, as it comes (the public search path): for the target list and the state read. */
    @Override
    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /**
     * A schema that does not exist, or whose name is not a plain lower-case identifier: migrate's version and audit
     * tables, named in the tenant's schema, cannot hold another.
     */
    @Override
    public String refused(Tenant tenant, boolean found) {
        if (!found) return "the schema " + tenant.name() + " does not exist: create it, or take it off the list of tenants";
        if (!Identifiers.bare(tenant.name())) {
            return "the schema name " + tenant.name() + " is not a plain lower-case identifier (letters a-z, digits and "
                    + "underscores, not starting with a digit, and not a reserved word such as order or user), which migrate's "
                    + "version and audit tables need in schema mode: rename it (ALTER SCHEMA ... RENAME TO ...), or take it "
                    + "off the list of tenants";
        }
        return null;
    }

    @Override
    public Tenant tenant(String value) {
        return Tenant.schema(value);
    }

    /**
     * The tenant's database: its connections have its search path, and its version and audit tables are named in its
     * schema, never found through the search path (a new tenant would otherwise find those of a shared project in
     * {@code public}, which the search path also holds).
     *
     * @throws IllegalArgumentException for a schema whose name is {@link #refused}
     */
    @Override
    public Database database(Tenant tenant) {
        String refused = refused(tenant, true);
        if (refused != null) throw new IllegalArgumentException(refused);
        return Database.of(new TenantDataSource(pool, searchPath.replace("${tenant}", Identifiers.quote(tenant.name()))), dialect,
                new TableName(tenant.name(), TableName.parse(versionTable).name()),
                new TableName(tenant.name(), TableName.parse(auditTable).name())).ownSessions();
    }

    /**
     * Every tenant's heads in one round trip per 500 tenants: a tenant without a version table has none (a new
     * one), one whose schema does not exist is absent from the map.
     */
    @Override
    public Map<String, List<String>> heads(List<Tenant> tenants) throws SQLException {
        Map<String, List<String>> out = new HashMap<>();
        try (Connection c = pool.getConnection()) {
            List<String> withTable = withTable(c, tenants, TableName.parse(versionTable).name(), out::put);
            eachRow(c, withTable, (i, schema) -> "SELECT " + i + ", version_num FROM " + Identifiers.quote(schema) + '.'
                    + TableName.parse(versionTable).sql(), (schema, rs) -> out.get(schema).add(rs.getString(2)));
        }
        return out;
    }

    /** In one round trip per 500 tenants that have an audit table, as {@link #heads} reads the version tables. */
    @Override
    public Map<String, Map<String, String>> appliedChecksums(List<Tenant> tenants) throws SQLException {
        Map<String, Map<String, String>> out = new HashMap<>();
        try (Connection c = pool.getConnection()) {
            List<String> withTable = withTable(c, tenants, TableName.parse(auditTable).name(), (schema, none) -> { });
            // DISTINCT ON rather than max(id) in a subquery: half the planning of 500 branches
            eachRow(c, withTable, (i, schema) -> {
                String audit = Identifiers.quote(schema) + '.' + TableName.parse(auditTable).sql();
                return "(SELECT DISTINCT ON (revision) " + i + ", revision, checksum FROM " + audit + " WHERE revision IS NOT NULL "
                        + "AND status = '" + AuditEntry.OK + "' AND kind IN ('upgrade', 'accept') ORDER BY revision, id DESC)";
            }, (schema, rs) -> {
                if (rs.getString(3) != null) out.computeIfAbsent(schema, k -> new HashMap<>()).put(rs.getString(2), rs.getString(3));
            });
        }
        return out;
    }

    /**
     * The tenants' schemas that hold {@code table}, in one query; each schema that exists is told to {@code exists}
     * (with an empty list to fill).
     */
    private static List<String> withTable(Connection c, List<Tenant> tenants, String table,
                                          java.util.function.BiConsumer<String, List<String>> exists) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT n.nspname, c.oid IS NOT NULL FROM pg_catalog.pg_namespace n "
                + "LEFT JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = ? AND c.relkind IN ('r', 'p') "
                + "WHERE n.nspname = ANY (?)")) {
            ps.setString(1, table);
            ps.setArray(2, c.createArrayOf("text", tenants.stream().map(Tenant::name).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    exists.accept(rs.getString(1), new ArrayList<>());
                    if (rs.getBoolean(2)) out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** One {@code select} a schema (its first column: the schema's index), run as a UNION ALL of 500 at a time. */
    private static void eachRow(Connection c, List<String> schemas, java.util.function.BiFunction<Integer, String, String> select,
                                SchemaRow row) throws SQLException {
        for (int from = 0; from < schemas.size(); from += 500) {
            List<String> chunk = schemas.subList(from, Math.min(schemas.size(), from + 500));
            StringBuilder sql = new StringBuilder();
            for (int i = 0; i < chunk.size(); i++) {
                if (i > 0) sql.append(" UNION ALL ");
                sql.append(select.apply(i, chunk.get(i)));
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql.toString())) {
                while (rs.next()) row.accept(chunk.get(rs.getInt(1)), rs);
            }
        }
    }

    /** A row of {@link #eachRow}, with the schema it comes from. */
    private interface SchemaRow {
        void accept(String schema, ResultSet rs) throws SQLException;
    }

    @Override
    public void close() {
        pool.close();
    }

    /** The pool's connections with a tenant's search path, set as each is handed out. */
    private record TenantDataSource(HikariDataSource pool, String searchPath) implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            Connection c = pool.getConnection();
            try (Statement st = c.createStatement()) {
                st.execute("SET search_path TO " + searchPath);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            return c;
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException("the tenants' pool has its own user");
        }

        @Override public PrintWriter getLogWriter() { return null; }

        @Override public void setLogWriter(PrintWriter out) { }

        @Override public void setLoginTimeout(int seconds) { }

        @Override public int getLoginTimeout() { return 0; }

        @Override public Logger getParentLogger() throws SQLFeatureNotSupportedException { throw new SQLFeatureNotSupportedException(); }

        @Override public <T> T unwrap(Class<T> iface) throws SQLException { return pool.unwrap(iface); }

        @Override public boolean isWrapperFor(Class<?> iface) throws SQLException { return pool.isWrapperFor(iface); }
    }
}
