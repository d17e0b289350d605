package dev.migrate.cli;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small JSON writer (RFC 8259) for {@code --format json}. A document is a tree of {@link Obj} (or any
 * {@link Map} with string keys), {@link Collection}, {@link String}, {@link Number}, {@link Boolean} and
 * {@code null}; anything else is a bug and fails loudly.
 *
 * <p>The text is pretty-printed with two spaces (an array of plain values on one line) and is pure ASCII: every character outside printable ASCII is
 * written as {@code \}{@code uXXXX} (one outside the Basic Multilingual Plane as its UTF-16 surrogate pair, as
 * RFC 8259 section 7 prescribes), so the document stays valid whatever encoding standard output has.
 */
final class Json {
    private Json() { }

    /** A new, empty object; its fields are written in the order they were put. */
    static Obj object() {
        return new Obj();
    }

    /** An object under construction. Putting a name twice is a bug: a reader would see only one of them. */
    static final class Obj {
        private final Map<String, Object> fields = new LinkedHashMap<>();

        private Obj() { }

        Obj put(String name, Object value) {
            if (fields.containsKey(name)) throw new IllegalArgumentException("JSON field put twice: " + name);
            fields.put(name, value);
            return this;
        }
    }

    /**
     * A copy of {@code value} with {@code f} applied to every string value in it (not to the names); numbers, booleans
     * and null as they are.
     */
    static Object mapStrings(Object value, java.util.function.UnaryOperator<String> f) {
        if (value instanceof String s) return f.apply(s);
        if (value instanceof Obj o) return mapStrings(o.fields, f);
        if (value instanceof Map<?, ?> m) {
            Obj copy = new Obj();
            m.forEach((name, v) -> copy.fields.put((String) name, mapStrings(v, f)));
            return copy;
        }
        if (value instanceof Collection<?> c) return c.stream().map(v -> mapStrings(v, f)).toList();
        return value;
    }

    /** The JSON text of {@code value}, without a trailing newline. */
    static String write(Object value) {
        StringBuilder b = new StringBuilder();
        value(b, value, 0);
        return b.toString();
    }

    private static void value(StringBuilder b, Object v, int depth) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof String s) {
            string(b, s);
        } else if (v instanceof Boolean bool) {
            b.append(bool.booleanValue());
        } else if (v instanceof Number n) {
            number(b, n);
        } else if (v instanceof Obj o) {
            object(b, o.fields, depth);
        } else if (v instanceof Map<?, ?> m) {
            object(b, m, depth);
        } else if (v instanceof Collection<?> c) {
            array(b, c, depth);
        } else {
            throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
        }
    }

    private static void object(StringBuilder b, Map<?, ?> fields, int depth) {
        if (fields.isEmpty()) {
            b.append("{}");
            return;
        }
        b.append('{');
        String sep = "";
        for (Map.Entry<?, ?> e : fields.entrySet()) {
            if (!(e.getKey() instanceof String name)) throw new IllegalArgumentException("JSON names are strings: " + e.getKey());
            b.append(sep);
            newline(b, depth + 1);
            string(b, name);
            b.append(": ");
            value(b, e.getValue(), depth + 1);
            sep = ",";
        }
        newline(b, depth);
        b.append('}');
    }

    private static void array(StringBuilder b, Collection<?> items, int depth) {
        if (items.isEmpty()) {
            b.append("[]");
            return;
        }
        // an array of plain values fits on one line: "to": ["a1", "b2"]
        boolean flat = items.stream().noneMatch(i -> i instanceof Obj || i instanceof Map || i instanceof Collection);
        b.append('[');
        String sep = "";
        for (Object item : items) {
            b.append(sep);
            if (flat) b.append(sep.isEmpty() ? "" : " ");
            else newline(b, depth + 1);
            value(b, item, depth + 1);
            sep = ",";
        }
        if (!flat) newline(b, depth);
        b.append(']');
    }

    private static void newline(StringBuilder b, int depth) {
        b.append('\n');
        b.append("  ".repeat(depth));
    }

    private static void number(StringBuilder b, Number n) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte || n instanceof BigInteger) {
            b.append(n);
        } else if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (!Double.isFinite(d)) throw new IllegalArgumentException("JSON has no " + d);
            b.append(d); // Double.toString: "1.5", "1.0E10", "-0.0" are all JSON numbers
        } else if (n instanceof BigDecimal d) {
            b.append(d); // "1E+3" is a JSON number too
        } else {
            throw new IllegalArgumentException("not a JSON number: " + n.getClass().getName());
        }
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        b.append(c);
                    } else {
                        // control characters, DEL and all non-ASCII, surrogate halves included, one unit at a time
                        b.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                                .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
                    }
                }
            }
        }
        b.append('"');
    }
}
