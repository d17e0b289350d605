/**
 * Lint: what a revision will do to a production database before it gets there. A static pass reads the statements
 * ({@link dev.migrate.lint.StaticLint}); a trace runs them on a shadow database and measures the locks they take,
 * the tables they rewrite and the rows they scan ({@link dev.migrate.lint.Trace}). Both give {@link
 * dev.migrate.lint.Finding}s, weighed by the size of production's tables when their statistics are at hand.
 */
package dev.migrate.lint;
