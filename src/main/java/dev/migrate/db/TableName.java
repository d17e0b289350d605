package dev.migrate.db;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A table name, optionally schema-qualified, validated so that it can be placed in SQL text as is.
 */
public record TableName(String schema, String name) {
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public TableName {
        Objects.requireNonNull(name, "name");
        if (!IDENT.matcher(name).matches() || (schema != null && !IDENT.matcher(schema).matches())) {
            throw new IllegalArgumentException("not a plain SQL identifier: " + (schema == null ? name : schema + "." + name));
        }
    }

    /** Parses {@code name} or {@code schema.name}. */
    public static TableName parse(String qualified) {
        int dot = qualified.indexOf('.');
        return dot < 0 ? new TableName(null, qualified)
                : new TableName(qualified.substring(0, dot), qualified.substring(dot + 1));
    }

    /** The same table in the same schema, with another name (the audit table lives beside the version table). */
    public TableName sibling(String otherName) {
        return new TableName(schema, otherName);
    }

    /** The name as it goes into SQL text. */
    public String sql() {
        return schema == null ? name : schema + "." + name;
    }

    @Override
    public String toString() {
        return sql();
    }
}
