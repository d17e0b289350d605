package dev.migrate.cli;

import dev.migrate.api.OfflineModeException;
import dev.migrate.config.ConfigException;
import dev.migrate.config.DatabaseUrl;
import dev.migrate.core.DatabaseException;
import dev.migrate.core.DatabaseStateException;
import dev.migrate.core.ErrorText;
import dev.migrate.core.MigrationInterruptedException;
import dev.migrate.core.DatabaseUnavailableException;
import dev.migrate.core.MigrationFailedException;
import dev.migrate.core.ProjectException;
import dev.migrate.core.RevisionException;
import dev.migrate.core.MigrationLockLostException;
import dev.migrate.db.DatabaseError;
import dev.migrate.db.LockTimeoutException;
import dev.migrate.db.LockFileException;
import dev.migrate.db.PoolerException;
import dev.migrate.graph.AmbiguousRevisionException;
import dev.migrate.graph.AmbiguousWalkException;
import dev.migrate.graph.GraphException;
import dev.migrate.graph.MultipleHeadsException;
import dev.migrate.graph.ResolutionException;
import dev.migrate.script.ScriptException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The one place where an error becomes a message and an exit code. User mistakes get a sentence that says what
 * to do next; a stack trace is shown only with {@code --stacktrace}, or for a bug. With {@code --format json}
 * the error is also a JSON document on standard output, with the exception's data as fields.
 */
final class ErrorReport {
    private ErrorReport() { }

    static int handle(Exception e, Main main, CommandLine commandLine) {
        int code = exitCode(e);
        PrintWriter err = commandLine.getErr();
        String message = DatabaseUrl.redactText(Texts.relativePaths(message(e), main.workingDirectory));
        err.println(main.style.red("FAILED:") + " " + message);
        if (main.stacktrace) e.printStackTrace(err);
        err.flush();
        if (main.json()) printJson(commandLine, code, message, e, main.workingDirectory);
        return code;
    }

    /**
     * Usage errors (exit 2) as picocli reports them, plus the JSON document when {@code --format json} was read
     * before the mistake.
     */
    static CommandLine.IParameterExceptionHandler usage(Main main) {
        return (ex, args) -> {
            // The problem, picocli's suggestions, and where the options are: not the whole help, which buries the one
            // line that matters.
            CommandLine cl = ex.getCommandLine();
            java.io.PrintWriter err = cl.getErr();
            // picocli echoes the argument it could not place, and --tenants-query's error the value it failed on.
            String message = DatabaseUrl.redactText(ex.getMessage());
            err.println(message);
            java.io.StringWriter suggestions = new java.io.StringWriter();
            if (CommandLine.UnmatchedArgumentException.printSuggestions(ex, new PrintWriter(suggestions))) {
                err.print(DatabaseUrl.redactText(suggestions.toString()));
            } else {
                err.println("Run `" + cl.getCommandSpec().qualifiedName() + " --help` for the options.");
            }
            err.flush();
            int code = ExitCode.USAGE;
            if (main.json()) printJson(cl, code, message, ex, main.workingDirectory);
            return code;
        };
    }

    /** The error document; every string in it is masked as the message is ({@link DatabaseUrl#redactText}). */
    private static void printJson(CommandLine commandLine, int code, String message, Throwable e, Path wd) {
        Json.Obj error = Json.object().put("code", code).put("kind", kind(code)).put("message", message);
        details(e, error, wd);
        JsonOutput.print(commandLine.getOut(), JsonOutput.document(commandLine.getCommandName())
                .put("error", Json.mapStrings(error, DatabaseUrl::redactText)));
    }

    /** The name of an exit code in the JSON error document: {@code migration_failed} for 8. */
    static String kind(int code) {
        return switch (code) {
            case ExitCode.INTERNAL -> "internal";
            case ExitCode.USAGE -> "usage";
            case ExitCode.CONFIG -> "config";
            case ExitCode.SCRIPT -> "script";
            case ExitCode.REVISION -> "revision";
            case ExitCode.DATABASE -> "database";
            case ExitCode.LOCK_TIMEOUT -> "lock_timeout";
            case ExitCode.MIGRATION_FAILED -> "migration_failed";
            case ExitCode.CHECK_FAILED -> "check_failed";
            case ExitCode.INTERRUPTED -> "interrupted";
            case ExitCode.UNKNOWN_REVISION -> "unknown_revision";
            case ExitCode.CHANGED_SCRIPT -> "changed_script";
            case ExitCode.PARTIAL_REVISION -> "partial_revision";
            case ExitCode.LOCK_LOST -> "lock_lost";
            case ExitCode.VERIFICATION_FAILED -> "verification_failed";
            default -> "exit_" + code;
        };
    }

