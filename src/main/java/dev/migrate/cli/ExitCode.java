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
    /** {@code check} found something to act on (pending revisions, several heads, ...); {@code heads --check}: several heads. */
    public static final int CHECK_FAILED = 9;
    /** Interrupted by SIGINT or SIGTERM; the running revision was rolled back (or, outside a transaction, marked). */
    public static final int INTERRUPTED = 10;
    /** The database holds a revision that no script defines: it is ahead of the code. */
    public static final int UNKNOWN_REVISION = 11;
    /** The script of an applied revision has changed since it was applied. */
    public static final int CHANGED_SCRIPT = 12;
    /** A non-transactional revision stopped part-way and must be re-run or stamped. */
    public static final int PARTIAL_REVISION = 13;
    /**
     * The migration lock was lost while the run held it (its database session ended: terminated, an idle timeout, the
     * network, a pooler): the run stopped at once and committed nothing more.
     */
    public static final int LOCK_LOST = 14;
}
