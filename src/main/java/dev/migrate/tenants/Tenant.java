package dev.migrate.tenants;

/**
 * One target of a fleet run.
 *
 * @param name the schema (schema mode) or the database's name as the report shows it (database mode)
 * @param url  database mode: the tenant's database URL; null in schema mode
 */
public record Tenant(String name, String url) implements Comparable<Tenant> {

    public static Tenant schema(String name) {
        return new Tenant(name, null);
    }

    @Override
    public int compareTo(Tenant o) {
        return name.compareTo(o.name);
    }
}
