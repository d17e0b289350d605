package dev.migrate.lint;

/** How much a finding matters, lowest first; {@code --fail-on} names the lowest that fails the run. */
public enum Severity {
    /** Worth knowing; never fails a run unless asked. */
    NOTE,
    /** Likely to hurt on a busy or large table. */
    WARNING,
    /** Will hurt: a long lock on a large table, a change old instances of the application cannot survive. */
    ERROR;

    /** The name as written in options and reports: {@code note}, {@code warning}, {@code error}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
