package dev.migrate.catalog;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An index that backs no constraint. {@code definition} is the complete statement as the server prints it
 * ({@code pg_get_indexdef}: {@code CREATE UNIQUE INDEX name ON public.t USING btree (lower(email)) WHERE ...}, or
 * SQLite's stored text).
 */
public record Index(String name, String definition, boolean unique, String comment) {

    private static final Pattern NAME = Pattern.compile("(?i)^(CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+)(?:IF NOT EXISTS\\s+)?(\"(?:[^\"]|\"\")*\"|\\S+)(\\s+ON\\s+)");

    /** The definition with the index's own name left out: equal shapes are the same index under any name. */
    public String shape() {
        Matcher m = NAME.matcher(definition);
        return m.find() ? m.group(1) + m.group(3).stripLeading() + definition.substring(m.end()) : definition;
    }

    /** The definition under another name (the same text, the name replaced). */
    public String definitionNamed(String quotedName) {
        Matcher m = NAME.matcher(definition);
        return m.find() ? m.group(1) + quotedName + m.group(3) + definition.substring(m.end()) : definition;
    }

    public Index renamed(String newName) {
        return new Index(newName, definitionNamed(Identifiers.quote(newName)), unique, comment);
    }
}
