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

    private static final java.util.regex.Pattern LITERAL_CASTS =
            java.util.regex.Pattern.compile("('(?:[^']|'')*')(?:::character varying|::text|::bpchar)+");
    private static final java.util.regex.Pattern ARRAY_CAST = java.util.regex.Pattern.compile("\\]\\)?::(?:text|character varying)\\[\\]");

    /**
     * The definition as compared: PostgreSQL prints some checks in a form that it stores differently when the form is
     * run again ({@code col IN ('A', 'B')} on a varchar column: {@code ARRAY['A'::character varying]::text[]}, and
     * after a round trip {@code ARRAY['A'::character varying::text]}); casts of string literals to text types are left
     * out, as they change nothing a check compares.
     */
    public String comparable() {
        if (kind != Kind.CHECK) return definition;
        String d = LITERAL_CASTS.matcher(definition).replaceAll("$1");
        return ARRAY_CAST.matcher(d).replaceAll(m -> m.group().startsWith("])") ? "])" : "]");
    }

    /** The same constraint under another name. */
    public Constraint renamed(String newName) {
        return new Constraint(newName, kind, definition, columns, references, validated, comment);
    }
}
