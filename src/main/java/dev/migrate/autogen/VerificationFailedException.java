package dev.migrate.autogen;

import dev.migrate.diff.Change;

import java.util.List;

/**
 * The generated revision did not do what it must: applied to a copy of the schema, it did not give the desired
 * schema (or the downgrade did not give the original back). Nothing was written. Carries what still differed.
 */
public final class VerificationFailedException extends RuntimeException {

    private final String step;
    private final List<Change> remaining;

    public VerificationFailedException(String step, List<Change> remaining) {
        super("The generated revision did not pass verification: after " + step + ", the schema still differs from the "
                + "one expected (" + String.join("; ", remaining.stream().limit(10).map(Change::describe).toList())
                + (remaining.size() > 10 ? "; and " + (remaining.size() - 10) + " more" : "") + "). Nothing was written.");
        this.step = step;
        this.remaining = List.copyOf(remaining);
    }

    /** A statement of the generated revision failed on the scratch database. */
    public VerificationFailedException(String step, dev.migrate.core.MigrationFailedException failure) {
        super("The generated revision did not pass verification: " + step + " failed on a scratch database at "
                + failure.statement() + ": " + failure.databaseMessage() + ". Nothing was written. Change the desired schema "
                + "(or write this revision by hand, in two parts if it must commit one change before the next).", failure);
        this.step = step;
        this.remaining = List.of();
    }

    /** Which step left a difference: the upgrade, or a downgrade. */
    public String step() { return step; }

    /** What still differed. */
    public List<Change> remaining() { return remaining; }
}
