package dev.migrate.tenants;

import dev.migrate.config.DatabaseUrl;
import dev.migrate.core.Database;
import dev.migrate.db.AuditEntry;
import dev.migrate.db.ConnectionSettings;
import dev.migrate.db.Dialect;
import dev.migrate.db.TableName;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Database mode: a database per tenant. A tenant is a database on the configured server ({@code acme} becomes the
 * configured URL with {@code acme} as its database, or {@code --tenants-url-template} with {@code ${tenant}}
 * replaced), or a URL of its own. Each tenant's run connects to its database, as a single run does.
 */
public final class DatabaseFleet implements TenantDatabases {

    private final DatabaseUrl base;
    private final String template;
    private final String versionTable;
    private final String auditTable;
    private final ConnectionSettings settings;
    private final int connections;
    private final Map<String, String> unreadable = new ConcurrentHashMap<>();

    /**
     * @param template    a URL with {@code ${tenant}}, or null for the base URL with the tenant as its database
     * @param connections how many databases the read of every tenant's heads reaches at once
     */
    public DatabaseFleet(DatabaseUrl base, String template, String versionTable, String auditTable, ConnectionSettings settings,
                         int connections) {
        this.connections = connections;
        this.base = base;
        this.template = template;
        this.versionTable = versionTable;
        this.auditTable = auditTable;
        this.settings = settings;
    }

    /**
     * Whether a target is a URL of its own rather than a database's name: anything with {@code :}, {@code @} or
     * {@code /}, which no database name on the list is meant to hold, so that a mistyped URL
     * ({@code postgres:/user:pw@host/db}) is parsed, and refused with its password masked, rather than taken for a name
     * and shown as it is.
     */
    public static boolean isUrl(String value) {
        return value.indexOf(':') >= 0 || value.indexOf('@') >= 0 || value.indexOf('/') >= 0;
    }

    /**
     * The tenant named {@code value}: a database of the configured server, or a URL (shown without its password).
     *
     * @throws dev.migrate.config.ConfigException for a value that is no valid URL ({@link #isUrl}); its message masks
     *                                            the password
     */
    @Override
    public Tenant tenant(String value) {
        return new Tenant(isUrl(value) ? resolve(value).redacted() : value, value);
    }

    private DatabaseUrl url(Tenant t) {
        return resolve(t.url());
    }

    private DatabaseUrl resolve(String value) {
        return isUrl(value) ? DatabaseUrl.parse(value)
                : template != null ? DatabaseUrl.parse(template.replace("${tenant}", value)) : base.withDatabase(value);
    }

    @Override
    public Connection connection() throws SQLException {
        Dialect d = Dialect.of(base);
        return d.connect(base.jdbcUrl(), d.connectionProperties(base, settings));
    }

    @Override
    public Database database(Tenant tenant) {
        return Database.of(url(tenant), TableName.parse(versionTable), TableName.parse(auditTable), settings);
    }

    /**
     * Each tenant's heads, read on a connection of its own, as many at once as the run's connections; a database that
     * cannot be reached is absent from the map, so that its own run says why.
     */
    @Override
    public Map<String, List<String>> heads(List<Tenant> tenants) {
        Map<String, List<String>> out = new ConcurrentHashMap<>();
        Workers.each(tenants, connections, "migrate-heads", () -> { }, t -> {
            try {
                Database db = database(t);
                out.put(t.name(), db.read(db.store()::heads));
                unreadable.remove(t.name());
            } catch (RuntimeException unreachable) {
                unreadable.put(t.name(), unreachable.getMessage() == null ? unreachable.toString() : unreachable.getMessage());
            }
        });
        return out;
    }

    /** Each database's latest audit rows, read as {@link #heads} reads the version tables. */
    @Override
    public Map<String, Map<String, String>> appliedChecksums(List<Tenant> tenants) {
        Map<String, Map<String, String>> out = new ConcurrentHashMap<>();
        Workers.each(tenants, connections, "migrate-checksums", () -> { }, t -> {
            try {
                Database db = database(t);
                Map<String, String> applied = new HashMap<>();
                for (AuditEntry e : db.read(db.store()::latestAuditRows)) {
                    if (e.success() && e.checksum() != null && ("upgrade".equals(e.kind()) || "accept".equals(e.kind()))) {
                        applied.put(e.revision(), e.checksum());
                    }
                }
                out.put(t.name(), applied);
            } catch (RuntimeException unreachable) {
                // its run reports it
            }
        });
        return out;
    }

    /** Why {@link #heads} could not read this tenant (a run says it again, and a survey shows it). */
    @Override
    public String unreadable(Tenant tenant) {
        return unreadable.get(tenant.name());
    }

    @Override
    public void close() {
    }
}
