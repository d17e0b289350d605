package dev.migrate.catalog;

/** A schema-qualified object name, as the catalog spells it (unquoted, case preserved). */
public record Name(String schema, String name) implements Comparable<Name> {

    public Name {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("empty name");
    }

    /** {@code schema.name}, or {@code name} alone; the parts are split on the first unquoted dot. */
    public static Name parse(String qualified, String defaultSchema) {
        int dot = qualified.indexOf('.');
        return dot < 0 ? new Name(defaultSchema, qualified) : new Name(qualified.substring(0, dot), qualified.substring(dot + 1));
    }

    /** The name as SQL: quoted where needed, the schema left out when it is {@code defaultSchema}. */
    public String sql(String defaultSchema) {
        return schema == null || schema.equals(defaultSchema) ? Identifiers.quote(name)
                : Identifiers.quote(schema) + "." + Identifiers.quote(name);
    }

    @Override
    public int compareTo(Name o) {
        int c = String.valueOf(schema).compareTo(String.valueOf(o.schema));
        return c != 0 ? c : name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return schema == null ? name : schema + "." + name;
    }
}
