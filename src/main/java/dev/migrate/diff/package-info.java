/**
 * The comparison of two schemas: {@link dev.migrate.diff.Differ} is a pure function from two
 * {@link dev.migrate.catalog.Catalog catalogs} (and the user's rename hints) to an ordered list of
 * {@link dev.migrate.diff.Change changes}; the renderers turn changes into a dialect's SQL. No database is read here.
 */
package dev.migrate.diff;
