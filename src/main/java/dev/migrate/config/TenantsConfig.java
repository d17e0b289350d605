package dev.migrate.config;

/**
 * The keys of a run across tenants (MIGRATIONS.md, "Many tenants"); each is also an option of the commands, which
 * wins over the key. Null where the key is absent.
 *
 * @param mode        {@code tenants_mode}: {@code schema} or {@code database}
 * @param query       {@code tenants_query}: SQL whose first column lists the tenants
 * @param file        {@code tenants_file}: a file of tenants, relative to the configuration file
 * @param pattern     {@code tenants_pattern}: a glob over the schemas (or databases)
 * @param urlTemplate {@code tenants_url_template}: database mode, a URL with {@code ${tenant}}
 * @param searchPath  {@code tenants_search_path}: schema mode, a tenant's search path with {@code ${tenant}}
 * @param parallel    {@code tenants_parallel}
 * @param canary      {@code tenants_canary}
 * @param maxFailures {@code tenants_max_failures}
 */
public record TenantsConfig(String mode, String query, java.nio.file.Path file, String pattern, String urlTemplate, String searchPath,
                            Integer parallel, Integer canary, Integer maxFailures) {

    public static final TenantsConfig NONE = new TenantsConfig(null, null, null, null, null, null, null, null, null);

    /** Whether the file lists tenants (so that {@code --tenants} alone is enough). */
    public boolean listed() {
        return query != null || file != null || pattern != null;
    }
}
