/**
 * Many databases at once: the same revisions run across the schemas (one database, the tenant's schema first on the
 * search path, its own version and audit tables) or the databases of a fleet of tenants, by a bounded pool of
 * workers, with a canary and a failure budget, and a report per tenant. Each tenant keeps every guarantee of a
 * single run, since each is a single run: its own {@link dev.migrate.core.Migrator}, lock, transactions and audit
 * rows. What the fleet adds is which tenants to run at all (one batched read finds those already at their target,
 * which are never locked), in what order, how many at once, and when to stop.
 */
package dev.migrate.tenants;
