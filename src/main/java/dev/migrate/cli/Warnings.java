package dev.migrate.cli;

import dev.migrate.core.DatabaseState;

import java.io.PrintWriter;

/** What a read-only command says, on standard error, about a database that is not as the scripts expect. */
final class Warnings {
    private Warnings() { }

    static void print(DatabaseState state, PrintWriter err, java.nio.file.Path workingDirectory) {
        java.io.StringWriter text = new java.io.StringWriter();
        print(state, new PrintWriter(text));
        err.print(Texts.relativePaths(text.toString(), workingDirectory));
        err.flush();
    }

    private static void print(DatabaseState state, PrintWriter err) {
        for (DatabaseState.Unknown u : state.unknown()) {
            err.println("WARNING: revision " + u.describe() + " is not defined by any script: the database is ahead of "
                    + "this code (an application rollback, or another branch checked out).");
        }
        for (DatabaseState.Changed c : state.changed()) {
            err.println("WARNING: the script of applied revision " + c.describe() + " has changed since; "
                    + "`migrate upgrade` refuses until it is undone or accepted with `migrate accept " + c.revision() + "`.");
        }
        for (DatabaseState.Partial p : state.partial()) {
            err.println("WARNING: revision " + p.describe() + "; see `migrate upgrade --help` (--retry-partial) or stamp it.");
        }
        err.flush();
    }
}
