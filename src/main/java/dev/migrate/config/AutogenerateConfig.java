package dev.migrate.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The keys of autogenerate (MIGRATIONS.md, "Autogenerate"): which schemas are compared, what is left out, the
 * online-safe form, how constraint names count, and where entities come from.
 *
 * @param schemas             {@code autogenerate_schemas}: the schemas compared; the first is the default schema
 * @param exclude             {@code autogenerate_exclude}: table names (globs) left out of the comparison
 * @param safe                {@code autogenerate_safe}: write online-safe forms for tables that exist (default true)
 * @param strictNames         {@code autogenerate_constraint_names: strict}: a constraint or index under another name is renamed
 * @param entityPackages      {@code entity_packages}: the packages scanned for JPA entities
 * @param entityNaming        {@code entity_naming}: {@code spring} or {@code jpa}; null: spring when Spring Boot is on the class path
 * @param hibernateProperties {@code hibernate_properties}: a properties file handed to Hibernate
 * @param schemaFiles         {@code schema_files}: the desired schema as SQL files or folders
 * @param shadowUrl           {@code shadow_url}: the server for scratch databases, where the configured one forbids
 *                            CREATE DATABASE (raw, interpolated; null: the configured URL's server)
 * @param shadowCache         {@code shadow_cache}: keep the replayed revisions as a template to clone (default true)
 */
public record AutogenerateConfig(List<String> schemas, List<String> exclude, boolean safe, boolean strictNames,
                                 List<String> entityPackages, String entityNaming, Path hibernateProperties,
                                 List<Path> schemaFiles, String shadowUrl, boolean shadowCache) {

    public static final AutogenerateConfig DEFAULTS = new AutogenerateConfig(List.of(), List.of(), true, false, List.of(), null, null,
            List.of(), null, true);

    /** The values {@code entity_naming} accepts. */
    public static final List<String> NAMINGS = List.of("spring", "jpa");
    /** The values {@code autogenerate_constraint_names} accepts. */
    public static final List<String> CONSTRAINT_NAMES = List.of("structural", "strict");

    public AutogenerateConfig {
        schemas = schemas == null ? List.of() : List.copyOf(schemas);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        entityPackages = entityPackages == null ? List.of() : List.copyOf(entityPackages);
        schemaFiles = schemaFiles == null ? List.of() : List.copyOf(schemaFiles);
    }
}
