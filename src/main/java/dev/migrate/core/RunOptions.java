package dev.migrate.core;

/**
 * What a write command is allowed to work past.
 *
 * @param ignoreUnknown upgrade although the database holds revisions no script defines, leaving them alone
 * @param retryPartial  run again, from its first statement, a non-transactional revision that stopped part-way
 */
public record RunOptions(boolean ignoreUnknown, boolean retryPartial) {
    public static final RunOptions DEFAULT = new RunOptions(false, false);
}
