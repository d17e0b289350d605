package dev.migrate.cli;

/** {@code START:END} of an offline command; a plain target is {@code <default start>:target}. */
record Range(String start, String end) {
    static Range parse(String text, String defaultStart) {
        int colon = text.indexOf(':');
        if (colon < 0) return new Range(defaultStart, text);
        String start = text.substring(0, colon).strip();
        return new Range(start.isEmpty() ? defaultStart : start, text.substring(colon + 1).strip());
    }
}
