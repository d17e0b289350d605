package dev.migrate.catalog;

/**
 * A function or procedure, compared by its full text ({@code pg_get_functiondef}, which is a complete
 * {@code CREATE OR REPLACE} statement).
 *
 * @param arguments the identity arguments ({@code integer, text}), which with the name identify it
 */
public record Routine(Name name, String arguments, boolean procedure, String definition) {
}
