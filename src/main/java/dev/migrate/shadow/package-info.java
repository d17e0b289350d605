/**
 * Scratch ("shadow") databases: created on demand on the configured server (or {@code shadow_url}), cloned from a
 * cached replay of the revisions, and always dropped at the end; desired schemas loaded into them from SQL files.
 * Autogenerate reads both sides of a comparison from them, and lint will trace statements in them.
 */
package dev.migrate.shadow;