    /** The data an exception carries, as fields of the JSON error (MIGRATIONS.md lists them per kind). */
    private static void details(Throwable e, Json.Obj error, Path wd) {
        if (e instanceof MigrationFailedException m) {
            error.put("revision", m.revision()).put("direction", m.direction()).put("file", JsonOutput.path(m.file(), wd))
                    .put("line", m.line()).put("statement", m.statement()).put("sqlstate", m.sqlState())
                    .put("database_message", m.databaseMessage()).put("detail", m.detail()).put("hint", m.hint())
                    .put("position", m.position() > 0 ? m.position() : null)
                    .put("column", m.statementLine() > 0 ? m.pointer().map(DatabaseError.Pointer::column).orElse(null) : null)
                    .put("context", m.error().where()).put("internal_query", m.error().internalQuery())
                    .put("blocked_by", m.blockers().isEmpty() ? null : m.blockers())
                    .put("internal_position", m.error().internalPosition() > 0 ? m.error().internalPosition() : null)
                    .put("heads", m.heads()).put("partial", m.partial()).put("audit_error", m.auditError());
        } else if (e instanceof MigrationInterruptedException m) {
            error.put("revision", m.revision());
        } else if (e instanceof MigrationLockLostException l) {
            error.put("revision", l.revision()).put("heads", l.heads()).put("partial", l.partial());
        } else if (e instanceof LockFileException l) {
            error.put("file", JsonOutput.path(l.lockFile(), wd));
        } else if (e instanceof PoolerException p) {
            error.put("problem", p.evidence()).put("hint", p.hint());
        } else if (e instanceof DatabaseStateException d) {
            JsonOutput.state(error.put("reason", d.reason().name().toLowerCase(Locale.ROOT)), d.state(), wd);
        } else if (e instanceof LockTimeoutException l) {
            error.put("lock", l.lockName()).put("waited_ms", l.waited().toMillis()).put("holder", l.holder() == null ? null
                    : Json.object().put("pid", l.holder().pid()).put("application_name", l.holder().applicationName())
                            .put("client_address", l.holder().clientAddress())
                            .put("since", l.holder().since() == null ? null : l.holder().since().toString()));
        } else if (e instanceof DatabaseUnavailableException d) {
            error.put("database", d.redactedUrl()).put("sqlstate", d.sqlState());
        } else if (e instanceof DatabaseException d) {
            error.put("sqlstate", d.sqlState());
        } else if (e instanceof ConfigException c) {
            error.put("file", JsonOutput.path(c.file(), wd)).put("line", c.line()).put("key", c.key())
                    .put("problem", c.problem()).put("hint", c.hint());
        } else if (e instanceof ScriptException s) {
            error.put("file", JsonOutput.path(s.file(), wd)).put("line", s.line()).put("problem", s.problem())
                    .put("hint", s.hint());
        } else if (e instanceof ProjectException p) {
            error.put("files", p.files().stream().map(f -> JsonOutput.path(f, wd)).toList());
        } else if (e instanceof RevisionException r) {
            error.put("revision", r.revision()).put("file", JsonOutput.path(r.file(), wd));
        } else if (e instanceof MultipleHeadsException m) {
            error.put("heads", m.heads()).put("target", m.target());
        } else if (e instanceof AmbiguousRevisionException a) {
            error.put("argument", a.argument()).put("candidates", a.candidates());
        } else if (e instanceof ResolutionException r) {
            error.put("argument", r.argument());
        } else if (e instanceof dev.migrate.autogen.VerificationFailedException v) {
            error.put("step", v.step()).put("remaining", v.remaining().stream().map(dev.migrate.diff.Change::describe).toList());
        } else if (e instanceof dev.migrate.diff.Renames.InvalidRenameException r) {
            error.put("argument", r.hint());
        }
    }

