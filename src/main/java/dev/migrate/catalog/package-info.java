/**
 * A database schema as a value ({@link dev.migrate.catalog.Catalog}) and the readers that take it out of a live
 * database's catalog. Both sides of a comparison are read back from the same server, so the server normalises
 * spelling ({@code int} and {@code int4}, {@code serial} and an owned sequence, inline and named constraints) and
 * the comparison sees only real differences.
 */
package dev.migrate.catalog;
