package dev.migrate.cli;

import dev.migrate.core.Migrator;

import java.io.PrintWriter;

/** The extra lines of {@code -v} for commands that write. */
final class Verbose {
    private Verbose() { }

    static void describe(Migrator migrator, PrintWriter err) {
        err.println("Database: " + migrator.database().description() + " (" + migrator.database().dialect().name() + ")");
        err.println("Version table: " + migrator.database().store().versionTable() + ", audit log: "
                + migrator.database().store().auditTable());
        err.println("Scripts: " + migrator.project().scripts().size() + " revisions in "
                + String.join(", ", migrator.project().versionLocations().stream().map(Object::toString).toList()));
        err.flush();
    }
}
