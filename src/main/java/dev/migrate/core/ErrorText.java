package dev.migrate.core;

/** Text helpers for messages. */
public final class ErrorText {
    private ErrorText() { }

    /** A statement on one line of at most 120 characters. */
    public static String shorten(String sql) {
        if (sql == null) return "";
        String one = sql.replaceAll("\\s+", " ").trim();
        return one.length() <= 120 ? one : one.substring(0, 117) + "...";
    }
}
