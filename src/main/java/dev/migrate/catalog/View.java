package dev.migrate.catalog;

import java.util.List;

/**
 * A view or materialized view: its query as the server prints it, and the relations it reads (so that it is
 * dropped before them and created after them).
 */
public record View(Name name, boolean materialized, String definition, List<Name> dependsOn, String comment) {
    public View {
        dependsOn = dependsOn.stream().sorted().distinct().toList();
    }
}
