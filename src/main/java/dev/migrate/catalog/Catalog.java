package dev.migrate.catalog;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A database schema as a value: what a catalog reader found in one or more schemas, with every definition in the
 * server's own normalised spelling ({@code format_type}, {@code pg_get_constraintdef}, {@code pg_get_indexdef},
 * SQLite's stored DDL). Two catalogs read from the same server compare equal exactly when the schemas are the
 * same, however they were written. Lists are sorted by name so that equal schemas give equal values.
 *
 * @param dialect       {@code postgresql} or {@code sqlite}
 * @param defaultSchema the schema whose objects are rendered without qualification ({@code public}; null on SQLite)
 */
public record Catalog(String dialect, String defaultSchema, List<String> schemas, List<Extension> extensions,
                      List<EnumType> enums, List<Sequence> sequences, List<Table> tables, List<View> views,
                      List<Routine> routines, List<Trigger> triggers) {

    public Catalog {
        schemas = schemas.stream().sorted().toList();
        extensions = sorted(extensions, Comparator.comparing(Extension::name));
        enums = sorted(enums, Comparator.comparing(EnumType::name));
        sequences = sorted(sequences, Comparator.comparing(Sequence::name));
        tables = sorted(tables, Comparator.comparing(Table::name));
        views = sorted(views, Comparator.comparing(View::name));
        routines = sorted(routines, Comparator.comparing(Routine::name).thenComparing(Routine::arguments));
        triggers = sorted(triggers, Comparator.comparing(Trigger::table).thenComparing(Trigger::name));
    }

    /** An empty catalog of a dialect. */
    public static Catalog empty(String dialect, String defaultSchema) {
        return new Catalog(dialect, defaultSchema, defaultSchema == null ? List.of() : List.of(defaultSchema), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of());
    }

    public Optional<Table> table(Name name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public Optional<EnumType> enumType(Name name) {
        return enums.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    public Optional<Sequence> sequence(Name name) {
        return sequences.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public Optional<View> view(Name name) {
        return views.stream().filter(v -> v.name().equals(name)).findFirst();
    }

    public boolean isEmpty() {
        return schemas.stream().allMatch(s -> s.equals(defaultSchema)) && extensions.isEmpty() && enums.isEmpty()
                && sequences.isEmpty() && tables.isEmpty() && views.isEmpty() && routines.isEmpty() && triggers.isEmpty();
    }

    private static <T> List<T> sorted(List<T> list, Comparator<T> order) {
        return list.stream().sorted(order).toList();
    }

    /** An installed extension (its version is not compared). */
    public record Extension(String name, String schema) {
    }

    /** An enum type with its labels in their sort order. */
    public record EnumType(Name name, List<String> labels, String comment) {
        public EnumType {
            labels = List.copyOf(labels);
        }
    }

    /**
     * A sequence that is not an identity column's: its options, and the column that owns it ({@code OWNED BY},
     * as {@code serial} makes), if any.
     */
    public record Sequence(Name name, String type, long start, long increment, long min, long max, long cache,
                           boolean cycle, Name ownedByTable, String ownedByColumn) {
    }
}
