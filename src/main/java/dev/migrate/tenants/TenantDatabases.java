package dev.migrate.tenants;

import dev.migrate.core.Database;

/** How a fleet reaches each tenant: a schema of one database, or a database of its own. */
public interface TenantDatabases extends AutoCloseable {

    /** The tenant's database, with the configured version and audit tables (its own). */
    Database database(Tenant tenant);

    @Override
    void close();
}
