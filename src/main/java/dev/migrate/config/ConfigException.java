package dev.migrate.config;

import java.nio.file.Path;

/**
 * A configuration mistake the user can fix: a bad key or value in the config file, an unset
 * environment variable, or a malformed database URL.
 *
 * <p>The exception carries its location as data ({@link #file()}, {@link #key()}, {@link #line()})
 * so that the CLI can format it or point an editor at it; {@link #getMessage()} is a single line
 * that names the location, says what is wrong ({@link #problem()}) and what to do
 * ({@link #hint()}), for example:
 *
 * <pre>migrate.yaml:4: key `lock_wait`: `soon` is not a duration. Write e.g. 30s, 2m, 500ms, 0 (fail at once) or a plain number of seconds.</pre>
 *
 * <p>Messages never contain a database password: URL values are shown redacted or not at all.
 */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String key;
    private final Integer line;
    private final String problem;
    private final String hint;

    /**
     * @param file    the config file, or {@code null} when the value did not come from a file
     *                (a {@code --url} option, an environment variable)
     * @param key     the YAML key concerned, or {@code null}
     * @param line    the 1-based line in {@code file}, or {@code null} when unknown
     * @param problem what is wrong, starting lower-case, without a final period
     * @param hint    what to do about it, as a sentence, or {@code null}
     */
    public ConfigException(Path file, String key, Integer line, String problem, String hint) {
        this(file, key, line, problem, hint, null);
    }

    /** As {@link #ConfigException(Path, String, Integer, String, String)}, keeping a cause. */
    public ConfigException(Path file, String key, Integer line, String problem, String hint, Throwable cause) {
        super(Messages.located(file, line, key, problem, hint), cause);
        this.file = file;
        this.key = key;
        this.line = line;
        this.problem = problem;
        this.hint = hint;
    }

    /** The config file, or {@code null} if the value did not come from a file. */
    public Path file() {
        return file;
    }

    /** The YAML key concerned, or {@code null}. */
    public String key() {
        return key;
    }

    /** The 1-based line in {@link #file()}, or {@code null} when unknown. */
    public Integer line() {
        return line;
    }

    /** What is wrong, without location or hint. */
    public String problem() {
        return problem;
    }

    /** What to do about it, or {@code null}. */
    public String hint() {
        return hint;
    }

    /**
     * The same problem, located at {@code file}, {@code key} and {@code line}: used when a value
     * (such as a URL) is checked after it has left the file it came from.
     */
    public ConfigException at(Path file, String key, Integer line) {
        return new ConfigException(file, key, line, problem, hint, getCause());
    }
}
