package dev.migrate.catalog;

/** A user trigger on a table: its complete {@code CREATE TRIGGER} statement as the server prints it. */
public record Trigger(Name table, String name, String definition) {
}
