package dev.migrate.cli;

/** The documented exit codes (MIGRATIONS.md, "Exit codes"). */
public final class ExitCode {
    private ExitCode() { }

    public static final int OK = 0;
    /** A bug in migrate: the message asks for a report; {@code --stacktrace} shows the trace. */
    public static final int INTERNAL = 1;
    /** Unknown command or option, missing argument (picocli's usage errors). */
    public static final int USAGE = 2;
    /** migrate.yaml, an environment variable or the database URL is wrong. */
    public static final int CONFIG = 3;
    /** A revision script is malformed or the scripts do not form a valid graph. */
    public static final int SCRIPT = 4;
    /** A target or revision cannot be resolved or reached: unknown, ambiguous, several heads, no downgrade. */
    public static final int REVISION = 5;
    /** The database cannot be reached, refused the login, or failed one of migrate's own statements. */
    public static final int DATABASE = 6;
    /** Another process held the migration lock for longer than the lock wait. */
    public static final int LOCK_TIMEOUT = 7;
    /** A statement of a revision failed; that revision was rolled back. */
    public static final int MIGRATION_FAILED = 8;
    /** {@code check}: revisions are pending. */
    public static final int CHECK_FAILED = 9;
}
