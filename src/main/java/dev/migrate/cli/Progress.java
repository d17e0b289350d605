package dev.migrate.cli;

import dev.migrate.core.DatabaseState;
import dev.migrate.core.MigrationInterruptedException;
import dev.migrate.core.MigrationListener;
import dev.migrate.core.RunResult;
import dev.migrate.db.LockHolder;
import dev.migrate.graph.Step;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/** Prints a run as it happens: one line per revision with its duration, then a summary. */
final class Progress implements MigrationListener {
    private final PrintWriter out;
    private final PrintWriter err;

    Progress(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public void lockWaiting(LockHolder holder, Duration waited) {
        err.println("Waiting for the migration lock" + (holder == null ? "" : ", held by " + holder.describe())
                + " (" + waited.toSeconds() + " s so far)");
        err.flush();
    }

    @Override
    public void stepStarting(Step step, int number, int total) {
        out.print("Running " + step + " ...");
        out.flush();
    }

    @Override
    public void stepFinished(Step step, Duration duration) {
        out.println(" " + duration.toMillis() + " ms");
        out.flush();
    }

    @Override
    public void stepFailed(Step step, Duration duration, RuntimeException error) {
        out.println((error instanceof MigrationInterruptedException ? " interrupted after " : " FAILED after ")
                + duration.toMillis() + " ms");
        out.flush();
    }

    @Override
    public void stepRetrying(Step step, int attempt, Duration pause, String databaseMessage) {
        out.println(" lock timeout (" + databaseMessage + "); rolled back, attempt " + (attempt + 1) + " in "
                + pause.toMillis() + " ms");
        out.print("Running " + step + " ...");
        out.flush();
    }

    @Override
    public void proceedingDespite(DatabaseState state) {
        Warnings.print(state, err);
    }

    static String summary(RunResult r) {
        String now = r.headsAfter().isEmpty() ? "base (no revision)" : String.join(", ", r.headsAfter());
        int n = r.steps().size();
        if (n == 0) return "Nothing to do; the database is at " + now + ".";
        String what = switch (r.command()) {
            case "upgrade" -> "Applied " + plural(n, "revision");
            case "downgrade" -> "Reverted " + plural(n, "revision");
            default -> "Stamped";
        };
        return what + " in " + r.duration().toMillis() + " ms; the database is now at " + now + ".";
    }

    static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    static String heads(List<String> heads) {
        return heads.isEmpty() ? "base" : String.join(", ", heads);
    }
}
