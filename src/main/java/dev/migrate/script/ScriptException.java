package dev.migrate.script;

import dev.migrate.config.Messages;

import java.nio.file.Path;

/**
 * A mistake in a revision script or the versions directory that the user can fix.
 *
 * <p>The exception carries its location as data ({@link #file()}, {@link #line()}) and keeps what
 * is wrong ({@link #problem()}) apart from what to do ({@link #hint()}). {@link #getMessage()} is
 * one line (unless the problem has several, as a compiler's errors do), for example:
 *
 * <pre>migrations/versions/3f1c9a2b7d10_add_avatar.sql:3: unknown header key `Revison ID`. Did you mean `Revision ID`?</pre>
 *
 * <p>{@link SqlSplitter} works on text and does not know the file; it throws with a
 * {@code null} file (but with file line numbers), and the caller adds the file with
 * {@link #withFile(Path)}.
 */
public class ScriptException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final Integer line;
    private final String problem;
    private final String hint;

    /**
     * @param file    the script or directory concerned, or {@code null} if not known here
     * @param line    the 1-based line in {@code file}, or {@code null}
     * @param problem what is wrong, starting lower-case, without a final period
     * @param hint    what to do about it, as a sentence, or {@code null}
     */
    public ScriptException(Path file, Integer line, String problem, String hint) {
        this(file, line, problem, hint, null);
    }

    /** As {@link #ScriptException(Path, Integer, String, String)}, keeping a cause. */
    public ScriptException(Path file, Integer line, String problem, String hint, Throwable cause) {
        super(Messages.located(file, line, null, problem, hint), cause);
        this.file = file;
        this.line = line;
        this.problem = problem;
        this.hint = hint;
    }

    /** The script file or versions directory, or {@code null} if not known where thrown. */
    public Path file() {
        return file;
    }

    /** The 1-based line in {@link #file()}, or {@code null}. */
    public Integer line() {
        return line;
    }

    /** What is wrong, without location or hint. */
    public String problem() {
        return problem;
    }

    /** What to do about it, as a sentence, or {@code null}. */
    public String hint() {
        return hint;
    }

    /** The same problem located in {@code file}; the line is kept. */
    public ScriptException withFile(Path file) {
        return new ScriptException(file, line, problem, hint, getCause());
    }
}
