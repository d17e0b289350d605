package dev.migrate.cli;

import java.util.Map;

/**
 * Colour for a person at a terminal, and never otherwise: not when the output is piped or captured, not with
 * {@code NO_COLOR} set (https://no-color.org), not on a dumb terminal.
 */
record Style(boolean colour) {
    static Style detect(Map<String, String> env, boolean interactive) {
        boolean off = env.containsKey("NO_COLOR") || "dumb".equals(env.get("TERM"));
        return new Style(interactive && !off);
    }

    static final Style PLAIN = new Style(false);

    String red(String s) { return paint("31;1", s); }

    String green(String s) { return paint("32", s); }

    String yellow(String s) { return paint("33", s); }

    String dim(String s) { return paint("2", s); }

    private String paint(String code, String s) {
        return colour ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
