package dev.migrate.catalog;

/**
 * A column as the server describes it.
 *
 * @param type       the type as {@code format_type} prints it ({@code character varying(200)}, {@code integer[]})
 * @param defaultExpr the default expression as {@code pg_get_expr} prints it, null for none (and for a generated column)
 * @param identity   {@code ALWAYS} or {@code BY DEFAULT} for an identity column, else null
 * @param identityOptions the identity sequence's options that differ from the defaults, as SQL ({@code START WITH 100}), or ""
 * @param generated  the expression of a {@code GENERATED ALWAYS AS (...) STORED} column, else null
 * @param collation  a collation other than the type's default, else null
 */
public record Column(String name, String type, boolean notNull, String defaultExpr, String identity,
                     String identityOptions, String generated, String collation, String comment) {

    public Column {
        identityOptions = identityOptions == null ? "" : identityOptions;
    }

    /** A plain column: a type, nullability and a default. */
    public static Column of(String name, String type, boolean notNull, String defaultExpr) {
        return new Column(name, type, notNull, defaultExpr, null, "", null, null, null);
    }

    /** The same column under another name. */
    public Column renamed(String newName) {
        return new Column(newName, type, notNull, defaultExpr, identity, identityOptions, generated, collation, comment);
    }

    /** Everything but the name: two columns with the same shape may be one column renamed. */
    public Column shape() {
        return renamed("?");
    }
}
