package dev.migrate.cli;

import dev.migrate.api.OfflineModeException;
import dev.migrate.config.ConfigException;
import dev.migrate.core.DatabaseException;
import dev.migrate.core.DatabaseStateException;
import dev.migrate.core.ErrorText;
import dev.migrate.core.MigrationInterruptedException;
import dev.migrate.core.DatabaseUnavailableException;
import dev.migrate.core.MigrationFailedException;
import dev.migrate.core.ProjectException;
import dev.migrate.core.RevisionException;
import dev.migrate.db.LockTimeoutException;
import dev.migrate.graph.AmbiguousWalkException;
import dev.migrate.graph.GraphException;
import dev.migrate.graph.ResolutionException;
import dev.migrate.script.ScriptException;

import java.io.PrintWriter;

/**
 * The one place where an error becomes a message and an exit code. User mistakes get a sentence that says what
 * to do next; a stack trace is shown only with {@code --stacktrace}, or for a bug.
 */
final class ErrorReport {
    private ErrorReport() { }

    static int handle(Exception e, boolean stacktrace, Style style, PrintWriter err) {
        int code = exitCode(e);
        err.println(style.red("FAILED:") + " " + message(e));
        if (stacktrace) e.printStackTrace(err);
        err.flush();
        return code;
    }

    static int exitCode(Throwable e) {
        if (e instanceof ConfigException) return ExitCode.CONFIG;
        // A revision that needs a live database cannot be offline SQL: the script's to change, like a malformed one.
        if (e instanceof ScriptException || e instanceof ProjectException || e instanceof OfflineModeException) return ExitCode.SCRIPT;
        if (e instanceof GraphException || e instanceof RevisionException) return ExitCode.REVISION;
        if (e instanceof LockTimeoutException) return ExitCode.LOCK_TIMEOUT;
        if (e instanceof MigrationFailedException) return ExitCode.MIGRATION_FAILED;
        if (e instanceof MigrationInterruptedException) return ExitCode.INTERRUPTED;
        if (e instanceof DatabaseStateException d) {
            return switch (d.reason()) {
                case UNKNOWN_REVISION -> ExitCode.UNKNOWN_REVISION;
                case CHANGED_SCRIPT -> ExitCode.CHANGED_SCRIPT;
                case PARTIAL_REVISION -> ExitCode.PARTIAL_REVISION;
            };
        }
        if (e instanceof DatabaseUnavailableException || e instanceof DatabaseException) return ExitCode.DATABASE;
        return ExitCode.INTERNAL;
    }

    static String message(Throwable e) {
        if (e instanceof MigrationFailedException m) {
            String at = m.heads().isEmpty() ? "no revision (base)" : String.join(", ", m.heads());
            String what = m.partial()
                    ? "  The revision runs outside a transaction: the statements before this one took effect. It is recorded "
                      + "as partial in the audit log; the version table stays at " + at + ". Fix the cause, then run `migrate "
                      + m.direction() + " <target> --retry-partial` (it starts again from the first statement), or complete it "
                      + "by hand and run `migrate stamp " + m.revision() + "`."
                    : "  The revision was rolled back and recorded as failed in the audit log; the database stays at "
                      + at + ". Fix the script, then run `migrate " + m.direction() + "` again.";
            return m.getMessage() + System.lineSeparator()
                    + (m.statement() == null || m.statement().isBlank() ? "" : "  statement: " + ErrorText.shorten(m.statement())
                       + System.lineSeparator()) + what;
        }
        if (e instanceof OfflineModeException o) {
            return "Offline SQL cannot include " + o.getMessage() + ".";
        }
        if (e instanceof LockTimeoutException l) {
            return l.getMessage() + ". Wait for that process to finish, or raise lock_wait in migrate.yaml.";
        }
        if (e instanceof DatabaseUnavailableException d) {
            return d.getMessage() + hintFor(d.sqlState());
        }
        if (e instanceof AmbiguousWalkException) {
            return e.getMessage() + " Name the target revision instead of a relative step (see `migrate history`).";
        }
        if (e instanceof ResolutionException) {
            return e.getMessage() + " Run `migrate history` to list the revisions and labels.";
        }
        if (exitCode(e) == ExitCode.INTERNAL) {
            return "Internal error: " + e + ". This is a bug in migrate; run again with --stacktrace and report it.";
        }
        return e.getMessage();
    }

    private static String hintFor(String sqlState) {
        if (sqlState == null) return "";
        return switch (sqlState) {
            case "28P01", "28000" -> ". Check the user name and password in the database URL.";
            case "3D000" -> ". Check the database name in the URL, or create the database.";
            case "08001", "08006", "08004" -> ". Check the host and port, and that the server is running.";
            default -> "";
        };
    }

}
