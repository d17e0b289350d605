package dev.migrate.api;

/** What {@link Operations#createTable} takes: columns and table-level constraints, in any order. */
public sealed interface TableElement permits Column, Constraint {
}
