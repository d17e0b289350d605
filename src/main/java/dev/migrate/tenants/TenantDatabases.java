package dev.migrate.tenants;

import dev.migrate.core.Database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** How a fleet reaches each tenant: a schema of one database, or a database of its own. */
public interface TenantDatabases extends AutoCloseable {

    /** The tenant's database, with the configured version and audit tables (its own). */
    Database database(Tenant tenant);

    /**
     * Each tenant's heads (an empty list: no version table yet); a tenant that does not exist or cannot be reached is
     * absent, and its run says why.
     */
    Map<String, List<String>> heads(List<Tenant> tenants) throws SQLException;

    /**
     * Each tenant's applied checksums: for each revision, the checksum of its last successful upgrade or accept in the
     * tenant's audit table; a tenant without one (or that cannot be read) is absent. With {@link #heads}, what a state
     * check needs to find an applied script that changed since, without locking or running the tenant.
     */
    Map<String, Map<String, String>> appliedChecksums(List<Tenant> tenants) throws SQLException;

    /**
     * Why {@code tenant} cannot run at all, told without running it; null to run it (its run then says why it fails, if
     * it does).
     *
     * @param found whether {@link #heads} found it
     */
    default String refused(Tenant tenant, boolean found) {
        return null;
    }

    /** Why {@link #heads} could not read {@code tenant}, when it could not and knows why; null otherwise. */
    default String unreadable(Tenant tenant) {
        return null;
    }

    /** A tenant named on the list: a schema, a database's name, or a URL. */
    Tenant tenant(String value);

    /** A connection to the configured database, to list the tenants. */
    Connection connection() throws SQLException;

    @Override
    void close();
}
