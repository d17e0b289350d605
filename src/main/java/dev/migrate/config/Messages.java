package dev.migrate.config;

import java.nio.file.Path;

/** The one shape of a located error message: {@code file:line: key `k`: problem. Hint.} */
public final class Messages {
    private Messages() { }

    /**
     * @param file    may be null
     * @param line    1-based, may be null
     * @param key     a configuration key, may be null
     * @param problem what is wrong, lower-case, without a final period
     * @param hint    what to do, may be null; after a problem of several lines (a compiler's errors) it gets a line of its own
     */
    public static String located(Path file, Integer line, String key, String problem, String hint) {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file);
            if (line != null) {
                sb.append(':').append(line);
            }
            sb.append(": ");
        } else if (line != null) {
            sb.append("line ").append(line).append(": ");
        }
        if (key != null) {
            sb.append("key `").append(key).append("`: ");
        }
        sb.append(problem);
        if (hint != null && !hint.isEmpty()) {
            sb.append(problem.contains("\n") ? "\n  " : ". ").append(hint);
        }
        return sb.toString();
    }
}
