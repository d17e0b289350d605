/**
 * The desired schema from an application's JPA entities: the entity classes found on its class path without loading
 * them, and their DDL written by the application's own Hibernate (6.6 or 7.x), called by reflection in a class
 * loader of its own, without a database. Nothing here is loaded unless {@code --from-entities} runs.
 */
package dev.migrate.entities;