    static int exitCode(Throwable e) {
        if (e instanceof ConfigException) return ExitCode.CONFIG;
        if (e instanceof dev.migrate.autogen.VerificationFailedException) return ExitCode.VERIFICATION_FAILED;
        if (e instanceof dev.migrate.shadow.ShadowException) return ExitCode.DATABASE;
        if (e instanceof dev.migrate.entities.EntityException) return ExitCode.SCRIPT;
        if (e instanceof dev.migrate.diff.Renames.InvalidRenameException) return ExitCode.USAGE;
        // A revision that needs a live database cannot be offline SQL: the script's to change, like a malformed one.
        if (e instanceof ScriptException || e instanceof ProjectException || e instanceof OfflineModeException) return ExitCode.SCRIPT;
        if (e instanceof GraphException || e instanceof RevisionException) return ExitCode.REVISION;
        if (e instanceof LockTimeoutException) return ExitCode.LOCK_TIMEOUT;
        if (e instanceof MigrationFailedException) return ExitCode.MIGRATION_FAILED;
        if (e instanceof MigrationInterruptedException) return ExitCode.INTERRUPTED;
        if (e instanceof MigrationLockLostException) return ExitCode.LOCK_LOST;
        if (e instanceof PoolerException) return ExitCode.CONFIG;
        if (e instanceof LockFileException) return ExitCode.DATABASE;
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
            return migrationFailed(m);
        }
        if (e instanceof OfflineModeException o) {
            return "Offline SQL cannot include " + o.getMessage() + ".";
        }
        if (e instanceof LockTimeoutException l) {
            return l.getMessage() + ". Wait for that process to finish, or raise lock_wait in migrate.yaml.";
        }
        if (e instanceof PoolerException p) {
            return p.getMessage() + ". " + p.hint() + ".";
        }
        if (e instanceof DatabaseException d && d.getMessage() != null && d.getMessage().contains("SQLITE_BUSY")) {
            return d.getMessage() + ". Another connection holds the database in a transaction; migrate waited as long as "
                    + "lock_wait allows. Find that writer, or raise lock_wait in migrate.yaml.";
        }
        if (e instanceof DatabaseUnavailableException d) {
            String special = connectionProblem(d);
            if (special != null) return special;
            String hint = hintFor(d.sqlState());
            String m = d.getMessage();
            // The driver's own message may end with a period; the hint brings its own.
            return (!hint.isEmpty() && m.endsWith(".") ? m.substring(0, m.length() - 1) : m) + hint;
        }
        if (e instanceof dev.migrate.graph.RelativeRevisionException r && e.getMessage() != null && e.getMessage().contains("didn't produce")) {
            String t = r.target() == null ? "" : r.target();
            boolean up = t.contains("+");
            return e.getMessage() + (up
                    ? " There are not that many revisions above where the database is (at the head there are none): "
                    : " There are not that many revisions below where the database is (at base there are none): ")
                    + "`migrate current` shows where it is, `migrate history -i` the revisions around it.";
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

    /**
     * What failed and where, then what the database said, as psql shows it: the statement, DETAIL, HINT, the query
     * and context of an error inside a function or {@code DO} block, the failing line with a caret under the error;
     * then what became of the revision and what to do.
     */
    private static String migrationFailed(MigrationFailedException m) {
        String nl = System.lineSeparator();
        DatabaseError error = m.error();
        StringBuilder b = new StringBuilder(m.headline());
        if (m.statement() != null && !m.statement().isBlank()) b.append(nl).append("  statement: ").append(ErrorText.shorten(m.statement()));
        for (String blocker : m.blockers()) b.append(nl).append("  blocked by: ").append(blocker);
        field(b, "DETAIL", error.detail());
        field(b, "HINT", error.hint());
        if (error.internalQuery() != null) {
            var at = error.internalPointer();
            if (at.isPresent()) {
                pointer(b, error.internalQuery().lines().count() > 1 ? "QUERY LINE " + at.get().line() : "QUERY", at.get());
            } else {
                field(b, "QUERY", ErrorText.shorten(error.internalQuery()));
            }
        }
        field(b, "CONTEXT", error.where());
        // In an SQL script the statement is text of the file: its line is the file's; a Java revision's is its own.
        m.pointer().ifPresent(p -> pointer(b, "LINE " + (m.statementLine() > 0 ? m.line() : p.line()), p));
        String at = m.heads().isEmpty() ? "no revision (base)" : String.join(", ", m.heads());
        // After the real error, never instead of it: that the audit log could not record it either.
        field(b, "The failure could not be recorded in the audit log", m.auditError());
        boolean recorded = m.auditError() == null;
        b.append(nl).append(m.partial()
                ? "  The revision runs outside a transaction: the statements before this one took effect. "
                  + (recorded ? "It is recorded as partial in the audit log; the" : "The") + " version table stays at " + at
                  + ". Fix the cause, then run `migrate " + m.direction() + " <target> --retry-partial` (it starts again from "
                  + "the first statement), or complete it by hand and run `migrate stamp " + m.revision() + "`."
                : "  The revision was rolled back" + (recorded ? " and recorded as failed in the audit log" : "")
                  + "; the database stays at " + at + ". Fix the script, then run `migrate " + m.direction() + "` again.");
        if (madeWithoutMigrate(m)) {
            b.append(nl).append("  The database has no revision yet its objects exist: it was built without migrate (create_all, "
                    + "ddl-auto, by hand). If its schema is what the revisions build, record that instead of running them: "
                    + "`migrate stamp <revision>` (MIGRATIONS.md, \"Taking over a database created by create_all\").");
        }
        return b.toString();
    }

    /** A first upgrade that fails on an object that already exists, in a database without a revision. */
    private static boolean madeWithoutMigrate(MigrationFailedException m) {
        if (!"upgrade".equals(m.direction()) || !m.heads().isEmpty()) return false;
        String state = m.sqlState();
        if ("42P07".equals(state) || "42701".equals(state) || "42710".equals(state) || "42P06".equals(state)) return true;
        String message = m.databaseMessage();
        return message != null && message.contains("already exists");
    }

    /** {@code  LABEL: value}, the value's further lines indented under it. */
    private static void field(StringBuilder b, String label, String value) {
        if (value == null) return;
        String nl = System.lineSeparator();
        b.append(nl).append("  ").append(label).append(": ").append(String.join(nl + "    ", value.lines().toList()));
    }

    /** The widest line shown under a caret; psql cuts at 60 columns. */
    private static final int POINTER_WIDTH = 60, POINTER_RIGHT = 10;

    /**
     * {@code  LINE 12: <the line>} and a caret under the error's column, as psql draws it: tabs shown as one space, a
     * long line cut around the column with {@code ...}.
     */
    private static void pointer(StringBuilder b, String label, DatabaseError.Pointer p) {
        String nl = System.lineSeparator();
        int[] cps = p.text().replace('\t', ' ').codePoints().toArray();
        int col = Math.min(p.column(), cps.length + 1) - 1;   // 0-based, at most one past the end
        int from = 0, to = cps.length;
        if (cps.length > POINTER_WIDTH) {
            if (col + POINTER_RIGHT <= POINTER_WIDTH) {
                to = POINTER_WIDTH;
            } else if (cps.length - col <= POINTER_RIGHT) {
                from = cps.length - POINTER_WIDTH;
            } else {
                from = col - POINTER_WIDTH / 2;
                to = from + POINTER_WIDTH;
            }
        }
        String shown = (from > 0 ? "..." : "") + new String(cps, from, to - from) + (to < cps.length ? "..." : "");
        String prefix = "  " + label + ": ";
        b.append(nl).append(prefix).append(shown.stripTrailing());
        b.append(nl).append(" ".repeat(prefix.length() + (from > 0 ? 3 : 0) + col - from)).append('^');
    }

    /** The driver's advice, which the hint would repeat in other words. */
    private static final String DRIVER_ADVICE = " Check that the hostname and port are correct and that the postmaster is accepting TCP/IP connections.";

    /**
     * What went wrong on the way to the server, said once and with the fix, where the driver's words are vague or
     * advise the wrong thing: an unknown host, a refused connection, SSL the server does not offer, a timeout.
     * Null for the others.
     */
    private static String connectionProblem(DatabaseUnavailableException d) {
        String url = d.redactedUrl();
        for (Throwable t = d.getCause(); t != null; t = t.getCause()) {
            if (t instanceof java.net.UnknownHostException u) {
                return "Cannot connect to " + url + ": the host " + (u.getMessage() == null ? "" : "`" + u.getMessage() + "` ")
                        + "is not known (no DNS entry). Check the host name in the URL.";
            }
            if (t instanceof java.net.SocketTimeoutException || t instanceof java.net.NoRouteToHostException) {
                return "Cannot connect to " + url + ": " + (t instanceof java.net.SocketTimeoutException ? "the connection timed out"
                        : "no route to the host") + ". Check the host and port, and that no firewall is in the way.";
            }
        }
        String m = d.getMessage();
        if (m.contains("does not support SSL")) {
            return "Cannot connect to " + url + ": the URL asks for SSL (sslmode=require or stricter) and the server does not "
                    + "offer it. Use sslmode=prefer (or disable) for this server, or turn SSL on at the server.";
        }
        if (m.contains(DRIVER_ADVICE)) {
            String cut = m.replace(DRIVER_ADVICE, "");
            return (cut.endsWith(".") ? cut.substring(0, cut.length() - 1) : cut)
                    + ": nothing accepts connections there. Check the host and port, and that the server is running.";
        }
        return null;
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
