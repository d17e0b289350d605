package dev.migrate.catalog;

import java.util.List;

/**
 * A table constraint. {@code definition} is the server's text without the name ({@code FOREIGN KEY (a) REFERENCES
 * t(id) ON DELETE CASCADE}, {@code CHECK ((n >= 0))}), so two constraints with the same definition are the same
 * constraint whatever they are called (Hibernate's hashed names cause no churn).
 *
 * @param columns    the constrained columns, in key order (empty for a check on an expression)
 * @param references the referenced table of a foreign key, else null
 * @param validated  false for a constraint added {@code NOT VALID} and not validated yet
 */
public record Constraint(String name, Kind kind, String definition, List<String> columns, Name references,
                         boolean validated, String comment) {

    public enum Kind { PRIMARY_KEY, UNIQUE, CHECK, EXCLUDE, FOREIGN_KEY }

    public Constraint {
        columns = List.copyOf(columns);
    }

    /** The same constraint under another name. */
    public Constraint renamed(String newName) {
        return new Constraint(newName, kind, definition, columns, references, validated, comment);
    }
}
