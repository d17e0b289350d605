package dev.migrate.cli;

import dev.migrate.core.DatabaseState;
import dev.migrate.core.MigrationInterruptedException;
import dev.migrate.core.MigrationListener;
import dev.migrate.core.RunResult;
import dev.migrate.db.LockHolder;
import dev.migrate.graph.Step;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/**
 * Prints a run as it happens: one line per revision with its duration (and, in a run of several, how far along
 * it is), then a summary. Quiet prints nothing; lock waits and retries go to standard error.
 */
final class Progress implements MigrationListener {
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean quiet;
    private final Style style;
    private final java.nio.file.Path workingDirectory;
    private final long started = System.nanoTime();
    /** The project's scripts, to notice a step whose section holds no statement; null when not known. */
    private dev.migrate.core.Project project;
    private String note = "";
    private int number;
    private int total;

    Progress(PrintWriter out, PrintWriter err, boolean quiet, Style style, java.nio.file.Path workingDirectory) {
        this.out = out;
        this.err = err;
        this.quiet = quiet;
        this.style = style;
        this.workingDirectory = workingDirectory;
    }

    /** The progress printer a command should use, honouring {@code -q} and colour. */
    static Progress of(Main main, CommandSpec spec) {
        // On standard error when standard output holds a JSON document.
        PrintWriter err = spec.commandLine().getErr();
        return new Progress(main.lines(spec), err, main.quiet, main.style, main.workingDirectory);
    }

    /** This printer, saying of a step whose SQL section holds no statement that nothing ran. */
    Progress noticingEmptySections(dev.migrate.core.Project p) {
        this.project = p;
        return this;
    }

    /** " (empty upgrade section: nothing ran)" for a step of an SQL revision with nothing to run, else "". */
    private String emptyNote(Step step) {
        if (project == null || step.kind() == Step.Kind.STAMP || step.revision().downRevisions().size() > 1) return "";
        if (!(project.script(step.revision().id()) instanceof dev.migrate.script.SqlScript s)) return "";
        boolean up = step.kind() == Step.Kind.UPGRADE;
        var section = up ? s.upgrade() : s.downgrade().orElse(null);
        if (section == null) return "";
        try {
            if (!dev.migrate.script.SqlSplitter.split(section.sql(), section.firstLine(), dev.migrate.script.SqlSplitter.Flavor.POSTGRESQL).isEmpty()) return "";
        } catch (RuntimeException unreadable) {
            return "";
        }
        return " (" + (up ? "empty upgrade" : "empty downgrade") + " section: nothing ran)";
    }

    @Override
    public void lockWaiting(LockHolder holder, Duration waited) {
        err.println(style.yellow("Waiting for the migration lock") + (holder == null ? "" : ", held by " + holder.describe())
                + " (" + waited.toSeconds() + " s so far)");
        err.flush();
    }

    @Override
    public void stepStarting(Step step, int number, int total) {
        this.number = number;
        this.total = total;
        if (quiet) return;
        note = emptyNote(step);
        out.print("Running " + step + " ...");
        out.flush();
    }

    @Override
    public void stepFinished(Step step, Duration duration) {
        if (quiet) return;
        out.println(" " + style.green(duration.toMillis() + " ms") + position() + (note.isEmpty() ? "" : style.yellow(note)));
        out.flush();
    }

    @Override
    public void stepFailed(Step step, Duration duration, RuntimeException error) {
        if (quiet) return;
        out.println((error instanceof MigrationInterruptedException ? " " + style.yellow("interrupted") + " after "
                : " " + style.red("FAILED") + " after ") + duration.toMillis() + " ms");
        out.flush();
    }

    @Override
    public void stepRetrying(Step step, int attempt, Duration pause, String databaseMessage) {
        if (!quiet) out.println(" " + style.yellow("lock timeout"));
        err.println("Lock timeout in " + step + " (" + databaseMessage + "): rolled back, attempt " + (attempt + 1)
                + " in " + pause.toMillis() + " ms");
        err.flush();
        if (!quiet) {
            out.print("Running " + step + " ...");
            out.flush();
        }
    }

    /** In a run of several revisions: how far along, and for how long. */
    private String position() {
        if (total < 2) return "";
        return style.dim(String.format(" (%d of %d, %.1f s elapsed)", number, total, (System.nanoTime() - started) / 1e9));
    }

    /** The closing line of a run; nothing when quiet. */
    void finished(RunResult r) {
        if (quiet) return;
        out.println(summaryText(r));
        out.flush();
    }

    @Override
    public void proceedingDespite(DatabaseState state) {
        Warnings.print(state, err, workingDirectory);
    }

    static String summaryText(RunResult r) {
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
        return dev.migrate.core.Check.plural(n, word);
    }

    static String heads(List<String> heads) {
        return dev.migrate.core.Check.headsText(heads);
    }
}
